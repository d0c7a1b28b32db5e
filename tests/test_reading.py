"""How names, quarters, bands and counts read in each language (issue 13): Danish order with
"aa" as "å", "2025 Q4" in English, "1 problem" not "1 problems". Expected values by hand."""

from __future__ import annotations

from dashboard import format as fmt
from dashboard.i18n import PLURALS, t
from queries.collation import danish_key, sorted_danish


def test_aa_sorts_as_the_last_letter_of_the_danish_alphabet() -> None:
    names = ["Aarhus", "Vordingborg", "Aabenraa", "Ærø", "Albertslund", "Aalborg", "Odense"]
    assert sorted(names, key=danish_key) == [
        "Albertslund", "Odense", "Vordingborg", "Ærø", "Aabenraa", "Aalborg", "Aarhus"]


def test_aa_inside_a_name_and_marks_between_words() -> None:
    # Faaborg reads Fåborg: after Fredericia (å comes after r). A hyphen sorts before letters.
    names = ["Faaborg-Midtfyn", "Fredericia", "Fanø", "Lyngbyx", "Lyngby-Taarbæk"]
    assert sorted(names, key=danish_key) == [
        "Fanø", "Fredericia", "Faaborg-Midtfyn", "Lyngby-Taarbæk", "Lyngbyx"]


def test_capitals_sort_with_their_small_letters() -> None:
    assert sorted(["aarhus", "Aalborg", "Ærø", "æble"], key=danish_key) == [
        "æble", "Ærø", "Aalborg", "aarhus"]


def test_sorted_danish_orders_by_the_name_it_is_given() -> None:
    rows = [(751, "Aarhus"), (101, "København"), (851, "Aalborg")]
    assert sorted_danish(rows, lambda r: r[1]) == [(101, "København"), (851, "Aalborg"),
                                                   (751, "Aarhus")]


def test_quarters_in_each_language() -> None:
    assert fmt.quarter(20254, "da") == "2025 K4"
    assert fmt.quarter(20254, "en") == "2025 Q4"
    assert fmt.quarter(20131) == "2013 K1"  # outside a request: Danish


def test_population_bands_use_the_readers_thousands_separator() -> None:
    assert fmt.band("20.000-50.000", "da") == "20.000-50.000"
    assert fmt.band("20.000-50.000", "en") == "20,000-50,000"
    assert fmt.band("over 250.000", "en") == "over 250,000"


def test_plural_forms_agree_with_the_count() -> None:
    assert PLURALS.format("{n} {n:problem|problems}", n=1) == "1 problem"
    assert PLURALS.format("{n} {n:problem|problems}", n=2) == "2 problems"
    assert PLURALS.format("{n} {n:problem|problems}", n=0) == "0 problems"
    assert PLURALS.format("{n} {n:row|rows}", n="1") == "1 row"  # formatted counts too
    assert PLURALS.format("{n} {n:row|rows}", n="1.234") == "1.234 rows"


def test_texts_with_counts() -> None:
    assert t("import.status_rejected", "en", problems=1) == (
        "The file was rejected: 1 problem. Nothing was imported.")
    assert t("import.status_rejected", "en", problems=3) == (
        "The file was rejected: 3 problems. Nothing was imported.")
    assert t("import.status_imported", "da", rows=1, replaced=2) == (
        "Indlæst: 1 række (2 tidligere rækker erstattet).")
    assert t("import.title_lines_skipped", "en", count=1) == (
        "1 title line above the header was skipped.")
    assert t("summary.league", "en", n="1", higher="1", lower="0", national="30 %") == (
        "The chart shows the reach of 1 municipality with 95% intervals; 1 lies clearly above "
        "the national figure (30 %), 0 clearly below, the rest cannot be told apart from it.")
