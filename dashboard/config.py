"""Configuration from the environment, with a test subclass. No secrets in code."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "var" / "overblik.db"


class Config:
    """Settings read from the environment when the object is made."""

    def __init__(self) -> None:
        self.DATABASE_URL: str = os.environ.get("DATABASE_URL", f"sqlite:///{DEFAULT_DB}")
        self.SECRET_KEY: str | None = os.environ.get("SECRET_KEY") or None
        # Demo mode allows the demo accounts and a generated secret; never in production.
        self.DEMO: bool = os.environ.get("OVERBLIK_DEMO", "0") == "1"
        self.DISCLOSURE_THRESHOLD: int = int(os.environ.get("OVERBLIK_THRESHOLD", "5"))
        self.SESSION_MINUTES: int = int(os.environ.get("OVERBLIK_SESSION_MINUTES", "60"))
        self.SECURE_COOKIES: bool = os.environ.get("OVERBLIK_SECURE_COOKIES", "0") == "1"
        # How many reverse proxies in front set X-Forwarded-For; 0: use the socket's address.
        self.TRUSTED_PROXIES: int = int(os.environ.get("OVERBLIK_TRUSTED_PROXIES", "0"))
        self.TESTING: bool = False


class TestConfig(Config):
    def __init__(self, database_url: str) -> None:
        super().__init__()
        self.DATABASE_URL = database_url
        self.SECRET_KEY = "test-secret-key-that-is-long-enough-for-tests"
        self.DEMO = True
        self.TESTING = True
