"""The pages of every user's view, through their callbacks as a browser calls them, on the
tiny world (tests/tiny.py): landing by role, scope notices, figures, downloads, languages."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest

from dashboard import format as fmt
from tests.conftest import call_callback

Q1 = {"from": "2024-01-01", "to": "2024-03-31"}


def filters(page: str, **extra: str) -> dict[str, str]:
    return {f"{page}-filter-{k}": v for k, v in {**Q1, **extra}.items()}


def rows_of(text: str, delimiter: str = ";") -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=delimiter))


@pytest.mark.parametrize(("user", "home"), [("national", "/"), ("esbjerg", "/kommune/561"),
                                             ("koebenhavn", "/kommune/101"),
                                             ("alpha", "/organisation/alpha")])
def test_each_role_lands_on_its_own_page(login_as, user, home) -> None:
    response = login_as(user).get("/start")
    assert response.status_code == 302 and response.headers["Location"] == home


def test_a_shared_link_survives_the_login(client) -> None:
    response = client.get("/kommune/561?from=2024-01-01&method=smart")
    assert response.status_code == 302
    assert response.headers["Location"] == (
        "/login?next=%2Fkommune%2F561%3Ffrom%3D2024-01-01%26method%3Dsmart")


def table_rows(component: object) -> list[list[str]]:
    """The cell texts of every body row of the (Markdown) tables inside a serialised
    Dash component, unescaped as a reader sees them."""
    rows: list[list[str]] = []

    def walk(node: object) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            if node.get("type") == "Markdown":
                for line in node["props"]["children"].splitlines()[2:]:
                    cells = re.split(r"(?<!\\)\|", line.strip())[1:-1]
                    # A linked cell ("[name](/gruppe/ref)") reads as its text.
                    cells = [re.sub(r"^(\**(?:▶ )?)\[(.*)\]\([^)]*\)(\**)$", r"\1\2\3",
                                    c.strip()) for c in cells]
                    rows.append([re.sub(r"\\(.)", r"\1", c).strip().strip("*") for c in cells])
                return
            for value in node.values():
                walk(value)

    walk(component)
    return rows


def municipality(client, code: str, **extra: str) -> dict:
    values = {"municipality-code": code, **filters("municipality", **extra)}
    response = call_callback(client, "municipality-content.children", values)
    assert response.status_code == 200, response.text[:300]
    return response.json["response"]


def test_municipality_page_in_full_for_its_own_manager(login_as) -> None:
    body = municipality(login_as("esbjerg"), "561")
    text = json.dumps(body["municipality-content"], ensure_ascii=False)
    assert body["municipality-title"]["children"] == "Efterbehandling i Esbjerg"
    assert "Gruppe alpha-esbjerg" in text
    # G1's figures in Q1: 3 meetings, attendance 18/3 = 6,0 per meeting; aftercare C20 A8.
    assert "6,0" in text and "40,0 %" in text  # 8 of 20 reached
    assert "Gruppe beta-kbh" not in text
    assert body["municipality-url"]["search"] == "?from=2024-01-01&to=2024-03-31"
    assert "/download/groups.csv?from=2024-01-01&to=2024-03-31&municipality=561" in text


def test_municipality_outside_scope_gets_a_notice_and_no_data(login_as) -> None:
    body = municipality(login_as("esbjerg"), "101")
    text = json.dumps(body["municipality-content"], ensure_ascii=False)
    assert "Uden for dit område" in text and "København" in text
    assert "Gruppe alpha-kbh" not in text and "Gruppe beta-kbh" not in text
    assert "/?from=2024-01-01&to=2024-03-31&municipality=101" in text
    assert "/kommune/561" in text  # the way back to one's own page
    assert body["municipality-lead"]["children"] is None


@pytest.mark.parametrize("user", ["alpha", "koebenhavn"])
def test_other_roles_get_the_notice_too(login_as, user) -> None:
    text = json.dumps(municipality(login_as(user), "561"), ensure_ascii=False)
    assert "Uden for dit område" in text and "alpha-esbjerg" not in text


def test_unknown_municipality_is_a_message_not_an_error(login_as) -> None:
    text = json.dumps(municipality(login_as("national"), "9999"), ensure_ascii=False)
    assert "Der findes ingen kommune med koden 9999" in text
    # A national manager sees everything: nothing is outside their area, it just isn't there.
    assert "Ikke fundet" in text and "Uden for dit område" not in text


def organisation(client, slug: str) -> dict:
    values = {"organisation-slug": slug, **filters("organisation")}
    response = call_callback(client, "organisation-content.children", values)
    assert response.status_code == 200, response.text[:300]
    return response.json["response"]


def test_organisation_page_for_its_coordinator(login_as) -> None:
    text = json.dumps(organisation(login_as("alpha"), "alpha"), ensure_ascii=False)
    # Alpha's groups G1 (Esbjerg) and G2 (København); V1, V2, V4 active in Q1, V1 and V4
    # trained by 31 March, V2 not yet: 3 volunteers, 2 trained, 1 in training.
    assert "Gruppe alpha-esbjerg" in text and "Gruppe alpha-kbh" in text
    assert "Gruppe beta-kbh" not in text
    assert "/download/volunteers.csv?from=2024-01-01&to=2024-03-31&organisation=alpha" in text


def test_unknown_organisation_is_not_found_for_everyone(login_as) -> None:
    for user in ("national", "alpha"):
        text = json.dumps(organisation(login_as(user), "nope"), ensure_ascii=False)
        assert "Der findes ingen organisation «nope»" in text, user
        assert "Ikke fundet" in text and "Uden for dit område" not in text, user


def test_organisation_outside_scope(login_as) -> None:
    text = json.dumps(organisation(login_as("alpha"), "beta"), ensure_ascii=False)
    assert "Uden for dit område" in text and "beta-kbh" not in text
    text = json.dumps(organisation(login_as("esbjerg"), "alpha"), ensure_ascii=False)
    assert "Uden for dit område" in text and "alpha-esbjerg" not in text


def test_groups_page_pages_and_keeps_its_state_in_the_url(login_as) -> None:
    client = login_as("national")
    values = {**filters("groups"), "groups-search": "kbh", "groups-sort": "name",
              "groups-desc": "1", "groups-page": 0}
    body = call_callback(client, "groups-table.children", values).json["response"]
    assert body["groups-count"]["children"] == "2 grupper"
    table = json.dumps(body["groups-table"], ensure_ascii=False)
    assert table.index("beta-kbh") < table.index("alpha-kbh")  # name, descending
    assert body["groups-url"]["search"] == "?from=2024-01-01&to=2024-03-31&q=kbh&sort=name&desc=1"
    assert body["groups-download"]["href"].startswith("/download/groups.csv?")


def test_groups_page_shows_no_figures_of_others(login_as) -> None:
    values = {**filters("groups"), "groups-sort": "municipality", "groups-desc": "0"}
    body = call_callback(login_as("esbjerg"), "groups-table.children", values).json["response"]
    cells = {row[0]: row for row in table_rows(body["groups-table"])}
    own = cells["▶ Gruppe alpha-esbjerg"]
    assert "6,0" in own  # attendance per meeting, own group
    other = cells["Gruppe beta-kbh"]
    assert "6,5" not in other and other.count("–") >= 3


def test_status_page(login_as) -> None:
    values = filters("status")
    body = call_callback(login_as("esbjerg"), "status-table.children", values).json["response"]
    table = json.dumps(body["status-table"], ensure_ascii=False)
    assert "Alpha" in table and "Esbjerg" in table and "Beta" not in table


@pytest.mark.parametrize(("dataset", "extra", "name"), [
    ("groups", "&municipality=561", "overblik-groups-561-2024-01-01_2024-03-31.csv"),
    ("volunteers", "&organisation=alpha", "overblik-volunteers-alpha-2024-01-01_2024-03-31.csv"),
    ("funnel", "&municipality=561", "overblik-funnel-561-2024-01-01_2024-03-31.csv"),
    ("status", "", "overblik-status-2024-01-01_2024-03-31.csv"),
])
def test_download_names_say_what_and_when(login_as, dataset, extra, name) -> None:
    response = login_as("national").get(f"/download/{dataset}.csv?from=2024-01-01"
                                        f"&to=2024-03-31{extra}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'


def test_funnel_download_matches_the_page(login_as) -> None:
    text = login_as("esbjerg").get(
        "/download/funnel.csv?from=2024-01-01&to=2024-03-31&municipality=561").text
    (row,) = rows_of(text)
    assert (row["Kvartal"], row["Afsluttet behandling"], row["I gruppe inden 90 dage"],
            row["Andel nået"]) == ("2024 K1", "20", "8", "40,0")


def test_groups_download_streams_every_matching_group(login_as) -> None:
    text = login_as("national").get("/download/groups.csv?from=2024-01-01&to=2024-03-31"
                                    "&q=kbh").text
    rows = rows_of(text)
    assert [r["Navn"] for r in rows] == ["Gruppe alpha-kbh", "Gruppe beta-kbh"]
    assert rows[0]["Fremmøde pr. møde"] == "2,50" and rows[0]["Metode"] == "SMART Recovery"


def test_meetings_download_hides_attendance_outside_scope(login_as) -> None:
    rows = rows_of(login_as("esbjerg").get("/download/meetings.csv?from=2024-01-01"
                                           "&to=2024-03-31").text)
    assert len(rows) == 7
    assert sorted(int(r["Fremmøde"]) for r in rows if r["Fremmøde"]) == [5, 6, 7]


def test_english_headers_and_comma_format(login_as) -> None:
    client = login_as("national")
    text = client.get("/download/funnel.csv?from=2024-01-01&to=2024-03-31&municipality=561"
                      "&lang=en&format=comma").text
    (row,) = rows_of(text, delimiter=",")
    assert row["Completed treatment"] == "20" and row["Reach rate"] == "40.0"


def test_language_choice_is_kept_and_the_page_says_so(login_as) -> None:
    client = login_as("national")
    assert '<html lang="en">' in client.get("/?lang=en").text
    assert '<html lang="en">' in client.get("/grupper").text  # remembered in the session
    assert '<html lang="da">' in client.get("/?lang=da").text


def test_language_switch_keeps_the_filters(login_as) -> None:
    client = login_as("national")
    values = {"shell-url": "http://localhost/kommune/561?from=2024-01-01&method=smart"}
    body = call_callback(client, "lang-switch.href", values).json["response"]
    assert body["lang-switch"]["href"] == "/kommune/561?from=2024-01-01&method=smart&lang=en"


@pytest.mark.parametrize(("value", "decimals", "lang", "text"), [
    (1234.5, 1, "da", "1.234,5"), (1234.5, 1, "en", "1,234.5"), (1234567, 0, "da", "1.234.567"),
    (None, 0, "da", "–"),
])
def test_numbers_read_the_danish_way(value, decimals, lang, text) -> None:
    assert fmt.number(value, decimals, lang) == text


def test_table_cells_from_partner_files_stay_inert() -> None:
    from dashboard.components.tables import markdown_table
    from dashboard.tables import Column

    rows = [{"name": "[klik](javascript:alert(1)) <b>x</b> | *y*"}]
    text = markdown_table(rows, [Column("name", "text")]).splitlines()[2]
    assert text == r"| \[klik\]\(javascript:alert\(1\)\) \<b\>x\</b\> \| \*y\* |"


def test_meetings_download_names_facilitators_present(login_as) -> None:
    text = login_as("national").get("/download/meetings.csv?from=2024-01-01&to=2024-03-31").text
    header = text[1:].splitlines()[0].split(";")
    assert "Facilitatorer til stede" in header and "Uddannede facilitatorer" not in header


def test_risks_download_counts_one_facilitator_and_none_apart(login_as) -> None:
    """By hand from tests/tiny.py. 2024 Q1: G1, G2 and G3 met, each with one trained
    facilitator (V1; V4 trained 2024-02-01; V3 until 2024-02-01); V2 is trained only in May.
    2024 Q2: only G4 met (2024-04-02), and its one volunteer was never trained."""
    client = login_as("national")
    q1 = rows_of(client.get("/download/risks.csv?from=2024-01-01&to=2024-03-31").text)
    assert sorted(r["Navn"] for r in q1) == ["Gruppe alpha-esbjerg", "Gruppe alpha-kbh",
                                              "Gruppe beta-kbh"]
    assert {(r["Kun én facilitator"], r["Ingen uddannet facilitator"]) for r in q1} == {
        ("ja", "nej")}
    q2 = rows_of(client.get("/download/risks.csv?from=2024-04-01&to=2024-06-30").text)
    assert [(r["Navn"], r["Kun én facilitator"], r["Ingen uddannet facilitator"])
            for r in q2] == [("Gruppe beta-varde", "nej", "ja")]
    volunteers = rows_of(client.get("/download/volunteers.csv?from=2024-04-01&to=2024-06-30").text)
    varde = next(r for r in volunteers if r["Kode"] == "573")
    assert (varde["Grupper med én facilitator"], varde["Grupper uden uddannet facilitator"]) == (
        "0", "1")


def test_volunteers_download_keeps_hours_of_a_municipality_without_groups(session) -> None:
    """A paid coordinator in Frederiksberg (147), where no group meets and no volunteer is
    active, gives 12 hours in 2024 Q1: the file's rows add up to the national total,
    10 + 3 volunteer hours and 40 + 12 coordinator hours."""
    from dashboard.downloads import active_rows
    from queries import metrics
    from queries.filters import Filters
    from queries.models import Volunteer, VolunteerHours
    from queries.scope import Scope
    from queries.summary import refresh_all

    session.add(Volunteer(id=99, ref="K99", organisation_id=2, municipality_code=147,
                          group_id=None, role="coordinator", trained_on=None,
                          active_from=dt.date(2024, 1, 1), active_to=dt.date(2024, 1, 31)))
    session.flush()
    session.add(VolunteerHours(volunteer_id=99, month=dt.date(2024, 1, 1), quarter=20241,
                               hours=12.0))
    refresh_all(session)
    q1 = Filters(dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    rows = active_rows(metrics.municipality_table(session, Scope.national(), q1))
    assert {r["code"] for r in rows} >= {561, 101, 147}
    assert sum(r["volunteer_hours"] for r in rows) == 13
    assert sum(r["coordinator_hours"] for r in rows) == 52


def test_chosen_comparison_municipalities_are_kept_in_the_url_and_the_peers_file(
        login_as) -> None:
    """Varde (573) compared with Esbjerg and København by the national manager: the peer
    table holds those three, and the peer figure is (8 + 1) / (20 + 3) = 39,1 %."""
    client = login_as("national")
    body = municipality(client, "573", peers=[561, 101])
    assert body["municipality-url"]["search"] == "?from=2024-01-01&to=2024-03-31&peers=101%2C561"
    text = json.dumps(body["municipality-content"], ensure_ascii=False)
    assert "/download/peers.csv?from=2024-01-01&to=2024-03-31&municipality=573&peers=101%2C561" \
        in text
    rows = rows_of(client.get("/download/peers.csv?from=2024-01-01&to=2024-03-31"
                              "&municipality=573&peers=101,561").text)
    assert sorted(r["Kode"] for r in rows) == ["101", "561", "573"]
    assert {r["Sammenlignelige kommuner"] for r in rows} == {"39,1"}


def test_the_cards_count_groups_without_a_facilitator_apart(login_as) -> None:
    """2024 Q2 in tests/tiny.py: only G4 met, its one volunteer never trained: 0 groups with
    one facilitator, 1 without."""
    values = {"overview-filter-from": "2024-04-01", "overview-filter-to": "2024-06-30"}
    body = call_callback(login_as("national"), "overview-kpis.children", values).json
    cards = {}

    def walk(node: object) -> None:
        if isinstance(node, dict):
            props = node.get("props", {})
            if props.get("className") == "kpi":
                value, label = props["children"][:2]
                cards[label["props"]["children"]] = value["props"]["children"]
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(body["response"]["overview-kpis"])
    assert (cards["grupper med kun én facilitator"],
            cards["grupper uden uddannet facilitator"]) == ("0", "1")


@pytest.mark.parametrize(("name", "today", "expected"), [
    # 23 November 2026: the last complete quarter is 2026 Q3.
    ("four", dt.date(2026, 11, 23), ("2025-10-01", "2026-09-30")),
    ("year", dt.date(2026, 11, 23), ("2025-01-01", "2025-12-31")),
    ("ytd", dt.date(2026, 11, 23), ("2026-01-01", "2026-09-30")),
    # 15 February 2027: 2026 Q4 is complete, so the last full year is 2026, and no quarter
    # of 2027 is complete: "year to date" is 2026.
    ("year", dt.date(2027, 2, 15), ("2026-01-01", "2026-12-31")),
    ("ytd", dt.date(2027, 2, 15), ("2026-01-01", "2026-12-31")),
])
def test_date_presets_are_whole_quarters_up_to_the_last_complete_one(name, today,
                                                                    expected) -> None:
    from dashboard.components.filters import preset_period

    assert preset_period(name, today) == expected


def test_a_preset_sets_both_quarter_pickers(login_as) -> None:
    from dashboard.components.filters import preset_period
    from tests.conftest import dash_outputs

    client = login_as("esbjerg")
    dep = next(d for d in client.get("/_dash-dependencies").json
               if "municipality-preset-year" in json.dumps(d["inputs"]))
    body = client.post("/_dash-update-component", json={
        "output": dep["output"], "outputs": dash_outputs(dep["output"]), "state": [],
        "inputs": [{**i, "value": int(i["id"].endswith("-year"))} for i in dep["inputs"]],
        "changedPropIds": ["municipality-preset-year.n_clicks"]}).json["response"]
    assert (body["municipality-filter-from"]["value"],
            body["municipality-filter-to"]["value"]) == preset_period("year")


def test_the_municipality_page_offers_the_organisations_present_there(login_as) -> None:
    """Esbjerg (561) in tests/tiny.py: only alpha has a group there (G1); beta works in
    København and Varde."""
    body = call_callback(login_as("esbjerg"), "municipality-filter-organisation.options",
                         {"municipality-url": "/kommune/561"}).json["response"]
    assert [o["value"] for o in body["municipality-filter-organisation"]["options"]] == ["alpha"]


def test_aftercare_on_the_municipality_page_does_not_depend_on_the_organisation(
        login_as) -> None:
    """Esbjerg's aftercare in 2024 Q1 is C20 A8 (40,0 %) whichever organisation is chosen;
    the page says why instead of showing zeros."""
    body = municipality(login_as("esbjerg"), "561", organisation="alpha", method="smart")
    text = json.dumps(body["municipality-content"], ensure_ascii=False)
    assert "40,0 %" in text and "afhænger ikke af organisation og metode" in text
    # The funnel's file is the whole municipality's too.
    assert re.search(r"/download/funnel\.csv\?from=2024-01-01&to=2024-03-31&municipality=561"
                     r"(?!&)", text)
    plain = json.dumps(municipality(login_as("esbjerg"), "561")["municipality-content"],
                       ensure_ascii=False)
    assert "afhænger ikke af organisation og metode" not in plain


def test_the_status_table_is_chosen_by_status_and_kind_and_paged() -> None:
    """120 reports: 70 overdue meetings, 50 approved aftercare; pages of 50."""
    from dashboard.tables import page_of

    rows = ([{"status": "overdue", "kind": "meetings", "n": i} for i in range(70)]
            + [{"status": "approved", "kind": "aftercare", "n": 70 + i} for i in range(50)])
    listed, number, pages = page_of(rows, None, None, 1)
    assert (number, pages, [r["n"] for r in listed][:2], len(listed)) == (1, 3, [50, 51], 50)
    listed, number, pages = page_of(rows, "overdue", None, 1)
    assert (number, pages, len(listed), listed[-1]["n"]) == (1, 2, 20, 69)
    listed, number, pages = page_of(rows, None, "aftercare", 7)  # asked past the end
    assert (number, pages, len(listed)) == (0, 1, 50)
    assert page_of(rows, "late", None, 0) == ([], 0, 1)


def test_the_status_page_lists_one_kind_when_asked(login_as) -> None:
    values = {**filters("status"), "status-kind": "aftercare"}
    body = call_callback(login_as("national"), "status-table.children", values).json["response"]
    kinds = {row[1] for row in table_rows(body["status-table"])}
    assert kinds == {"Efterbehandling"}, kinds
    assert body["status-position"]["children"] == "Side 1 af 1"
