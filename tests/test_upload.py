"""The upload page's help for the sender (issue 13): problems in the file's own words, what a
replacement does before it is done, the format description and templates in the app.

Expected figures are counted by hand from the tiny world (tests/tiny.py)."""

from __future__ import annotations

from queries.importer import Partner, import_file
from queries.scope import Scope

ALPHA, ESBJERG = Partner(organisation="alpha"), Partner(municipality=561)
ALPHA_SCOPE, ESBJERG_SCOPE = Scope.ngo(1), Scope.municipal({561})
AFTERCARE_HEADER = "Kvartal;afsluttet;tilbudt;i_gruppe_90_dage;stadig_med_6_mdr\n"


def run(session, text: str, kind: str = "meetings", partner: Partner = ALPHA,  # noqa: ANN001, ANN201
        scope: Scope = ALPHA_SCOPE, quarter: int | None = 20241, **kw):
    return import_file(session, text.encode("utf-8"), kind, partner, scope=scope,
                       filename="test.csv", submitted_by="test", quarter=quarter, **kw)


# ---------------------------------------------------------------- the file's own words


def test_a_problem_keeps_the_header_and_the_cell_as_written(session) -> None:
    result = run(session, AFTERCARE_HEADER + "2024K3;5;4;1;0", "aftercare", ESBJERG,
                 ESBJERG_SCOPE, quarter=20242)
    [problem] = result.problems
    assert (problem.column, problem.header, problem.value, problem.code) == (
        "quarter", "Kvartal", "2024K3", "outside_quarter")


def test_a_rule_across_cells_names_both_columns_as_written(session) -> None:
    result = run(session, AFTERCARE_HEADER + " 2024K2 ;5;6;1;0", "aftercare", ESBJERG,
                 ESBJERG_SCOPE, quarter=20242)
    [problem] = result.problems
    assert (problem.header, problem.value, problem.params) == (
        "tilbudt", "6", {"other": "afsluttet"})


def test_problems_are_described_in_the_senders_words() -> None:
    from dashboard.imports import describe_problem
    from queries.importer import Problem

    problem = Problem(2, "quarter", "2024K3", "outside_quarter", {"quarter": "2024K2"},
                      header="Kvartal")
    assert describe_problem(problem, "da") == (
        "Række 2, kolonne «Kvartal», værdi «2024K3»: ligger uden for kvartalet 2024K2")
    assert describe_problem(problem, "en") == (
        "Row 2, column 'Kvartal', value '2024K3': lies outside the quarter 2024K2")
    # A missing column has no header in the file: the format's own name is used.
    missing = Problem(1, "date", "", "missing_column")
    assert describe_problem(missing, "en") == (
        "Row 1, column 'date': the column is missing from the header")


def test_an_english_header_is_kept_as_written(session) -> None:
    result = run(session, "Group;Date;Attendance\nalpha-kbh;2024-03-09;-2")
    [problem] = result.problems
    assert (problem.header, problem.value, problem.code) == ("Attendance", "-2", "negative")


# ---------------------------------------------------------------- what a replacement does


MEETINGS_Q1 = ("gruppe;dato;fremmøde\nalpha-kbh;2024-03-09;4\n"
               "alpha-esbjerg;2024-03-11;5\n")


def test_the_check_counts_the_rows_a_quarterly_file_replaces(session) -> None:
    # alpha's Q1 meetings: G1 three (01-08, 01-15, 02-05) and G2 two (02-17, 03-02); beta's
    # two (G3) are another partner's and stay.
    checked = run(session, MEETINGS_Q1, check_only=True)
    assert (checked.status, checked.rows, checked.replaced, checked.quarter) == (
        "checked", 2, 5, 20241)
    imported = run(session, MEETINGS_Q1)
    assert (imported.status, imported.replaced) == ("imported", 5)


def test_the_check_counts_hours_and_aftercare(session) -> None:
    # alpha's Q1 hours: V1 January and February, V4 March (V5 and V3 are beta's).
    hours = run(session, "frivillig;måned;timer\nV1;2024-01;2", "hours", check_only=True)
    assert (hours.status, hours.replaced) == ("checked", 3)
    # Esbjerg has one aftercare row for 2024 Q2, none for 2024 Q3.
    q2 = run(session, AFTERCARE_HEADER + "2024K2;5;4;1;0", "aftercare", ESBJERG,
             ESBJERG_SCOPE, quarter=20242, check_only=True)
    q3 = run(session, AFTERCARE_HEADER + "2024K3;5;4;1;0", "aftercare", ESBJERG,
             ESBJERG_SCOPE, quarter=20243, check_only=True)
    assert (q2.replaced, q3.replaced) == (1, 0)


