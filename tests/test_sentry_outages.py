"""Sentry outages never hurt production: same book, no traceback, bounded exit flush."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.envelope_server import EnvelopeServer, closed_port

KEY = "0123456789abcdef0123456789abcdef"
ARGS = ["produce", "--type", "short_story", "--genre", "scifi", "--seed", "5", "--json"]
SHUTDOWN_TIMEOUT = 1.0


def _produce(tmp_path: Path, dsn: str | None) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {**os.environ, "OUTPUT_DIR": str(tmp_path / "out"), "DATA_DIR": str(tmp_path / "data"),
           "SENTRY_TRACES_SAMPLE_RATE": "1.0", "SENTRY_SHUTDOWN_TIMEOUT": str(SHUTDOWN_TIMEOUT)}
    env.pop("SENTRY_DSN", None)
    if dsn:
        env["SENTRY_DSN"] = dsn
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "narra_forge.cli", *ARGS], capture_output=True,
                          text=True, timeout=120, env=env, cwd=tmp_path)
    return proc, time.monotonic() - started


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, float]:
    proc, seconds = _produce(tmp_path_factory.mktemp("baseline"), None)
    assert proc.returncode == 0, proc.stderr
    return Path(json.loads(proc.stdout)["files"]["markdown"]).read_bytes(), seconds


@pytest.fixture(params=["nothing_listens", "hang", "error", "rate_limit", "close"])
def outage(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "nothing_listens":
        yield f"http://{KEY}@127.0.0.1:{closed_port()}/1"
        return
    with EnvelopeServer(mode=request.param) as server:
        yield server.dsn(key=KEY)


def test_outage_changes_nothing_for_the_user(tmp_path: Path, baseline: tuple[bytes, float],
                                             outage: str) -> None:
    markdown, baseline_seconds = baseline
    proc, seconds = _produce(tmp_path, outage)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr and "sentry" not in proc.stderr.lower()
    summary = json.loads(proc.stdout)
    assert Path(summary["files"]["markdown"]).read_bytes() == markdown
    assert summary["trace_id"]  # it was traced, just never delivered
    # Exit flush is bounded by SENTRY_SHUTDOWN_TIMEOUT (a generous margin for a busy
    # machine: this guards against hanging, it is not a speed measurement; bench/ is).
    assert seconds < baseline_seconds + SHUTDOWN_TIMEOUT + 10


def test_healthy_server_receives_the_job(tmp_path: Path) -> None:
    with EnvelopeServer() as server:
        proc, _ = _produce(tmp_path, server.dsn(key=KEY))
        assert proc.returncode == 0, proc.stderr
        [tx] = server.transactions()
    assert tx["transaction"] == "short_story_generation"
    assert tx["contexts"]["trace"]["trace_id"] == json.loads(proc.stdout)["trace_id"]
