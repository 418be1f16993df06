"""Pure CPU work (prose templates, quality checks) off the event loop, when asked.

One asyncio loop runs every job of a batch; a job's checks and prose generation would
otherwise hold up every other job's requests. With ``workers > 0`` such work runs in a
process pool (forkserver: safe beside the SDK's threads), on every core; with 0 it runs
inline, which is what a single job wants (no pool start-up).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

#: imported once in the forkserver, so each worker starts warm
_PRELOAD = ["narra_forge.quality.coherence", "narra_forge.quality.editorial",
            "narra_forge.quality.stylize", "narra_forge.engines.offline"]

_workers = 0
_pool: ProcessPoolExecutor | None = None


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group; the parent decides what to cancel.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def set_cpu_workers(workers: int) -> None:
    """How many worker processes run CPU work (0: inline). Changing it restarts the pool."""
    global _workers, _pool
    if workers == _workers:
        return
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
    _workers = max(0, workers)


def cpu_workers() -> int:
    return _workers


async def run_cpu(fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)``, in a worker process when configured; ``fn`` must be a module-level
    function of picklable arguments, deterministic like everything it is used for."""
    if _workers == 0:
        return fn(*args)
    global _pool
    if _pool is None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        _pool = ProcessPoolExecutor(max_workers=_workers, mp_context=context,
                                    initializer=_ignore_interrupts)
    return await asyncio.get_running_loop().run_in_executor(_pool, fn, *args)
