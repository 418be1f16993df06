"""Uncaught exceptions are captured automatically, once each, and delivered before exit.

Each case runs in a real subprocess that sends over HTTP to a Sentry-protocol server on
127.0.0.1, so delivery at exit (not just capture) is what is checked.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest

from tests.support import guide
from tests.support.capture import normalize
from tests.support.envelope_server import EnvelopeServer

PRELUDE = """
import asyncio, sys
from narra_forge.monitoring import init_sentry
assert init_sentry(dsn=sys.argv[1])
"""

CASES = {
    "plain_script": """
        raise ValueError("Something went wrong in a plain script!")
    """,
    # The guide's "Automatic Error Capture" block, as written.
    "asyncio_run": guide.block("Features", "1. Automatic Error Capture"),
    "unawaited_task": """
        async def forgotten():
            raise ValueError("Something went wrong in a task nobody awaited!")

        async def main():
            asyncio.get_running_loop().create_task(forgotten())
            await asyncio.sleep(0.05)

        asyncio.run(main())
    """,
}


@pytest.fixture
def server() -> Iterator[EnvelopeServer]:
    with EnvelopeServer() as srv:
        yield srv


@pytest.mark.parametrize("case", sorted(CASES))
def test_uncaught_exception_is_delivered_exactly_once(server: EnvelopeServer, case: str) -> None:
    script = PRELUDE + textwrap.dedent(CASES[case])
    proc = subprocess.run(
        [sys.executable, "-c", script, server.dsn()],
        capture_output=True, text=True, timeout=30,
    )
    # The process already exited: whatever arrived was delivered by the exit flush.
    events = server.events()
    assert len(events) == 1, (proc.stderr, events)
    normalize(events[0])
    [exception] = events[0]["exception"]["values"]
    assert exception["type"] == "ValueError"
    assert "Something went wrong" in exception["value"]
    if case != "unawaited_task":
        assert proc.returncode == 1
        assert exception["mechanism"]["handled"] is False
