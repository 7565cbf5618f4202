"""Browser tests of the back-office web application: Playwright driving Debian's Chromium over a real stack.

The stack is `pacte_cli.stack.Stack(ephemeral=True)`: embedded PostgreSQL, a Kafka broker, the five
services and the gateway as processes. Screenshots of the main pages go to test-artifacts/web/.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "web"
CHROMIUM = Path(os.environ.get("PACTE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
#: A refused sign-in answers 401, which Chromium reports on the console; nothing else is expected.
EXPECTED_CONSOLE_ERRORS = re.compile(r"Failed to load resource: the server responded with a status of 401")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = None
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is absent: install Debian's chromium (`apt-get install -y chromium`, as .ci/run does)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            reason = "the `playwright` Python package is absent: `make install` installs it"
    if reason:
        for item in items:
            if item.path.is_relative_to(Path(__file__).parent):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def stack() -> Iterator[Any]:
    from pacte_cli.stack import Stack

    started = time.monotonic()
    running = Stack(ephemeral=True, log=lambda m: print(f"[stack] {m}"))
    try:
        running.up()
        print(f"[stack] up in {time.monotonic() - started:.1f}s")
        yield running.state
    finally:
        running.down()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    for stale in ARTIFACTS.glob("*.png"):  # this run's screenshots only
        stale.unlink()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    if report.when == "call":
        item.stash[FAILED] = report.failed
    return report


FAILED = pytest.StashKey[bool]()


@pytest.fixture
def new_page(browser: Any, stack: Any, request: pytest.FixtureRequest) -> Iterator[Callable[[], Any]]:
    """Opens pages in fresh contexts (one cookie jar each), French locale, failing on any page error.
    When the test fails, each page's last state is saved as test-artifacts/web/failed-<test>-<n>.png."""
    contexts: list[Any] = []
    errors: list[str] = []

    def make() -> Any:
        context = browser.new_context(base_url=stack.url("gateway"), locale="fr-FR", viewport={"width": 1366,
                                                                                               "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" and not
                EXPECTED_CONSOLE_ERRORS.search(msg.text) else None)
        return page

    yield make
    if request.node.stash.get(FAILED, False):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        for n, context in enumerate(contexts):
            for page in context.pages:
                page.screenshot(path=str(ARTIFACTS / f"failed-{request.node.name}-{n}.png"), full_page=True)
                print(f"failed page {n}: {page.url}")
    for context in contexts:
        context.close()
    assert not errors, f"JavaScript errors in the pages: {errors}"
