"""Figure builders: pure functions from query rows to Plotly figures (unit-testable).

Colours are safe for colour-blind readers (blue/orange, a sequential blue scale),
and meaning is never carried by colour alone: lines also differ by dash and
marker, the viewer's own municipality is also named and bold.
"""

from __future__ import annotations

from dashboard import format as fmt
from dashboard.i18n import current_lang, t
from queries.disclosure import is_marker

# The simplified municipal boundaries, in assets/ (scripts/prepare_map.py makes them).
MAP_FILE = "dk-municipalities.geojson"
BLUE, ORANGE, GREY, DARK = "#1f5f8b", "#c04a00", "#6b6b6b", "#08306b"
FUNNEL_COLOURS = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")
FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size=13,
            color="#1a1a1a")


def _separators() -> str:
    """Plotly's decimal and thousands separators for the interface language."""
    return ",." if current_lang() == "da" else ".,"


def _layout(fig: dict, height: int, **extra: object) -> dict:
    fig["layout"] = {"height": height, "font": FONT, "separators": _separators(),
                     "plot_bgcolor": "white", "paper_bgcolor": "white", **extra}
    return fig


def empty_figure(message: str | None = None) -> dict:
    return {"data": [], "layout": {
        "annotations": [{"text": message or t("note.no_data"), "showarrow": False,
                         "font": {"size": 15}}],
        "xaxis": {"visible": False}, "yaxis": {"visible": False}, "height": 240,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10}, "font": FONT,
    }}


def _pct(value: float | None) -> float | None:
    return None if value is None else value * 100


# "No group" is a colour of its own, not the scale's lightest step: #767676 has 3.8:1
# contrast with #deebf7 (the lightest shade of the scale) and a grey hue, and the legend
# under the map and the list of names in the summary say it in words too.
NO_GROUP = "#767676"
LIGHTEST = "#deebf7"


def _no_group(row: dict) -> bool:
    """True only for a count known to be 0; a withheld count is not "no group"."""
    return not is_marker(row["active_groups"]) and row["active_groups"] == 0


def map_values(rows: list[dict]) -> dict[str, object]:
    """What changes on the map when the filters change: locations, values, hover texts, and
    the colour scale with its bar.

    A municipality without a group is drawn at -1, below the scale's zero, in its own grey;
    the scale runs from -1 to the largest value with its colour step exactly at 0. A
    withheld figure is left uncoloured."""
    z = [-1 if _no_group(r) else fmt.plain(r["groups_per_100k"]) for r in rows]
    top = max((v for v in z if v is not None), default=1) or 1
    top = max(top, 1)
    zero = 1 / (top + 1)  # where 0 lies on the scale from -1 to top
    return {
        "locations": [r["code"] for r in rows],
        "z": z,
        "zmin": -1,
        "zmax": top,
        "colorscale": [[0, NO_GROUP], [zero * 0.999, NO_GROUP], [zero, LIGHTEST], [1, DARK]],
        "colorbar": {"title": {"text": t("fig.per_100k")}, "thickness": 12, "tick0": 0,
                     "dtick": _tick_step(top)},
        "text": [
            f"<b>{r['name']}</b><br>{t('col.active_groups')}: {fmt.number(r['active_groups'])}"
            + (f" ({t('fig.no_group')})" if _no_group(r) else "")
            + f"<br>{t('col.groups_per_100k')}: {fmt.number(r['groups_per_100k'], 1)}"
            f"<br>{t('col.attendance')}: {fmt.number(r['attendance'])}"
            f"<br>{t('col.reach_rate')}: {fmt.percent(r['reach_rate'])}"
            for r in rows
        ],
    }


