"""End-to-end journeys in headless Chromium, the way the three kinds of users meet the app."""

from __future__ import annotations

import re

from tests.support.browser import DEMO_PASSWORD, save_screenshot


def _sign_in(page, base: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base + "/staff/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/staff/$"))


def test_department_lead_five_minutes(live_server, phone):
    """Sign in, see what is due, enter a period's data, post an update."""
    page = phone
    _sign_in(page, live_server, "lead.edu@demo.aimtracker.is")
    assert page.locator("h1").inner_text() == "My work"
    data_due = page.locator("#data-heading ~ ul.due-list > li")
    assert data_due.count() >= 1, "the demo city has EDU data overdue"
    save_screenshot(page, "lead-my-work-375px")

    # Enter one value in the period grid.
    page.get_by_role("link", name="Enter this period's data").click()
    value_inputs = page.locator("table.entry-grid input[name$='-value']")
    assert value_inputs.count() >= 1
    value_inputs.first.fill("61,5")
    page.get_by_role("button", name=re.compile("Save")).click()
    page.wait_for_url(re.compile(r"/staff/$"))
    assert "saved" in page.locator(".flashes").inner_text().lower()

    # Post an update on one of the department's interventions; off track needs a note.
    page.goto(live_server + "/staff/interventions/?mine=y")
    page.locator("table tbody a[href*='/staff/interventions/']").first.click()
    page.get_by_role("link", name=re.compile("Post an update")).first.click()
    page.get_by_label("Off track").check()
    page.get_by_label("What happened", exact=True).fill(
        "Two of five schools have started solution teams."
    )
    page.get_by_role("button", name="Save").click()
    assert page.locator(".error").count() >= 1  # blockers required when off track
    page.get_by_label("Blockers", exact=True).fill("Psychologist posts are still vacant.")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "Two of five schools" in page.content()
    assert page.js_errors == []
    save_screenshot(page, "lead-update-posted-375px")


def test_mission_office_creates_and_publishes_a_mission(live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _sign_in(page, live_server, "mayor@demo.aimtracker.is")
    page.goto(live_server + "/staff/missions/new")
    page.get_by_label("Title", exact=True).fill("Clean air for every street")
    page.get_by_label("Slug").fill("clean-air")
    page.get_by_label("North Star", exact=True).fill(
        "Every child breathes clean air on the way to school."
    )
    page.get_by_label("Start year").fill("2025")
    page.get_by_label("Horizon year").fill("2035")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/staff/missions/\d+$"))
    mission_url = page.url
    page.get_by_role("link", name="New outcome").click()
    page.get_by_label("Title", exact=True).fill("Fewer days above the NO2 limit")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(mission_url)
    assert "Fewer days above the NO2 limit" in page.content()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    page.goto(live_server + "/")
    assert "Clean air for every street" in page.locator(".card h2").all_inner_texts()
    save_screenshot(page, "mission-office-published")
    context.close()


def test_resident_reads_in_icelandic_on_a_phone_and_downloads(live_server, phone):
    page = phone
    page.goto(live_server + "/?lang=is")
    page.get_by_role("link", name="Betri borg fyrir börn").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "is"
    assert (
        page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        <= 0
    )
    assert page.locator(".chart-ready").count() >= 1, "charts rendered"
    save_screenshot(page, "resident-mission-375px-is")
    page.get_by_role("link", name="Opin gögn").first.click()
    with page.expect_download() as download:
        page.get_by_role("link", name="measurements.csv", exact=True).click()
    path = download.value.path()
    with open(path, encoding="utf-8") as fh:
        header = fh.readline().strip()
    assert header.startswith("indicator_id,period,breakdown,value,withheld")
    assert page.js_errors == []
