"""The `overblik` command: demo database, serving, schema upgrades, users."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import secrets
import sys
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url

from dashboard.config import ROOT, Config
from queries.db import make_engine, schema_is_current, session_factory, transaction, upgrade
from queries.importer import KINDS
from queries.models import Municipality, User
from queries.users import UserError, add_user, hash_password

DEMO_ACCOUNTS = "national, admin, esbjerg, koebenhavn, frise (adgangskode: demo)"


def _sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        return Path(parsed.database)
    return None


def cmd_demo(args: argparse.Namespace, cfg: Config) -> int:
    path = _sqlite_path(cfg.DATABASE_URL)
    if path is not None:
        if path.exists() and args.if_missing:
            print(f"Demodatabasen findes allerede: {path}")
            return 0
        if path.exists() and not args.force:
            print(f"{path} findes allerede; brug --force for at bygge den igen.", file=sys.stderr)
            return 1
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    upgrade(cfg.DATABASE_URL)
    factory = session_factory(make_engine(cfg.DATABASE_URL))
    from queries.demo import build_demo

    until = dt.date.fromisoformat(args.until) if args.until else None
    with transaction(factory) as session:
        if session.scalar(select(Municipality.code).limit(1)) is not None:
            print("Databasen er ikke tom; demodata bygges kun i en tom database.", file=sys.stderr)
            return 1
        counts = build_demo(session, scale=args.scale, seed=args.seed, until=until)
    print("Demodatabase bygget: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


def _demo_secret() -> str:
    """A secret kept beside the demo database, so sessions survive a restart in demo mode."""
    path = ROOT / "var" / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _few_malloc_arenas(arenas: int = 2) -> bool:
    """glibc gives each busy thread its own memory arena and keeps what it frees there, so
    a threaded worker's memory grows with its threads. Set before gunicorn forks, the limit
    holds in every worker. True when set (glibc); elsewhere nothing happens."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return False
    if libc is None or not hasattr(libc, "mallopt"):
        return False
    return libc.mallopt(-8, arenas) == 1  # M_ARENA_MAX; glibc answers 1 on success


def check_production(cfg: Config) -> None:
    """Refuse to serve outside demo mode without a strong secret or with demo accounts
    (the app factory checks the same, for any WSGI server; this says so before forking)."""
    from dashboard.app import check_production as check

    check(cfg)


def cmd_serve(args: argparse.Namespace, cfg: Config) -> int:
    from dashboard.app import ConfigError, create_app

    if args.demo:
        os.environ["OVERBLIK_DEMO"] = "1"
        cfg.DEMO = True
    if cfg.DEMO and not cfg.SECRET_KEY:
        os.environ["SECRET_KEY"] = cfg.SECRET_KEY = _demo_secret()
    if not schema_is_current(cfg.DATABASE_URL):
        print("overblik serve: databasens skema er ikke opdateret; kør `overblik db upgrade` "
              "(the database schema is out of date; run `overblik db upgrade`).",
              file=sys.stderr)
        return 2
    try:
        check_production(cfg)
    except ConfigError as exc:
        print(f"overblik serve: {exc}", file=sys.stderr)
        return 2
    print(f"Overblik kører på http://{args.host}:{args.port}/", flush=True)
    if cfg.DEMO:
        print(f"Demobrugere: {DEMO_ACCOUNTS}", flush=True)
    if args.dev:
        create_app(cfg).run(host=args.host, port=args.port, debug=False)
        return 0
    from gunicorn.app.base import BaseApplication

    _few_malloc_arenas()

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{args.host}:{args.port}")
            self.cfg.set("workers", args.workers)
            self.cfg.set("threads", args.threads)
            self.cfg.set("accesslog", "-" if args.access_log else None)
            self.cfg.set("errorlog", "-")
            self.cfg.set("timeout", 120)

        def load(self):  # noqa: ANN202 - gunicorn's hook; each worker builds its own app
            return create_app(Config()).server

    Server().run()
    return 0


def cmd_db(args: argparse.Namespace, cfg: Config) -> int:
    upgrade(cfg.DATABASE_URL, args.revision)
    print(f"Skemaet er opdateret til {args.revision}.")
    return 0


