"""Crash safety: kill -9 in any stage then resume gives the same book; signals cancel cleanly."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

BRIEF = {"production_type": "short_story", "genre": "thriller", "seed": 21}

#: runs one job and SIGKILLs itself when the given stage (and segment) starts
KILLER = textwrap.dedent("""
    import asyncio, json, os, signal, sys
    from narra_forge import BatchOrchestrator
    from narra_forge.core import NarraForgeConfig

    stage, segment = int(sys.argv[1]), int(sys.argv[2])

    def progress(event):
        if event.stage == stage and (segment == 0 or event.segment == segment):
            os.kill(os.getpid(), signal.SIGKILL)

    config = NarraForgeConfig()
    asyncio.run(BatchOrchestrator(config, progress=progress).produce_narrative(
        json.loads(sys.argv[3])))
""")


def _env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "DATA_DIR": str(tmp_path / "data"), "OUTPUT_DIR": str(tmp_path / "out")}


def _cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "narra_forge.cli", *args], capture_output=True,
                          text=True, timeout=120, env=_env(tmp_path), cwd=tmp_path)


def _jobs(tmp_path: Path) -> list[dict[str, object]]:
    proc = _cli(tmp_path, "jobs", "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("reference")
    proc = _cli(tmp, "produce", "--type", BRIEF["production_type"], "--genre", BRIEF["genre"],
                "--seed", str(BRIEF["seed"]), "--json")
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    metadata = json.loads(Path(summary["files"]["metadata"]).read_text())
    return {"markdown": Path(summary["files"]["markdown"]).read_bytes(),
            "tokens": metadata["tokens"], "calls": metadata["cost"]["by_agent"]}


@pytest.mark.parametrize(("stage", "segment"),
                         [(s, 0) for s in range(1, 11)] + [(6, 3), (8, 2)])
def test_kill_9_then_resume_is_byte_identical(tmp_path: Path, reference: dict[str, object],
                                              stage: int, segment: int) -> None:
    killed = subprocess.run([sys.executable, "-c", KILLER, str(stage), str(segment),
                             json.dumps(BRIEF)], env=_env(tmp_path), cwd=tmp_path, timeout=120)
    assert killed.returncode == -signal.SIGKILL
    [job] = _jobs(tmp_path)
    assert job["status"] == "running" and job["stage"] == stage - 1
    assert not list((tmp_path / "out").glob("job_*"))  # nothing half-written

    resumed = _cli(tmp_path, "resume", str(job["job_id"]), "--json")
    assert resumed.returncode == 0, resumed.stderr
    summary = json.loads(resumed.stdout)
    assert summary["job_id"] == job["job_id"]
    assert Path(summary["files"]["markdown"]).read_bytes() == reference["markdown"]
    metadata = json.loads(Path(summary["files"]["metadata"]).read_text())
    assert metadata["tokens"] == reference["tokens"]  # no stage counted twice
    assert metadata["cost"]["by_agent"] == reference["calls"]
    [job] = _jobs(tmp_path)
    assert job["status"] == "done"


def test_resume_of_unknown_or_finished_job_is_one_line(tmp_path: Path) -> None:
    proc = _cli(tmp_path, "resume", "job_does_not_exist")
    assert proc.returncode == 2 and "no job 'job_does_not_exist'" in proc.stderr
    assert proc.stderr.count("\n") == 1


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_cancels_running_job_and_keeps_checkpoints(tmp_path: Path, signum: int) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "narra_forge.cli", "produce", "--type", "epic_saga",
         "--words", "120000", "--seed", "3"], env=_env(tmp_path), cwd=tmp_path,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    db = tmp_path / "data" / "narra_forge.db"
    deadline = time.monotonic() + 60
    stage = 0
    while time.monotonic() < deadline and stage < 3:
        time.sleep(0.05)
        if db.exists():
            try:
                with sqlite3.connect(db) as conn:
                    row = conn.execute("SELECT stage FROM jobs").fetchone()
                stage = row[0] if row else 0
            except sqlite3.OperationalError:
                pass
    assert stage >= 3, "job never reached stage 3"
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err
    assert "interrupted by" in err and "Traceback" not in err
    assert err.strip().count("\n") == 0
    [job] = _jobs(tmp_path)
    assert job["status"] == "cancelled" and job["stage"] >= 3
    resumed = _cli(tmp_path, "resume", str(job["job_id"]), "--json")
    assert resumed.returncode == 0, resumed.stderr
