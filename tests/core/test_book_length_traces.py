"""Book-length jobs: every span made arrives, spread over linked transactions of one trace."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from narra_forge import BatchOrchestrator
from narra_forge.core import NarraForgeConfig
from narra_forge.core.types import ProductionBrief
from tests.support.capture import SentryCapture


async def _run(tmp_path: Path, sentry: SentryCapture, brief: ProductionBrief,
               **options: Any) -> tuple[Any, list[dict[str, Any]]]:
    sentry.init(**options)
    result = await BatchOrchestrator(NarraForgeConfig(output_dir=tmp_path)).produce_narrative(brief)
    return result, sentry.transactions()


def _expected_spans(result: Any) -> int:
    metadata = json.loads(result.files["metadata"].read_text())
    calls = sum(row["calls"] for row in metadata["cost"]["by_agent"].values())
    return 10 + 10 + calls  # stage spans, agent spans, one chat span per model call


def _check_one_trace(result: Any, transactions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    assert {tx["contexts"]["trace"]["trace_id"] for tx in transactions} == {result.trace_id}
    spans = [s for tx in transactions for s in tx["spans"]]
    ids = {s["span_id"] for s in spans} | {tx["contexts"]["trace"]["span_id"]
                                           for tx in transactions}
    for span in spans:  # every parent is in the trace: nothing in between was dropped
        assert span["parent_span_id"] in ids
    return spans


async def test_epic_saga_arrives_without_a_dropped_span(tmp_path: Path, sentry: SentryCapture) -> None:
    brief = ProductionBrief(production_type="epic_saga", genre="fantasy", seed=8,
                            word_count_target=120_000)
    result, transactions = await _run(tmp_path, sentry, brief)
    spans = _check_one_trace(result, transactions)
    assert len(spans) == _expected_spans(result)


@pytest.mark.parametrize("max_spans", [40, 90])
async def test_stages_that_would_overflow_move_to_linked_transactions(
        tmp_path: Path, sentry: SentryCapture, max_spans: int) -> None:
    brief = ProductionBrief(production_type="novel", genre="scifi", seed=2,
                            word_count_target=40_000)
    result, transactions = await _run(
        tmp_path, sentry, brief,
        _experiments={"max_spans": max_spans, "transport_compression_algo": "gzip"})
    [job] = [tx for tx in transactions if tx["contexts"]["trace"]["op"] == "pipeline.execute"]
    linked = [tx for tx in transactions if tx is not job]
    assert linked, "the job should not have fitted one transaction"
    for tx in transactions:
        assert len(tx["spans"]) < max_spans
    spans = _check_one_trace(result, transactions)
    assert len(spans) == _expected_spans(result)
    stage_spans = {s["span_id"]: s for s in job["spans"] if s["op"] == "stage.execute"}
    assert len(stage_spans) == 10
    for tx in linked:
        parent = stage_spans[tx["contexts"]["trace"]["parent_span_id"]]
        assert tx["transaction"].endswith(parent["data"]["agent_id"])
