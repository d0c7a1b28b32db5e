"""Population figures as Statistics Denmark really exports FOLK1A (issue 12): title lines,
the country, regions and Christiansø, English headers, several periods, old Excel encodings;
and the figure a page shows is the one for its period, with its source and date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from queries.importer import Partner, import_file
from queries.models import Municipality, PopulationFigure
from queries.population import period_start, population_on
from queries.scope import Scope

FIRST_DAY = Path(__file__).resolve().parents[1] / "examples" / "first-day" / "folk1a.csv"
ADMIN = Scope(role="admin")


def load(session, data: bytes | str, encoding: str = "utf-8"):  # noqa: ANN001, ANN201
    raw = data.encode(encoding) if isinstance(data, str) else data
    return import_file(session, raw, "population", Partner(), scope=ADMIN,
                       filename="folk1a.csv", submitted_by="admin")


def test_a_whole_country_export_skips_what_is_not_a_municipality(session) -> None:
    result = load(session, FIRST_DAY.read_bytes())
    assert result.status == "imported", result.problems
    # 4 municipalities x 2 quarters, in Windows-1252 with CRLF as Danish Excel saves it;
    # the country, 5 regions and Christiansø are notes.
    assert FIRST_DAY.read_bytes().count("Sjælland".encode("cp1252")) == 2
    assert result.rows == 8
    notes = {n.code: n.params for n in result.notes}
    assert notes["title_lines_skipped"] == {"count": 1}
    assert notes["areas_skipped"]["areas"].split(", ") == [
        "Hele landet", "Region Hovedstaden", "Region Midtjylland", "Region Syddanmark",
        "Region Sjælland", "Region Nordjylland", "Christiansø"]
    assert notes["periods_kept"] == {"periods": "2024K4, 2025K1"}
    # The newest period is the current figure; both are kept as history.
    esbjerg = session.get(Municipality, 561)
    assert (esbjerg.population, esbjerg.population_source) == (
        116007, "Danmarks Statistik FOLK1A 2025K1")
    assert session.scalar(select(func.count()).select_from(PopulationFigure).where(
        PopulationFigure.municipality_code == 561)) == 2
    # Municipalities not in the file keep their figures (Varde: the shipped approximation).
    assert session.get(Municipality, 573).population_source == "approx-2024"


def test_the_figure_shown_is_the_one_for_the_period(session) -> None:
    load(session, FIRST_DAY.read_bytes())
    # A period ending in 2024 Q4 shows the figure of 1 October 2024.
    assert population_on(session, 561, dt.date(2024, 12, 31)) == {
        "population": 115934, "source": "Danmarks Statistik FOLK1A 2024K4",
        "on_date": dt.date(2024, 10, 1)}
    assert population_on(session, 561, dt.date(2025, 3, 31))["population"] == 116007
    # Before the first official figure: the earliest one there is.
    assert population_on(session, 561, dt.date(2020, 1, 1))["population"] == 115934
    # No official figure: the approximation, said to be one.
    assert population_on(session, 573, dt.date(2025, 3, 31))["source"] == "approx-2024"


ENGLISH = ("Population at the first day of the quarter by region and time\r\n"
           "\r\n"
           "REGION;TIME;INDHOLD\r\n"
           "All Denmark;2025Q1;5992734\r\n"
           "Capital Region of Denmark;2025Q1;1917479\r\n"
           "Copenhagen;2025Q1;669034\r\n"
           "Esbjerg;2025Q1;116007\r\n")


def test_the_english_export(session) -> None:
    result = load(session, ENGLISH)
    assert result.status == "imported", result.problems
    assert session.get(Municipality, 101).population == 669034
    assert {n.code for n in result.notes} == {"title_lines_skipped", "areas_skipped"}


def test_danish_excel_encoding_and_a_matrix_of_periods(session) -> None:
    # Windows-1252, one column per period, codes before names, as a pivot in Excel saves it.
    data = ("område;2024K4;2025K1\n"
            "000 Hele landet;5981776;5992734\n"
            "101 København;667099;669034\n"
            "411 Christiansø;90;90\n"
            "751 Aarhus;369936;370854\n")
    result = load(session, data, "cp1252")
    assert result.status == "imported", result.problems
    assert session.get(Municipality, 751).population == 370854
    assert population_on(session, 101, dt.date(2024, 12, 31))["population"] == 667099


@pytest.mark.parametrize(("line", "column", "code"), [
    ("Nowhere;2025K1;5000", "municipality", "unknown_municipality"),
    ("Esbjerg;2025K9;116007", "time", "not_period"),
    ("Esbjerg;2025K1;12a", "population", "not_integer"),
    ("Esbjerg;2025K1;900", "population", "too_small"),
])
def test_a_bad_row_rejects_the_whole_file_and_says_where(session, line, column, code) -> None:
    data = "Titel\nOMRÅDE;TID;INDHOLD\nKøbenhavn;2025K1;669034\n" + line + "\n"
    result = load(session, data)
    assert result.status == "rejected"
    assert [(p.row, p.column, p.code) for p in result.problems] == [(4, column, code)]
    assert session.get(Municipality, 101).population_source == "approx-2024"  # nothing written


def test_two_figures_for_the_same_quarter_are_a_problem(session) -> None:
    result = load(session, "OMRÅDE;TID;INDHOLD\nEsbjerg;2025K1;1\nEsbjerg;2025K1;2000\n"
                           "561 Esbjerg;2025K1;2000\n")
    assert [(p.row, p.code) for p in result.problems] == [(2, "too_small"), (4, "duplicate")]


def test_periods() -> None:
    assert period_start("2024K3") == dt.date(2024, 7, 1)
    assert period_start("2024q1") == dt.date(2024, 1, 1)
    assert period_start("2024") == dt.date(2024, 1, 1)
    assert period_start("2024M05") == dt.date(2024, 5, 1)
    with pytest.raises(ValueError):
        period_start("2024K5")


def test_tables_and_peers_use_the_figure_for_the_period(session) -> None:
    """The figure per 100,000 and the peers follow the period, as the page's lead does."""
    from queries import metrics
    from queries.filters import Filters

    load(session, FIRST_DAY.read_bytes())
    national = Scope.national()
    for end, expected in ((dt.date(2024, 12, 31), 115934), (dt.date(2025, 6, 30), 116007)):
        f = Filters(dt.date(2024, 10, 1), end)
        esbjerg = next(m for m in metrics.municipalities(session, national, f)
                       if m["code"] == 561)
        assert esbjerg["population"] == expected
    varde = next(m for m in metrics.municipalities(session, national, f) if m["code"] == 573)
    assert varde["population_source"] == "approx-2024"
