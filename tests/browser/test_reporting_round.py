"""A reporting round in the browser: the mission office opens it, a department lead writes and
submits a report, the office approves it (and excludes the rest with a reason), publishes the
round, and the public archive shows it."""

from __future__ import annotations

import re

import pytest

from tests.support.browser import DEMO_PASSWORD, save_screenshot

pytestmark = pytest.mark.browser

MISSION = "A Better City for Children"
SLUG = "better-city-for-children"
TITLE = "Winter journey round"
TEXT = "Solution teams now meet in every school of the pilot district."


def _sign_in(page, live_server: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server + "/staff/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/staff/$"))


def test_a_reporting_round_from_opening_to_the_public_archive(live_server, browser):
    office = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    lead = browser.new_context(viewport={"width": 375, "height": 740}).new_page()

    # The mission office opens the round.
    _sign_in(office, live_server, "mayor@demo.aimtracker.is")
    office.goto(live_server + "/staff/rounds/")
    office.get_by_role("link", name="Open a round").click()
    office.get_by_label("Mission", exact=True).select_option(label=MISSION)
    office.get_by_label("Title", exact=True).fill(TITLE)
    office.get_by_role("button", name="Open the round").click()
    office.wait_for_url(re.compile(r"/staff/rounds/\d+$"))
    round_url = office.url
    assert office.locator("h1").inner_text() == TITLE
    assert "Progress per department" in office.content()

    # The lead finds the report in My work, writes it and submits it.
    _sign_in(lead, live_server, "lead.edu@demo.aimtracker.is")
    section = lead.locator("section", has_text="Twice-yearly reports")
    section.locator("a").first.click()
    lead.wait_for_url(re.compile(r"/reports/\d+/edit$"))
    lead.get_by_label("On track", exact=True).check()
    lead.get_by_label("Progress in this period", exact=True).fill(TEXT)
    save_screenshot(lead, "round-report-form-375px")
    lead.get_by_role("button", name="Save and submit for review").click()
    lead.wait_for_url(re.compile(r"/reports/\d+$"))
    assert "review" in lead.locator(".flashes").inner_text()
    submitted_url = lead.url.replace(re.match(r"https?://[^/]+", lead.url).group(0), "")

    # The office approves it, excludes the others with a reason, and publishes.
    office.goto(round_url)
    links = [
        office.locator("#reports-heading ~ ul a").nth(i).get_attribute("href")
        for i in range(office.locator("#reports-heading ~ ul a").count())
    ]
    assert submitted_url in links
    for href in links:
        office.goto(live_server + href)
        if href == submitted_url:
            office.get_by_label("Approve", exact=True).check()
        else:
            office.get_by_label("Exclude from the round, with the reason", exact=True).check()
            office.get_by_label("Comment or reason", exact=True).fill("Reported in the spring.")
        office.get_by_role("button", name="Record the decision").click()
        office.wait_for_url(round_url)
    office.get_by_role("button", name="Publish the round").click()
    office.wait_for_url(round_url)
    assert "Round published" in office.locator(".flashes").inner_text()

    # The public archive lists the round and shows the lead's report.
    public = lead
    public.goto(f"{live_server}/missions/{SLUG}/rounds")
    public.get_by_role("link", name=TITLE).click()
    public.wait_for_url(re.compile(r"/rounds/\d+$"))
    assert TEXT in public.content()
    assert "Not reported:" in public.content()
    save_screenshot(public, "round-public-375px")
    office.context.close()
    lead.context.close()
