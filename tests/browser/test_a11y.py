"""WCAG 2.1 AA checks in the browser: axe-core on every page for every role, the keyboard
alone with a visible focus, and a phone-width screen without sideways scrolling."""

from __future__ import annotations

import re

import dash
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser.conftest import HOMES

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}
ROLE_VALUES = {"code": {"esbjerg": "561", "koebenhavn": "101"},
               "slug": {"frise": "frise"}}


def paths_for(user: str) -> list[str]:
    """Every registered page, with path variables filled in for this user (their own
    municipality or organisation, else one outside their scope, which shows a notice)."""
    paths = []
    for page in dash.page_registry.values():
        template = page.get("path_template") or page["path"]
        if "<code>" in template:
            template = template.replace("<code>", ROLE_VALUES["code"].get(user, "561"))
        if "<slug>" in template:
            template = template.replace("<slug>", ROLE_VALUES["slug"].get(user, "frise"))
        paths.append(template)
    return sorted(set(paths))


def settle(page: Page) -> None:
    """Wait until Dash has drawn the page and its callbacks are done: no request in flight,
    no loading screen, no component marked as loading (a state, never a fixed time)."""
    page.wait_for_load_state("networkidle")
    expect(page.locator("._dash-loading")).to_have_count(0)
    expect(page.locator("[data-dash-is-loading='true']")).to_have_count(0)


def serious(page: Page) -> list[str]:
    results = Axe().run(page, options=WCAG_AA)
    return [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']} {v['help']}"
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("user", sorted(HOMES))
def test_no_serious_accessibility_violations(login, base_url, user) -> None:
    page = login(user)
    page.wait_for_url(lambda url: "/login" not in url)
    found = {}
    for path in paths_for(user):
        page.goto(base_url + path)
        settle(page)
        problems = serious(page)
        if problems:
            found[path] = problems
    assert not found, "\n".join(f"{p}: {x}" for p, xs in found.items() for x in xs)


@pytest.mark.parametrize("path", ["/login", "/tilgaengelighedserklaering",
                                  "/tilgaengelighedserklaering?lang=en"])
def test_public_pages_are_accessible(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    assert serious(page) == []


def test_keyboard_reaches_filters_and_downloads_with_visible_focus(login, base_url) -> None:
    page = login("esbjerg")
    expect(page.locator("#municipality-content .kpi").first).to_be_visible()
    settle(page)
    reached: list[str] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        info = page.evaluate("""() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {id: el.id || '', cls: el.className || '', tag: el.tagName,
                    text: (el.innerText || el.value || '').slice(0, 40),
                    outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
                    shadow: style.boxShadow !== 'none'};
        }""")
        if info["tag"] == "BODY":
            continue
        assert info["outline"] or info["shadow"], f"no visible focus on {info}"
        reached.append(f"{info['tag']}#{info['id']}.{info['cls']} {info['text']}")
    joined = "\n".join(reached)
    assert "skip-link" in reached[0], "the first Tab stop skips to the content"
    assert "municipality-filter-method" in joined or "Alle metoder" in joined, joined[:800]
    assert "download" in joined, joined[:1500]


def test_skip_link_moves_focus_to_the_content(login, base_url) -> None:
    page = login("national")
    settle(page)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("path", ["/", "/kommune/561", "/grupper", "/status"])
def test_phone_width_needs_no_sideways_scrolling(login, base_url, path) -> None:
    page = login("esbjerg")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + path)
    settle(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{path} is {overflow}px wider than a phone"


def test_the_file_upload_is_reachable_by_keyboard(login, base_url) -> None:
    page = login("frise")
    # Listen before anything happens: Playwright turns on Chromium's file chooser
    # interception only when someone listens, and asynchronously, so a listener made at
    # the moment of the key press can miss the chooser it opens.
    choosers = []
    page.on("filechooser", lambda chooser: choosers.append(chooser))
    page.goto(base_url + "/indberet")
    settle(page)
    field = page.locator(".upload-box input[type=file]")
    expect(field).to_have_attribute("aria-label", re.compile("CSV"))
    for _ in range(40):  # Tab until the file field has the focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "file":
            break
    assert page.evaluate("document.activeElement.type") == "file"
    outline = page.evaluate("getComputedStyle(document.querySelector('.upload-box')).outlineStyle")
    assert outline != "none", "the drop zone shows the focus"
    assert choosers == [], "Tab alone opens nothing"
    with page.expect_file_chooser() as opened:  # waits for the event, not for a time
        page.keyboard.press("Enter")
    assert opened.value.element.get_attribute("aria-label") == field.get_attribute("aria-label")
    assert len(choosers) == 1, "Enter on the focused field opens one file chooser"


@pytest.mark.parametrize("user", ["national", "esbjerg", "frise"])
def test_open_dropdowns_have_no_serious_violations(login, base_url, user) -> None:
    """Issue 13: an open dropdown's popover and list are named, its options hold no nested
    control, and its search field speaks the page's language."""
    page = login(user)
    page.wait_for_url(lambda url: "/login" not in url)
    found: dict[str, list[str]] = {}
    for path in ("/", HOMES[user], "/status"):
        page.goto(base_url + path)
        settle(page)
        buttons = page.locator(".filter-bar button.dash-dropdown")
        for i in range(min(buttons.count(), 3)):  # a period, a region or place, and one more
            buttons.nth(i).click()
            search = page.locator(".dash-dropdown-content input.dash-dropdown-search")
            expect(search).to_have_attribute("placeholder", "Søg")
            expect(page.locator(".dash-dropdown-content [role=option]").first).to_have_attribute(
                "aria-selected", re.compile("true|false"))
            problems = serious(page)
            if problems:
                found[f"{path} dropdown {i}"] = problems
            page.keyboard.press("Escape")
            expect(page.locator(".dash-dropdown-content")).to_have_count(0)
    assert not found, "\n".join(f"{p}: {x}" for p, xs in found.items() for x in xs)


def test_an_open_dropdown_is_chosen_by_keyboard_and_says_search_in_english(login,
                                                                           base_url) -> None:
    page = login("national")
    page.goto(base_url + "/?lang=en")
    settle(page)
    page.locator("#overview-filter-region").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".dash-dropdown-content input.dash-dropdown-search")).to_have_attribute(
        "placeholder", "Search")
    # The choices arrive by callback: wait for them, then move by keyboard until one of them
    # has the focus, and choose it. Which region does not matter; that a key chose it does
    # (pressing ahead of the list once chose the first region instead of the second).
    expect(page.locator(".dash-dropdown-content [role=option]").nth(1)).to_be_visible()
    focused = page.locator(".dash-dropdown-content [role=option]:focus")
    page.keyboard.press("ArrowDown")
    if not focused.count():
        page.keyboard.press("ArrowDown")
    expect(focused).to_have_count(1)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"region=108[1-5]"))


