"""Callback values arrive as JSON that anyone can write: a value of the wrong kind is refused
with 400 and a message that names the input and the value, never a 500 from deep inside."""

from __future__ import annotations

import re
from typing import NoReturn

from flask import abort
from werkzeug.datastructures import MultiDict

from dashboard.i18n import t

# No input or URL parameter holds a control character; PostgreSQL cannot even store NUL.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def refuse(where: str, value: object) -> NoReturn:
    """Answer 400: `where` is the input ("municipality-code.data"), the value is shown short."""
    shown = repr(value)
    shown = shown if len(shown) <= 40 else shown[:40] + "…"
    abort(400, t("error.bad_input", where=where, value=shown))


def text_or_none(value: object, where: str) -> str | None:
    """The value of a text input (a store, a dropdown of text options), else refuse."""
    if value is None or (isinstance(value, str) and not CONTROL.search(value)):
        return value
    refuse(where, value)


def codes_or_refuse(value: object, where: str) -> list[int]:
    """The municipality codes of a multi-select dropdown (a list of numbers), else refuse."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    codes = []
    for item in items:
        if isinstance(item, bool) or not (isinstance(item, int) or (
                isinstance(item, str) and item.isascii() and item.isdigit() and len(item) <= 4)):
            refuse(where, value)
        codes.append(int(item))
    return codes


def check_parameters(args: MultiDict[str, str]) -> None:
    """Refuse URL parameters that hold control characters, before anything is streamed."""
    for name, value in args.items(multi=True):
        if CONTROL.search(value) or CONTROL.search(name):
            refuse(name, value)


# What a browser sends for each property our callbacks read (None is always allowed).
# Properties not named here (children, a store's data) are checked by the callback itself.
KINDS: dict[str, tuple[type, ...]] = {
    "pathname": (str,), "search": (str,), "href": (str,), "hash": (str,),
    "n_clicks": (int,), "filename": (str,), "contents": (str,), "value": (str, int, float),
}


def _items(part: object) -> list[dict]:
    """The inputs or state of a callback request; pattern-matching inputs come as lists."""
    if not isinstance(part, list):
        return []
    out: list[dict] = []
    for item in part:
        out.extend(_items(item) if isinstance(item, list) else [item])
    return out


def check_callback_request() -> None:
    """Before Dash dispatches a callback (its own page router too): every input and state
    value must be of the kind a browser sends for its property; answer 400 otherwise."""
    from flask import request

    if request.method != "POST" or not request.path.endswith("/_dash-update-component"):
        return
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        abort(400, t("error.not_callback"))
    for part in ("inputs", "state"):
        for item in _items(body.get(part)):
            if not isinstance(item, dict):
                abort(400, t("error.not_callback"))
            value, prop = item.get("value"), item.get("property")
            allowed = KINDS.get(prop) if isinstance(prop, str) else None
            if prop == "pathname" and not (isinstance(value, str) and value.startswith("/")):
                refuse(f"{item.get('id')}.{prop}", value)  # a page always has a path
            if value is None or allowed is None:
                continue
            # A multi-select dropdown's value is a list of options (at most every municipality).
            values = value if prop == "value" and isinstance(value, list) else [value]
            if len(values) > MAX_CHOICES or not all(_plain(v, allowed) for v in values):
                refuse(f"{item.get('id')}.{prop}", value)


MAX_CHOICES = 200


def _plain(value: object, allowed: tuple[type, ...]) -> bool:
    """A value of an allowed kind (a bool is not a number here) without control characters."""
    return (not isinstance(value, bool) and isinstance(value, allowed)
            and not (isinstance(value, str) and CONTROL.search(value)))
