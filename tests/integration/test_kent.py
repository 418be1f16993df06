"""Against Kent: transactions and their spans arrive and can be read back.

Kent keeps transactions with their spans (Bugsink drops them), so the pipeline's trace is
checked here: one offline production is exactly one transaction holding every stage,
agent and model-call span.
"""

from __future__ import annotations

import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from narra_forge import BatchOrchestrator
from narra_forge.core import NarraForgeConfig
from narra_forge.core.types import ProductionBrief
from narra_forge.monitoring import SentrySpan, SentryTransaction, flush, init_sentry
from tests.support.sentry_servers import KentServer

pytestmark = pytest.mark.integration

USAGE_KEYS = ("gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
              "gen_ai.usage.total_tokens")


def _transactions(kent: KentServer, **match: Any) -> list[dict[str, Any]]:
    return [tx for tx in kent.transactions()
            if all(tx.get(key) == value for key, value in match.items())]


def test_transaction_with_child_spans_arrives(kent: KentServer) -> None:
    init_sentry(dsn=kent.dsn, traces_sample_rate=1.0)
    name = f"kent-check-{uuid.uuid4().hex[:8]}"
    with SentryTransaction(op="pipeline.execute", name=name,
                           description="Generate 5k word fantasy story") as transaction:
        transaction.set_tag("genre", "fantasy")
        with SentrySpan(op="agent.execute", description="World Architect"):
            with SentrySpan(op="gen_ai.chat", description="chat gpt-4o-mini",
                            data={"gen_ai.usage.input_tokens": 120}):
                pass
        with SentrySpan(op="agent.execute", description="Sequential Generator"):
            pass
    flush(timeout=5)

    [tx] = kent.wait_for(lambda k: _transactions(k, transaction=name))
    trace = tx["contexts"]["trace"]
    assert trace["op"] == "pipeline.execute"
    assert tx["tags"]["genre"] == "fantasy"
    spans = {span["description"]: span for span in tx["spans"]}
    assert set(spans) == {"World Architect", "chat gpt-4o-mini", "Sequential Generator"}
    architect, chat = spans["World Architect"], spans["chat gpt-4o-mini"]
    assert architect["parent_span_id"] == trace["span_id"]
    assert spans["Sequential Generator"]["parent_span_id"] == trace["span_id"]
    assert chat["parent_span_id"] == architect["span_id"]
    assert chat["op"] == "gen_ai.chat"
    assert chat["data"]["gen_ai.usage.input_tokens"] == 120
    assert all(span["trace_id"] == trace["trace_id"] for span in tx["spans"])


async def test_offline_production_is_one_transaction(kent: KentServer, tmp_path: Path) -> None:
    config = NarraForgeConfig(sentry_dsn=kent.dsn, sentry_traces_sample_rate=1.0,
                              output_dir=tmp_path)
    result = await BatchOrchestrator(config).produce_narrative(
        ProductionBrief(production_type="short_story", genre="fantasy", seed=1))
    flush(timeout=5)

    transactions = kent.wait_for(lambda k: k.transactions())
    assert len(transactions) == 1, [t.get("transaction") for t in transactions]
    [tx] = transactions
    assert tx["contexts"]["trace"]["op"] == "pipeline.execute"
    assert tx["transaction"] == "short_story_generation"
    if result.trace_id is not None:
        assert tx["contexts"]["trace"]["trace_id"] == result.trace_id

    spans = tx["spans"]
    ops = Counter(span["op"] for span in spans)
    assert ops["stage.execute"] == 10, ops
    assert ops["gen_ai.invoke_agent"] == 10, ops
    chats = [span for span in spans if span["op"] == "gen_ai.chat"]
    assert chats, ops
    for chat in chats:
        data = chat.get("data") or {}
        assert all(isinstance(data.get(key), int) for key in USAGE_KEYS), data
        assert data["gen_ai.usage.total_tokens"] == (data["gen_ai.usage.input_tokens"]
                                                     + data["gen_ai.usage.output_tokens"])
    # Nothing went to the streamed-span format: every gen_ai span is inside the transaction.
    assert kent.spans() == []
