"""How close what restricted users see of others is to the truth: `python -m benchmarks.accuracy`.

For every restricted demo role, on the demo database at each scale asked for, compares the
benchmark and municipality table a restricted viewer gets with what a national manager
gets for the same (default) period, and writes docs/accuracy.md. It reports; it never
fails on a number.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import statistics
import tempfile
from pathlib import Path

from sqlalchemy import update

from queries import metrics
from queries.db import make_engine, session_factory, transaction, upgrade
from queries.demo import build_demo
from queries.disclosure import is_marker
from queries.filters import Filters
from queries.models import DisclosureKey, Organisation
from queries.scope import Scope
from queries.summary import disclosure_secret, refresh_published

COUNTS = ("completed", "offered", "attended_90d", "engaged_6m", "volunteers", "trained",
          "attendance", "newcomers")


def default_period(today: dt.date) -> Filters:
    """The last four complete quarters, as the pages default to."""
    q_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    end = q_start - dt.timedelta(days=1)
    start = dt.date(end.year - 1, end.month % 12 + 1, 1) if end.month != 12 else dt.date(
        end.year, 1, 1)
    return Filters(start, end)


def measure(session, scope: Scope, f: Filters) -> dict:
    """The accuracy figures of one restricted scope against the national view."""
    truth = {r["code"]: r for r in metrics.reach_benchmark(session, Scope.national(), f)}
    seen = {r["code"]: r for r in metrics.reach_benchmark(session, scope, f)}
    big = [c for c, r in truth.items() if r["completed"] >= 20 and not seen[c]["own"]]
    shown = [c for c in big if seen[c]["reach_rate"] is not None]
    errors = [abs(seen[c]["reach_rate"] - truth[c]["reach_rate"]) * 100 for c in shown]
    agree = sum(1 for c in shown if seen[c]["verdict"] == truth[c]["verdict"])
    any_row = next(iter(seen.values()))
    t_any = next(iter(truth.values()))
    national_off = abs(any_row["national_rate"] - t_any["national_rate"]) * 100
    peer_off = max(abs((seen[c]["peer_rate"] or 0) - (truth[c]["peer_rate"] or 0)) * 100
                   for c in truth)
    table_t = {r["code"]: r for r in metrics.municipality_table(session, Scope.national(), f)}
    table_s = {r["code"]: r for r in metrics.municipality_table(session, scope, f)}
    plain = off = withheld = 0
    worst = 0
    for code, row in table_s.items():
        if row["own"]:
            continue
        for field in COUNTS:
            value = row[field]
            if is_marker(value) or value is None:
                withheld += 1
                continue
            plain += 1
            gap = abs(value - table_t[code][field])
            worst = max(worst, gap)
            off += gap > 2
    k_t = metrics.key_figures(session, Scope.national(), f)
    k_s = metrics.key_figures(session, scope, f)
    return {
        "big": len(big), "shown": len(shown),
        "within3": sum(1 for e in errors if e <= 3), "worst": max(errors, default=0.0),
        "agree": agree, "national_off": national_off, "peer_off": peer_off,
        "key_reach_off": abs((k_s["reach_rate"] or 0) - (k_t["reach_rate"] or 0)) * 100,
        "plain": plain, "off": off, "worst_count": worst, "marked": withheld,
    }


def pct(n: int, d: int) -> str:
    return f"{n} ({100 * n / d:.0f} %)" if d else "–"


def scopes(session) -> dict[str, Scope]:
    frise = session.query(Organisation).filter_by(slug="frise").one()
    return {"esbjerg": Scope.municipal({561}), "koebenhavn": Scope.municipal({101}),
            "frise": Scope.ngo(frise.id)}


def report(scales: list[int], today: dt.date) -> str:
    f = default_period(today)
    lines = [
        "# Accuracy of figures about others",
        "",
        f"Written by `python -m benchmarks.accuracy` on {today.isoformat()}: the demo database",
        f"at each scale, the default period {f.date_from} to {f.date_to}, every restricted demo",
        "role against the national manager's view of the same period (docs/metrics.md,",
        "«Disclosure control»).",
        "",
        "| scale | role | munis ≥ 20 completions (not own) | reach shown | within 3 pp | worst"
        " pp | same verdict | national rate off (pp) | peer rate off, worst (pp) | counts"
        " shown | counts off by > 2 | worst count off | counts marked «<5» or «..» |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    spread: list[tuple[int, list[dict]]] = []
    for scale in scales:
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/demo.db"
            upgrade(url)
            engine = make_engine(url)
            with transaction(session_factory(engine)) as session:
                build_demo(session, scale=scale)
            with session_factory(engine)() as session:
                for name, scope in scopes(session).items():
                    m = measure(session, scope, f)
                    lines.append(
                        f"| {scale} | {name} | {m['big']} | {pct(m['shown'], m['big'])} | "
                        f"{pct(m['within3'], m['shown'])} | {m['worst']:.1f} | "
                        f"{pct(m['agree'], m['shown'])} | {m['national_off']:.2f} | "
                        f"{m['peer_off']:.2f} | {m['plain']} | {m['off']} | "
                        f"{m['worst_count']:.0f} | {m['marked']} |")
                spread.append((scale, secrets_spread(session, scopes(session)["esbjerg"], f)))
            engine.dispose()
    lines += [
        "",
        "The rounding depends on the installation's secret, so the table above is one draw.",
        f"The same database measured as `esbjerg` under {SECRETS} other secrets (the cells are",
        "computed from the secret on every query, so only the key changes):",
        "",
        "| scale | reach within 3 pp: fewest / median / most | worst pp: median / most | "
        "same verdict: fewest |",
        "|---|---|---|---|",
    ]
    for scale, runs in spread:
        within = sorted(100 * m["within3"] / m["shown"] for m in runs if m["shown"])
        worst = sorted(m["worst"] for m in runs)
        agree = min(100 * m["agree"] / m["shown"] for m in runs if m["shown"])
        lines.append(f"| {scale} | {within[0]:.0f} % / {statistics.median(within):.0f} % / "
                     f"{within[-1]:.0f} % | {statistics.median(worst):.1f} / {worst[-1]:.1f} | "
                     f"{agree:.0f} % |")
    return "\n".join(lines) + "\n"


SECRETS = 5


def secrets_spread(session, scope: Scope, f: Filters) -> list[dict]:
    """`measure` under `SECRETS` fixed secrets other than the database's (rolled back)."""
    runs = []
    for i in range(SECRETS):
        nested = session.begin_nested()
        secret = hashlib.blake2b(f"overblik-accuracy-{i}".encode(), digest_size=32).hexdigest()
        session.execute(update(DisclosureKey).where(DisclosureKey.id == 1)
                        .values(secret=secret))
        refresh_published(session)  # what others see is rounded with the secret
        runs.append(measure(session, scope, f))
        nested.rollback()
        disclosure_secret(session, afresh=True)  # the database's own again
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="1,10")
    parser.add_argument("--out", default="docs/accuracy.md")
    args = parser.parse_args()
    text = report([int(s) for s in args.scales.split(",")], dt.date.today())
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
