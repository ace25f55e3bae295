"""The public mission page on a phone: 375 px, 4x slower CPU and a slow 4G network (Chrome
DevTools Protocol), measured three times. Prints the numbers the README quotes and asserts the
budgets of issue 16 that the page meets.

Network profile: DevTools' "Slow 4G" preset (562.5 ms latency, 180,000 bytes/s down, 84,375
bytes/s up). Each run loads the page twice: a first visit (empty cache), then a return visit
(the versioned, immutable plotly.js bundle comes from the browser's cache). Bytes are what
crossed the wire (CDP encodedDataLength) as production serves them: the app gzips the plotly.js
bundle itself, and a middleware here compresses the rest as deploy/nginx.conf.example's
`gzip on` does (level 1; HTML, CSS, JavaScript and JSON).
"""

from __future__ import annotations

import gzip
import statistics
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from flask_migrate import upgrade
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from tests.support.browser import save_screenshot

COMPRESSED_TYPES = ("text/html", "text/css", "application/javascript", "text/javascript",
                    "application/json")  # fmt: skip


class NginxGzip:
    """What nginx's `gzip on` does to an answer the app has not compressed itself."""

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if "gzip" not in environ.get("HTTP_ACCEPT_ENCODING", ""):
            return self.app(environ, start_response)  # type: ignore[no-any-return]
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        result = self.app(environ, capture)
        try:
            body = b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()
        headers = captured["headers"]
        names = {name.lower(): value for name, value in headers}
        kind = names.get("content-type", "").split(";")[0]
        if kind in COMPRESSED_TYPES and "content-encoding" not in names and body:
            body = gzip.compress(body, compresslevel=1)
            headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
            headers += [("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))]
        start_response(captured["status"], headers)
        return [body]


@pytest.fixture(scope="module")
def gzip_server(tmp_path_factory: pytest.TempPathFactory, monkeypatch_session) -> Iterator[str]:
    """The demo city behind a compressing server, as behind nginx."""
    monkeypatch_session.setenv("DEMO_PASSWORD", "phone-budget-password")
    url = f"sqlite:///{tmp_path_factory.mktemp('phone') / 'phone.db'}"
    application = create_app("test", SQLALCHEMY_DATABASE_URI=url)
    with application.app_context():
        upgrade()
        from seeds import load_demo_city

        load_demo_city()
        db.session.commit()
    server = make_server("127.0.0.1", 0, NginxGzip(application), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    with application.app_context():
        db.engine.dispose()


MISSION = "/missions/better-city-for-children"
RUNS = 3
SLOW_4G = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 1.6 * 1000 * 1000 / 8 * 0.9,
    "uploadThroughput": 750 * 1000 / 8 * 0.9,
}
SCRIPT_BUDGET = 500 * 1000
FIRST_CHART_BUDGET_MS = 2000
HEIGHT_BUDGET = 6000

# Records when the first chart is drawn, in ms since the navigation started.
FIRST_CHART_PROBE = """
(() => {
  const seen = () => {
    if (window.__firstChart === undefined && document.querySelector(".chart-ready")) {
      window.__firstChart = performance.now();
    }
  };
  new MutationObserver(seen).observe(document, {subtree: true, attributes: true,
    attributeFilter: ["class"]});
})();
"""

# Elements a Tab key reaches: focusable, rendered (not in a closed section) and not taken out.
TAB_STOPS = """
() => Array.from(document.querySelectorAll(
    "a[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable]"))
  .filter((el) => el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== "hidden").length
"""


def _load(page, cdp, url: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    kinds: dict[str, str] = {}
    sizes: dict[str, float] = {}
    handlers = {
        "Network.responseReceived": lambda e: kinds.__setitem__(e["requestId"], e["type"]),
        "Network.loadingFinished": lambda e: sizes.__setitem__(
            e["requestId"], e["encodedDataLength"]
        ),
    }
    for event, handler in handlers.items():
        cdp.on(event, handler)
    page.goto(url, wait_until="load")
    page.wait_for_selector(".chart-ready", timeout=30_000)
    page.wait_for_load_state("networkidle")
    for event, handler in handlers.items():
        cdp.remove_listener(event, handler)
    return {
        "script_bytes": int(sum(n for rid, n in sizes.items() if kinds.get(rid) == "Script")),
        "page_bytes": int(sum(sizes.values())),
        "first_chart_ms": page.evaluate("window.__firstChart"),
    }


def _measure(browser, url: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(FIRST_CHART_PROBE)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.clearBrowserCache")
    cdp.send("Network.emulateNetworkConditions", SLOW_4G)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    first = _load(page, cdp, url)
    result = {
        **first,
        "height": page.evaluate("document.documentElement.scrollHeight"),
        "tab_stops": page.evaluate(TAB_STOPS),
        "closed_sections": page.locator("details:not([open])").count(),
    }
    again = _load(page, cdp, url)
    result["return_script_bytes"] = again["script_bytes"]
    result["return_first_chart_ms"] = again["first_chart_ms"]
    result["errors"] = errors
    save_screenshot(page, "mission-375px-slow-4g")
    context.close()
    return result


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):,.0f} ({min(values):,.0f}-{max(values):,.0f})"


COLUMNS = (
    "script_bytes",
    "page_bytes",
    "first_chart_ms",
    "return_script_bytes",
    "return_first_chart_ms",
    "height",
    "tab_stops",
)


@pytest.mark.timing
def test_mission_page_on_a_slow_phone(gzip_server, browser):
    runs = [_measure(browser, gzip_server + MISSION) for _ in range(RUNS)]
    print(f"\nmission page, 375 px, 4x CPU, Slow 4G; median (min-max) of {RUNS} runs")
    for column in COLUMNS:
        print(f"  {column:22} {_spread([run[column] for run in runs])}")
    for run in runs:
        assert run["errors"] == []
        assert run["closed_sections"] >= 4, "outcome details start closed on a phone"
    median = {column: statistics.median(run[column] for run in runs) for column in COLUMNS}
    assert median["script_bytes"] < SCRIPT_BUDGET
    assert median["height"] < HEIGHT_BUDGET
    assert median["return_first_chart_ms"] < FIRST_CHART_BUDGET_MS
    # A first visit does not meet 2 s at Slow 4G (see README): this bound (the code before took
    # 19 s) catches a return to the full bundle or to drawing every chart up front.
    assert median["first_chart_ms"] < 5 * FIRST_CHART_BUDGET_MS
