"""Per-agent view of a job's engine: picks the agent's model, guards the budget, books calls."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Protocol

from narra_forge.core.errors import BudgetExceeded, EngineError
from narra_forge.core.state import CallRecord
from narra_forge.engines.base import Completion, Engine, EngineRequest, WrapperEngine
from narra_forge.engines.pricing import estimate_cost
from narra_forge.monitoring import add_breadcrumb, capture_message

COST_WARNING = "Job cost passed WARN_COST_THRESHOLD"


class Ledger(Protocol):
    """Where a job's calls are booked (``JobState``)."""

    job_id: str
    cost_warning_sent: bool

    def add_call(self, call: CallRecord) -> None: ...

    @property
    def total_cost(self) -> float: ...


@dataclass(frozen=True)
class CostLimits:
    """``MAX_COST_PER_JOB`` and ``WARN_COST_THRESHOLD`` in USD (None: no limit)."""

    max_cost: float | None = None
    warn_cost: float | None = None


class AgentEngine(WrapperEngine):
    """Fills in the agent's id and model, stops a job at its budget, books usage and cost.

    The budget is checked *before* each call against an upper-bound estimate (input
    estimate plus ``max_tokens`` of output), so a job stops with ``BudgetExceeded``
    before it would pass ``max_cost``; only a call whose real usage beats its own
    estimate could take it over, and then by that one call.
    """

    def __init__(self, wrapped: Engine, *, agent_id: str, model: str, ledger: Ledger,
                 limits: CostLimits | None = None) -> None:
        super().__init__(wrapped)
        self.agent_id = agent_id
        self.model = model
        self.ledger = ledger
        self.limits = limits or CostLimits()

    async def request(self, request: EngineRequest) -> Completion:
        # An engine that never suspends (the offline one) would starve the loop: other
        # jobs of a batch, and the cancellation a signal handler asks for.
        await asyncio.sleep(0)
        request = request.model_copy(update={
            "model": request.model or self.model, "agent_id": self.agent_id})
        self._check_budget(request)
        try:
            completion = await self.wrapped.request(request)
        except EngineError as error:
            if error.spent is not None:  # answered, but unusably: it still cost money
                model, input_tokens, output_tokens, cost = error.spent
                self._book(model, input_tokens, output_tokens, cost)
            raise
        self._book(completion.model, completion.usage.input_tokens,
                   completion.usage.output_tokens, completion.cost_usd)
        return completion

    def _book(self, model: str, input_tokens: int, output_tokens: int, cost: float) -> None:
        self.ledger.add_call(CallRecord(agent_id=self.agent_id, model=model,
                                        input_tokens=input_tokens,
                                        output_tokens=output_tokens, cost_usd=cost))
        self._maybe_warn()

    def _check_budget(self, request: EngineRequest) -> None:
        limit = self.limits.max_cost
        if limit is None:
            return
        spent = self.ledger.total_cost
        estimate = estimate_cost(request.model or self.model, request)
        if spent + estimate > limit:
            add_breadcrumb(message="Job budget reached", category="cost", level="warning",
                           data={"spent_usd": round(spent, 6), "next_call_usd": round(estimate, 6),
                                 "max_cost_usd": limit})
            raise BudgetExceeded(
                f"MAX_COST_PER_JOB=${limit:.4f} reached: spent ${spent:.4f}, the next "
                f"{self.agent_id} call could cost up to ${estimate:.4f}")

    def _maybe_warn(self) -> None:
        threshold = self.limits.warn_cost
        if threshold is None or self.ledger.cost_warning_sent:
            return
        spent = self.ledger.total_cost
        if spent > threshold:
            self.ledger.cost_warning_sent = True
            capture_message(COST_WARNING, level="warning",
                            tags={"cost_usd": f"{spent:.4f}", "threshold": f"{threshold:.4f}"},
                            extras={"agent_id": self.agent_id})
