"""User text is text in a real browser: an intervention titled like markup, on every chart page."""

from __future__ import annotations

import re

from tests.support.browser import DEMO_PASSWORD, save_screenshot

EVIL = "<img src=x onerror=alert(1)>"
MISSION = "A Better City for Children"


def _sign_in(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/staff/login")
    page.get_by_label("Email").fill("mayor@demo.aimtracker.is")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/staff/$"))


def _create_evil_intervention(page, base: str) -> str:  # type: ignore[no-untyped-def]
    """Through the staff forms: the intervention, a milestone, then publish. Returns its URL."""
    page.goto(base + "/staff/interventions/new")
    page.get_by_label("Mission").select_option(label=MISSION)
    page.get_by_label("Lead department").select_option(label="EDU · Education and Youth")
    page.get_by_label("Title", exact=True).fill(EVIL)
    page.get_by_label("Start date").fill("2024-01-01")
    page.get_by_label("Youngest age served").fill("16")
    page.get_by_label("Oldest age served").fill("17")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/staff/interventions/\d+$"))
    url = page.url
    page.get_by_role("link", name=re.compile("milestone", re.I)).first.click()
    page.get_by_label("Title", exact=True).fill(EVIL)
    page.get_by_label("Due date").fill("2024-06-01")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(url)
    page.get_by_role("button", name="Publish").first.click()
    page.wait_for_load_state()
    return url


def _hover_text(page, figure_id: str) -> str:  # type: ignore[no-untyped-def]
    """Hover (through Plotly) the first point whose hover text holds the escaped title, and
    return the hover label as drawn. Plotly throttles hovers, so only one point is hovered.
    Public pages draw a chart only as it nears the viewport: scroll to it first."""
    chart = page.locator(f'[data-figure="{figure_id}-data"]')
    chart.scroll_into_view_if_needed()
    page.locator(f'[data-figure="{figure_id}-data"].chart-ready').wait_for()
    found = page.evaluate(
        """(id) => {
            const node = document.querySelector(`[data-figure="${id}-data"]`);
            for (let c = 0; c < node.data.length; c++) {
                const texts = node.data[c].text || [];
                for (let p = 0; p < texts.length; p++) {
                    if (String(texts[p]).includes("&lt;img")) {
                        window.Plotly.Fx.hover(node, [{curveNumber: c, pointNumber: p}]);
                        return true;
                    }
                }
            }
            return false;
        }""",
        figure_id,
    )
    assert found, f"no point of {figure_id} names the intervention"
    page.wait_for_timeout(200)
    return page.locator(f'[data-figure="{figure_id}-data"] .hoverlayer').text_content() or ""


def test_markup_in_an_intervention_title_is_only_ever_text(live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []

    def on_dialog(dialog) -> None:  # type: ignore[no-untyped-def]
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _sign_in(page, live_server)
    item_url = _create_evil_intervention(page, live_server)
    try:
        page.goto(live_server + "/staff/dashboards/")
        page.wait_for_load_state("networkidle")
        assert page.locator(".chart-ready").count() >= 2
        page.get_by_role("link", name=MISSION).first.click()
        page.wait_for_load_state("networkidle")
        assert "/staff/dashboards/missions/" in page.url
        charts = page.locator("[data-figure]")
        assert charts.count() >= 5
        assert page.locator(".chart-ready").count() == charts.count()
        # In the timeline table, and as the timeline's own axis label (Plotly draws it as text).
        page.get_by_text("Interventions and milestones as a table").click()
        assert page.get_by_role("link", name=EVIL, exact=True).first.is_visible()
        # The axis label is cut to fit a phone, so look for its start.
        assert page.locator(".chart-box text").filter(has_text="<img src=x onerror").count() >= 1
        assert page.locator("img[src='x']").count() == 0
        save_screenshot(page, "dashboard-mission-xss")

        # Hover text is drawn only on hover: show the milestone's label through Plotly itself.
        hover = _hover_text(page, "timeline")
        assert EVIL in hover

        page.goto(live_server + "/missions/better-city-for-children")
        page.wait_for_load_state("networkidle")
        assert page.get_by_text(EVIL, exact=True).first.is_visible()
        assert page.locator("img[src='x']").count() == 0
        # The coverage chart names the interventions serving an age in its hover text.
        assert EVIL in _hover_text(page, "coverage")
    finally:
        # Leave the shared demo city as it was for the other browser tests.
        page.goto(item_url)
        page.get_by_role("link", name="Archive").click()  # the confirmation page names it
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).text_content() == f"Archive {EVIL}?"
        assert page.locator("img[src='x']").count() == 0
        page.get_by_role("button", name="Archive").click()
        page.wait_for_load_state()
    assert dialogs == []
    assert errors == []
    context.close()


def test_dashboards_fit_a_phone_and_pass_axe(live_server, browser):
    """Every dashboard at 375 px: no sideways page scroll, charts drawn, no serious axe finding."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _sign_in(page, live_server)
    page.goto(live_server + "/staff/dashboards/")
    urls = [page.url]
    for pattern in ("/staff/dashboards/missions/", "/staff/dashboards/departments/"):
        urls.append(live_server + page.locator(f"a[href^='{pattern}']").first.get_attribute("href"))
    page.goto(urls[1])
    link = page.locator("a[href^='/staff/dashboards/indicators/']").first
    urls.append(live_server + link.get_attribute("href"))
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    problems = {}
    for url in urls:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, url
        assert page.locator(".chart-ready").count() == page.locator("[data-figure]").count(), url
        found = [
            f"{v['id']}: {v['help']}"
            for v in Axe().run(page, options=options).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        if found:
            problems[url] = found
    save_screenshot(page, "dashboard-indicator-375px")
    context.close()
    assert problems == {}
    assert errors == []
