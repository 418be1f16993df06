"""Against Bugsink: what the guide promises is stored, read back through Bugsink's API.

In-process tests call ``init_sentry`` afresh (Bugsink's rate-limit header would stop
transactions for the rest of a client's life; these tests send none). Scripts that send
transactions (``monitoring/test_sentry.py``) run as subprocesses.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from narra_forge._version import __version__
from narra_forge.monitoring import (
    add_breadcrumb,
    capture_exception,
    capture_message,
    flush,
    init_sentry,
    set_context,
    set_user,
)
from tests.integration.conftest import BugsinkProject, clean_env, run_test_sentry
from tests.support import guide

pytestmark = pytest.mark.integration

PRELUDE = """
import asyncio, sys
from narra_forge.monitoring import init_sentry
assert init_sentry(dsn=sys.argv[1])
"""

UNCAUGHT = {
    "plain_script": 'raise ValueError("Something went wrong in a plain script!")\n',
    # The guide's "Automatic Error Capture" block, as written (ends in asyncio.run(main())).
    "asyncio_run": guide.block("Features", "1. Automatic Error Capture"),
}


def _raise_and_capture(message: str, **kwargs: Any) -> str:
    try:
        raise RuntimeError(message)
    except RuntimeError as exc:
        event_id = capture_exception(exc, **kwargs)
    assert event_id is not None
    return event_id


def _message_text(data: dict[str, Any]) -> str:
    return str(data.get("message") or (data.get("logentry") or {}).get("message")
               or (data.get("logentry") or {}).get("formatted"))


@pytest.mark.parametrize("case", sorted(UNCAUGHT))
def test_uncaught_exception_arrives_exactly_once(bugsink_project: BugsinkProject, case: str) -> None:
    script = PRELUDE + textwrap.dedent(UNCAUGHT[case])
    proc = subprocess.run([sys.executable, "-c", script, bugsink_project.dsn],
                          env=clean_env(), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    events = bugsink_project.events()
    assert len(events) == 1, [e["data"].get("exception") for e in events]
    [exception] = events[0]["data"]["exception"]["values"]
    assert exception["type"] == "ValueError"
    assert "Something went wrong" in exception["value"]
    assert exception["mechanism"]["handled"] is False


def test_capture_exception_tags_and_extras_stay_on_that_event(bugsink_project: BugsinkProject) -> None:
    init_sentry(dsn=bugsink_project.dsn)
    tagged = _raise_and_capture(
        "agent failed", tags={"agent_id": "a06", "production_type": "short_story"},
        extras={"user_input": "a brief about dragons"},
    )
    later = capture_message("a later event", level="info")
    assert later is not None
    flush(timeout=5)

    data = bugsink_project.event(tagged)["data"]
    assert data["tags"]["agent_id"] == "a06"
    assert data["tags"]["production_type"] == "short_story"
    assert data["extra"]["user_input"] == "a brief about dragons"
    later_data = bugsink_project.event(later)["data"]
    assert "agent_id" not in (later_data.get("tags") or {})
    assert "user_input" not in (later_data.get("extra") or {})


def test_capture_message_keeps_its_level_and_tags(bugsink_project: BugsinkProject) -> None:
    init_sentry(dsn=bugsink_project.dsn)
    event_id = capture_message("Pipeline completed with quality score below threshold",
                               level="warning", tags={"coherence_score": "0.82", "threshold": "0.85"})
    assert event_id is not None
    flush(timeout=5)
    data = bugsink_project.event(event_id)["data"]
    assert data["level"] == "warning"
    assert _message_text(data) == "Pipeline completed with quality score below threshold"
    assert data["tags"]["coherence_score"] == "0.82"


def test_breadcrumbs_arrive_with_the_error(bugsink_project: BugsinkProject) -> None:
    init_sentry(dsn=bugsink_project.dsn)
    add_breadcrumb(message="Starting pipeline execution", category="pipeline", level="info",
                   data={"production_type": "short_story", "genre": "fantasy"})
    add_breadcrumb(message="Agent A02 completed", category="agent", level="info",
                   data={"duration": 12.5, "tokens_used": 1500})
    event_id = _raise_and_capture("stage failed after two breadcrumbs")
    flush(timeout=5)
    crumbs = bugsink_project.event(event_id)["data"]["breadcrumbs"]["values"]
    ours = {c.get("message"): c for c in crumbs if c.get("category") in ("pipeline", "agent")}
    assert list(ours) == ["Starting pipeline execution", "Agent A02 completed"]
    assert ours["Starting pipeline execution"]["data"] == {"production_type": "short_story",
                                                           "genre": "fantasy"}
    assert ours["Agent A02 completed"]["data"]["tokens_used"] == 1500


def test_contexts_arrive(bugsink_project: BugsinkProject) -> None:
    init_sentry(dsn=bugsink_project.dsn)
    set_context("job", {"job_id": "job_123", "production_type": "novella", "genre": "scifi",
                        "word_count_target": 25000})
    event_id = _raise_and_capture("failed with a job context")
    flush(timeout=5)
    job = bugsink_project.event(event_id)["data"]["contexts"]["job"]
    assert job == {"job_id": "job_123", "production_type": "novella", "genre": "scifi",
                   "word_count_target": 25000, **({"type": job["type"]} if "type" in job else {})}


def test_user_arrives(bugsink_project: BugsinkProject) -> None:
    init_sentry(dsn=bugsink_project.dsn)
    set_user(user_id="user_123", email="user@example.com", username="john_doe")
    event_id = _raise_and_capture("failed for a user")
    flush(timeout=5)
    user = bugsink_project.event(event_id)["data"]["user"]
    assert user == {"id": "user_123", "email": "user@example.com", "username": "john_doe"}


def test_release_and_environment(bugsink_project: BugsinkProject) -> None:
    init_sentry(dsn=bugsink_project.dsn, environment="staging")
    event_id = _raise_and_capture("failed in staging")
    flush(timeout=5)
    data = bugsink_project.event(event_id)["data"]
    assert data["release"] == f"narra-forge@{__version__}"
    assert data["environment"] == "staging"


def test_test_sentry_script_passes_and_reads_events_back(
    bugsink_project: BugsinkProject, tmp_path: Path
) -> None:
    token = bugsink_project.server.token
    proc = run_test_sentry(tmp_path, SENTRY_DSN=bugsink_project.dsn, SENTRY_AUTH_TOKEN=token)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    lines = proc.stdout.splitlines()
    for name in ("test error", "test message", "error with breadcrumbs", "error with context",
                 "test transaction"):
        assert any(line.startswith(f"PASS {name}: accepted (HTTP 200)") for line in lines), output
    for name in ("test error", "test message", "error with breadcrumbs", "error with context"):
        assert any(line.startswith(f"PASS {name} stored: found via the Bugsink API")
                   for line in lines), output
    assert "is receiving data" in lines[-1]
    assert "FAIL" not in output and "Traceback" not in output
    assert bugsink_project.key not in output and token not in output
    # Independently of the script: the four error/message events are in the project.
    assert len(bugsink_project.events()) == 4


def test_test_sentry_script_reports_a_wrong_key(bugsink_project: BugsinkProject, tmp_path: Path) -> None:
    wrong_key = "f" * 32
    wrong_dsn = bugsink_project.dsn.replace(bugsink_project.key, wrong_key)
    proc = run_test_sentry(tmp_path, SENTRY_DSN=wrong_dsn)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, output
    assert any(line.startswith("FAIL test error: HTTP 403") for line in proc.stdout.splitlines()), output
    assert "Client Keys" in output  # the fix
    assert wrong_key not in output
    assert "Traceback" not in output
    assert bugsink_project.events() == []


OPENAI_KEY = "sk-proj-" + "Zq9Xw8Vu7Ts6Rp5On4Ml3Kj2Ih1Gf0Ed" * 2
BEARER_VALUE = "eyJhbGciOiJIUzI1NiJ9" + "x7Yt3Qp" * 4


def _fail_with_secret_locals(dsn: str) -> None:
    openai_api_key = OPENAI_KEY
    headers = {"Authorization": f"Bearer {BEARER_VALUE}"}
    note = f"calling the model with {OPENAI_KEY}"
    dsn_copy = dsn
    raise RuntimeError(f"upstream refused ({len(openai_api_key) + len(headers) + len(note) + len(dsn_copy)})")


def test_no_planted_secret_is_stored(bugsink_project: BugsinkProject) -> None:
    dsn = bugsink_project.dsn
    init_sentry(dsn=dsn)
    set_context("api", {"api_key": OPENAI_KEY, "model": "gpt-4o",
                        "note": f"Authorization: Bearer {BEARER_VALUE}"})
    add_breadcrumb(message=f"retrying with key {OPENAI_KEY}", category="api")
    try:
        _fail_with_secret_locals(dsn)
    except RuntimeError as exc:
        assert capture_exception(exc, extras={
            "request": {"headers": {"authorization": f"Bearer {BEARER_VALUE}"},
                        "body": f"key={OPENAI_KEY}"},
            "openai_api_key": OPENAI_KEY,
            "sentry_settings": f"SENTRY_DSN={dsn}",
        })
    assert capture_message(
        f"request failed with {OPENAI_KEY} and Authorization: Bearer {BEARER_VALUE} via {dsn}",
        level="error")
    flush(timeout=5)

    events = bugsink_project.events()
    assert len(events) == 2
    text = bugsink_project.stored_text()
    # Not vacuous: frame locals, context, extras and breadcrumbs were stored, filtered.
    frames = [f for e in events for v in (e["data"].get("exception") or {}).get("values", [])
              for f in v["stacktrace"]["frames"]]
    assert any("openai_api_key" in (f.get("vars") or {}) for f in frames)
    assert "[Filtered]" in text and '"gpt-4o"' in text
    for secret in (OPENAI_KEY, OPENAI_KEY[8:], BEARER_VALUE, bugsink_project.key):
        assert secret not in text
