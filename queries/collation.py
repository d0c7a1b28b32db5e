"""Danish alphabetical order for names: ... x, y, z, æ, ø, å, with "aa" read as "å".

Python's `sorted` and SQLite's default collation order by code point, which puts
Aabenraa, Aalborg and Aarhus first; a Danish reader looks for them after Ærø and
Ørsted-like names, at the end, as the Danish alphabet and Retskrivningsordbogen do
(aa as å, also inside a name: Faaborg-Midtfyn after Fredericia). Names are public
reference data, so this sits in the query layer beside the lists it orders.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")

# Letters that sort as another letter (ä and ö as in the Danish alphabet's æ and ø).
_SAME_AS = {"ä": "æ", "ö": "ø", "ü": "y", "é": "e", "è": "e", "á": "a", "à": "a"}
_ORDER = {ch: i for i, ch in enumerate("0123456789abcdefghijklmnopqrstuvwxyzæøå", start=1)}


def danish_key(name: str) -> tuple[tuple[int, ...], str]:
    """A sort key that orders names as a Danish reader expects.

    Spaces, hyphens and other marks sort before every letter ("Lyngby-Taarbæk" before
    "Lyngbyx"); the name itself breaks ties, so the order is total and repeatable."""
    text = name.casefold().replace("aa", "å")
    ranks = tuple(_ORDER.get(_SAME_AS.get(ch, ch), 0) for ch in text)
    return ranks, name


def sorted_danish(items: Iterable[T], name: Callable[[T], str]) -> list[T]:
    """The items in Danish order of the name each one has."""
    return sorted(items, key=lambda item: danish_key(name(item)))
