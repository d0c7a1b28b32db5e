"""CSV downloads: `GET /download/<dataset>.csv` with the page's filters as query parameters.

CSV is one more renderer of the same query the page draws, with the viewer's
scope and disclosure control, so the file can never disagree with the screen.
Danish Excel reads it as is: UTF-8 with BOM, `;` between fields, decimal comma,
ISO dates (`?format=comma` gives `,` and decimal points instead). Rows are
streamed, so a large file is sent in constant memory.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

from flask import Blueprint, Response, request, stream_with_context
from sqlalchemy.orm import Session

from dashboard import format as fmt
from dashboard.auth import viewer
from dashboard.data import db
from dashboard.i18n import current_lang, t
from dashboard.inputs import check_parameters
from dashboard.tables import (
    ACTIVITY_COLUMNS,
    BENCHMARK_COLUMNS,
    DIRECTION_COLUMNS,
    FUNNEL_COLUMNS,
    GROUP_COLUMNS,
    MEETING_COLUMNS,
    MUNICIPALITY_COLUMNS,
    STATUS_COLUMNS,
    TRANSLATED,
    TREND_COLUMNS,
    VOLUNTEER_COLUMNS,
    Column,
)
from queries import audit, metrics
from queries.disclosure import Hidden, Withheld
from queries.export import CsvStyle, csv_field, meeting_csv
from queries.filters import FilterError, Filters
from queries.groups import GroupQuery, group_rows, meeting_rows
from queries.models import METHODS
from queries.scope import Scope
from queries.status import complete_period, quarter_completeness, reporting_status

bp = Blueprint("downloads", __name__)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_PAGE = 1_000_000
Fetch = Callable[[Session, Scope, Filters, Mapping[str, str]], Iterable[dict]]


def csv_cell(value: object, kind: str, decimal: str = ",", lang: str = "da") -> str:
    """One cell for a spreadsheet: no thousands separator, formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, Hidden):
        return f"<{value.threshold}"
    if isinstance(value, Withheld):
        return ".."
    if kind == "quarter":
        return fmt.quarter(int(value), lang)  # type: ignore[arg-type]
    if kind == "band":
        return fmt.band(str(value), lang)
    if isinstance(value, bool):
        return t("word.yes" if value else "word.no", lang)
    if kind in TRANSLATED:
        return t(f"{kind}.{value}", lang)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        if kind == "pct":
            text = f"{value * 100:.1f}"
        elif kind == "dec":
            text = f"{value:.2f}"
        elif kind == "dec3":
            text = f"{value:.3f}"
        else:
            text = f"{value:.0f}"
        text = text.replace(".", decimal)
        return text
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text  # a spreadsheet shows it as text, never runs it
    return text


@dataclass(frozen=True)
class Dataset:
    fetch: Fetch
    columns: list[Column]
    # Optional: the data lines rendered by the database (same rows, same cells as `fetch`
    # through csv_lines, which the tests check byte for byte); used for the largest file.
    stream: Callable[[Session, Scope, Filters, CsvStyle, list[int]], Iterator[bytes]] | None = None


def _plain(query: Callable[[Session, Scope, Filters], Iterable[dict]]) -> Fetch:
    return lambda session, scope, f, _args: query(session, scope, f)


def _groups(session: Session, scope: Scope, f: Filters, args: Mapping[str, str]) -> Iterator[dict]:
    return group_rows(session, scope, f, group_query(args, page_size=25))


def _volunteers(session: Session, scope: Scope, f: Filters, _args: Mapping[str, str]
                ) -> list[dict]:
    return active_rows(metrics.municipality_table(session, scope, f))


def direction_rows(session: Session, scope: Scope, f: Filters) -> list[dict]:
    """The year-on-year comparison as the pages show it: over the period without its
    incomplete newest quarters, so a missing report does not read as a fall."""
    period = complete_period(f, quarter_completeness(session, scope, f))
    return [{**r, "change": r["verdict"]}
            for r in metrics.year_on_year(session, scope, period)]


