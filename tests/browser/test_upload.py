"""The upload page as a municipal manager meets it (issue 13): the municipality by name, the
problems in the file's own words, the format description and the templates in the app."""

from __future__ import annotations

import re

from playwright.sync_api import expect

BAD = (b"Kvartal;afsluttet;Tilbudt;i_gruppe_90_dage;stadig_med_6_mdr\n"
       b"2024X2;12;9;5;3\n")


def test_esbjerg_checks_a_file_and_reads_its_problems_in_its_own_words(login) -> None:
    page = login("esbjerg", "/indberet")
    expect(page).to_have_url(re.compile(r"/indberet$"))
    expect(page.locator("#upload-municipality")).to_contain_text("Esbjerg (561)")
    page.locator("#upload-file input[type=file]").set_input_files(
        {"name": "efterbehandling.csv", "mimeType": "text/csv", "buffer": BAD})
    expect(page.locator("#upload-chosen")).to_contain_text("efterbehandling.csv")
    page.click("#upload-check")
    problems = page.locator("#upload-result .problems")
    expect(problems).to_contain_text("Række 2, kolonne «Kvartal», værdi «2024X2»")
    expect(page.locator("#upload-result")).to_contain_text("Intet er indlæst")
    # The templates and the format description are in the app, not in a repository.
    template = page.locator("#upload-formats a[href='/download/template/aftercare.csv']")
    # Only the manager's own kind: aftercare, not the NGOs' meetings.
    expect(page.locator("#upload-formats a[href$='/meetings.csv']")).to_have_count(0)
    with page.expect_download() as download:
        template.click()
    assert download.value.suggested_filename == "skabelon-aftercare.csv"
    page.click("#upload-formats a[href='/om/formater']")
    expect(page).to_have_url(re.compile(r"/om/formater$"))
    expect(page.locator("h1")).to_have_text("Dataformater")
    expect(page.locator("h2", has_text="The rules")).to_be_visible()
