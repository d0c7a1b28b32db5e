"""What a page shows when its URL points outside the viewer's scope: a clear message, no data."""

from __future__ import annotations

from urllib.parse import urlencode

from dash import html

from dashboard.components.panels import notice
from dashboard.i18n import t
from dashboard.shell import home_path


def outside_municipality(who: object, code: int, name: str, period: dict[str, str]) -> html.Div:
    overview = "/?" + urlencode({**period, "municipality": code})
    return notice(t("scope.outside_title"), t("scope.outside_municipality", name=name),
                  _links(who, overview))


def outside_organisation(who: object, slug: str, name: str, period: dict[str, str]) -> html.Div:
    overview = "/?" + urlencode({**period, "organisation": slug})
    return notice(t("scope.outside_title"), t("scope.outside_organisation", name=name),
                  _links(who, overview))


def unknown(text: str) -> html.Div:
    """A page for a municipality or organisation that does not exist: not found, which
    is true for every viewer, not "outside your area"."""
    return notice(t("scope.not_found_title"), text, [(t("nav.overview"), "/")])


def _links(who: object, overview: str) -> list[tuple[str, str]]:
    links = [(t("scope.see_overview"), overview)]
    if home_path(who) != "/":
        links.append((t("scope.go_own"), home_path(who)))
    return links
