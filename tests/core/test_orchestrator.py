"""The pipeline end to end on the offline engine, and how it looks in Sentry."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from narra_forge import BatchOrchestrator
from narra_forge.agents import PIPELINE
from narra_forge.core import NarraForgeConfig
from narra_forge.core.errors import StageError
from narra_forge.core.types import ProductionBrief, ProductionType
from narra_forge.engines.base import Completion, Engine, EngineRequest, WrapperEngine
from narra_forge.engines.factory import build_engine
from narra_forge.monitoring import is_enabled
from narra_forge.monitoring.scrubbing import FILTERED
from tests.support.capture import TEST_DSN, SentryCapture

ENGINE_AGENTS = {"Brief Interpreter", "World Architect", "Character Architect",
                 "Structure Designer", "Segment Planner", "Sequential Generator",
                 "Language Stylizer"}


def _config(tmp_path: Path, **kw: Any) -> NarraForgeConfig:
    return NarraForgeConfig(output_dir=tmp_path / "out", **kw)


async def _produce(tmp_path: Path, **brief: Any) -> Any:
    return await BatchOrchestrator(_config(tmp_path)).produce_narrative(ProductionBrief(**brief))


@pytest.mark.parametrize(
    ("kind", "words"),
    [("short_story", None), ("novella", 10_000), ("novel", 40_000), ("epic_saga", 120_000)],
)
async def test_every_production_type_runs_offline(tmp_path: Path, kind: str, words: int | None) -> None:
    result = await _produce(tmp_path, production_type=kind, genre="scifi", seed=7,
                            word_count_target=words)
    target = words or ProductionType(kind).default_words
    assert abs(result.word_count - target) <= 0.10 * target
    assert result.coherence_score >= 0.85
    for name in ("narrative.md", "narrative.txt", "metadata.json"):
        assert (result.output_dir / name).stat().st_size > 0
    metadata = json.loads((result.output_dir / "metadata.json").read_text())
    assert metadata["brief"]["production_type"] == kind
    assert len(metadata["plan"]["segments"]) == metadata["interpretation"]["segment_count"]
    assert set(metadata["stage_durations"]) == {a.id for a in PIPELINE[:-1]}
    assert metadata["tokens"]["total"] == result.usage.total_tokens > 0
    assert metadata["cost"]["total_usd"] == 0.0
    assert metadata["cost"]["by_agent"]["a06_sequential_generator"]["calls"] == len(
        metadata["plan"]["segments"])
    assert metadata["sentry_trace_id"] is None
    markdown = (result.output_dir / "narrative.md").read_text()
    assert markdown.startswith(f"# {result.title}\n")
    assert markdown.count("\n## ") == len(metadata["plan"]["segments"])
    assert not list(result.output_dir.parent.glob(".*"))  # no staging leftovers


async def test_same_brief_and_seed_give_identical_manuscripts(tmp_path: Path) -> None:
    brief = {"production_type": "short_story", "genre": "horror", "seed": 42,
             "inspiration": "a lighthouse that remembers every ship it failed"}
    first = await _produce(tmp_path / "a", **brief)
    second = await _produce(tmp_path / "b", **brief)
    assert first.job_id != second.job_id
    assert (first.output_dir / "narrative.md").read_bytes() == (
        second.output_dir / "narrative.md").read_bytes()
    other = await _produce(tmp_path / "c", **{**brief, "seed": 43})
    assert (other.output_dir / "narrative.md").read_bytes() != (
        first.output_dir / "narrative.md").read_bytes()


async def test_trace_shape(tmp_path: Path, sentry: SentryCapture) -> None:
    sentry.init()
    config = _config(tmp_path, openai_api_key="sk-proj-NOTSENTinContext123456")
    result = await BatchOrchestrator(config).produce_narrative(
        ProductionBrief(production_type="short_story", genre="fantasy", seed=3))
    [tx] = sentry.transactions()
    assert tx["transaction"] == "short_story_generation"
    trace = tx["contexts"]["trace"]
    assert trace["op"] == "pipeline.execute"
    assert trace["trace_id"] == result.trace_id
    assert tx["tags"]["production_type"] == "short_story"
    assert tx["tags"]["genre"] == "fantasy"
    assert tx["tags"]["job_id"] == result.job_id
    assert tx["tags"]["coherence_score"] == f"{result.coherence_score:.2f}"
    data = trace["data"]
    assert data["word_count"] == result.word_count
    assert data["total_tokens"] == result.usage.total_tokens
    assert (data["cost_usd"], data["coherence_score"]) == (0.0, result.coherence_score)
    assert tx["contexts"]["job"] == {"job_id": result.job_id, "production_type": "short_story",
                                     "genre": "fantasy", "word_count_target": 6000}
    pipeline = tx["contexts"]["pipeline"]
    assert pipeline["brief"]["seed"] == 3
    assert pipeline["config"]["openai_api_key"] in (FILTERED, "**********")
    assert "NOTSENT" not in sentry.raw().decode()

    spans = tx["spans"]
    by_id = {s["span_id"]: s for s in spans}
    stages = [s for s in spans if s["op"] == "stage.execute"]
    agents = [s for s in spans if s["op"] == "gen_ai.invoke_agent"]
    chats = [s for s in spans if s["op"] == "gen_ai.chat"]
    assert [s["description"] for s in stages] == [a.name for a in PIPELINE]
    assert [s["description"] for s in agents] == [f"invoke_agent {a.name}" for a in PIPELINE]
    for agent in agents:
        assert by_id[agent["parent_span_id"]]["op"] == "stage.execute"
        assert agent["data"]["gen_ai.operation.name"] == "invoke_agent"
        assert agent["data"]["gen_ai.agent.name"] == agent["description"].removeprefix(
            "invoke_agent ")
        assert agent["data"]["gen_ai.pipeline.name"]
    callers = {by_id[c["parent_span_id"]]["data"]["gen_ai.agent.name"] for c in chats}
    assert callers == ENGINE_AGENTS
    for chat in chats:
        d = chat["data"]
        assert d["gen_ai.operation.name"] == "chat"
        assert d["gen_ai.provider.name"] == "offline"
        assert d["gen_ai.request.model"] and d["gen_ai.response.model"]
        assert d["gen_ai.usage.total_tokens"] == (
            d["gen_ai.usage.input_tokens"] + d["gen_ai.usage.output_tokens"]) > 0
    assert sum(c["data"]["gen_ai.usage.total_tokens"] for c in chats) == result.usage.total_tokens
    assert sentry.events() == []  # a good run sends no error or warning


async def test_stage_breadcrumbs_reach_an_error_in_the_job(tmp_path: Path, sentry: SentryCapture) -> None:
    sentry.init()
    with pytest.raises(StageError):
        await BatchOrchestrator(_config(tmp_path), engine=FailingEngine(
            build_engine(_config(tmp_path)), "structure")).produce_narrative(
            ProductionBrief(production_type="short_story", genre="drama", seed=1))
    [event] = sentry.events()
    crumbs = [(c["category"], c["message"]) for c in event["breadcrumbs"]["values"]]
    assert ("pipeline", "Starting stage: Brief Interpreter") in crumbs
    assert ("pipeline", "Completed stage: Character Architect") in crumbs
    assert ("pipeline", "Starting stage: Structure Designer") in crumbs
    completed = next(c for c in event["breadcrumbs"]["values"]
                     if c["message"] == "Completed stage: World Architect")
    assert completed["data"]["tokens_used"] > 0 and completed["data"]["duration"] >= 0
    assert event["tags"]["agent_id"] == "a04_structure_designer"
    assert event["tags"]["stage"] == "Structure Designer"
    assert event["tags"]["genre"] == "drama"
    [tx] = sentry.transactions()
    assert tx["contexts"]["trace"]["status"] == "internal_error"


class FailingEngine(WrapperEngine):
    """Fails every request of one task, as a broken provider would."""

    def __init__(self, wrapped: Engine, task: str) -> None:
        super().__init__(wrapped)
        self.task = task

    async def request(self, request: EngineRequest) -> Completion:
        if request.task == self.task:
            raise ConnectionResetError("provider hung up")
        return await self.wrapped.request(request)


async def test_failing_stage_is_captured_once_and_typed(tmp_path: Path, sentry: SentryCapture) -> None:
    sentry.init()
    orchestrator = BatchOrchestrator(_config(tmp_path), engine=FailingEngine(
        build_engine(_config(tmp_path)), "prose"))
    with pytest.raises(StageError) as info:
        await orchestrator.produce_narrative(
            ProductionBrief(production_type="short_story", genre="mystery", seed=2))
    assert info.value.agent_id == "a06_sequential_generator"
    assert info.value.stage == "Sequential Generator"
    assert isinstance(info.value.__cause__, ConnectionResetError)
    from narra_forge.monitoring import capture_exception

    assert capture_exception(info.value) is None  # already reported: not sent twice
    [event] = sentry.events()
    assert event["tags"]["agent_id"] == "a06_sequential_generator"
    assert event["tags"]["stage"] == "Sequential Generator"
    types = [v["type"] for v in event["exception"]["values"]]
    assert types == ["ConnectionResetError", "StageError"]
    assert not list((tmp_path / "out").glob("job_*"))  # nothing half-written


async def test_concurrent_jobs_never_share_tags_or_context(tmp_path: Path, sentry: SentryCapture) -> None:
    sentry.init()
    orchestrator = BatchOrchestrator(_config(tmp_path))
    results = await asyncio.gather(
        orchestrator.produce_narrative(ProductionBrief(production_type="short_story",
                                                       genre="romance", seed=1)),
        orchestrator.produce_narrative(ProductionBrief(production_type="short_story",
                                                       genre="thriller", seed=2)),
    )
    txs = {tx["tags"]["job_id"]: tx for tx in sentry.transactions()}
    assert set(txs) == {r.job_id for r in results}
    for result in results:
        tx = txs[result.job_id]
        assert tx["tags"]["genre"] == result.brief.genre.value
        assert tx["contexts"]["job"]["job_id"] == result.job_id
        assert tx["contexts"]["pipeline"]["brief"]["genre"] == result.brief.genre.value
        crumbs = tx.get("breadcrumbs", {}).get("values", [])
        assert len([c for c in crumbs if c["message"].startswith("Starting stage")]) in (0, 10)


class LoopingEngine(WrapperEngine):
    """Writes the first segment's prose again for every later one: a model stuck in a loop."""

    def __init__(self, wrapped: Engine) -> None:
        super().__init__(wrapped)
        self.first: Completion | None = None

    async def request(self, request: EngineRequest) -> Completion:
        if request.task == "prose" and self.first is not None:
            return self.first
        completion = await self.wrapped.request(request)
        if request.task == "prose":
            self.first = completion
        return completion


