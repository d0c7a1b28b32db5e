"""Dash's dropdown, speaking the page's language."""

from __future__ import annotations

from dash import dcc

from dashboard.i18n import dropdown_labels


def dropdown(**props: object) -> dcc.Dropdown:
    """A dcc.Dropdown whose own words ("Search", "No options found") are the page's."""
    return dcc.Dropdown(labels=dropdown_labels(), **props)
