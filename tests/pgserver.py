"""Start a real, throwaway PostgreSQL server for the tests, over a unix socket only.

PostgreSQL refuses to run as root, so when the tests run as root (as CI does) the data
directory is handed to the `postgres` system user and the server runs as that user.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _pg_bin(name: str) -> str:
    """The path of a PostgreSQL server program, preferring version 15."""
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    preferred = [c for c in candidates if "/15/" in c]
    for path in preferred + candidates:
        return path
    found = shutil.which(name)
    if found:
        return found
    raise RuntimeError(
        f"PostgreSQL program {name!r} not found; `make test` installs it "
        "(scripts/ensure-system-packages.sh)"
    )


def _as_owner(argv: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@contextmanager
def running_postgres() -> Iterator[str]:
    """Yield the SQLAlchemy URL of an empty database `overblik` on a fresh server."""
    root = Path(tempfile.mkdtemp(prefix="overblik-pg-"))
    data, sock = root / "data", root / "sock"
    data.mkdir()
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        shutil.chown(data, "postgres", "postgres")
        shutil.chown(sock, "postgres", "postgres")
    log = root / "server.log"
    run = {"check": True, "capture_output": True, "text": True}
    try:
        subprocess.run(_as_owner([_pg_bin("initdb"), "-D", str(data), "-A", "trust",
                                  "-U", "postgres", "-E", "UTF8", "--locale=C"]), **run)
        options = (f"-k {sock} -c listen_addresses='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        subprocess.run(_as_owner([_pg_bin("pg_ctl"), "-D", str(data), "-l", str(log),
                                  "-o", options, "-w", "start"]), **run)
        try:
            subprocess.run([_pg_bin("createdb"), "-h", str(sock), "-U", "postgres",
                            "overblik"], **run)
            yield f"postgresql+psycopg://postgres@/overblik?host={sock}"
        finally:
            subprocess.run(_as_owner([_pg_bin("pg_ctl"), "-D", str(data), "-m", "fast",
                                      "-w", "stop"]), capture_output=True)
    except subprocess.CalledProcessError as err:
        detail = err.stderr or ""
        if log.exists():
            detail += log.read_text()[-2000:]
        raise RuntimeError(f"could not start PostgreSQL: {detail}") from err
    finally:
        shutil.rmtree(root, ignore_errors=True)
