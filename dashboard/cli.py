"""The `overblik` command: demo database, serving, schema upgrades, users."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from dashboard.config import ROOT, Config
from queries.db import make_engine, schema_is_current, session_factory, transaction, upgrade
from queries.importer import KINDS
from queries.models import Organisation, User
from queries.users import UserError, add_user

DEMO_ACCOUNTS = ("national, admin, esbjerg, koebenhavn, frise, frise-aarhus "
                 "(adgangskode: demo)")


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
        # Regions and municipalities come with every upgrade; partners and users do not.
        if (session.scalar(select(Organisation.id).limit(1)) is not None
                or session.scalar(select(User.id).limit(1)) is not None):
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
    from dashboard.app import ConfigError, create_app, settle_heap

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
            # Named, since gunicorn picks its blocking "sync" worker for one thread, which
            # keeps no connection alive and holds a worker on one that sends nothing (a
            # browser's preconnect); see dashboard.worker.
            self.cfg.set("worker_class", "dashboard.worker.PollFirstWorker")
            self.cfg.set("accesslog", "-" if args.access_log else None)
            self.cfg.set("errorlog", "-")
            self.cfg.set("timeout", 120)
            # Longer than a reader's pause between clicks (gunicorn's 2 s closed reused
            # connections under the browser's feet: issue 15); nginx's own default is 75 s.
            self.cfg.set("keepalive", 75)

        def load(self):  # noqa: ANN202 - gunicorn's hook; each worker builds its own app
            app = create_app(Config())
            settle_heap()
            return app.server

    Server().run()
    return 0


def cmd_db(args: argparse.Namespace, cfg: Config) -> int:
    upgrade(cfg.DATABASE_URL, args.revision)
    print(f"Skemaet er opdateret til {args.revision}.")
    return 0


def _actor() -> str:
    """Who made a change from the command line, for the audit log."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _password(args: argparse.Namespace, prompt: str) -> str:
    """--password-stdin reads the first line of stdin (for scripts); else ask at the terminal."""
    if getattr(args, "password_stdin", False):
        return sys.stdin.readline().rstrip("\r\n")
    return args.password or getpass.getpass(prompt)


def _codes(text: str | None) -> list[int]:
    if not text:
        return []
    try:
        return [int(c) for c in text.replace(" ", "").split(",") if c]
    except ValueError as exc:
        raise UserError(f"--municipality takes DST codes separated by commas, got '{text}'"
                        ) from exc


def cmd_users(args: argparse.Namespace, cfg: Config) -> int:
    from queries import audit
    from queries.users import (
        change_scope,
        describe_scope,
        disable_user,
        enable_user,
        find_user,
        reset_password,
    )

    factory = session_factory(make_engine(cfg.DATABASE_URL))
    actor = _actor()
    try:
        with transaction(factory) as session:
            if args.action == "list":
                for u in session.scalars(select(User).order_by(User.username)):
                    state = "aktiv" if u.active else "deaktiveret"
                    print(f"{u.username}\t{u.role}\t{describe_scope(u)}\t{state}"
                          f"{' demo' if u.is_demo else ''}")
                return 0
            if args.action == "add":
                if not args.role:
                    raise UserError("--role is needed (national, municipal, ngo or admin)")
                password = _password(args, "Adgangskode: ")
                user = add_user(session, args.username, password, args.role,
                                municipalities=_codes(args.municipality),
                                organisation=args.organisation)
                audit.record(session, actor, "user_add", user=user.username, role=user.role,
                             scope=describe_scope(user))
                print(f"Bruger {args.username} oprettet: {user.role}, {describe_scope(user)}.")
                return 0
            user = find_user(session, args.username)
            if args.action == "remove":
                session.delete(user)
            elif args.action == "disable":
                disable_user(session, user)
            elif args.action == "enable":
                enable_user(session, user)
            elif args.action == "reset-password":
                reset_password(session, user, _password(args, "Ny adgangskode: "))
            elif args.action == "scope":
                if not args.role:
                    raise UserError("--role is needed (national, municipal, ngo or admin)")
                change_scope(session, user, args.role,
                             municipalities=_codes(args.municipality),
                             organisation=args.organisation)
            audit.record(session, actor, f"user_{args.action.replace('-', '_')}",
                         user=args.username,
                         **({"scope": describe_scope(user)} if args.action == "scope" else {}))
            print(f"{args.action}: {args.username} udført.")
            return 0
    except UserError as exc:
        print(f"overblik users: {exc}", file=sys.stderr)
        return 1


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date such as 2025-01-01") from exc


