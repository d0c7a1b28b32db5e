"""Figure builders: pure functions from query rows to Plotly figures (unit-testable)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import plotly.graph_objects as go

from dashboard import format as fmt

MAP_ASSET = Path(__file__).resolve().parent.parent / "assets" / "dk-municipalities.geojson"
# Colour-blind safe sequential scale (viridis-like blues) and a categorical pair.
SEQUENTIAL = "Blues"
BLUE, ORANGE = "#1f5f8b", "#d55e00"
FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size=13)


@lru_cache(maxsize=1)
def municipality_geojson() -> dict:
    """The simplified municipal boundaries, read once (read-only afterwards)."""
    return json.loads(MAP_ASSET.read_text(encoding="utf-8"))


def empty_figure(message: str = "Ingen data") -> go.Figure:
    fig = go.Figure()
    fig.update_layout(
        annotations=[dict(text=message, showarrow=False, font=dict(size=16))],
        xaxis=dict(visible=False), yaxis=dict(visible=False), height=320,
        margin=dict(l=10, r=10, t=10, b=10), font=FONT,
    )
    return fig


def municipality_map(rows: list[dict]) -> go.Figure:
    """Choropleth of active groups per 100,000 inhabitants; grey where there is no group."""
    codes = [r["code"] for r in rows]
    values = [fmt.plain(r["groups_per_100k"]) or 0 for r in rows]
    hover = [
        f"<b>{r['name']}</b><br>Aktive grupper: {fmt.number(r['active_groups'])}"
        f"<br>Pr. 100.000: {fmt.number(r['groups_per_100k'], 1)}"
        f"<br>Fremmøde: {fmt.number(r['attendance'])}"
        f"<br>Andel nået: {fmt.percent(r['reach_rate'])}"
        for r in rows
    ]
    fig = go.Figure(
        go.Choropleth(
            geojson=municipality_geojson(),
            locations=codes,
            featureidkey="id",
            z=values,
            zmin=0,
            colorscale=[[0, "#e8e8e8"], [0.001, "#deebf7"], [1, "#08306b"]],
            marker_line_color="white",
            marker_line_width=0.5,
            text=hover,
            hovertemplate="%{text}<extra></extra>",
            colorbar=dict(title=dict(text="pr. 100.000"), thickness=12),
        )
    )
    fig.update_geos(fitbounds="locations", visible=False)
    fig.update_layout(
        height=420, margin=dict(l=0, r=0, t=0, b=0), font=FONT, separators=",.",
        dragmode=False,
    )
    return fig


def trend_figure(rows: list[dict]) -> go.Figure:
    """Attendance per quarter (bars) and the share reached within 90 days (line, right axis)."""
    if not rows:
        return empty_figure()
    x = [fmt.quarter(r["quarter"]) for r in rows]
    fig = go.Figure()
    fig.add_bar(
        x=x, y=[fmt.plain(r["attendance"]) for r in rows], name="Fremmøde (antal)",
        marker_color=BLUE,
        hovertemplate="%{x}: %{y:,.0f} fremmødte<extra></extra>",
    )
    fig.add_scatter(
        x=x, y=[None if r["reach_rate"] is None else r["reach_rate"] * 100 for r in rows],
        name="Nået inden 90 dage (%)", yaxis="y2", mode="lines+markers",
        line=dict(color=ORANGE, width=3, dash="dot"), marker=dict(symbol="diamond", size=9),
        hovertemplate="%{x}: %{y:.1f} % nået<extra></extra>",
    )
    fig.update_layout(
        height=360, margin=dict(l=50, r=50, t=10, b=40), font=FONT, separators=",.",
        legend=dict(orientation="h", y=-0.2),
        yaxis=dict(title=dict(text="Fremmøde"), rangemode="tozero"),
        yaxis2=dict(title=dict(text="Nået (%)"), overlaying="y", side="right",
                    range=[0, 100], showgrid=False),
        plot_bgcolor="white",
    )
    return fig
