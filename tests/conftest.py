"""Shared fixtures: settings and stores in temp dirs; opt-in tiers for browser tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from geodata.config import Settings
from geodata.seeding import open_or_seed
from geodata.storage import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def seeded_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store seeded once per session from the sample; copy it before writing."""
    path = tmp_path_factory.mktemp("seeded") / "store.gpkg"
    open_or_seed(Settings(store=str(path)))
    return path


@pytest.fixture
def store_path(tmp_path: Path, seeded_store_file: Path) -> Path:
    """A private, writable copy of the seeded store."""
    path = tmp_path / "store.gpkg"
    shutil.copy(seeded_store_file, path)
    return path


@pytest.fixture
def settings(store_path: Path) -> Settings:
    return Settings(store=str(store_path))


@pytest.fixture
def store(settings: Settings) -> Store:
    return open_store(settings)


@pytest.fixture
def store_env(monkeypatch: pytest.MonkeyPatch, store_path: Path) -> Path:
    """Point GEODATA_STORE (read by the CLI and the dashboard) at a private store."""
    monkeypatch.setenv("GEODATA_STORE", str(store_path))
    return store_path


def require_or_skip(condition: bool, reason: str) -> None:
    """Skip locally when a tool is missing; under CI=true fail instead."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this test must run)")
    pytest.skip(reason)


def _skipped(config: pytest.Config) -> list:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    return reporter.stats.get("skipped", []) if reporter else []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Under CI=true a skipped test fails the run: CI must run everything."""
    if IN_CI and _skipped(session.config) and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Say which tests skipped under CI=true, and why."""
    if not IN_CI or not _skipped(config):
        return
    terminalreporter.section("skipped under CI=true: each must run", red=True)
    for report in _skipped(config):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else ""
        terminalreporter.write_line(f"{report.nodeid}: {reason}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item so fixtures can see a failed test."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def browser_page(store_path: Path, request: pytest.FixtureRequest):
    """A Playwright page in system Chromium with external requests blocked.

    Yields ``(page, base_url, blocked)``: ``blocked`` lists every URL that tried to
    leave loopback. A screenshot is saved under test-artifacts/ on failure.
    """
    from tests.e2e_support import (
        ARTIFACTS,
        block_external_requests,
        chromium_path,
        launch_browser,
        streamlit_server,
    )

    require_or_skip(chromium_path() is not None, "no system Chromium installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_or_skip(False, "playwright is not installed")
    with streamlit_server(store_path) as url, sync_playwright() as pw:
        browser = launch_browser(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        blocked: list[str] = []
        block_external_requests(page, blocked)
        yield page, url, blocked
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(
                path=str(ARTIFACTS / f"failure-{request.node.name}.png"), full_page=True
            )
        browser.close()
