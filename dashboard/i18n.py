"""Danish and English: which language a request speaks, and the text for a key in it.

Every text the interface shows lives in the package `dashboard.texts`, one module per
area, each a dict `TEXTS = {key: (danish, english)}`; keys are unique across modules.
The language is Danish unless the user chose English with `?lang=en` (kept in the
session, so callbacks and downloads speak it too).
"""

from __future__ import annotations

import importlib
import pkgutil
import string
from contextvars import ContextVar
from functools import cache
from urllib.parse import parse_qs, urlsplit

from flask import Flask, g, has_request_context, request, session

LANGUAGES = ("da", "en")
DEFAULT = "da"
# The request's language once decided: asked for every number a page draws (thousands per
# filter change), where Flask's `g` behind its proxies cost a sixth of a change's time.
# Set inside a request, forgotten when it ends (`init_i18n`).
_LANG: ContextVar[str | None] = ContextVar("overblik_lang", default=None)


@cache
def catalogue() -> dict[str, tuple[str, str]]:
    """All texts from every module in dashboard.texts; a duplicate key is a programming error."""
    import dashboard.texts as package

    merged: dict[str, tuple[str, str]] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for key, pair in module.TEXTS.items():
            if key in merged:
                raise KeyError(f"text {key!r} is defined twice (again in {info.name})")
            merged[key] = pair
    return merged


def current_lang() -> str:
    """The request's language: `?lang=` first, then the session, else Danish."""
    known = _LANG.get()
    if known is not None:
        return known
    if not has_request_context():
        return DEFAULT
    known = g.get("lang")
    if known is None:
        asked = request.args.get("lang") or _lang_of_page()
        if asked in LANGUAGES:
            known = asked
        else:
            remembered = session.get("lang")
            known = remembered if remembered in LANGUAGES else DEFAULT
        g.lang = known
    _LANG.set(known)
    return known


def _lang_of_page() -> str | None:
    """The `?lang=` of the page a callback comes from (its Referer, sent same-origin only).

    The session remembers the choice too, but a callback answered for the page before the
    switch can land after it and send back the old session cookie; the page's own address
    cannot be overwritten that way."""
    referrer = request.referrer
    if not referrer or "lang=" not in referrer:
        return None
    return parse_qs(urlsplit(referrer).query).get("lang", [None])[0]


class _Plurals(string.Formatter):
    """Formats `{n:problem|problems}` as the word for the count n: the first form for 1,
    the second for any other count (English and Danish both have just these two)."""

    def format_field(self, value: object, format_spec: str) -> str:
        if "|" in format_spec:
            one, other = format_spec.split("|", 1)
            return one if str(value).strip() in ("1", "1.0", "-1") else other
        return super().format_field(value, format_spec)


PLURALS = _Plurals()


def t(key: str, lang: str | None = None, **params: object) -> str:
    """The text for `key` in the current (or given) language, with {placeholders} filled.

    A placeholder with a spec such as `{rows:row|rows}` gives the word that agrees with
    the count `rows` ("1 row", "2 rows"), so no text needs "row(s)"."""
    da, en = catalogue()[key]
    text = en if (lang or current_lang()) == "en" else da
    return PLURALS.format(text, **params) if params else text


def dropdown_labels() -> dict[str, str]:
    """The words Dash's dropdown writes itself ("Search", "No options found"), in the page's
    language: without them a Danish page spoke English inside every open list."""
    own = {"search": "dropdown.search", "clear_search": "dropdown.clear"}
    return {key: t(own.get(key, f"dropdown.{key}"))
            for key in ("select_all", "deselect_all", "selected_count", "search",
                        "clear_search", "clear_selection", "no_options_found")}


def translate_page_titles(registry: dict) -> None:
    """Give every registered page a browser-tab title in the viewer's language.

    Dash calls a callable title per request (for the first page and after each
    navigation), so `title.<module>` in dashboard.texts is looked up in the language of
    that request; register_page only knows the Danish default."""
    for page in registry.values():
        key = f"title.{page['module'].rsplit('.', 1)[-1]}"
        if key in catalogue():
            page["title"] = lambda _key=key, **_path: t(_key)


def placeholders(text: str) -> set[str]:
    """The {names} a text expects, so tests can check both languages expect the same."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _remember_choice() -> None:
    asked = request.args.get("lang")
    if asked in LANGUAGES and session.get("lang") != asked:
        session["lang"] = asked


def _forget_lang(_exc: BaseException | None = None) -> None:
    _LANG.set(None)


def init_i18n(server: Flask) -> None:
    server.before_request(_forget_lang)  # a worker thread's last request spoke its own
    server.before_request(_remember_choice)
    server.teardown_request(_forget_lang)
