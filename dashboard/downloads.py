"""CSV downloads: `GET /download/<dataset>.csv` with the page's filters as query parameters.

CSV is one more renderer of the same query the page draws, with the viewer's
scope and disclosure control, so the file can never disagree with the screen.
Danish Excel reads it as is: UTF-8 with BOM, `;` between fields, decimal comma.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

from flask import Blueprint, Response, abort, request

from dashboard.auth import viewer
from dashboard.data import db
from dashboard.tables import MUNICIPALITY_COLUMNS, TREND_COLUMNS, Column
from queries import audit, metrics
from queries.disclosure import AtLeast, Hidden
from queries.filters import FilterError, Filters, quarter_label

bp = Blueprint("downloads", __name__)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object, kind: str) -> str:
    """One cell for Excel: decimal comma, no thousands separator, formulas neutralised."""
    if value is None:
        return ""
    if isinstance(value, Hidden):
        return f"<{value.threshold}" if value.cells == 1 else "skjult"
    if kind == "quarter":
        return quarter_label(int(value))  # type: ignore[arg-type]
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | float):
        if kind == "pct":
            text = f"{value * 100:.1f}".replace(".", ",")
        elif kind == "dec":
            text = f"{value:.2f}".replace(".", ",")
        else:
            text = f"{value:.0f}"
        return ("≥" + text) if isinstance(value, AtLeast) else text
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text  # a spreadsheet shows it as text, never runs it
    return text


DATASETS: dict[str, tuple[Callable, list[Column]]] = {
    "municipalities": (metrics.municipality_table, MUNICIPALITY_COLUMNS),
    "trend": (metrics.quarterly_trend, TREND_COLUMNS),
}


def stream_csv(rows: list[dict], columns: list[Column]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    buf.write("\ufeff")
    writer.writerow([c.da for c in columns])
    for row in rows:
        writer.writerow([csv_cell(row.get(c.key), c.kind) for c in columns])
        if buf.tell() > 64_000:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


@bp.route("/download/<dataset>.csv")
def download(dataset: str) -> Response:
    if dataset not in DATASETS:
        abort(404)
    who = viewer()
    try:
        filters = Filters.from_query(request.args)
    except FilterError as exc:
        return Response(f"Ugyldigt filter: {exc}\n", status=400, mimetype="text/plain")
    query, columns = DATASETS[dataset]
    rows = query(db(), who.scope, filters)
    audit.record(db(), who.username, "download", address=request.remote_addr or "",
                 dataset=dataset, filters=filters.to_query(), rows=len(rows))
    db().commit()
    name = f"overblik-{dataset}-{filters.date_from.isoformat()}_{filters.date_to.isoformat()}.csv"
    return Response(
        stream_csv(rows, columns),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