def with_completeness(trend: list[dict], completeness: list[dict]) -> list[dict]:
    """Trend rows with the number of partners that have not reported each quarter (new
    dicts: query results are shared and not to be changed)."""
    missing = {r["quarter"]: r["missing"] for r in completeness}
    return [{**r, "partners_missing": missing.get(r["quarter"], 0)} for r in trend]


def _trend(session: Session, scope: Scope, f: Filters, _args: Mapping[str, str]
           ) -> list[dict]:
    return with_completeness(metrics.quarterly_trend(session, scope, f),
                             quarter_completeness(session, scope, f))


def single_facilitator_groups(rows: Iterable[dict]) -> list[dict]:
    """Groups that met in the period with one trained facilitator or none (in scope only):
    each flagged in its own column, so the file's counts are the cards' counts."""
    return [g for g in rows if (g["single_facilitator"] or g["no_facilitator"]) and g["meetings"]]


def active_rows(rows: list[dict]) -> list[dict]:
    """Municipalities where anything happened, paid coordinators' hours included (a
    municipality with hours and no group still belongs in volunteers.csv's total)."""
    return [r for r in rows if r["active_groups"] or r["volunteers"] or r["volunteer_hours"]
            or r["coordinator_hours"]]


def group_query(args: Mapping[str, str], page_size: int) -> GroupQuery:
    """The groups table's search, sort and page from URL parameters (bad values: defaults)."""
    sort = args.get("sort") or "municipality"
    try:
        page = max(0, int(args.get("page") or 0))
        if page > MAX_PAGE:
            raise ValueError("page")  # past any table; an offset the database cannot take
        return GroupQuery(search=(args.get("q") or "")[:100], sort=sort,
                          descending=args.get("desc") == "1", page=page, page_size=page_size)
    except ValueError:
        return GroupQuery(search=(args.get("q") or "")[:100], page_size=page_size)


DATASETS: dict[str, Dataset] = {
    "municipalities": Dataset(_plain(metrics.municipality_table), MUNICIPALITY_COLUMNS),
    "map": Dataset(_plain(metrics.municipality_table), MUNICIPALITY_COLUMNS[:6]),
    "trend": Dataset(_trend, TREND_COLUMNS),
    "funnel": Dataset(_trend, FUNNEL_COLUMNS),
    "activity": Dataset(_trend, ACTIVITY_COLUMNS),
    "direction": Dataset(_plain(direction_rows), DIRECTION_COLUMNS),
    "benchmark": Dataset(_plain(metrics.reach_benchmark), BENCHMARK_COLUMNS),
    "peers": Dataset(_plain(metrics.peer_benchmark), BENCHMARK_COLUMNS),
    "groups": Dataset(_groups, GROUP_COLUMNS),
    "risks": Dataset(lambda *a: single_facilitator_groups(_groups(*a)), GROUP_COLUMNS),
    "meetings": Dataset(_plain(meeting_rows), MEETING_COLUMNS, stream=meeting_csv),
    "volunteers": Dataset(_volunteers, VOLUNTEER_COLUMNS),
    "status": Dataset(_plain(reporting_status), STATUS_COLUMNS),
}


def file_name(dataset: str, f: Filters) -> str:
    """What and when, e.g. overblik-groups-561-2024-01-01_2024-12-31.csv."""
    what = [dataset]
    for part in (f.municipality, f.organisation, f.region and f"region{f.region}", f.method):
        if part:
            what.append(str(part))
    return f"overblik-{'-'.join(what)}-{f.date_from.isoformat()}_{f.date_to.isoformat()}.csv"


