"""OpenAI engine stack: overhead per call and sustained rate under an RPM budget.

1. Per-call time of the full stack, InstrumentedEngine(RetryingEngine(RateLimitedEngine(
   OpenAIEngine))), with Sentry on (in-process transport, every trace sampled), against a
   bare ``AsyncOpenAI.chat.completions.create`` to the same fake server in the same run.
   Rounds alternate between the two; both run inside a Sentry transaction, so the
   difference is exactly our layers. Target: ratio <= 1.05.
2. Sustained request rate under an RPM budget, as a share of the budget, against a fake
   server enforcing the same sliding-window budget. Target: share >= 0.95, zero 429s.

Timings on shared machines are noisy: ratios are printed, nothing is asserted.

Run: python bench/bench_openai_engine.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path

import openai

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.support

from narra_forge.core.config import NarraForgeConfig
from narra_forge.core.types import Usage
from narra_forge.engines.base import Completion, Engine, EngineRequest
from narra_forge.engines.instrumented import InstrumentedEngine
from narra_forge.engines.openai_engine import OpenAIEngine
from narra_forge.engines.rate_limit import RateLimitedEngine, admit
from narra_forge.engines.retrying import RetryingEngine
from narra_forge.monitoring import SentryTransaction, init_sentry, shutdown_sentry
from narra_forge.monitoring.testing import CapturingTransport
from tests.support.fake_openai import FakeOpenAIServer

DSN = "https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.invalid/1"
KEY = "sk-bench-0123456789abcdef"
MODEL = "gpt-4o-mini"
SYSTEM = "You write prose."
USER = "Write 40 words."


def stack(config: NarraForgeConfig, **limits: object) -> Engine:
    return InstrumentedEngine(RetryingEngine(
        RateLimitedEngine(OpenAIEngine(config), config, **limits),  # type: ignore[arg-type]
        max_retries=config.max_retries))


async def overhead(rounds: int = 41, calls: int = 25) -> None:
    transport = CapturingTransport()
    init_sentry(dsn=DSN, transport=transport, traces_sample_rate=1.0)
    with FakeOpenAIServer() as srv:
        config = NarraForgeConfig(narra_engine="openai", openai_api_key=KEY,
                                  openai_base_url=srv.base_url,
                                  default_rpm_limit=10**9, default_tpm_limit=10**12)
        ours = stack(config)
        bare = openai.AsyncOpenAI(api_key=KEY, base_url=srv.base_url, max_retries=0,
                                  timeout=config.api_timeout_seconds)
        request = EngineRequest(task="prose", system=SYSTEM, user=USER, max_tokens=200,
                                model=MODEL)
        messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": USER}]

        async def run_ours() -> None:
            await ours.request(request)

        async def run_bare() -> None:
            await bare.chat.completions.create(model=MODEL, messages=messages,  # type: ignore[arg-type]
                                               max_tokens=200)

        async def timed(first: object, second: object) -> tuple[float, float]:
            """One round: the two calls alternate, each timed on its own."""
            times: dict[object, list[float]] = {first: [], second: []}
            async with SentryTransaction(op="bench", name="round"):
                for _ in range(calls):
                    for call in (first, second):
                        start = time.perf_counter()
                        await call()  # type: ignore[operator]
                        times[call].append(time.perf_counter() - start)
            transport.clear()
            return statistics.median(times[run_ours]), statistics.median(times[run_bare])

        await timed(run_ours, run_bare)  # warm up connections and code paths
        ours_t: list[float] = []
        bare_t: list[float] = []
        for i in range(rounds):
            order = (run_ours, run_bare) if i % 2 == 0 else (run_bare, run_ours)
            ours_round, bare_round = await timed(*order)
            ours_t.append(ours_round)
            bare_t.append(bare_round)
        await ours.aclose()
        await bare.close()
    shutdown_sentry()
    ours_ms, bare_ms = statistics.median(ours_t) * 1e3, statistics.median(bare_t) * 1e3
    # both ran in the same round, call by call, so their ratio cancels the machine's drifts
    ratio = statistics.median(o / b for o, b in zip(ours_t, bare_t, strict=True))
    delta_us = statistics.median(o - b for o, b in zip(ours_t, bare_t, strict=True)) * 1e6
    print("1. per-call time, Sentry on, traces sampled (calls alternate; median of "
          f"{rounds} rounds x {calls} calls each)")
    print(f"   bare AsyncOpenAI     {bare_ms:8.3f} ms")
    print(f"   full engine stack    {ours_ms:8.3f} ms   (median difference {delta_us:+.0f} µs)")
    print(f"   ratio                {ratio:8.3f}x   target <= 1.05  "
          f"{'ok' if ratio <= 1.05 else 'OVER TARGET'}")


class Instant(Engine):
    """A provider that answers at once, admitting its call like OpenAIEngine does."""

    provider = "instant"
    default_model = MODEL
    uses_rate_gate = True

    def __init__(self) -> None:
        self.completion = Completion(text="x", model=MODEL, provider="instant",
                                     usage=Usage(input_tokens=10, output_tokens=50))

    async def request(self, request: EngineRequest) -> Completion:
        async with admit(MODEL, 260) as ticket:
            ticket.settle(60)
        return self.completion


async def wrapper_cost(calls: int = 20_000) -> None:
    """The wrappers' own CPU per call, without any HTTP: stable where wall time is not."""
    transport = CapturingTransport()
    init_sentry(dsn=DSN, transport=transport, traces_sample_rate=1.0)
    config = NarraForgeConfig(default_rpm_limit=10**9, default_tpm_limit=10**12)
    inner = Instant()
    wrapped = InstrumentedEngine(RetryingEngine(RateLimitedEngine(inner, config)))
    request = EngineRequest(task="prose", system=SYSTEM, user=USER, max_tokens=200)
    best: dict[str, float] = {}
    for _ in range(5):
        for name, engine in (("provider alone", inner), ("with wrappers", wrapped)):
            elapsed = 0.0
            for _ in range(calls // 5 // 500):  # transactions of 500 spans (max_spans: 1000)
                async with SentryTransaction(op="bench", name="wrappers"):
                    start = time.perf_counter()
                    for _ in range(500):
                        await engine.request(request)
                    elapsed += time.perf_counter() - start
                transport.clear()
            best[name] = min(best.get(name, 1.0), elapsed / (calls // 5 // 500 * 500))
    shutdown_sentry()
    cost = (best["with wrappers"] - best["provider alone"]) * 1e6
    print(f"   wrappers' own cost   {cost:8.1f} µs per call (span, retry loop, limiter; "
          "no HTTP)")


async def sustained(rpm: int = 600, window: float = 5.0, seconds: float = 20.0,
                    workers: int = 8) -> None:
    with FakeOpenAIServer(rpm_limit=rpm, window_seconds=window) as srv:
        config = NarraForgeConfig(narra_engine="openai", openai_api_key=KEY,
                                  openai_base_url=srv.base_url, max_retries=0)
        engine = stack(config, rpm_limits={MODEL: rpm}, window_seconds=window)
        request = EngineRequest(task="prose", system=SYSTEM, user=USER, max_tokens=60,
                                model=MODEL)
        deadline = time.monotonic() + seconds
        latencies: list[float] = []

        async def worker() -> None:
            while time.monotonic() < deadline:
                await engine.request(request)

        async def timed_worker() -> None:
            while time.monotonic() < deadline:
                start = time.monotonic()
                await engine.request(request)
                latencies.append(time.monotonic() - start)

        await asyncio.gather(timed_worker(), *(worker() for _ in range(workers - 1)))
        await engine.aclose()
        records = [r for r in srv.chat_requests if r.status == 200]
        times = sorted(r.timestamp for r in records)
        limited = srv.rate_limited_count
    # request i + rpm can start only once request i's slot has expired, so the gap between
    # them is one window plus latency; rpm requests per gap is the sustained rate
    gaps = [times[i + rpm] - times[i] for i in range(len(times) - rpm)]
    rate = rpm / statistics.mean(gaps)
    share = rate / (rpm / window)
    # calls that had a slot at once show the HTTP latency; the rest waited for one
    http_latency = statistics.median(sorted(latencies)[: max(1, len(latencies) // 4)])
    print(f"2. sustained rate under {rpm} requests per {window:g}-s window "
          f"({workers} concurrent callers, {seconds:g} s)")
    print(f"   requests             {len(times):8d}   429s from server: {limited}")
    print(f"   rate                 {rate:8.1f}/s   budget {rpm / window:.1f}/s")
    print(f"   share of budget      {share:8.3f}    target >= 0.95  "
          f"{'ok' if share >= 0.95 and limited == 0 else 'UNDER TARGET'}")
    print(f"   (a slot is held window + latency; fastest-quartile call latency "
          f"{http_latency * 1e3:.0f} ms)")


def main() -> None:
    asyncio.run(overhead())
    asyncio.run(wrapper_cost())
    asyncio.run(sustained())


if __name__ == "__main__":
    main()
