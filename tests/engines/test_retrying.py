"""The one retry loop: what is retried, how long it waits, what it leaves in Sentry."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterable

import pytest

from narra_forge.core.errors import (
    BudgetExceeded,
    EngineConnectionError,
    EngineError,
    EngineStatusError,
    EngineTimeout,
    RateLimitError,
    StructuredOutputError,
)
from narra_forge.engines.base import Completion, Engine, EngineRequest
from narra_forge.engines.retrying import RetryingEngine, retry_message
from narra_forge.monitoring import capture_message
from tests.support.capture import SentryCapture

REQUEST = EngineRequest(task="prose", system="s", user="u", model="gpt-4o-mini")


class Scripted(Engine):
    """Raises the scripted errors in order, then answers."""

    provider = "scripted"
    default_model = "scripted-model"

    def __init__(self, errors: Iterable[EngineError]) -> None:
        self.errors = list(errors)
        self.calls = 0

    async def request(self, request: EngineRequest) -> Completion:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return Completion(text="ok", model=request.model or self.default_model,
                          provider=self.provider)


class SleepRecorder:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def status(code: int, retry_after: float | None = None) -> EngineStatusError:
    cls = RateLimitError if code == 429 else EngineStatusError
    return cls(f"HTTP {code}", status_code=code, retry_after=retry_after)


def make(errors: Iterable[EngineError], **kwargs: object) -> tuple[RetryingEngine, Scripted,
                                                                    SleepRecorder]:
    inner = Scripted(errors)
    sleep = SleepRecorder()
    kwargs.setdefault("rng", random.Random(7))
    return RetryingEngine(inner, sleep=sleep, **kwargs), inner, sleep  # type: ignore[arg-type]


@pytest.mark.parametrize("error", [
    status(429), status(408), status(409), status(500), status(502), status(503),
    EngineTimeout("slow"), EngineConnectionError("dropped"),
], ids=lambda e: type(e).__name__ + str(getattr(e, "status_code", "")))
async def test_retryable_errors_are_retried_and_recover(error: EngineError) -> None:
    engine, inner, sleep = make([error, error], max_retries=3)
    completion = await engine.request(REQUEST)
    assert completion.text == "ok"
    assert inner.calls == 3
    assert len(sleep.waits) == 2


@pytest.mark.parametrize("error", [
    status(400), status(401), status(403), status(404), status(422),
    StructuredOutputError("bad json"), BudgetExceeded("over"), EngineError("other"),
], ids=lambda e: type(e).__name__ + str(getattr(e, "status_code", "")))
async def test_non_retryable_errors_propagate_at_once(error: EngineError) -> None:
    engine, inner, sleep = make([error], max_retries=3)
    with pytest.raises(EngineError) as caught:
        await engine.request(REQUEST)
    assert caught.value is error
    assert caught.value.retry_attempt is None
    assert not caught.value.retries_exhausted
    assert inner.calls == 1
    assert sleep.waits == []


async def test_exhausted_retries_reraise_the_last_error_with_the_count() -> None:
    errors = [status(500), status(503), status(502), status(500)]
    engine, inner, sleep = make(errors, max_retries=3)
    last = errors[-1]
    with pytest.raises(EngineStatusError) as caught:
        await engine.request(REQUEST)
    assert caught.value is last
    assert caught.value.retry_attempt == 3
    assert caught.value.retries_exhausted
    assert inner.calls == 4
    assert len(sleep.waits) == 3


async def test_zero_retries_means_one_call() -> None:
    engine, inner, sleep = make([status(503)], max_retries=0)
    with pytest.raises(EngineStatusError) as caught:
        await engine.request(REQUEST)
    assert caught.value.retry_attempt == 0
    assert caught.value.retries_exhausted
    assert inner.calls == 1
    assert sleep.waits == []


async def test_backoff_is_full_jitter_exponential_and_capped() -> None:
    errors = [EngineTimeout("t") for _ in range(8)]
    engine, _, sleep = make(errors, max_retries=8, base_delay=0.5, max_delay=4.0,
                            rng=random.Random(1))
    await engine.request(REQUEST)
    ceilings = [min(4.0, 0.5 * 2**n) for n in range(8)]
    assert all(0.0 <= w <= c for w, c in zip(sleep.waits, ceilings, strict=True))
    # same seed, same waits: the jitter comes from the injected generator only
    again = random.Random(1)
    assert sleep.waits == [again.uniform(0.0, c) for c in ceilings]


async def test_retry_after_is_used_when_the_error_carries_one() -> None:
    engine, _, sleep = make([status(429, retry_after=2.5), status(503, retry_after=0.0),
                             status(429, retry_after=7200.0)], max_retries=3,
                            max_retry_after=30.0)
    await engine.request(REQUEST)
    assert sleep.waits == [2.5, 0.0, 30.0]


async def test_cancellation_during_the_wait_propagates() -> None:
    inner = Scripted([status(503)])
    engine = RetryingEngine(inner, max_retries=3, base_delay=10.0, max_delay=10.0,
                            rng=random.Random(0))
    task = asyncio.create_task(engine.request(REQUEST))
    await asyncio.sleep(0.05)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert inner.calls == 1


@pytest.mark.parametrize(("error", "message"), [
    (status(429), "API rate limit encountered"),
    (status(500), "API server error encountered"),
    (status(503), "API server error encountered"),
    (status(408), "API timeout encountered"),
    (EngineTimeout("t"), "API timeout encountered"),
    (EngineConnectionError("c"), "API connection error encountered"),
    (status(409), "API conflict encountered"),
])
def test_retry_messages(error: EngineError, message: str) -> None:
    assert retry_message(error) == message


async def test_one_warning_breadcrumb_per_retry(sentry: SentryCapture) -> None:
    sentry.init()
    engine, _, sleep = make([status(429, retry_after=1.5), status(503), EngineTimeout("t")],
                            max_retries=3)
    await engine.request(REQUEST)
    capture_message("after")
    crumbs = [c for c in sentry.events()[0]["breadcrumbs"]["values"] if c["category"] == "api"]
    assert [c["message"] for c in crumbs] == [
        "API rate limit encountered", "API server error encountered", "API timeout encountered"]
    assert {c["level"] for c in crumbs} == {"warning"}
    assert [c["data"]["retry_attempt"] for c in crumbs] == [1, 2, 3]
    assert [c["data"]["wait_time"] for c in crumbs] == [round(w, 3) for w in sleep.waits]
    assert crumbs[0]["data"]["wait_time"] == 1.5
    assert [c["data"]["status_code"] for c in crumbs] == [429, 503, None]
    assert {c["data"]["model"] for c in crumbs} == {"gpt-4o-mini"}


async def test_exhaustion_sends_nothing_to_sentry_itself(sentry: SentryCapture) -> None:
    sentry.init()
    engine, _, _ = make([status(500)] * 3, max_retries=2)
    with pytest.raises(EngineStatusError):
        await engine.request(REQUEST)
    assert sentry.events() == []


def test_wrapper_reports_the_wrapped_provider() -> None:
    engine, inner, _ = make([])
    assert engine.provider == "scripted"
    assert engine.default_model == "scripted-model"
    with pytest.raises(ValueError, match="max_retries"):
        RetryingEngine(inner, max_retries=-1)
