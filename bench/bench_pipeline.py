"""Offline pipeline speed, as figures and ratios measured in one run.

1. A novel of at least 100,000 words on the offline engine: wall time and peak RSS
   (each run in a fresh subprocess, so RSS is the job's own).
2. The same brief with Sentry tracing at traces_sample_rate=1.0 (in-process transport)
   against Sentry disabled, interleaved rounds: target <= 1.03x.

Run: python bench/bench_pipeline.py [--words 100000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile

CHILD = r"""
import asyncio, json, resource, sys, time
from narra_forge import BatchOrchestrator
from narra_forge.core import NarraForgeConfig
from narra_forge.core.types import ProductionBrief
from narra_forge.monitoring import init_sentry
from narra_forge.monitoring.testing import CapturingTransport

words, traced, out = int(sys.argv[1]), sys.argv[2] == "1", sys.argv[3]
if traced:
    init_sentry(dsn="https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.invalid/1",
                transport=CapturingTransport(), traces_sample_rate=1.0)
config = NarraForgeConfig(output_dir=out, data_dir=out + "/data")
brief = ProductionBrief(production_type="novel", genre="fantasy", seed=1,
                        word_count_target=words)
orchestrator = BatchOrchestrator(config)
started = time.perf_counter()
result = asyncio.run(orchestrator.produce_narrative(brief))
seconds = time.perf_counter() - started
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "rss_mb": rss_mb, "words": result.word_count,
                  "traced": bool(result.trace_id)}))
"""


def run(words: int, traced: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as out:
        proc = subprocess.run([sys.executable, "-c", CHILD, str(words), "1" if traced else "0",
                               out], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    plain, traced = [], []
    for _ in range(args.rounds):  # interleaved: drift on a noisy machine hits both
        plain.append(run(args.words, traced=False))
        traced.append(run(args.words, traced=True))
    best_plain = min(plain, key=lambda r: r["seconds"])
    best_traced = min(traced, key=lambda r: r["seconds"])
    print(f"1. offline novel, {best_plain['words']:,} words: {best_plain['seconds']:.2f} s wall "
          f"(best of {args.rounds}), peak RSS {best_plain['rss_mb']:.0f} MB")
    ratio = best_traced["seconds"] / best_plain["seconds"]
    print(f"2. traced (sample rate 1.0) {best_traced['seconds']:.2f} s vs Sentry disabled "
          f"{best_plain['seconds']:.2f} s: {ratio:.3f}x  "
          f"{'ok' if ratio <= 1.03 else 'OVER TARGET'} (target <= 1.03x); traced RSS "
          f"{best_traced['rss_mb']:.0f} MB")


if __name__ == "__main__":
    main()
