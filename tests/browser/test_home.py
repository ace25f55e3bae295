"""The home page in a real browser: phone width, keyboard, language switch."""

from __future__ import annotations

from tests.support.browser import save_screenshot


def _horizontal_overflow(page) -> int:  # type: ignore[no-untyped-def]
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_home_on_a_phone_lists_the_demo_missions(live_server, phone):
    phone.goto(live_server + "/")
    assert phone.locator("h1").inner_text() == "Our missions"
    titles = phone.locator(".card h2").all_inner_texts()
    assert "A Better City for Children" in titles
    assert len(titles) >= 2
    assert _horizontal_overflow(phone) <= 0
    assert phone.js_errors == []
    save_screenshot(phone, "home-375px-en")


def test_first_tab_reaches_the_skip_link(live_server, phone):
    phone.goto(live_server + "/")
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to content"
    phone.keyboard.press("Enter")
    assert phone.evaluate("location.hash") == "#main"


def test_language_switch_to_icelandic(live_server, phone):
    phone.goto(live_server + "/")
    phone.get_by_role("link", name="Íslenska").click()
    phone.wait_for_load_state()
    assert phone.locator("html").get_attribute("lang") == "is"
    assert phone.locator("h1").inner_text() == "Verkefnin okkar"
    assert "Betri borg fyrir börn" in phone.locator(".card h2").all_inner_texts()
    assert _horizontal_overflow(phone) <= 0
    save_screenshot(phone, "home-375px-is")