def municipality_map(rows: list[dict], boundaries: str) -> dict:
    """Choropleth of active groups per 100,000 inhabitants; its own grey where there is no
    group, explained by a legend line on the map and named in the summary under it.

    `boundaries` is the address of the boundaries' file (MAP_FILE among the assets), which
    Plotly fetches once a page and keeps: a filter change sends the map's values only, never
    the 200 kB of boundaries, and the whole figure every time (a patch of the map raced the
    page's own redrawing after Back: "Cannot patch undefined")."""
    trace = {
        "type": "choropleth", "geojson": boundaries, "featureidkey": "id",
        "zauto": False, "marker": {"line": {"color": "white", "width": 0.5}},
        "hovertemplate": "%{text}<extra></extra>",
        **map_values(rows),
    }
    legend = {"text": f"<span style='color:{NO_GROUP}'>■</span> {t('fig.no_group')}",
              "x": 0, "y": 0, "xref": "paper", "yref": "paper", "xanchor": "left",
              "yanchor": "bottom", "showarrow": False, "font": {"size": 13},
              "bgcolor": "white"}
    layout = {
        "geo": {"fitbounds": "locations", "visible": False, "projection": {"type": "mercator"}},
        "height": 420, "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "dragmode": False,
        "font": FONT, "separators": _separators(), "paper_bgcolor": "white",
        "plot_bgcolor": "white", "annotations": [legend],
    }
    return {"data": [trace], "layout": layout}


def _tick_step(top: float) -> float:
    """A round step for the colour bar's ticks from 0 (never showing the -1 of "no group")."""
    for step in (0.5, 1, 2, 5, 10, 20, 50):
        if top / step <= 6:
            return step
    return 100


def _bars(x: list[str], y: list, name: str, **extra: object) -> dict:
    return {"type": "bar", "x": x, "y": y, "name": name,
            "hovertemplate": "%{x}: %{y:,.0f}<extra></extra>", **extra}


def _dotted_line(x: list[str], y: list, name: str, hover: str) -> dict:
    """The second series of a two-axis chart: a dotted orange line with diamonds, so it
    differs from the bars by shape as well as colour."""
    return {"type": "scatter", "x": x, "y": y, "name": name, "yaxis": "y2",
            "mode": "lines+markers", "line": {"color": ORANGE, "width": 3, "dash": "dot"},
            "marker": {"symbol": "diamond", "size": 9}, "hovertemplate": hover}


def _title(key: str) -> dict:
    return {"text": t(key)}


def _incomplete(fig: dict, quarters: list[int], incomplete: frozenset[int],
                hatch: bool = True) -> dict:
    """Mark quarters with reports missing: a dashed band labelled "incomplete" behind the
    quarter (not colour alone), and hatched bars in it unless the bars' patterns already
    tell series apart (`hatch=False`)."""
    marked = [i for i, q in enumerate(quarters) if q in incomplete]
    if not marked:
        return fig
    layout = fig["layout"]
    for i in marked:
        layout.setdefault("shapes", []).append({
            "type": "rect", "xref": "x", "yref": "paper", "x0": i - 0.5, "x1": i + 0.5,
            "y0": 0, "y1": 1, "layer": "below", "fillcolor": "rgba(107,107,107,0.10)",
            "line": {"color": GREY, "width": 1.5, "dash": "dash"}})
        layout.setdefault("annotations", []).append({
            "x": i, "xref": "x", "y": 1, "yref": "paper", "yanchor": "bottom",
            "text": f"⚠ {t('incomplete.mark')}", "showarrow": False,
            "font": {"color": DARK, "size": 12}})
    for trace in fig["data"] if hatch else []:
        if trace.get("type") == "bar":
            marker = trace.setdefault("marker", {})
            base = (marker.get("pattern") or {}).get("shape", "")
            marker["pattern"] = {"shape": ["/" if q in incomplete else base
                                           for q in quarters]}
    layout["margin"] = {**layout.get("margin", {}), "t": 30}
    return fig


