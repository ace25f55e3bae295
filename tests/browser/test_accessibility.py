"""axe-core (WCAG 2.1 A and AA) on every public template and the main staff pages."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.support.browser import DEMO_PASSWORD

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PUBLIC_PAGES = [
    "/",
    "/missions/better-city-for-children",
    "/missions/carbon-neutral-reykjavik",
    "/open-data/",
    "/search?q=school+children",
    "/search?q=b%C3%B6rn",
    "/explained",
    "/missions/better-city-for-children/interventions?stage=test&department=nonsense",
    "/api/v1/docs",
    "/no/such/page",
]


def _serious(page) -> list[str]:  # type: ignore[no-untyped-def]
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _linked(page, base: str, pattern: str) -> str:  # type: ignore[no-untyped-def]
    href = page.locator(f"a[href*='{pattern}']").first.get_attribute("href")
    return base + href


@pytest.mark.parametrize("lang", ["en", "is"])
def test_public_pages_have_no_serious_violations(live_server, phone, lang):
    page = phone
    urls = [live_server + path for path in PUBLIC_PAGES]
    page.goto(live_server + "/missions/better-city-for-children")
    indicator = _linked(page, live_server, "/indicators/")
    urls.append(indicator)
    urls.append(_linked(page, live_server, "/reports/"))
    urls.append(_linked(page, live_server, "/interventions/"))  # an intervention's page
    indicator_id = re.search(r"/indicators/(\d+)", indicator).group(1)
    urls.append(f"{live_server}/embed/indicators/{indicator_id}")
    problems = {}
    for url in urls:
        page.goto(f"{url}{'&' if '?' in url else '?'}lang={lang}")
        page.wait_for_load_state("networkidle")
        found = _serious(page)
        if found:
            problems[url] = found
    assert problems == {}


def test_staff_pages_have_no_serious_violations(live_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server + "/staff/login")
    assert _serious(page) == []
    page.get_by_label("Email").fill("mayor@demo.aimtracker.is")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    problems = {}
    for path in [
        "/staff/",
        "/staff/missions/",
        "/staff/missions/new",
        "/staff/interventions/",
        "/staff/interventions/new",
        "/staff/indicators/",
        "/staff/indicators/new",
        "/staff/data-entry",
        "/staff/departments/",
        "/staff/account/password",
        "/staff/data/",
        "/staff/data/tokens",
        "/staff/dashboards/",
    ]:
        page.goto(live_server + path)
        found = _serious(page)
        if found:
            problems[path] = found
    for pattern in ("/staff/missions/", "/staff/interventions/", "/staff/indicators/"):
        page.goto(live_server + pattern)
        link = page.locator(f"main a[href^='{pattern}']").filter(has_not_text="New").first
        page.goto(live_server + link.get_attribute("href"))
        found = _serious(page)
        if found:
            problems[page.url] = found
    context.close()
    assert problems == {}


# ---- the learning loop, reporting rounds and review meetings (issue 17), at 360 px ----

SLUG = "better-city-for-children"
SCALED = "Solution teams in every school and preschool"


def _first(page, base: str, pattern: str) -> str:  # type: ignore[no-untyped-def]
    """The first link in main whose address matches pattern (a regular expression)."""
    for href in page.locator("main a[href]").evaluate_all("links => links.map(a => a.href)"):
        if re.search(pattern, href):
            return href if href.startswith("http") else base + href
    raise AssertionError(f"no link matching {pattern} on {page.url}")


def _check(page, url: str, problems: dict[str, list[str]]) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert page.url.split("#")[0].split("?")[0] == url.split("#")[0].split("?")[0], url
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    found = _serious(page)
    if overflow > 0:
        found.append(f"the page scrolls sideways by {overflow} px at 360 px wide")
    if found:
        problems[url] = found


def test_learning_rounds_and_meetings_pages_pass_axe_at_360_px(live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    base = live_server
    page.goto(f"{base}/missions/{SLUG}/interventions")
    scaled = page.get_by_role("link", name=SCALED, exact=True).first.get_attribute("href")
    scaled_id = re.search(r"/interventions/(\d+)", scaled).group(1)
    page.goto(f"{base}/missions/{SLUG}/rounds")
    public_round = _first(page, base, rf"/missions/{SLUG}/rounds/\d+$")
    page.goto(f"{base}/missions/{SLUG}")
    minutes = _first(page, base, rf"/missions/{SLUG}/meetings/\d+$")
    public = [
        f"{base}/missions/{SLUG}/rounds",
        public_round,
        minutes,
        f"{base}/missions/{SLUG}/interventions/{scaled_id}",
    ]
    page.goto(public[-1])  # a published learning log and older reports, as checked below
    for section in ("learning", "archive", "round-reports"):
        assert page.locator(f"#{section}-heading").count() == 1, section
    problems: dict[str, list[str]] = {}
    for lang in ("en", "is"):
        for url in public:
            _check(page, f"{url}?lang={lang}", problems)

    page.goto(base + "/staff/login?lang=en")
    page.get_by_label("Email").fill("mayor@demo.aimtracker.is")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    page.goto(f"{base}/staff/interventions/{scaled_id}")
    entry_edit = _first(page, base, r"/staff/interventions/learning/\d+/edit$")
    page.goto(f"{base}/staff/missions/")
    href = page.get_by_role("link", name="A Better City for Children", exact=True).get_attribute(
        "href"
    )
    mission_id = re.search(r"/staff/missions/(\d+)", href).group(1)
    mission = f"{base}/staff/missions/{mission_id}"
    page.goto(f"{base}/staff/rounds/")
    staff_round = _first(page, base, r"/staff/rounds/\d+$")
    page.goto(staff_round)
    report = _first(page, base, r"/staff/rounds/reports/\d+$")
    page.goto(f"{base}/staff/meetings/missions/{mission_id}")
    meeting = _first(page, base, r"/staff/meetings/\d+$")
    staff = [
        f"{base}/staff/rounds/",
        staff_round,
        report,
        f"{report}/edit",
        f"{base}/staff/meetings/missions/{mission_id}",
        meeting,
        f"{base}/staff/interventions/stage-gates",
        f"{base}/staff/interventions/stage-gates/scale/edit",
        f"{base}/staff/interventions/{scaled_id}/stage",
        f"{base}/staff/interventions/{scaled_id}/learning/new",
        entry_edit,
        f"{base}/staff/interventions/{scaled_id}/budget",
        f"{base}/staff/interventions/{scaled_id}",
        f"{base}/staff/dashboards/missions/{mission_id}",
        mission,
    ]
    for url in staff:
        _check(page, url, problems)
    page.goto(f"{base}/staff/dashboards/missions/{mission_id}")  # the sections checked are there
    for section in ("stage-portfolio", "budget-matrix", "budget-progress"):
        assert page.locator(f"#{section}-heading").count() == 1, section
    page.goto(mission)
    assert page.locator("#health-heading").count() == 1
    context.close()
    assert problems == {}
