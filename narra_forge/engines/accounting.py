"""Per-agent view of a job's engine: picks the agent's model and books every call."""

from __future__ import annotations

import asyncio
from typing import Protocol

from narra_forge.core.state import CallRecord
from narra_forge.engines.base import Completion, Engine, EngineRequest, WrapperEngine


class Ledger(Protocol):
    def add_call(self, call: CallRecord) -> None: ...


class AgentEngine(WrapperEngine):
    """Fills in the agent's id and model, and records usage and cost in the job's ledger."""

    def __init__(self, wrapped: Engine, *, agent_id: str, model: str, ledger: Ledger) -> None:
        super().__init__(wrapped)
        self.agent_id = agent_id
        self.model = model
        self.ledger = ledger

    async def request(self, request: EngineRequest) -> Completion:
        # An engine that never suspends (the offline one) would starve the loop: other
        # jobs of a batch, and the cancellation a signal handler asks for.
        await asyncio.sleep(0)
        request = request.model_copy(update={
            "model": request.model or self.model, "agent_id": self.agent_id})
        completion = await self.wrapped.request(request)
        self.ledger.add_call(CallRecord(
            agent_id=self.agent_id, model=completion.model,
            input_tokens=completion.usage.input_tokens,
            output_tokens=completion.usage.output_tokens, cost_usd=completion.cost_usd,
        ))
        return completion
