"""The department lead's monthly update, measured: page loads, clicks and typed fields.

Sign in, read My work, enter this period's values in the grid, post one progress update from
My work. The journey prints its figures (the README quotes them) and must stay within six page
loads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from tests.support.browser import DEMO_PASSWORD, save_screenshot

pytestmark = pytest.mark.browser

MAX_PAGE_LOADS = 6
MAX_VALUES = 3  # rows the lead fills in this period


@dataclass
class Tally:
    """What the user did: page loads (of the main frame), clicks and typed fields."""

    page_loads: int = 0
    clicks: int = 0
    typed: int = 0
    pages: list[str] = field(default_factory=list)

    def click(self, locator) -> None:  # type: ignore[no-untyped-def]
        self.clicks += 1
        locator.click()

    def type(self, locator, text: str) -> None:  # type: ignore[no-untyped-def]
        self.typed += 1
        locator.fill(text)


def _number(text: str) -> float:
    return float(text.replace("\u00a0", "").replace(" ", "").replace(",", "."))


def test_department_lead_monthly_update(live_server, phone):
    page = phone
    tally = Tally()

    def loaded(frame) -> None:  # type: ignore[no-untyped-def]
        if frame == page.main_frame:
            tally.page_loads += 1
            tally.pages.append(re.sub(r"^https?://[^/]+", "", frame.url))

    page.on("framenavigated", loaded)

    # 1-2: sign in, landing on My work.
    page.goto(live_server + "/staff/login")
    tally.type(page.get_by_label("Email"), "lead.edu@demo.aimtracker.is")
    tally.type(page.get_by_label("Password"), DEMO_PASSWORD)
    tally.click(page.get_by_role("button", name="Sign in"))
    page.wait_for_url(re.compile(r"/staff/$"))
    assert page.locator("h1").inner_text() == "My work"
    post_links = page.locator("a.post-update")
    assert post_links.count() >= 1, "My work links to the department's interventions"
    save_screenshot(page, "lead-monthly-my-work-375px")

    # 3-4: this period's values in the grid, each close to its previous value.
    tally.click(page.locator("#enter-period"))
    page.wait_for_url(re.compile(r"/staff/data-entry"))
    rows = page.locator("table.entry-grid tbody tr")
    filled = 0
    for index in range(rows.count()):
        row = rows.nth(index)
        earlier = row.locator(".recent-value strong")
        value = row.locator("input[name$='-value']")
        if earlier.count() == 0 or value.input_value():
            continue  # no earlier value to go by, or already entered
        previous = _number(earlier.last.inner_text())
        tally.type(value, f"{previous * 1.02:.1f}".replace(".", ","))
        filled += 1
        if filled == MAX_VALUES:
            break
    assert filled >= 1, "the demo city has values to enter this period"
    save_screenshot(page, "lead-monthly-grid-375px")
    tally.click(page.get_by_role("button", name="Save all"))
    page.wait_for_url(re.compile(r"/staff/$"))
    assert "saved" in page.locator(".flashes").inner_text().lower()

    # 5-6: one progress update, straight from My work and back to it.
    tally.click(page.locator("a.post-update").first)
    page.wait_for_url(re.compile(r"/updates/new"))
    tally.click(page.get_by_label("On track"))
    tally.type(
        page.get_by_label("What happened", exact=True),
        "Solution teams started in two more schools.",
    )
    tally.click(page.get_by_role("button", name="Save"))
    page.wait_for_url(re.compile(r"/staff/$"))
    assert "draft" in page.locator(".flashes").inner_text().lower()
    assert page.js_errors == []  # type: ignore[attr-defined]
    save_screenshot(page, "lead-monthly-done-375px")

    print(
        f"\nLead's monthly update: {tally.page_loads} page loads, {tally.clicks} clicks, "
        f"{tally.typed} typed fields ({filled} values, 1 update)\n  pages: "
        + " -> ".join(tally.pages)
    )
    assert tally.page_loads <= MAX_PAGE_LOADS
