"""RPM/TPM budgets: within them the engine never causes a 429 itself.

The RPM tests run against the real fake server enforcing the same sliding-window budget,
and check the window property on the timestamps the server recorded.
"""

from __future__ import annotations

import asyncio
import time

import pytest
from aiolimiter import AsyncLimiter

from narra_forge.core.config import NarraForgeConfig
from narra_forge.core.errors import EngineConnectionError, RateLimitError
from narra_forge.core.types import Cast
from narra_forge.engines.base import Completion, Engine, EngineRequest
from narra_forge.engines.openai_engine import OpenAIEngine
from narra_forge.engines.rate_limit import ModelBudget, RateLimitedEngine, admit
from narra_forge.engines.retrying import RetryingEngine
from tests.support.fake_openai import FakeOpenAIServer

KEY = "sk-test-ratelimit-0123456789"
MODEL = "gpt-4o-mini"


def config(srv: FakeOpenAIServer, **kwargs: object) -> NarraForgeConfig:
    return NarraForgeConfig(narra_engine="openai", openai_api_key=KEY,
                            openai_base_url=srv.base_url, api_timeout_seconds=5.0,
                            **kwargs)  # type: ignore[arg-type]


def prose(i: int, model: str | None = MODEL) -> EngineRequest:
    return EngineRequest(task="prose", system="s", user=f"request {i}: 10 words",
                         max_tokens=50, model=model)


def assert_sliding_window(times: list[float], limit: int, window: float) -> None:
    """No ``window``-long interval holds more than ``limit`` of ``times``."""
    times = sorted(times)
    for i in range(len(times) - limit):
        assert times[i + limit] - times[i] > window, (i, times[i], times[i + limit])


async def test_rpm_burst_causes_no_429_and_keeps_the_sliding_window() -> None:
    limit, window, total = 6, 0.5, 20
    with FakeOpenAIServer(rpm_limit=limit, window_seconds=window) as srv:
        engine = RateLimitedEngine(OpenAIEngine(config(srv)), rpm_limits={MODEL: limit},
                                   window_seconds=window)
        results = await asyncio.gather(*(engine.request(prose(i)) for i in range(total)))
        await engine.aclose()
        assert len(results) == total
        assert srv.rate_limited_count == 0
        chats = srv.chat_requests
        assert len(chats) == total and {r.status for r in chats} == {200}
        assert_sliding_window([r.timestamp for r in chats], limit, window)


async def test_without_the_limiter_the_same_burst_is_rate_limited() -> None:
    """Control: the server really enforces the budget, so the test above means something."""
    limit = 6
    with FakeOpenAIServer(rpm_limit=limit, window_seconds=60.0) as srv:
        engine = OpenAIEngine(config(srv))
        results = await asyncio.gather(*(engine.request(prose(i)) for i in range(12)),
                                       return_exceptions=True)
        await engine.aclose()
        assert sum(isinstance(r, RateLimitError) for r in results) == 6
        assert srv.rate_limited_count == 6


def test_a_leaky_bucket_is_not_sliding_window_safe() -> None:
    """Why aiolimiter is not used for RPM: after its initial burst it keeps leaking
    capacity, so one window holds far more than ``max_rate`` starts."""
    limit, window = 5, 0.25

    async def run() -> list[float]:
        limiter = AsyncLimiter(limit, window)
        starts: list[float] = []
        deadline = time.monotonic() + window * 0.95
        while time.monotonic() < deadline:
            async with limiter:
                starts.append(time.monotonic())
        return starts

    starts = asyncio.run(run())
    assert len(starts) > limit + 2  # a sliding window of `window` seconds saw them all


async def test_each_http_call_of_a_request_takes_a_slot() -> None:
    """A repair request is a second HTTP call: it must be admitted like the first."""
    limit, window = 4, 0.5
    with FakeOpenAIServer(rpm_limit=limit, window_seconds=window) as srv:
        srv.enqueue(*["wrong_schema"] * 4)  # the first four answers each need a repair
        engine = RateLimitedEngine(OpenAIEngine(config(srv)), rpm_limits={MODEL: limit},
                                   window_seconds=window)
        requests = [EngineRequest(task="cast", system="s", user=f"cast {i}",
                                  output_schema=Cast, max_tokens=800) for i in range(6)]
        results = await asyncio.gather(*(engine.request(r) for r in requests))
        await engine.aclose()
        assert all(isinstance(r.parsed, Cast) for r in results)
        chats = srv.chat_requests
        assert len(chats) == 10
        assert srv.rate_limited_count == 0
        assert_sliding_window([r.timestamp for r in chats], limit, window)


