"""Spans that follow Sentry's AI agent monitoring conventions, so the Agents view shows a run.

An agent run is ``gen_ai.invoke_agent`` named ``invoke_agent <agent>``; a model call is
``gen_ai.chat`` named ``chat <model>`` with provider, models and token usage.
"""

from __future__ import annotations

import json
from typing import Any

from narra_forge.monitoring.consts import DATA, OP
from narra_forge.monitoring.scrubbing import scrub_text
from narra_forge.monitoring.tracing import SentrySpan

#: characters of prompt or completion kept on a span when recording is opted in
MAX_RECORDED_CHARS = 2_000


def invoke_agent_span(agent_name: str, pipeline_name: str | None = None) -> SentrySpan:
    data = {DATA.OPERATION_NAME: "invoke_agent", DATA.AGENT_NAME: agent_name}
    if pipeline_name:
        data[DATA.PIPELINE_NAME] = pipeline_name
    return SentrySpan(op=OP.GEN_AI_INVOKE_AGENT, description=f"invoke_agent {agent_name}",
                      data=data)


def chat_span(
    provider: str,
    request_model: str,
    *,
    agent_name: str | None = None,
    max_tokens: int | None = None,
    temperature: float | None = None,
) -> SentrySpan:
    data: dict[str, Any] = {
        DATA.OPERATION_NAME: "chat",
        DATA.PROVIDER_NAME: provider,
        DATA.REQUEST_MODEL: request_model,
    }
    if agent_name:
        data[DATA.AGENT_NAME] = agent_name
    if max_tokens is not None:
        data[DATA.REQUEST_MAX_TOKENS] = max_tokens
    if temperature is not None:
        data[DATA.REQUEST_TEMPERATURE] = temperature
    return SentrySpan(op=OP.GEN_AI_CHAT, description=f"chat {request_model}", data=data)


def record_usage(
    span: Any,
    *,
    response_model: str,
    input_tokens: int,
    output_tokens: int,
    finish_reason: str | None = None,
    cost_usd: float | None = None,
) -> None:
    span.set_data(DATA.RESPONSE_MODEL, response_model)
    span.set_data(DATA.USAGE_INPUT_TOKENS, input_tokens)
    span.set_data(DATA.USAGE_OUTPUT_TOKENS, output_tokens)
    span.set_data(DATA.USAGE_TOTAL_TOKENS, input_tokens + output_tokens)
    if finish_reason:
        span.set_data(DATA.FINISH_REASONS, [finish_reason])
    if cost_usd is not None:
        span.set_data(DATA.COST_USD, round(cost_usd, 6))


def _clip(text: str) -> str:
    text = scrub_text(text)
    return text if len(text) <= MAX_RECORDED_CHARS else text[:MAX_RECORDED_CHARS] + "…"


def record_messages(span: Any, *, system: str, user: str, completion: str) -> None:
    """Prompt and completion text on the span (only when the user opted in), truncated."""
    messages = [{"role": "system", "content": _clip(system)},
                {"role": "user", "content": _clip(user)}]
    span.set_data(DATA.INPUT_MESSAGES, json.dumps(messages, ensure_ascii=False))
    span.set_data(DATA.OUTPUT_MESSAGES, json.dumps(
        [{"role": "assistant", "content": _clip(completion)}], ensure_ascii=False))