def _partner_command(cfg: Config, name: str, run: Callable[[Session], int]) -> int:
    """Run a partner command in one transaction; a refused change says why and writes nothing."""
    from queries import partners

    factory = session_factory(make_engine(cfg.DATABASE_URL))
    try:
        with transaction(factory) as session:
            return run(session)
    except partners.PartnerError as exc:
        print(f"overblik {name}: {exc}", file=sys.stderr)
        return 1


def cmd_organisations(args: argparse.Namespace, cfg: Config) -> int:
    """Add, rename, list partner organisations, or set their reminder address."""
    from queries import partners

    def run(session: Session) -> int:
        if args.action == "list":
            for o in partners.list_organisations(session):
                print(f"{o['slug']}\t{o['name']}\t{o['email'] or '-'}\t"
                      f"{o['municipalities'] or '-'}")
            return 0
        if not args.slug:
            raise partners.PartnerError("the organisation's short name (SLUG) is needed")
        if args.action == "add":
            if not args.name:
                raise partners.PartnerError("--name is needed")
            org = partners.add_organisation(session, args.slug, args.name,
                                            email=args.email, actor=_actor())
            print(f"Organisation {org.slug} oprettet: {org.name}.")
        elif args.action == "rename":
            if not args.name:
                raise partners.PartnerError("--name is needed")
            org = partners.rename_organisation(session, args.slug, args.name,
                                               actor=_actor())
            print(f"Organisation {org.slug} hedder nu {org.name}.")
        elif args.action == "email":
            org = partners.set_organisation_email(session, args.slug, args.email or "",
                                                  actor=_actor())
            print(f"Påmindelser til {org.slug} sendes til {org.contact_email or '(ingen)'}.")
        return 0

    return _partner_command(cfg, "organisations", run)


def cmd_partnerships(args: argparse.Namespace, cfg: Config) -> int:
    """Add, end or list partnerships (organisation x municipality)."""
    from queries import partners

    def run(session: Session) -> int:
        if args.action == "list":
            for p in partners.list_partnerships(session, args.slug):
                print(f"{p['organisation']}\t{p['municipality_code']} "
                      f"{p['municipality_name']}\t{p['start_date']}\t"
                      f"{p['end_date'] or '-'}")
            return 0
        if not args.slug or args.code is None:
            raise partners.PartnerError("SLUG and a municipality CODE are needed")
        if args.action == "add":
            if args.start is None:
                raise partners.PartnerError("--from DATE is needed")
            p = partners.add_partnership(session, args.slug, args.code, args.start,
                                         args.end, actor=_actor())
            print(f"Partnerskab {args.slug} × {args.code} fra {p.start_date}"
                  f"{f' til {p.end_date}' if p.end_date else ''} oprettet.")
        elif args.action == "end":
            end = args.end or dt.date.today()
            partners.end_partnership(session, args.slug, args.code, end, actor=_actor())
            print(f"Partnerskab {args.slug} × {args.code} slutter {end}.")
        return 0

    return _partner_command(cfg, "partnerships", run)


def cmd_municipalities(args: argparse.Namespace, cfg: Config) -> int:
    """List municipalities or set their reminder address."""
    from queries import partners

    def run(session: Session) -> int:
        if args.action == "list":
            for m in partners.list_municipalities(session):
                print(f"{m['code']}\t{m['name']}\t{m['population']}\t"
                      f"{m['population_source']}\t{m['contact_email'] or '-'}")
            return 0
        if args.code is None:
            raise partners.PartnerError("a municipality CODE is needed")
        mun = partners.set_municipality_email(session, args.code, args.email or "",
                                              actor=_actor())
        print(f"Påmindelser til {mun.name} sendes til {mun.contact_email or '(ingen)'}.")
        return 0

    return _partner_command(cfg, "municipalities", run)


