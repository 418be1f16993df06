"""Per-model RPM and TPM budgets, so that within them the engine never causes a 429 itself.

Why not ``aiolimiter.AsyncLimiter``: it is a leaky bucket. With ``max_rate=N`` per 60 s it
admits a burst of N at once and then drains continuously, so a sliding 60-s window can
see almost 2N starts (N at the burst, N more as the bucket leaks). The provider counts
requests in a sliding window, so the guarantee needs a sliding-window log instead.

The guarantee, and why it holds: a request occupies one of the model's N slots from the
moment it is admitted until ``window`` seconds after its answer (or error) arrived. The
server sees a request at some time between its admission and its answer, so when a slot
frees, the request it held is at least ``window`` old on the server's clock too: in any
window the server sees at most N requests from this engine. The price is that a slot is
held ``window + latency`` instead of ``window``: under saturation the rate is
``N / (window + latency)``, i.e. ``window / (window + latency)`` of the budget (0.98 for
1-s calls under a 60-s window). (It assumes the server has received a request
by the time the client gives up on it, which holds except for a connection the client
abandons while its request is still in the kernel's buffers.)

Tokens use the same log: an estimate (input estimate + ``max_tokens``) is reserved at
admission and replaced by the reported usage when the answer arrives, so unused capacity
comes back at once; on an error the tokens are released but the request keeps its slot
(the provider counted it). A single estimate above the whole TPM budget is clipped to it,
so such a request waits for an empty window instead of forever.

Providers that make more than one HTTP call per request (a repair, a fallback) opt in to
``admit`` around each call (``uses_rate_gate = True``); then every HTTP call takes a slot.
Other engines are limited per request.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Mapping
from contextvars import ContextVar
from types import TracebackType
from typing import TYPE_CHECKING

from narra_forge.engines.base import Completion, Engine, EngineRequest, WrapperEngine
from narra_forge.engines.pricing import DEFAULT_MAX_OUTPUT_TOKENS

if TYPE_CHECKING:
    from narra_forge.core.config import NarraForgeConfig

class Ticket:
    """One admitted call: holds a slot and a token reservation until it is settled.

    Use as ``async with budget.slot(tokens) as ticket: ...; ticket.settle(used)``. Leaving
    the block unsettled keeps the reservation on success and releases the tokens on error.
    """

    __slots__ = ("_budget", "_done", "tokens")

    def __init__(self, budget: ModelBudget, tokens: int) -> None:
        self._budget = budget
        self.tokens = tokens
        self._done = False

    async def __aenter__(self) -> Ticket:
        await self._budget._acquire(self)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self._done:
            self.settle(0 if exc_type is not None else self.tokens)

    def settle(self, used_tokens: int) -> None:
        """The call is over: it used ``used_tokens``; its slot expires one window from now."""
        if not self._done:
            self._done = True
            self._budget._finish(self, max(0, used_tokens))


class _NullTicket:
    """What ``admit`` hands out when no rate limiter is in force."""

    __slots__ = ()

    async def __aenter__(self) -> _NullTicket:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        pass

    def settle(self, used_tokens: int) -> None:
        pass


NULL_TICKET = _NullTicket()


class ModelBudget:
    """A sliding-window log of one model's calls: at most ``rpm`` calls and ``tpm`` tokens
    per ``window`` seconds, where a call counts from admission to ``window`` after its end.

    Waiters queue first-in first-out. One dispatcher admits as many of them as fit
    whenever capacity may have returned (a call settled, or the oldest finished call left
    the window), so a burst of expiries costs one wake-up, not one per waiter.
    """

    def __init__(self, rpm: int, tpm: int, window: float = 60.0) -> None:
        if rpm < 1 or tpm < 1 or window <= 0:
            raise ValueError("rpm and tpm must be >= 1 and window > 0")
        self.rpm = rpm
        self.tpm = tpm
        self.window = window
        self._waiters: deque[tuple[Ticket, asyncio.Future[None]]] = deque()
        self._timer: asyncio.TimerHandle | None = None
        self._in_flight: set[Ticket] = set()
        self._in_flight_tokens = 0
        self._finished: deque[tuple[float, int]] = deque()  # (expires_at, tokens), sorted
        self._finished_tokens = 0

    def slot(self, estimated_tokens: int) -> Ticket:
        return Ticket(self, min(max(0, estimated_tokens), self.tpm))

    @property
    def requests_in_window(self) -> int:
        self._purge(time.monotonic())
        return len(self._in_flight) + len(self._finished)

    @property
    def tokens_in_window(self) -> int:
        self._purge(time.monotonic())
        return self._in_flight_tokens + self._finished_tokens

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    def _fits(self, ticket: Ticket) -> bool:
        return (len(self._in_flight) + len(self._finished) < self.rpm
                and self._in_flight_tokens + self._finished_tokens + ticket.tokens <= self.tpm)

    def _admit(self, ticket: Ticket) -> None:
        self._in_flight.add(ticket)
        self._in_flight_tokens += ticket.tokens

    async def _acquire(self, ticket: Ticket) -> None:
        if not self._waiters:
            self._purge(time.monotonic())
            if self._fits(ticket):
                self._admit(ticket)
                return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append((ticket, future))
        self._dispatch()
        try:
            await future
        except asyncio.CancelledError:
            if ticket in self._in_flight:  # admitted, but never sent: give the slot back
                self._in_flight.discard(ticket)
                self._in_flight_tokens -= ticket.tokens
            self._dispatch()
            raise

    def _dispatch(self) -> None:
        """Admit waiters from the head while they fit; then wake again when the oldest
        finished call leaves the window (settling calls wake it too, via ``_finish``)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        now = time.monotonic()
        self._purge(now)
        waiters = self._waiters
        while waiters:
            ticket, future = waiters[0]
            if future.done():  # cancelled while waiting
                waiters.popleft()
                continue
            if not self._fits(ticket):
                break
            waiters.popleft()
            self._admit(ticket)
            future.set_result(None)
        if waiters and self._finished:
            delay = max(0.0, self._finished[0][0] - now)
            self._timer = asyncio.get_running_loop().call_later(delay, self._dispatch)

    def _finish(self, ticket: Ticket, used_tokens: int) -> None:
        if ticket not in self._in_flight:
            return
        self._in_flight.discard(ticket)
        self._in_flight_tokens -= ticket.tokens
        # done times only grow, so appending keeps the log sorted by expiry
        self._finished.append((time.monotonic() + self.window, used_tokens))
        self._finished_tokens += used_tokens
        if self._waiters:
            self._dispatch()

    def _purge(self, now: float) -> None:
        finished = self._finished
        while finished and finished[0][0] <= now:
            self._finished_tokens -= finished.popleft()[1]