def trend_figure(rows: list[dict], incomplete: frozenset[int] = frozenset()) -> dict:
    """Attendance per quarter (bars) and the share reached within 90 days (line, right axis);
    `incomplete` quarters (reports missing) are marked.

    Every figure here is a plain dict, as Plotly.js takes it: Plotly's figure objects
    validate every property on every call, which cost a filter change more than its SQL."""
    if not rows:
        return empty_figure()
    x = [fmt.quarter(r["quarter"]) for r in rows]
    data = [
        _bars(x, [fmt.plain(r["attendance"]) for r in rows], t("fig.attendance_count"),
              marker={"color": BLUE}),
        _dotted_line(x, [_pct(r["reach_rate"]) for r in rows], t("fig.reached_pct"),
                     "%{x}: %{y:.1f} %<extra></extra>"),
    ]
    # A quarter whose attendance a viewer may not read has no bar: its mark («..», «<5») is
    # written where the bar would stand, so that no bar does not read as none came.
    marks = [{"x": xi, "y": 0, "yref": "y", "yanchor": "bottom", "showarrow": False,
              "text": fmt.number(r["attendance"]), "font": {"color": DARK, "size": 14}}
             for xi, r in zip(x, rows, strict=True) if is_marker(r["attendance"])]
    return _incomplete(_layout(
        {"data": data}, 360, margin={"l": 55, "r": 55, "t": 10, "b": 40},
        legend={"orientation": "h", "y": -0.2}, **({"annotations": marks} if marks else {}),
        yaxis={"title": _title("fig.attendance_axis"), "rangemode": "tozero",
               # no bar at all: a scale of 0 to 1 would only suggest counts
               **({"showticklabels": False} if len(marks) == len(rows) else {})},
        yaxis2={"title": _title("fig.reached_axis"), "overlaying": "y", "side": "right",
                "range": [0, 100], "tickvals": [0, 20, 40, 60, 80, 100], "showgrid": False},
    ), [r["quarter"] for r in rows], incomplete)


def funnel_figure(rows: list[dict], incomplete: frozenset[int] = frozenset()) -> dict:
    """The aftercare funnel per quarter: completed, offered, in a group, still engaged;
    `incomplete` quarters are marked."""
    if not rows or not any(fmt.plain(r["completed"]) for r in rows):
        return empty_figure()
    x = [fmt.quarter(r["quarter"]) for r in rows]
    patterns = ("", "/", ".", "x")
    data = [
        _bars(x, [fmt.plain(r[key]) for r in rows], t(f"col.{key}"),
              marker={"color": colour, "pattern": {"shape": pattern},
                      "line": {"color": DARK, "width": 0.5}},
              hovertemplate="%{x}: %{y:,.0f}<extra>" + t(f"col.{key}") + "</extra>")
        for key, colour, pattern in zip(("completed", "offered", "attended_90d", "engaged_6m"),
                                        FUNNEL_COLOURS, patterns, strict=True)
    ]
    return _incomplete(_layout({"data": data}, 340, barmode="group",
                               margin={"l": 55, "r": 10, "t": 10, "b": 40},
                               legend={"orientation": "h", "y": -0.2},
                               yaxis={"title": _title("fig.citizens_axis"),
                                      "rangemode": "tozero"}),
                       [r["quarter"] for r in rows], incomplete, hatch=False)


def activity_figure(rows: list[dict], incomplete: frozenset[int] = frozenset()) -> dict:
    """Meetings held (bars) and volunteer hours (line, right axis) per quarter; `incomplete`
    quarters are marked."""
    if not rows:
        return empty_figure()
    x = [fmt.quarter(r["quarter"]) for r in rows]
    data = [
        _bars(x, [fmt.plain(r["meetings"]) for r in rows], t("fig.meetings_count"),
              marker={"color": BLUE}),
        _dotted_line(x, [fmt.plain(r["volunteer_hours"]) for r in rows], t("fig.hours_count"),
                     "%{x}: %{y:,.0f}<extra></extra>"),
    ]
    return _incomplete(_layout(
        {"data": data}, 340, margin={"l": 55, "r": 55, "t": 10, "b": 40},
        legend={"orientation": "h", "y": -0.2},
        yaxis={"title": _title("fig.meetings_axis"), "rangemode": "tozero"},
        yaxis2={"title": _title("fig.hours_axis"), "overlaying": "y", "side": "right",
                "rangemode": "tozero", "showgrid": False, "tickmode": "auto"},
    ), [r["quarter"] for r in rows], incomplete)


