"""Screenshots of every page for every demo user, at desktop and phone width, for looking at.

    python scripts/screenshots.py http://127.0.0.1:8050 [screenshots/]

Run against `make run`'s server; uses Debian's Chromium (never downloads a browser).
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
USERS = {
    "national": ["/", "/kommune/561", "/organisation/frise", "/grupper", "/status", "/om"],
    "admin": ["/admin", "/tilgaengelighed"],
    "esbjerg": ["/kommune/561", "/kommune/101", "/indberet", "/?lang=en"],
    "koebenhavn": ["/kommune/101", "/grupper"],
    "frise": ["/organisation/frise", "/indberet", "/status"],
}
WIDTHS = {"desktop": 1280, "phone": 390}


def main(base: str, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for user, paths in USERS.items():
            for label, width in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(f"{base}/login")
                page.fill("#username", user)
                page.fill("#password", "demo")
                page.click("button[type=submit]")
                page.wait_for_load_state("networkidle")
                for path in paths:
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    page.wait_for_timeout(800)
                    name = path.strip("/").replace("/", "-").replace("?", "_") or "overview"
                    target = out / f"{user}-{name}-{label}.png"
                    page.screenshot(path=str(target), full_page=True)
                    print(target)
                page.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2] if len(sys.argv) > 2 else "screenshots"))
