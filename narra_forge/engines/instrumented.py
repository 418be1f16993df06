"""The one place a ``gen_ai.chat`` span is made, around whatever engine it wraps."""

from __future__ import annotations

from narra_forge.engines.base import Completion, Engine, EngineRequest, WrapperEngine
from narra_forge.monitoring.gen_ai import chat_span, record_messages, record_usage


class InstrumentedEngine(WrapperEngine):
    """Adds a span per request with provider, models and token usage.

    Prompt and completion text go on the span only when ``record_prompts`` is on, and then
    scrubbed and truncated; by default only model, parameters and usage.
    """

    def __init__(self, wrapped: Engine, *, record_prompts: bool = False) -> None:
        super().__init__(wrapped)
        self.record_prompts = record_prompts

    async def request(self, request: EngineRequest) -> Completion:
        model = request.model or self.default_model
        async with chat_span(self.provider, model, agent_name=request.agent_id,
                             max_tokens=request.max_tokens,
                             temperature=request.temperature) as span:
            completion = await self.wrapped.request(request)
            record_usage(span, response_model=completion.model,
                         input_tokens=completion.usage.input_tokens,
                         output_tokens=completion.usage.output_tokens,
                         finish_reason=completion.finish_reason,
                         cost_usd=completion.cost_usd)
            if self.record_prompts:
                record_messages(span, system=request.system, user=request.user,
                                completion=completion.text)
        return completion