# How each municipality lies against the national figure, by its 95% interval: shape and
# colour and a legend entry each, so the answer never rests on colour or on reading where
# a point crosses the dashed line.
VERDICT_MARKS = {"higher": ("triangle-up", BLUE), "same": ("circle", GREY),
                 "lower": ("triangle-down", ORANGE)}


def _verdict(row: dict) -> str:
    return row["verdict"] if row.get("verdict") in VERDICT_MARKS else "same"


def _league_hover(row: dict) -> str:
    """One line per point that says where it lies, in words: the rate, its interval, n, and
    above/below the national figure by how much, and whether clearly so."""
    national = row["national_rate"]
    side = ""
    if national is not None:
        diff = (row["reach_rate"] - national) * 100
        key = "fig.league_side_above" if diff >= 0 else "fig.league_side_below"
        side = "<br>" + t(key, points=fmt.number(abs(diff), 1))
        side += " · " + t(f"fig.league_{_verdict(row)}")
    return (f"<b>{_esc(row['name'])}</b>: {fmt.percent(row['reach_rate'])} "
            f"({fmt.percent(row['reach_low'])} – {fmt.percent(row['reach_high'])}), "
            f"n = {_esc(fmt.number(row['completed']))}{side}")


def _esc(text: str) -> str:
    """Text for Plotly's pseudo-HTML: a published "<5" must not start a tag."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def benchmark_figure(rows: list[dict], highlight: set[int] | None = None) -> dict:
    """Reach with 95% intervals per municipality, against the national figure: a league that
    shows uncertainty, not a bare ranking. Up to 30 municipalities are listed by name; more
    are drawn as a caterpillar plot (names on hover and in the table behind the chart).

    Each point's shape says whether it lies clearly above (▲), clearly below (▼) or cannot
    be told apart from the national figure (●), with a legend; the hover says it in words.
    `highlight` codes (the viewer's own) are larger, dark, outlined and named."""
    rows = sorted((r for r in rows if r["reach_rate"] is not None), key=lambda r: r["reach_rate"])
    if not rows:
        return empty_figure()
    highlight = highlight or set()
    listed = len(rows) <= 30
    names = [f"<b>▶ {r['name']}</b>" if r["code"] in highlight else r["name"] for r in rows]
    position = {id(r): i for i, r in enumerate(rows)}

    def trace(members: list[dict], name: str, marker: dict) -> dict:
        rate = [r["reach_rate"] * 100 for r in members]
        where = [position[id(r)] for r in members]
        interval = {"type": "data", "symmetric": False, "color": GREY, "thickness": 1.2,
                    "width": 0,
                    "array": [(r["reach_high"] - r["reach_rate"]) * 100 for r in members],
                    "arrayminus": [(r["reach_rate"] - r["reach_low"]) * 100 for r in members]}
        out = {"type": "scatter", "mode": "markers", "name": name, "marker": marker,
               "text": [_league_hover(r) for r in members],
               "hovertemplate": "%{text}<extra></extra>"}
        if listed:
            out.update(x=rate, y=[names[i] for i in where], error_x=interval)
        else:
            out.update(x=[i + 1 for i in where], y=rate, error_y=interval)
        return out

    data = []
    for verdict, (symbol, colour) in VERDICT_MARKS.items():
        members = [r for r in rows if _verdict(r) == verdict and r["code"] not in highlight]
        if members:
            data.append(trace(members, t(f"fig.league_{verdict}"),
                              {"color": colour, "size": 8, "symbol": symbol}))
    mine = [r for r in rows if r["code"] in highlight]
    if mine:
        data.append(trace(mine, t("fig.league_own", names=", ".join(r["name"] for r in mine)),
                          {"color": DARK, "size": 14, "line": {"color": "black", "width": 1.5},
                           "symbol": [VERDICT_MARKS[_verdict(r)][0] for r in mine]}))
    annotations: list[dict] = []
    shapes: list[dict] = []
    if not listed:
        # Named with a leader line to the point (not "▼", which here means "below").
        annotations += [{"x": position[id(r)] + 1, "y": r["reach_rate"] * 100,
                         "text": f"<b>{_esc(r['name'])}</b>", "showarrow": True,
                         "arrowhead": 2, "arrowcolor": DARK, "ax": -30, "ay": -45,
                         "bgcolor": "white", "font": {"color": DARK, "size": 13}}
                        for r in mine]
    national = rows[0]["national_rate"]
    if national is not None:
        line = {"color": DARK, "dash": "dash", "width": 2}
        label = t("fig.national", value=fmt.percent(national))
        value = national * 100
        if listed:  # a vertical line across the plot, labelled above it
            shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": value,
                           "x1": value, "y0": 0, "y1": 1, "line": line})
            annotations.append({"x": value, "xref": "x", "y": 1, "yref": "paper",
                                "text": label, "showarrow": False, "yanchor": "bottom"})
        else:  # a horizontal line, labelled at its left end
            shapes.append({"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1,
                           "y0": value, "y1": value, "line": line})
            annotations.append({"x": 0, "xref": "paper", "y": value, "yref": "y",
                                "text": label, "showarrow": False, "xanchor": "left",
                                "yanchor": "bottom"})
    axis = {"title": _title("fig.reach_axis" if listed else "fig.reach_axis_short"),
            "range": [0, 100], "gridcolor": "#eee"}
    common = {"showlegend": True, "shapes": shapes, "annotations": annotations,
              # Under the axis title, measured from the figure's bottom edge, so it never
              # overlaps the axis however many rows the chart has.
              "legend": {"orientation": "h", "yref": "container", "y": 0, "x": 0,
                         "yanchor": "bottom"}}
    if listed:
        # Room below for the axis title and a legend of up to four lines in a half-width
        # panel (it wrapped into the title at 110 px).
        return _layout({"data": data}, max(360, 24 * len(rows) + 230),
                       margin={"l": 10, "r": 20, "t": 30, "b": 170}, xaxis=axis,
                       yaxis={"automargin": True, "tickfont": {"size": 12},
                              "categoryorder": "array", "categoryarray": names}, **common)
    return _layout({"data": data}, 480, margin={"l": 60, "r": 20, "t": 30, "b": 110},
                   yaxis=axis, xaxis={"title": _title("fig.rank_axis"), "showgrid": False},
                   **common)


