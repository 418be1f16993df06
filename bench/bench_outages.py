"""Sentry outages never slow production: wall time of one job per outage mode, as a ratio
to the same job with Sentry disabled, measured in one run (target <= 1.05x), and the
whole process time, which includes the exit flush (bounded by SENTRY_SHUTDOWN_TIMEOUT).

Run: python bench/bench_outages.py [--words 40000] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.support

from tests.support.envelope_server import EnvelopeServer, closed_port

CHILD = r"""
import asyncio, json, sys, time
from narra_forge import BatchOrchestrator
from narra_forge.core import NarraForgeConfig
from narra_forge.core.types import ProductionBrief
config = NarraForgeConfig(output_dir=sys.argv[2], data_dir=sys.argv[2] + "/data",
                          sentry_traces_sample_rate=1.0)
brief = ProductionBrief(production_type="novel", genre="thriller", seed=1,
                        word_count_target=int(sys.argv[1]))
orchestrator = BatchOrchestrator(config)
started = time.perf_counter()
asyncio.run(orchestrator.produce_narrative(brief))
print(json.dumps({"job_seconds": time.perf_counter() - started}))
"""
KEY = "0123456789abcdef0123456789abcdef"


def run(words: int, dsn: str | None) -> tuple[float, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    env["SENTRY_SHUTDOWN_TIMEOUT"] = "2"
    if dsn:
        env["SENTRY_DSN"] = dsn
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", CHILD, str(words), out], env=env,
                              capture_output=True, text=True, check=True)
        total = time.perf_counter() - started
    return json.loads(proc.stdout)["job_seconds"], total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=40_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    servers = {mode: EnvelopeServer(mode=mode).start() for mode in ("hang", "error", "rate_limit")}
    dsns = {"disabled": None, "nothing listens": f"http://{KEY}@127.0.0.1:{closed_port()}/1",
            **{f"answers {m}": s.dsn(key=KEY) for m, s in servers.items()}}
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in dsns}
    try:
        for _ in range(args.rounds):  # interleaved, so drift hits every mode alike
            for name, dsn in dsns.items():
                results[name].append(run(args.words, dsn))
    finally:
        for server in servers.values():
            server.stop()
    base_job = min(r[0] for r in results["disabled"])
    base_total = min(r[1] for r in results["disabled"])
    for name, runs in results.items():
        job, total = min(r[0] for r in runs), min(r[1] for r in runs)
        print(f"{name:<18} job {job:6.2f} s ({job / base_job:.3f}x, target <= 1.05x)   "
              f"process {total:6.2f} s (+{total - base_total:.2f} s: SDK start-up and the exit "
              "flush, which waits at most SENTRY_SHUTDOWN_TIMEOUT=2 s)")


if __name__ == "__main__":
    main()
