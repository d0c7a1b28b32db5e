"""The accessibility statement (tilgængelighedserklæring), one text for two places: the
page inside the app and a public page that anyone can read without an account, as a Danish
public web solution must publish it. The public page is plain HTML rendered on the server:
no data, no Dash callbacks, nothing behind the login opened up."""

from __future__ import annotations

from flask import Blueprint, render_template_string

from dashboard.i18n import current_lang, t

PUBLIC_PATH = "/tilgaengelighedserklaering"
UPDATED = "2026-11-22"
# (heading, texts, shown as a list)
SECTIONS: list[tuple[str, list[str], bool]] = [
    ("a11y.status_title", ["a11y.status"], False),
    ("a11y.done_title", [f"a11y.done{i}" for i in range(1, 7)], True),
    ("a11y.limits_title", [f"a11y.limit{i}" for i in range(1, 4)], True),
    ("a11y.contact_title", ["a11y.contact", "a11y.complaint"], False),
]

PAGE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ t("a11y.title") }} · Overblik</title>
<link rel="stylesheet" href="/assets/overblik.css"></head>
<body class="login-body"><main class="statement">
<p><a href="/login">Overblik</a> ·
<a href="{{ path }}?lang={{ other }}" lang="{{ other }}">{{ t("shell.switch") }}</a></p>
<h1>{{ t("a11y.title") }}</h1>
<p class="lead">{{ t("a11y.intro") }}</p>
{% for heading, texts, listed in sections %}<section class="panel wide">
<h2>{{ t(heading) }}</h2>
{% if listed %}<ul>{% for key in texts %}<li>{{ t(key) }}</li>{% endfor %}</ul>
{% else %}{% for key in texts %}<p>{{ t(key) }}</p>{% endfor %}{% endif %}
</section>{% endfor %}
<p class="source">{{ t("a11y.updated", date=updated) }}</p>
</main></body></html>"""

bp = Blueprint("statement", __name__)


@bp.route(PUBLIC_PATH)
def public_statement() -> str:
    lang = current_lang()
    return render_template_string(PAGE, t=t, lang=lang, other="en" if lang == "da" else "da",
                                  sections=SECTIONS, updated=UPDATED, path=PUBLIC_PATH)