def cmd_users(args: argparse.Namespace, cfg: Config) -> int:
    factory = session_factory(make_engine(cfg.DATABASE_URL))
    try:
        with transaction(factory) as session:
            if args.action == "list":
                for u in session.scalars(select(User).order_by(User.username)):
                    scope = ",".join(str(m.code) for m in u.municipalities) or (
                        u.organisation.slug if u.organisation else "-"
                    )
                    state = "aktiv" if u.active else "deaktiveret"
                    print(f"{u.username}\t{u.role}\t{scope}\t{state}{' demo' if u.is_demo else ''}")
                return 0
            user = session.scalar(select(User).where(User.username == args.username))
            if args.action == "add":
                password = args.password or getpass.getpass("Adgangskode: ")
                codes = [int(c) for c in args.municipality.split(",")] if args.municipality else []
                add_user(session, args.username, password, args.role, municipalities=codes,
                         organisation=args.organisation)
                print(f"Bruger {args.username} oprettet.")
                return 0
            if user is None:
                print(f"Brugeren {args.username} findes ikke.", file=sys.stderr)
                return 1
            if args.action == "remove":
                session.delete(user)
            elif args.action == "disable":
                user.active = False
                user.session_version += 1
            elif args.action == "reset-password":
                password = args.password or getpass.getpass("Ny adgangskode: ")
                if len(password) < 12:
                    raise UserError("the password must have at least 12 characters")
                user.password_hash = hash_password(password)
                user.session_version += 1
            print(f"{args.action}: {args.username} udført.")
            return 0
    except UserError as exc:
        print(f"overblik users: {exc}", file=sys.stderr)
        return 1


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="overblik", description=__doc__)
    p.add_argument("--database", help="database URL (default: $DATABASE_URL or var/overblik.db)")
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser("demo", help="build the demo database")
    d.add_argument("--scale", type=int, default=1)
    d.add_argument("--seed", type=int, default=2013)
    d.add_argument("--until", help="last day of data (default: end of last complete quarter)")
    d.add_argument("--force", action="store_true", help="rebuild an existing SQLite file")
    d.add_argument("--if-missing", action="store_true", help="do nothing if the file exists")
    d.set_defaults(func=cmd_demo)

    s = sub.add_parser("serve", help="serve the dashboard")
    s.add_argument("--host", default=os.environ.get("OVERBLIK_HOST", "127.0.0.1"))
    s.add_argument("--port", type=int, default=int(os.environ.get("OVERBLIK_PORT", "8050")))
    s.add_argument("--workers", type=int, default=int(os.environ.get("OVERBLIK_WORKERS", "2")))
    s.add_argument("--threads", type=int, default=4)
    s.add_argument("--demo", action="store_true", help="demo mode: allow the demo accounts")
    s.add_argument("--dev", action="store_true", help="Flask's single-process server")
    s.add_argument("--access-log", action="store_true")
    s.set_defaults(func=cmd_serve)

    b = sub.add_parser("db", help="schema migrations")
    b.add_argument("op", choices=["upgrade"])
    b.add_argument("revision", nargs="?", default="head")
    b.set_defaults(func=cmd_db)

    u = sub.add_parser("users", help="manage users")
    u.add_argument("action", choices=["add", "list", "remove", "reset-password", "disable"])
    u.add_argument("username", nargs="?")
    u.add_argument("--role", choices=["national", "municipal", "ngo", "admin"])
    u.add_argument("--municipality", help="comma-separated DST codes, for municipal users")
    u.add_argument("--organisation", help="organisation slug, for NGO users")
    u.add_argument("--password", help="(otherwise asked for)")
    u.set_defaults(func=cmd_users)

    i = sub.add_parser("import", help="import a partner's CSV file (all or nothing)")
    i.add_argument("file", type=Path)
    i.add_argument("--kind", required=True, choices=KINDS)
    i.add_argument("--organisation", help="the delivering organisation's slug")
    i.add_argument("--municipality", type=int, help="the delivering municipality's DST code")
    i.add_argument("--quarter", help="the quarter the file covers, e.g. 2024K1 (else the "
                                     "first row's)")
    i.add_argument("--check", action="store_true", help="validate only; write nothing")
    i.add_argument("--lang", choices=["da", "en"], default="da")
    i.set_defaults(func=cmd_import)
    return p


def cmd_import(args: argparse.Namespace, cfg: Config) -> int:
    """Import as an administrator would: the file's problems are printed, nothing half-done."""
    from dashboard.imports import describe_problem, describe_result
    from queries.importer import ImportRefused, Partner, import_file, parse_quarter
    from queries.scope import Scope

    try:
        data = args.file.read_bytes()
        quarter = parse_quarter(args.quarter) if args.quarter else None
    except (OSError, ValueError) as exc:
        print(f"overblik import: {exc}", file=sys.stderr)
        return 2
    factory = session_factory(make_engine(cfg.DATABASE_URL))
    try:
        with transaction(factory) as session:
            result = import_file(
                session, data, args.kind,
                Partner(organisation=args.organisation, municipality=args.municipality),
                scope=Scope(role="admin"), filename=args.file.name,
                submitted_by=f"cli:{getpass.getuser()}", quarter=quarter,
                check_only=args.check)  # writes only when there are no problems
    except ImportRefused as exc:
        print(describe_problem(exc.problem, args.lang), file=sys.stderr)
        return 1
    print(describe_result(result, args.lang))
    for problem in result.problems:
        print("  " + describe_problem(problem, args.lang))
    return 1 if result.problems else 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.database:
        os.environ["DATABASE_URL"] = args.database
    cfg = Config()
    if args.command == "users" and args.action != "list" and not args.username:
        print("overblik users: a username is needed", file=sys.stderr)
        return 2
    return args.func(args, cfg)


if __name__ == "__main__":
    sys.exit(main())
