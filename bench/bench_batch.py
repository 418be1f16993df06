"""Batch throughput against an engine with a fixed 50 ms latency per request.

20 short stories at concurrency 8 (and the scaling 1 -> 2 -> 4 -> 8): wall time against
the lower bound, as a ratio (target <= 1.15). The lower bound: jobs run in
ceil(jobs / concurrency) waves, each at least as long as the longest job's chain of
sequential requests x 50 ms (no RPM/TPM budget applies to this engine).

Run: python bench/bench_batch.py [--jobs 20] [--latency 0.05]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import tempfile
import time
from pathlib import Path

from narra_forge import BatchOrchestrator
from narra_forge.core import NarraForgeConfig
from narra_forge.core.types import NarrativeOutput, ProductionBrief
from narra_forge.engines.base import Completion, Engine, EngineRequest, WrapperEngine
from narra_forge.engines.factory import build_engine


class LatencyEngine(WrapperEngine):
    """The offline engine, answering each request after a fixed network-like delay."""

    def __init__(self, wrapped: Engine, latency: float) -> None:
        super().__init__(wrapped)
        self.latency = latency
        self.requests = 0

    async def request(self, request: EngineRequest) -> Completion:
        self.requests += 1
        await asyncio.sleep(self.latency)
        return await self.wrapped.request(request)


def briefs(n: int) -> list[ProductionBrief]:
    genres = ["fantasy", "scifi", "horror", "thriller", "mystery", "drama", "romance", "hybrid"]
    return [ProductionBrief(production_type="short_story", genre=genres[i % len(genres)],
                            seed=i, word_count_target=5_000) for i in range(n)]


async def run_batch(n: int, concurrency: int, latency: float
                    ) -> tuple[float, int, int, float]:
    with tempfile.TemporaryDirectory() as out:
        config = NarraForgeConfig(output_dir=Path(out), data_dir=Path(out) / "data")
        engine = LatencyEngine(build_engine(config), latency)
        orchestrator = BatchOrchestrator(config, engine=engine)
        started, cpu_started = time.perf_counter(), time.process_time()
        results = await orchestrator.produce_batch(briefs(n), concurrency=concurrency)
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        outputs = [r for r in results if isinstance(r, NarrativeOutput)]
        assert len(outputs) == n, results
        chain = max(sum(int(row["calls"]) for row in _calls(o).values()) for o in outputs)
    return seconds, chain, engine.requests, cpu


def _calls(output: NarrativeOutput) -> dict[str, dict[str, float]]:
    import json

    return json.loads(output.files["metadata"].read_text())["cost"]["by_agent"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=20)
    parser.add_argument("--latency", type=float, default=0.05)
    args = parser.parse_args()
    seconds: dict[int, float] = {}
    for concurrency in (1, 2, 4, 8):
        wall, chain, requests, cpu = asyncio.run(
            run_batch(args.jobs, concurrency, args.latency))
        bound = math.ceil(args.jobs / concurrency) * chain * args.latency
        seconds[concurrency] = wall
        print(f"concurrency {concurrency}: {wall:6.2f} s for {args.jobs} jobs ({requests} "
              f"requests, longest chain {chain}); lower bound {bound:5.2f} s; "
              f"ratio {wall / bound:.2f}" + ("  (target <= 1.15)" if concurrency == 8 else "")
              + f"; CPU {cpu:.2f} s on one event loop, wall / max(bound, CPU) "
              f"{wall / max(bound, cpu):.2f}")
    print("scaling vs concurrency 1: " + ", ".join(
        f"{c}: {seconds[1] / s:.2f}x" for c, s in seconds.items()))


if __name__ == "__main__":
    main()
