"""Shared fixtures: settings and stores in temp dirs; opt-in tiers for browser tests."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from geodata.config import Settings
from geodata.seeding import open_or_seed
from geodata.storage import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# The answers the dashboard keeps on disk (geodata.mapping.answers) go to a
# folder of this run, not the user's cache (servers the tests start inherit it).
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="geodata-test-cache-")


#: Every backend a storage-semantic test runs on (modules opt in with
#: ``pytestmark = pytest.mark.backends``).
BACKENDS = ("gpkg", "postgis")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run tests marked ``backends`` on every backend, others on GeoPackage.

    A test that asks for ``store_path`` handles the GeoPackage file itself and
    stays on that backend.
    """
    if (
        "backend" in metafunc.fixturenames
        and metafunc.definition.get_closest_marker("backends")
        and "store_path" not in metafunc.fixturenames
    ):
        metafunc.parametrize("backend", BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The backend of this test's store: ``gpkg`` unless parametrized."""
    name = getattr(request, "param", "gpkg")
    if name == "postgis":
        request.getfixturevalue("pg_server")  # skips (or fails in CI) without one
    return name


@pytest.fixture(scope="session")
def pg_server():
    """The session's PostGIS test server (skips locally without one; CI fails)."""
    from tests.postgis_support import PgServer, server_url, unreachable_reason

    url = server_url()
    reason = unreachable_reason(url)
    require_or_skip(reason is None, reason or "")
    server = PgServer(url)
    yield server
    server.drop_all()


@pytest.fixture(scope="session")
def seeded_store_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store seeded once per session from the sample; copy it before writing."""
    path = tmp_path_factory.mktemp("seeded") / "store.gpkg"
    open_or_seed(Settings(store=str(path)))
    return path


@pytest.fixture(scope="session")
def seeded_pg_template(pg_server) -> str:
    """A database seeded once per session from the sample, cloned per test."""
    from tests.postgis_support import database_name

    url = pg_server.blank()
    open_or_seed(Settings(store=url)).close()
    return database_name(url)


@pytest.fixture
def store_path(tmp_path: Path, seeded_store_file: Path) -> Path:
    """A private, writable copy of the seeded store (GeoPackage)."""
    path = tmp_path / "store.gpkg"
    if not path.exists():
        shutil.copy(seeded_store_file, path)
    return path


@pytest.fixture
def store_location(backend: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A private, writable seeded store of the test's backend: path or URL."""
    if backend == "gpkg":
        yield str(request.getfixturevalue("store_path"))
        return
    server = request.getfixturevalue("pg_server")
    url = server.clone(request.getfixturevalue("seeded_pg_template"))
    yield url
    server.drop(url)


@pytest.fixture
def empty_location(backend: str, tmp_path: Path, request) -> Iterator[str]:
    """Where a new store of the test's backend can be created (nothing there yet)."""
    if backend == "gpkg":
        yield f"gpkg://{tmp_path / 'new.gpkg'}"
        return
    server = request.getfixturevalue("pg_server")
    url = server.blank()
    yield url
    server.drop(url)


@pytest.fixture
def settings(store_location: str) -> Settings:
    return Settings(store=store_location)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    store = open_store(settings)
    yield store
    store.close()


@pytest.fixture
def store_env(monkeypatch: pytest.MonkeyPatch, store_location: str) -> str:
    """Point GEODATA_STORE (read by the CLI and the dashboard) at a private store."""
    monkeypatch.setenv("GEODATA_STORE", store_location)
    return store_location


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