def cmd_remind(args: argparse.Namespace, cfg: Config) -> int:
    """Send the reminders that are due today (once each); --dry-run only lists them."""
    from dashboard.mail import MailError, send_reminders

    today = args.today or dt.date.today()
    factory = session_factory(make_engine(cfg.DATABASE_URL))
    try:
        with transaction(factory) as session:
            sent = send_reminders(session, today, dry_run=args.dry_run,
                                  smtp_url=os.environ.get("OVERBLIK_SMTP_URL", ""),
                                  actor=_actor())
    except MailError as exc:
        print(f"overblik remind: {exc}", file=sys.stderr)
        return 1
    verb = "ville sende" if args.dry_run else "sendt"
    for r in sent:
        print(f"{verb}: {r.stage}\t{r.quarter_label}\t{r.partner_name}\t{r.address}")
    print(f"{len(sent)} påmindelse(r) {verb}.")
    return 0


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
    # One thread a worker, one worker a core (issue 15): a change is Python, and two
    # threads in a worker take turns at the interpreter lock, which SQLite hands back at
    # every row. Fifty users without pause, 2 workers on 2 cores, five pairs run in turn:
    # one thread was ahead in four, at a median 1.26 times the changes a second and 13 %
    # less CPU a change (at eight threads, 11 changes/s against 17 at two). What it costs:
    # a worker streaming a large CSV file answers its other connections after the file.
    s.add_argument("--threads", type=int,
                   default=int(os.environ.get("OVERBLIK_THREADS", "1")))
    s.add_argument("--demo", action="store_true", help="demo mode: allow the demo accounts")
    s.add_argument("--dev", action="store_true", help="Flask's single-process server")
    s.add_argument("--access-log", action="store_true")
    s.set_defaults(func=cmd_serve)

    b = sub.add_parser("db", help="schema migrations")
    b.add_argument("op", choices=["upgrade"])
    b.add_argument("revision", nargs="?", default="head")
    b.set_defaults(func=cmd_db)

    u = sub.add_parser("users", help="manage users")
    u.add_argument("action", choices=["add", "list", "remove", "reset-password", "disable",
                                      "enable", "scope"])
    u.add_argument("username", nargs="?")
    u.add_argument("--role", choices=["national", "municipal", "ngo", "admin"])
    u.add_argument("--municipality", help="comma-separated DST codes: a municipal user's "
                                          "municipalities, or where an NGO user works")
    u.add_argument("--organisation", help="organisation slug, for NGO users")
    u.add_argument("--password", help="(otherwise asked for; visible to other local users)")
    u.add_argument("--password-stdin", action="store_true",
                   help="read the password from the first line of standard input")
    u.set_defaults(func=cmd_users)

    o = sub.add_parser("organisations", help="the partner organisations (NGOs)")
    o.add_argument("action", choices=["add", "list", "rename", "email"])
    o.add_argument("slug", nargs="?", help="short name: lower-case letters, digits, hyphens")
    o.add_argument("--name", help="the organisation's name")
    o.add_argument("--email", help="contact address for reminders")
    o.set_defaults(func=cmd_organisations)

    ps = sub.add_parser("partnerships", help="organisations working with municipalities")
    ps.add_argument("action", choices=["add", "list", "end"])
    ps.add_argument("slug", nargs="?", help="the organisation's short name")
    ps.add_argument("code", nargs="?", type=int, help="the municipality's DST code")
    ps.add_argument("--from", dest="start", type=_date, help="first day, 2025-01-01")
    ps.add_argument("--to", dest="end", type=_date, help="last day (end: default today)")
    ps.set_defaults(func=cmd_partnerships)

    m = sub.add_parser("municipalities", help="the 98 municipalities and their contacts")
    m.add_argument("action", choices=["list", "email"])
    m.add_argument("code", nargs="?", type=int)
    m.add_argument("email", nargs="?", help="contact address for aftercare reminders")
    m.set_defaults(func=cmd_municipalities)

    r = sub.add_parser("remind", help="e-mail the reminders due today (for cron/systemd)")
    r.add_argument("--dry-run", action="store_true", help="list them, send nothing")
    r.add_argument("--today", type=_date, help="pretend today is this date")
    r.set_defaults(func=cmd_remind)

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
    from sqlalchemy.exc import OperationalError, ProgrammingError

    try:
        return args.func(args, cfg)
    except (OperationalError, ProgrammingError) as exc:
        # A new administrator's commonest first error: no database there, or not upgraded.
        print(f"overblik: databasen {make_url(cfg.DATABASE_URL).render_as_string()} kan ikke "
              f"bruges ({exc.orig}); findes den, og er `overblik db upgrade` kørt? "
              "(the database cannot be used; does it exist and has `overblik db upgrade` run?)",
              file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