async def test_low_coherence_sends_the_guide_warning(tmp_path: Path, sentry: SentryCapture) -> None:
    sentry.init()
    config = _config(tmp_path)
    result = await BatchOrchestrator(config, engine=LoopingEngine(build_engine(config))
                                     ).produce_narrative(
        ProductionBrief(production_type="short_story", genre="hybrid", seed=5))
    assert result.coherence_score < 0.85
    [event] = sentry.events()
    assert event["message"] == "Pipeline completed with quality score below threshold"
    assert event["level"] == "warning"
    assert event["tags"]["coherence_score"] == f"{result.coherence_score:.2f}"
    assert event["tags"]["threshold"] == "0.85"
    assert event["tags"]["job_id"] == result.job_id


async def test_orchestrator_initializes_sentry_from_config(tmp_path: Path, sentry: SentryCapture) -> None:
    config = _config(tmp_path, sentry_dsn=TEST_DSN, sentry_traces_sample_rate=1.0)
    orchestrator = BatchOrchestrator(config, sentry_options={"transport": sentry.transport})
    assert is_enabled()
    result = await orchestrator.produce_narrative(
        ProductionBrief(production_type="short_story", genre="fantasy", seed=9))
    assert result.trace_id
    metadata = json.loads((result.output_dir / "metadata.json").read_text())
    assert metadata["sentry_trace_id"] == result.trace_id
    assert len(sentry.transactions()) == 1


def test_disabled_config_does_not_start_sentry(tmp_path: Path) -> None:
    BatchOrchestrator(_config(tmp_path, sentry_dsn=TEST_DSN, enable_sentry=False))
    assert not is_enabled()