@pytest.mark.parametrize(("lang", "nothing"), [("da", "Ingen valgmuligheder passer"),
                                               ("en", "No options found")])
def test_a_search_that_finds_nothing_says_so_in_the_pages_language(login, base_url, lang,
                                                                    nothing) -> None:
    """Dash's own words inside an open list ("No options found") were English on a Danish
    page: they come from the page's texts now."""
    page = login("national")
    page.goto(f"{base_url}/?lang={lang}")
    settle(page)
    page.locator("#overview-filter-region").click()
    expect(page.locator(".dash-dropdown-content [role=option]").nth(1)).to_be_visible()
    page.locator(".dash-dropdown-content input.dash-dropdown-search").fill("zzzz")
    expect(page.locator(".dash-dropdown-content")).to_contain_text(nothing)


def _contrast(rgb_a: str, rgb_b: str) -> float:
    def luminance(rgb: str) -> float:
        channels = [int(x) / 255 for x in re.findall(r"\d+", rgb)[:3]]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(rgb_a), luminance(rgb_b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_focus_ring_has_3_to_1_contrast_with_what_is_behind_it(login, base_url) -> None:
    page = login("esbjerg")
    settle(page)
    ring = page.evaluate("""() => {
        const el = document.querySelector('.download');
        el.focus({focusVisible: true});
        return getComputedStyle(el).outlineColor; }""")
    assert _contrast(ring, "rgb(255, 255, 255)") >= 3, ring
    # In the dark top bar the ring is yellow, against the bar's blue.
    bar = page.evaluate("""() => {
        const el = document.querySelector('.topbar .brand');
        el.focus({focusVisible: true});
        return [getComputedStyle(el).outlineColor,
                getComputedStyle(document.querySelector('.topbar')).backgroundColor]; }""")
    assert _contrast(bar[0], bar[1]) >= 3, bar
