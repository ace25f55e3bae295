"""Printing a mission page or a status report gives a clean document."""

from __future__ import annotations

from tests.support.browser import ARTIFACTS

MISSION = "/missions/better-city-for-children"


def _visible(page, selector: str) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.locator(selector).first.is_visible())


def test_mission_page_prints_without_navigation_and_with_every_section(live_server, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(live_server + MISSION)
    page.wait_for_load_state("networkidle")
    assert page.locator("details.outcome-details[open]").count() == 0
    page.emulate_media(media="print")
    for selector in (".site-header", ".public-nav", ".breadcrumb", ".chart-box"):
        assert not _visible(page, selector), selector
    assert _visible(page, ".print-footer")
    # Collapsed sections print: their interventions are laid out although closed on screen.
    intervention = page.locator(".outcome-details .intervention-list h4").first
    assert intervention.bounding_box() is not None
    breaks = page.evaluate(
        "Array.from(document.querySelectorAll('section.outcome'))"
        ".map((s) => getComputedStyle(s).breakBefore)"
    )
    assert breaks[0] != "page"
    assert set(breaks[1:]) == {"page"}
    ARTIFACTS.mkdir(exist_ok=True)
    pdf = page.pdf(path=str(ARTIFACTS / "mission-print.pdf"), format="A4")
    assert len(pdf) > 10_000
    context.close()


def test_status_report_prints_as_a_table_without_navigation(live_server, browser):
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server + MISSION)
    report = page.locator("a[href*='/reports/']").first.get_attribute("href")
    page.goto(live_server + report)
    page.emulate_media(media="print")
    assert not _visible(page, ".site-header")
    assert not _visible(page, ".public-nav")
    assert _visible(page, "table")
    assert report in page.locator(".print-footer").inner_text()
    context.close()
