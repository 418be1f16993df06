"""Real Sentry-protocol servers for the integration suite: one Bugsink and one Kent per session.

Bugsink tests get a fresh Bugsink *project* each (`bugsink_project`), so counting a
project's events counts exactly what that test sent. Kent keeps everything in one list:
tests empty it first (`kent` fixture). Every test ends with Sentry shut down.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from narra_forge.monitoring import shutdown_sentry
from tests.support.sentry_servers import BugsinkServer, KentServer, ServerAPIError

REPO_ROOT = Path(__file__).resolve().parents[2]
TEST_SENTRY_SCRIPT = REPO_ROOT / "monitoring" / "test_sentry.py"


@pytest.fixture(scope="session")
def bugsink_server() -> Iterator[BugsinkServer]:
    with BugsinkServer() as server:
        yield server


@pytest.fixture(scope="session")
def kent_server() -> Iterator[KentServer]:
    with KentServer() as server:
        yield server


@pytest.fixture
def kent(kent_server: KentServer) -> Iterator[KentServer]:
    kent_server.flush()
    try:
        yield kent_server
    finally:
        shutdown_sentry()


@dataclass
class BugsinkProject:
    """One Bugsink project (own DSN), read through the canonical API."""

    server: BugsinkServer
    id: int
    dsn: str

    @property
    def key(self) -> str:
        return self.dsn.split("//", 1)[1].split("@", 1)[0]

    def event(self, event_id: str, timeout: float = 10.0) -> dict[str, Any]:
        """The stored event (``EventDetail``, payload in ``data``) for an SDK event id."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                return dict(self.server.api("GET", "events/lookup/", params={
                    "project": self.id, "event_id": event_id}))
            except ServerAPIError as exc:
                if exc.status != 404 or time.monotonic() > deadline:
                    raise
            time.sleep(0.1)

    def _pages(self, path: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        page = self.server.api("GET", path, params=params)
        results = list(page["results"])
        while page.get("next"):
            page = self.server.api("GET", page["next"])
            results.extend(page["results"])
        return results

    def events(self) -> list[dict[str, Any]]:
        """Every stored event of the project, with its ``data``."""
        return [
            dict(self.server.api("GET", f"events/{listed['id']}/"))
            for issue in self._pages("issues/", {"project": self.id})
            for listed in self._pages("events/", {"issue": issue["id"]})
        ]

    def stored_text(self) -> str:
        """All stored events' ``data``, as one JSON text (for grepping)."""
        return "\n".join(json.dumps(event["data"]) for event in self.events())


@pytest.fixture
def bugsink_project(bugsink_server: BugsinkServer) -> Iterator[BugsinkProject]:
    created = bugsink_server.api("POST", "projects/", body={
        "name": f"it-{uuid.uuid4().hex[:10]}", "team": bugsink_server.team_id})
    project = bugsink_server.api("GET", f"projects/{int(created['id'])}/")
    try:
        yield BugsinkProject(bugsink_server, int(project["id"]), str(project["dsn"]))
    finally:
        shutdown_sentry()


def clean_env(**extra: str) -> dict[str, str]:
    """This process's environment (already free of SENTRY_*/NARRA_*) plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SENTRY_", "NARRA_"))}
    env.update(extra)
    return env


def run_test_sentry(cwd: Path, timeout: float = 60, **env: str) -> subprocess.CompletedProcess[str]:
    """``python monitoring/test_sentry.py`` in a subprocess, in ``cwd`` (no .env there)."""
    return subprocess.run(
        [sys.executable, str(TEST_SENTRY_SCRIPT)],
        cwd=cwd, env=clean_env(**env), capture_output=True, text=True, timeout=timeout,
    )
