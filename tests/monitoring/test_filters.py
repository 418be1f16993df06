"""before_send_hook: drops interrupts, cancellations, clean exits and retried rate limits."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from narra_forge.core.errors import EngineStatusError, RateLimitError
from narra_forge.monitoring import before_send_hook, capture_exception, capture_message
from tests.support.capture import SentryCapture


def _hint(exc: BaseException) -> dict[str, Any]:
    return {"exc_info": (type(exc), exc, None)}


@pytest.mark.parametrize(
    "exc",
    [KeyboardInterrupt(), asyncio.CancelledError(), SystemExit(0), SystemExit(None),
     RateLimitError("429", status_code=429)],
)
def test_dropped(exc: BaseException) -> None:
    assert before_send_hook({"extra": {}}, _hint(exc)) is None


class RateLimitErrorFromProvider(Exception):
    status_code = 429


@pytest.mark.parametrize(
    "exc",
    [SystemExit(1), ValueError("x"), EngineStatusError("500", status_code=500),
     RateLimitError("429", status_code=429, retry_attempt=3)],
)
def test_kept(exc: BaseException) -> None:
    event = {"extra": {}}
    assert before_send_hook(event, _hint(exc)) is event


def test_provider_rate_limit_dropped_unless_exhausted() -> None:
    exc = RateLimitErrorFromProvider()
    assert before_send_hook({}, _hint(exc)) is None
    event = {"extra": {"retry_attempt": 4}}
    assert before_send_hook(event, _hint(exc)) is event


def test_message_events_are_kept() -> None:
    event = {"message": "hi"}
    assert before_send_hook(event, {}) is event


def test_user_hook_runs_after_ours(sentry: SentryCapture) -> None:
    seen: list[str] = []

    def mine(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any] | None:
        seen.append(event["exception"]["values"][0]["type"] if "exception" in event else "msg")
        event.setdefault("tags", {})["mine"] = "yes"
        return event

    sentry.init(before_send=mine)
    assert capture_exception(KeyboardInterrupt()) is None  # ours dropped it first
    assert capture_exception(RateLimitError("429", status_code=429)) is None
    assert capture_exception(RateLimitError("429", status_code=429),
                             extras={"retry_attempt": 3}) is not None
    capture_message("kept")
    assert seen == ["RateLimitError", "msg"]
    assert [e["tags"]["mine"] for e in sentry.events()] == ["yes", "yes"]