async def test_budgets_are_per_model_from_the_config() -> None:
    with FakeOpenAIServer() as srv:
        cfg = config(srv, model_rpm_limits={"gpt-4o": 7}, model_tpm_limits={"gpt-4o": 9_000},
                     default_rpm_limit=11, default_tpm_limit=13_000)
        engine = RateLimitedEngine(OpenAIEngine(cfg), cfg)
        assert (engine.budget("gpt-4o").rpm, engine.budget("gpt-4o").tpm) == (7, 9_000)
        assert (engine.budget(MODEL).rpm, engine.budget(MODEL).tpm) == (11, 13_000)
        await engine.request(prose(0, model=None))  # default model
        await engine.request(prose(1, model="gpt-4o"))
        assert engine.budget(MODEL).requests_in_window == 1
        assert engine.budget("gpt-4o").requests_in_window == 1
        await engine.aclose()


async def test_settling_returns_unused_tokens_at_once() -> None:
    budget = ModelBudget(rpm=100, tpm=1_000, window=30.0)
    async with budget.slot(800) as first:
        assert budget.tokens_in_window == 800
        first.settle(100)
    assert budget.tokens_in_window == 100
    # 800 more fit now, without waiting for the window to pass
    async with asyncio.timeout(0.5), budget.slot(800) as second:
        assert budget.tokens_in_window == 900
        second.settle(850)
    assert budget.tokens_in_window == 950
    assert budget.requests_in_window == 2


async def test_a_reservation_in_flight_blocks_until_settled() -> None:
    budget = ModelBudget(rpm=100, tpm=1_000, window=30.0)
    first = budget.slot(900)
    await first.__aenter__()
    waiter = asyncio.create_task(budget.slot(500).__aenter__())
    await asyncio.sleep(0.05)
    assert not waiter.done()
    first.settle(300)  # capacity comes back: 300 + 500 <= 1000
    await asyncio.wait_for(waiter, 0.5)
    assert budget.tokens_in_window == 800


async def test_tokens_return_after_the_window() -> None:
    budget = ModelBudget(rpm=100, tpm=1_000, window=0.2)
    async with budget.slot(1_000):
        pass  # unsettled success keeps the reservation
    start = time.monotonic()
    async with budget.slot(10):
        waited = time.monotonic() - start
    assert 0.15 <= waited < 1.0


async def test_an_error_releases_tokens_but_keeps_the_request_counted() -> None:
    budget = ModelBudget(rpm=2, tpm=1_000, window=30.0)
    with pytest.raises(EngineConnectionError):
        async with budget.slot(900):
            raise EngineConnectionError("dropped")
    assert budget.tokens_in_window == 0
    assert budget.requests_in_window == 1
    async with budget.slot(900):
        pass
    assert budget.requests_in_window == 2
    third = asyncio.create_task(budget.slot(1).__aenter__())
    await asyncio.sleep(0.05)
    assert not third.done()  # rpm=2 used up for the next 30 s
    third.cancel()


async def test_an_estimate_above_the_budget_waits_for_an_empty_window() -> None:
    budget = ModelBudget(rpm=10, tpm=100, window=0.2)
    async with asyncio.timeout(0.5), budget.slot(5_000) as ticket:
        assert ticket.tokens == 100
        ticket.settle(5_000)
    start = time.monotonic()
    async with asyncio.timeout(1.0), budget.slot(1):
        assert time.monotonic() - start >= 0.15


async def test_a_plain_engine_is_limited_per_request() -> None:
    class Plain(Engine):
        provider = "plain"
        default_model = "plain-model"
        starts: list[float] = []  # noqa: RUF012

        async def request(self, request: EngineRequest) -> Completion:
            self.starts.append(time.monotonic())
            return Completion(text="x", model="plain-model", provider="plain")

    inner = Plain()
    engine = RateLimitedEngine(inner, default_rpm=3, default_tpm=10_000, window_seconds=0.2)
    await asyncio.gather(*(engine.request(prose(i, model=None)) for i in range(7)))
    assert_sliding_window(inner.starts, 3, 0.2)
    assert engine.budget("plain-model").requests_in_window >= 1


async def test_admit_is_a_no_op_outside_a_limiter() -> None:
    async with admit(MODEL, 10**9) as ticket:
        ticket.settle(10**9)


async def test_retries_go_through_the_limiter_too() -> None:
    limit, window = 3, 0.4
    with FakeOpenAIServer(rpm_limit=limit, window_seconds=window) as srv:
        srv.enqueue("server_error", "server_error", "server_error")
        limited = RateLimitedEngine(OpenAIEngine(config(srv)), rpm_limits={MODEL: limit},
                                    window_seconds=window)
        engine = RetryingEngine(limited, max_retries=3, base_delay=0.0)
        await asyncio.gather(*(engine.request(prose(i)) for i in range(6)))
        await engine.aclose()
        assert srv.rate_limited_count == 0
        assert len(srv.chat_requests) == 9
        assert_sliding_window([r.timestamp for r in srv.chat_requests], limit, window)