def converter(column: Column, decimal: str, lang: str) -> Callable[[object], str]:
    """A fast cell writer for one column: plain values take a short path, anything special
    (hidden, lower bounds, formulas) goes through csv_cell."""
    kind = column.kind
    if kind in TRANSLATED:
        words: dict[object, str] = {}

        def translated(value: object) -> str:
            if value is None:
                return ""
            if value not in words:
                words[value] = csv_cell(value, kind, decimal, lang)
            return words[value]

        return translated
    if kind == "int":
        return lambda v: str(v) if type(v) is int and v >= 0 else csv_cell(v, kind, decimal, lang)
    if kind == "date":
        return lambda v: v.isoformat() if type(v) is dt.date else csv_cell(v, kind, decimal, lang)
    if kind == "text":
        def text(v: object) -> str:
            if type(v) is str and v and not v.startswith(FORMULA_START):
                return v
            if type(v) is int and v >= 0:  # codes
                return str(v)
            return csv_cell(v, kind, decimal, lang)

        return text
    if kind == "quarter":
        labels: dict[object, str] = {}

        def label(v: object) -> str:
            if v not in labels:
                labels[v] = csv_cell(v, kind, decimal, lang)
            return labels[v]

        return label
    return lambda v: csv_cell(v, kind, decimal, lang)


def csv_style(lang: str, comma: bool) -> CsvStyle:
    """What the database needs to know to write cells as csv_cell would."""
    return CsvStyle(separator="," if comma else ";",
                    methods={m: t(f"method.{m}", lang) for m in METHODS},
                    quarter_letter="Q" if lang == "en" else "K")


def csv_lines(rows: Iterable[dict], columns: list[Column], lang: str, comma: bool,
              counter: list[int]) -> Iterator[str]:
    """The file, in chunks of about 64 kB; `counter[0]` ends as the number of rows sent."""
    buf = io.StringIO()
    sep = "," if comma else ";"
    decimal = "." if comma else ","
    cells = [(c.key, converter(c, decimal, lang)) for c in columns]
    buf.write("\ufeff")
    # csv_field quotes a cell holding either separator, not only the file's own (which is
    # all Python's csv module can do): see queries.export.
    buf.write(sep.join([csv_field(c.label(lang)) for c in columns]) + "\r\n")
    n = 0
    for row in rows:
        buf.write(sep.join([csv_field(convert(row.get(key))) for key, convert in cells])
                  + "\r\n")
        n += 1
        if buf.tell() > 64_000:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    counter[0] = n
    yield buf.getvalue()


@bp.route("/download/template/<kind>.csv")
def download_template(kind: str) -> Response:
    """A template to fill in for one kind of upload (behind the login guard like every
    download): the header row and one example row, UTF-8 with BOM as Danish Excel reads."""
    from dashboard.imports import template

    text = template(kind)
    if text is None:
        return Response(t("download.unknown") + "\n", status=404, mimetype="text/plain")
    return Response("\ufeff" + text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="skabelon-{kind}.csv"'})


@bp.route("/download/<dataset>.csv")
def download(dataset: str) -> Response:
    who = viewer()
    if dataset not in DATASETS:
        return Response(t("download.unknown") + "\n", status=404, mimetype="text/plain")
    check_parameters(request.args)  # 400 now, not a database error halfway through the file
    try:
        filters = Filters.from_query(request.args)
    except FilterError as exc:
        return Response(t("download.bad_filter", error=t(f"filter.{exc.code}", **exc.params))
                        + "\n", status=400, mimetype="text/plain")
    spec = DATASETS[dataset]
    args = {k: v for k, v in request.args.items()}
    lang, comma = current_lang(), request.args.get("format") == "comma"
    counter = [0]

    def lines() -> Iterator[str | bytes]:
        if spec.stream is None:
            yield from csv_lines(spec.fetch(db(), who.scope, filters, args), spec.columns, lang,
                                 comma, counter)
            return
        yield "".join(csv_lines([], spec.columns, lang, comma, [0])).encode()  # BOM, header
        yield from spec.stream(db(), who.scope, filters, csv_style(lang, comma), counter)

    def generate() -> Iterator[str | bytes]:
        yield from lines()
        audit.record(db(), who.username, "download", address=request.remote_addr or "",
                     dataset=dataset, filters=filters.to_query(), rows=counter[0])
        db().commit()

    return Response(
        stream_with_context(generate()),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{file_name(dataset, filters)}"'},
    )