def group_figure(rows: list[dict]) -> dict:
    """One group per quarter: meetings held and scheduled (bars, side by side, the scheduled
    ones hatched) and, when its attendance may be shown, attendance per meeting (line)."""
    if not rows:
        return empty_figure()
    x = [fmt.quarter(r["quarter"]) for r in rows]
    data = [
        _bars(x, [r["scheduled"] for r in rows], t("fig.scheduled_count"),
              marker={"color": "#ffffff", "line": {"color": BLUE, "width": 1.5},
                      "pattern": {"shape": "/", "fgcolor": BLUE}}),
        _bars(x, [r["meetings"] for r in rows], t("fig.meetings_count"),
              marker={"color": BLUE}),
    ]
    shown = any(r["avg_attendance"] is not None for r in rows)
    if shown:
        data.append(_dotted_line(x, [r["avg_attendance"] for r in rows],
                                 t("fig.attendance_per_meeting"),
                                 "%{x}: %{y:.1f}<extra></extra>"))
    extra = ({"yaxis2": {"title": _title("fig.attendance_per_meeting"), "overlaying": "y",
                         "side": "right", "rangemode": "tozero", "showgrid": False,
                         "tickformat": ".0f"}}
             if shown else {})
    return _layout(
        {"data": data}, 340, barmode="group", margin={"l": 55, "r": 55, "t": 10, "b": 40},
        legend={"orientation": "h", "y": -0.2},
        yaxis={"title": _title("fig.meetings_axis"), "rangemode": "tozero"}, **extra,
    )
