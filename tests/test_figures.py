"""Figure builders read without colour (issue 13): the league says above/below per point by
shape, legend and hover; the map gives "no group" its own colour, 3:1 against the lightest
shade. Pure functions on hand-made rows."""

from __future__ import annotations

from dashboard import figures
from queries.disclosure import Withheld


def _league_row(code: int, name: str, rate: float, low: float, high: float,
                verdict: str | None) -> dict:
    return {"code": code, "name": name, "reach_rate": rate, "reach_low": low,
            "reach_high": high, "completed": 40, "national_rate": 0.30, "verdict": verdict}


LEAGUE = [
    _league_row(561, "Esbjerg", 0.50, 0.40, 0.60, "higher"),
    _league_row(101, "København", 0.10, 0.05, 0.20, "lower"),
    _league_row(751, "Aarhus", 0.32, 0.20, 0.45, "same"),
    _league_row(851, "Aalborg", 0.28, 0.15, 0.40, "same"),
]


def _by_name(fig: dict) -> dict[str, dict]:
    return {trace["name"]: trace for trace in fig["data"]}


def test_each_point_says_above_or_below_by_shape_and_legend() -> None:
    fig = figures.benchmark_figure(LEAGUE)
    traces = _by_name(fig)
    assert fig["layout"]["showlegend"] is True
    above = traces["▲ klart over landstallet"]
    below = traces["▼ klart under landstallet"]
    same = traces["● kan ikke skelnes fra landstallet"]
    assert (above["y"], above["marker"]["symbol"]) == (["Esbjerg"], "triangle-up")
    assert (below["y"], below["marker"]["symbol"]) == (["København"], "triangle-down")
    assert same["y"] == ["Aalborg", "Aarhus"]  # sorted by rate: 28 % before 32 %
    # Esbjerg 50 % against 30 %: 20,0 points above, and clearly so.
    assert "20,0 procentpoint over landstallet · ▲ klart over" in above["text"][0]
    # Aalborg 28 % against 30 %: 2,0 points below, but within its interval.
    assert "2,0 procentpoint under landstallet · ● kan ikke skelnes" in same["text"][0]
    # The names keep the order of the rates, bottom to top, across the traces.
    assert fig["layout"]["yaxis"]["categoryarray"] == ["København", "Aalborg", "Aarhus",
                                                        "Esbjerg"]


def test_the_viewers_own_municipality_is_named_and_keeps_its_shape() -> None:
    fig = figures.benchmark_figure(LEAGUE, {561})
    traces = _by_name(fig)
    own = traces["Dit område: Esbjerg"]
    assert own["y"] == ["<b>▶ Esbjerg</b>"]
    assert own["marker"]["symbol"] == ["triangle-up"]  # above, like the others
    assert own["marker"]["size"] > traces["▼ klart under landstallet"]["marker"]["size"]
    assert "▲ klart over landstallet" not in traces  # Esbjerg was the only one above


def test_a_long_league_names_the_own_municipality_over_its_point() -> None:
    rows = [_league_row(i, f"K{i:02d}", 0.01 * i, 0.01 * i - 0.005, 0.01 * i + 0.005, "same")
            for i in range(1, 41)]
    fig = figures.benchmark_figure(rows, {7})
    own = _by_name(fig)["Dit område: K07"]
    assert own["x"] == [7] and own["y"] == [7.000000000000001]
    assert any(a["text"] == "<b>K07</b>" and a["showarrow"] for a in fig["layout"]["annotations"])


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _map_row(code: int, name: str, groups: object, per_100k: object) -> dict:
    return {"code": code, "name": name, "active_groups": groups, "groups_per_100k": per_100k,
            "attendance": 0, "reach_rate": None}


def test_no_group_has_its_own_colour_with_3_to_1_contrast() -> None:
    rows = [_map_row(561, "Esbjerg", 2, 1.7), _map_row(101, "København", 10, 4.0),
            _map_row(492, "Ærø", 0, 0.0), _map_row(400, "Bornholm", Withheld(), None)]
    trace = figures.municipality_map(rows, "/assets/" + figures.MAP_FILE)["data"][0]
    assert trace["z"] == [1.7, 4.0, -1, None]  # withheld is not "no group"
    scale = trace["colorscale"]
    # -1 .. 4: zero lies at 1/5 of the scale; below it grey, from it the lightest blue.
    assert scale[0][1] == scale[1][1] == figures.NO_GROUP
    assert scale[2] == [0.2, figures.LIGHTEST]
    assert _contrast(figures.NO_GROUP, figures.LIGHTEST) >= 3
    assert (trace["zmin"], trace["zmax"]) == (-1, 4.0)
    assert "ingen aktiv gruppe" in trace["text"][2]


def test_the_summary_names_the_municipalities_without_a_group_in_danish_order() -> None:
    from dashboard.summaries import map_summary

    rows = [_map_row(851, "Aalborg", 0, 0.0), _map_row(492, "Ærø", 0, 0.0),
            _map_row(561, "Esbjerg", 2, 1.7), _map_row(400, "Bornholm", Withheld(), None)]
    assert map_summary(rows).endswith("Uden aktiv gruppe (2): Ærø, Aalborg.")


def test_a_quarter_whose_attendance_is_withheld_says_so_where_its_bar_would_stand() -> None:
    """No bar must not read as nobody came: the withheld quarter carries «..», a small one
    «<5», and a quarter with a number has no mark."""
    from queries.disclosure import Hidden

    rows = [{"quarter": 20251, "attendance": Withheld(), "reach_rate": 0.4},
            {"quarter": 20252, "attendance": 120, "reach_rate": 0.5},
            {"quarter": 20253, "attendance": Hidden(5), "reach_rate": None}]
    fig = figures.trend_figure(rows)
    bars = fig["data"][0]
    assert bars["type"] == "bar" and bars["y"] == [None, 120, None]
    marks = [(a["x"], a["text"]) for a in fig["layout"]["annotations"]]
    assert marks == [("2025 K1", ".."), ("2025 K3", "<5")]
    assert "annotations" not in figures.trend_figure(rows[1:2])["layout"]
    assert fig["layout"]["yaxis"].get("showticklabels", True) is True
    # With no bar at all, the count axis has no scale to suggest counts.
    assert figures.trend_figure(rows[:1])["layout"]["yaxis"]["showticklabels"] is False
