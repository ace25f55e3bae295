"""Charts in the reader's language, in a real browser: Icelandic ticks, no toolbar anywhere."""

from __future__ import annotations

import re

from tests.support.browser import DEMO_PASSWORD

ICELANDIC_TICK = re.compile(r"^(\d{4}|\d\. ársfj\. \d{4}|[a-záéíóúýþæöð]+ \d{4})$")


def test_charts_tick_in_icelandic_without_a_toolbar(live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        # A public indicator page: its chart is drawn as it nears the viewport.
        page.goto(live_server + "/missions/better-city-for-children?lang=is")
        link = page.locator("a[href*='/indicators/']").first
        page.goto(live_server + (link.get_attribute("href") or ""))
        chart = page.locator("[data-figure]").first
        chart.scroll_into_view_if_needed()
        page.locator("[data-figure].chart-ready").first.wait_for()
        ticks = page.locator("[data-figure].chart-ready .xtick text").all_text_contents()
        assert ticks
        assert all(ICELANDIC_TICK.match(t) for t in ticks), ticks
        assert page.locator(".modebar").count() == 0

        # Staff dashboards: every chart drawn, none with Plotly's toolbar (six tab stops each).
        page.goto(live_server + "/staff/login")
        page.get_by_label("Netfang").fill("mayor@demo.aimtracker.is")
        page.get_by_label("Lykilorð").fill(DEMO_PASSWORD)
        page.locator("form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/staff/$"))
        page.goto(live_server + "/staff/dashboards/missions/1")
        page.wait_for_load_state("networkidle")
        assert page.locator(".chart-ready").count() >= 5
        assert page.locator(".modebar").count() == 0
        assert page.locator(".modebar-btn").count() == 0
        assert not errors
    finally:
        context.close()