def test_the_check_counts_register_entries_that_would_change(session) -> None:
    # alpha-esbjerg exists with another name (changes); new-1 is new (added, not replaced).
    text = ("ref;navn;kommune;metode;ugedag;kl;startdato\n"
            "alpha-esbjerg;Nyt navn;561;smart;mandag;19:00;2023-01-01\n"
            "new-1;X;561;smart;mandag;19:00;2024-01-01\n")
    checked = run(session, text, "groups", quarter=None, check_only=True)
    assert (checked.status, checked.replaced, checked.quarter) == ("checked", 1, None)
    assert run(session, text, "groups", quarter=None).replaced == 1


def test_the_check_says_what_the_replacement_does(session) -> None:
    from dashboard.imports import describe_result

    checked = run(session, MEETINGS_Q1, check_only=True)
    assert describe_result(checked, "da") == (
        "Filen er i orden: 2 rækker kan indlæses. Indlæsningen erstatter de 5 rækker, der er "
        "gemt for 2024 K1, med filens 2.")
    assert describe_result(checked, "en") == (
        "The file is fine: 2 rows can be imported. Importing replaces the 5 rows stored for "
        "2024 K1 with the file's 2.")
    empty = run(session, MEETINGS_Q1.replace("2024-03", "2024-09"), quarter=20243,
                check_only=True)
    assert describe_result(empty, "en").endswith("No rows are stored for 2024 K3; nothing is "
                                                  "replaced.")


# ---------------------------------------------------------------- the page, templates, formats


def test_the_municipality_is_offered_by_name(login_as) -> None:
    from tests.conftest import call_callback

    client = login_as("koebenhavn")  # 101 København and 147 Frederiksberg
    response = call_callback(client, "upload-municipality.options",
                             {"upload-url": "/indberet"})
    out = response.json["response"]
    assert out["upload-municipality"]["options"] == [
        {"label": "København (101)", "value": 101},
        {"label": "Frederiksberg (147)", "value": 147}]
    assert out["upload-municipality"]["value"] == 101


def test_a_template_is_the_examples_header_and_first_row(login_as) -> None:
    response = login_as("alpha").get("/download/template/aftercare.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.get_data(as_text=True) == (
        "\ufeffkvartal;afsluttet;tilbudt;i_gruppe_90_dage;stadig_med_6_mdr\r\n"
        "2024K2;12;9;5;3\r\n")
    assert 'filename="skabelon-aftercare.csv"' in response.headers["Content-Disposition"]


def test_templates_only_for_the_kinds_partners_send(login_as) -> None:
    client = login_as("alpha")
    assert client.get("/download/template/population.csv").status_code == 404
    # No route matches a path outside the kinds; Dash answers with its page, never a file.
    escape = client.get("/download/template/..%2Fpyproject.csv")
    assert escape.mimetype == "text/html" and "[project]" not in escape.get_data(as_text=True)
    assert client.get("/download/template/meetings.csv").status_code == 200


def test_templates_need_a_login(client) -> None:
    assert client.get("/download/template/meetings.csv").status_code == 401


def test_every_template_is_a_file_the_importer_accepts(session) -> None:
    from dashboard.imports import TEMPLATE_KINDS, template

    # The example rows fit the tiny world: each template checks clean as it is.
    for kind in TEMPLATE_KINDS:
        partner, scope = (ESBJERG, ESBJERG_SCOPE) if kind == "aftercare" else (ALPHA, ALPHA_SCOPE)
        result = run(session, template(kind), kind, partner, scope,
                     quarter=None if kind in ("groups", "volunteers") else 20242,
                     check_only=True)
        assert (kind, result.status, result.rows) == (kind, "checked", 1), result.problems


def test_the_format_description_is_a_page_in_the_app(app, login_as) -> None:
    import dash

    from dashboard.imports import FORMATS_DOC

    assert FORMATS_DOC.is_file()  # shipped in the checkout the app runs from
    assert login_as("alpha").get("/om/formater").status_code == 200
    [entry] = [p for p in dash.page_registry.values() if p["path"] == "/om/formater"]
    with app.server.test_request_context("/om/formater?lang=en"):
        rendered = str(entry["layout"]().to_plotly_json())
    assert "Data formats" in rendered and "## The rules" in rendered
    assert "# Data formats: what partners send in" not in rendered  # one h1: the page's own
    assert "/download/template/meetings.csv" in rendered
