"""The one retry loop of the engine stack.

Why one: the SDK's own retries are off (``max_retries=0``), so every retry is visible
here, leaves exactly one breadcrumb, honours the provider's ``Retry-After`` and is
counted on the error that finally escapes (``retry_attempt``). Nothing here reports to
Sentry: the orchestrator captures a failing stage once, retry count included.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable

from narra_forge.core.errors import (
    EngineConnectionError,
    EngineError,
    EngineStatusError,
    EngineTimeout,
)
from narra_forge.engines.base import Completion, Engine, EngineRequest, WrapperEngine
from narra_forge.monitoring import add_breadcrumb

Sleep = Callable[[float], Awaitable[object]]


def retry_message(error: EngineError) -> str:
    """The breadcrumb message for a retried error: what kind of trouble the API gave."""
    status = getattr(error, "status_code", None)
    if status == 429:
        return "API rate limit encountered"
    if isinstance(error, EngineTimeout) or status == 408:
        return "API timeout encountered"
    if status == 409:
        return "API conflict encountered"
    if isinstance(status, int) and status >= 500:
        return "API server error encountered"
    if isinstance(error, EngineConnectionError):
        return "API connection error encountered"
    return "API error encountered"


class RetryingEngine(WrapperEngine):
    """Retries retryable ``EngineError``s up to ``max_retries`` times.

    The wait before retry ``n`` (1-based) is the error's ``retry_after`` when it carries
    one (capped at ``max_retry_after``), else full-jitter exponential backoff: uniform in
    ``[0, min(max_delay, base_delay * 2**(n-1))]``. ``rng`` and ``sleep`` are injectable
    so tests are deterministic and instant.
    """

    def __init__(
        self,
        wrapped: Engine,
        *,
        max_retries: int = 3,
        base_delay: float = 0.5,
        max_delay: float = 20.0,
        max_retry_after: float = 60.0,
        rng: random.Random | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        super().__init__(wrapped)
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        self.max_retries = max_retries
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.max_retry_after = max_retry_after
        self._rng = rng or random.Random()
        self._sleep = sleep

    def wait_time(self, error: EngineError, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (1-based) after ``error``."""
        retry_after = getattr(error, "retry_after", None)
        if retry_after is not None:
            return min(max(0.0, float(retry_after)), self.max_retry_after)
        ceiling = min(self.max_delay, self.base_delay * 2 ** (retry - 1))
        return self._rng.uniform(0.0, ceiling)

    async def request(self, request: EngineRequest) -> Completion:
        retries = 0
        while True:
            try:
                return await self.wrapped.request(request)
            except EngineError as error:
                if not error.retryable:
                    raise
                if retries >= self.max_retries:
                    error.retry_attempt = retries
                    raise
                retries += 1
                wait = self.wait_time(error, retries)
                add_breadcrumb(
                    message=retry_message(error),
                    category="api",
                    level="warning",
                    data={
                        "retry_attempt": retries,
                        "wait_time": round(wait, 3),
                        "status_code": (error.status_code
                                        if isinstance(error, EngineStatusError) else None),
                        "model": request.model or self.default_model,
                        "error_type": type(error).__name__,
                    },
                )
            await self._sleep(wait)

    def __repr__(self) -> str:
        return f"RetryingEngine({self.wrapped!r}, max_retries={self.max_retries})"