#: the limiter of the request being served in this task, for providers that admit calls
_gate: ContextVar[RateLimitedEngine | None] = ContextVar("narra_forge_rate_gate", default=None)


def admit(model: str, estimated_tokens: int) -> Ticket | _NullTicket:
    """For providers: wrap each HTTP call in ``async with admit(model, tokens) as t`` and
    ``t.settle(used)`` afterwards. A no-op outside a ``RateLimitedEngine``."""
    limiter = _gate.get()
    if limiter is None:
        return NULL_TICKET
    return limiter.budget(model).slot(estimated_tokens)


def estimated_request_tokens(request: EngineRequest) -> int:
    """What a request may consume: estimated input plus ``max_tokens`` (or a default)."""
    return request.estimated_input_tokens() + (request.max_tokens or DEFAULT_MAX_OUTPUT_TOKENS)


class RateLimitedEngine(WrapperEngine):
    """Keeps each model within its RPM and TPM budget by waiting before calls.

    Budgets come from ``config.model_rpm_limits`` / ``model_tpm_limits`` with the
    ``default_*`` values as fallback; keyword arguments override the config.
    ``window_seconds`` is 60 for per-minute budgets; tests shrink it.
    """

    def __init__(
        self,
        wrapped: Engine,
        config: NarraForgeConfig | None = None,
        *,
        rpm_limits: Mapping[str, int] | None = None,
        tpm_limits: Mapping[str, int] | None = None,
        default_rpm: int | None = None,
        default_tpm: int | None = None,
        window_seconds: float = 60.0,
    ) -> None:
        super().__init__(wrapped)
        self.rpm_limits = dict(rpm_limits if rpm_limits is not None else
                               (config.model_rpm_limits if config else {}))
        self.tpm_limits = dict(tpm_limits if tpm_limits is not None else
                               (config.model_tpm_limits if config else {}))
        self.default_rpm = default_rpm or (config.default_rpm_limit if config else 500)
        self.default_tpm = default_tpm or (config.default_tpm_limit if config else 200_000)
        self.window_seconds = window_seconds
        self._budgets: dict[str, ModelBudget] = {}
        self._gated = _uses_rate_gate(wrapped)

    def budget(self, model: str) -> ModelBudget:
        """The model's budget, created on first use."""
        budget = self._budgets.get(model)
        if budget is None:
            budget = self._budgets[model] = ModelBudget(
                self.rpm_limits.get(model, self.default_rpm),
                self.tpm_limits.get(model, self.default_tpm),
                self.window_seconds,
            )
        return budget

    async def request(self, request: EngineRequest) -> Completion:
        if self._gated:
            reset = _gate.set(self)
            try:
                return await self.wrapped.request(request)
            finally:
                _gate.reset(reset)
        model = request.model or self.default_model
        async with self.budget(model).slot(estimated_request_tokens(request)) as ticket:
            completion = await self.wrapped.request(request)
            ticket.settle(completion.usage.total_tokens)
        return completion

    def __repr__(self) -> str:
        return f"RateLimitedEngine({self.wrapped!r}, window_seconds={self.window_seconds})"


def _uses_rate_gate(engine: Engine) -> bool:
    """Whether the provider under any wrappers admits each of its HTTP calls itself."""
    while True:
        if getattr(type(engine), "uses_rate_gate", False):
            return True
        inner = getattr(engine, "wrapped", None)
        if not isinstance(inner, Engine):
            return False
        engine = inner
