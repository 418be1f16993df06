"""The whole pipeline through OpenAIEngine against a real OpenAI-protocol server on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from narra_forge import BatchOrchestrator
from narra_forge.core import NarraForgeConfig
from narra_forge.core.errors import BudgetExceeded, EngineStatusError, RateLimitError, StageError
from narra_forge.core.types import ProductionBrief
from tests.support.capture import SentryCapture
from tests.support.fake_openai import FakeOpenAIServer, Fault

pytestmark = pytest.mark.integration

API_KEY = "sk-proj-PIPELINEtestKEY0123456789abcdef"
BRIEF = ProductionBrief(production_type="short_story", genre="scifi", seed=4,
                        word_count_target=5_000)


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(retry_after=0.05, slow_delay=2.0) as srv:
        yield srv


def _config(server: FakeOpenAIServer, tmp_path: Path, **kw: Any) -> NarraForgeConfig:
    kw.setdefault("api_timeout_seconds", 1.0)
    return NarraForgeConfig(narra_engine="openai", openai_api_key=API_KEY,
                            openai_base_url=server.base_url, output_dir=tmp_path / "out",
                            data_dir=tmp_path / "data", **kw)


def _everything_written(tmp_path: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in tmp_path.rglob("*") if p.is_file())


async def test_short_story_through_the_openai_engine(server: FakeOpenAIServer, tmp_path: Path,
                                                     sentry: SentryCapture) -> None:
    sentry.init()
    result = await BatchOrchestrator(_config(server, tmp_path)).produce_narrative(BRIEF)
    assert 4_000 <= result.word_count <= 6_000
    metadata = json.loads(result.files["metadata"].read_text())
    by_model = metadata["cost"]["by_model"]
    assert set(by_model) == {"gpt-4o-mini", "gpt-4o"}
    assert result.cost_usd == pytest.approx(sum(m["cost_usd"] for m in by_model.values()),
                                            abs=1e-5)
    assert result.cost_usd > 0
    assert metadata["cost"]["by_agent"]["a06_sequential_generator"]["calls"] == len(
        metadata["plan"]["segments"])
    requests = server.chat_requests
    assert len(requests) == sum(m["calls"] for m in by_model.values())
    structured = [r for r in requests if r.body.get("response_format")]
    assert len(structured) == 5  # a01–a05 ask for JSON matching their schema
    assert all(r.body["response_format"]["type"] == "json_schema" for r in structured)
    assert {r.api_key for r in requests} == {API_KEY}

    [tx] = sentry.transactions()
    chats = [s for s in tx["spans"] if s["op"] == "gen_ai.chat"]
    assert len(chats) == len(requests)  # one span per call: no double instrumentation
    assert {c["data"]["gen_ai.provider.name"] for c in chats} == {"openai_compatible"}
    assert {c["data"]["gen_ai.request.model"] for c in chats} == {"gpt-4o-mini", "gpt-4o"}
    for chat in chats:
        assert "gen_ai.input.messages" not in chat["data"]  # prompts only when opted in
    assert tx["contexts"]["trace"]["data"]["cost_usd"] == result.cost_usd
    assert tx["contexts"]["trace"]["data"]["cost_by_model"] == result.cost_by_model
    assert API_KEY not in sentry.raw().decode()
    assert API_KEY not in _everything_written(tmp_path)


async def test_prompts_recorded_only_when_opted_in(server: FakeOpenAIServer, tmp_path: Path,
                                                   sentry: SentryCapture) -> None:
    sentry.init()
    config = _config(server, tmp_path, sentry_record_prompts=True)
    await BatchOrchestrator(config).produce_narrative(BRIEF)
    chats = [s for s in sentry.transactions()[0]["spans"] if s["op"] == "gen_ai.chat"]
    messages = json.loads(chats[0]["data"]["gen_ai.input.messages"])
    assert messages[0]["role"] == "system"
    assert all(len(m["content"]) <= 2_001 for c in chats
               for m in json.loads(c["data"]["gen_ai.input.messages"]))


async def test_a_fifth_of_requests_faulted_still_completes(server: FakeOpenAIServer,
                                                           tmp_path: Path,
                                                           sentry: SentryCapture) -> None:
    sentry.init()
    server.fault_rate(0.2, faults=["rate_limit", "server_error", "unavailable", "drop",
                                   "slow", "malformed_json"], seed=3)
    from narra_forge.monitoring import capture_message

    def probe(event: Any) -> None:  # runs inside the job: its event carries the job's crumbs
        if event.done:
            capture_message("probe")

    config = _config(server, tmp_path, max_retries=8)
    result = await BatchOrchestrator(config, progress=probe).produce_narrative(BRIEF)
    assert result.word_count > 4_000
    faulted = [r for r in server.chat_requests if r.fault]
    assert len(faulted) >= 2
    [warning] = [e for e in sentry.events() if e.get("message") == "probe"]
    crumbs = [c for c in warning["breadcrumbs"]["values"] if c["category"] == "api"]
    retried = [r for r in faulted if r.fault != "malformed_json"]  # that one gets a repair
    assert len(crumbs) == len(retried)
    assert crumbs and all(c["level"] == "warning" for c in crumbs)
    assert all({"retry_attempt", "wait_time"} <= set(c["data"]) for c in crumbs)


@pytest.mark.parametrize(("fault", "error", "message"), [
    ("unavailable", EngineStatusError, "API server error encountered"),
    (Fault("rate_limit", retry_after=0.01), RateLimitError, "API rate limit encountered"),
])
async def test_exhausted_retries_are_captured_once(server: FakeOpenAIServer, tmp_path: Path,
                                                   sentry: SentryCapture, fault: Any,
                                                   error: type, message: str) -> None:
    sentry.init()
    server.fault_rate(1.0, faults=[fault], seed=0)
    orchestrator = BatchOrchestrator(_config(server, tmp_path, max_retries=2))
    with pytest.raises(StageError) as info:
        await orchestrator.produce_narrative(BRIEF)
    assert isinstance(info.value.__cause__, error)
    assert info.value.__cause__.retry_attempt == 2
    assert len(server.chat_requests) == 3
    [event] = sentry.events()  # once, kept by before_send_hook thanks to retry_attempt
    assert event["exception"]["values"][-1]["type"] == error.__name__
    assert event["extra"]["retry_attempt"] == 2
    assert event["tags"]["agent_id"] == "a01_brief_interpreter"
    crumbs = [c for c in event["breadcrumbs"]["values"] if c["category"] == "api"]
    assert [(c["message"], c["data"]["retry_attempt"]) for c in crumbs] == [
        (message, 1), (message, 2)]
    assert orchestrator.store.list_jobs()[0].status == "failed"


async def test_budget_stops_the_job_before_it_overshoots(server: FakeOpenAIServer,
                                                         tmp_path: Path) -> None:
    limit = 0.02
    orchestrator = BatchOrchestrator(_config(server, tmp_path, max_cost_per_job=limit))
    with pytest.raises(StageError) as info:
        await orchestrator.produce_narrative(BRIEF)
    assert isinstance(info.value.__cause__, BudgetExceeded)
    [job] = orchestrator.store.list_jobs()
    assert job.status == "failed"
    assert 0 < job.cost_usd <= limit
    assert not list((tmp_path / "out").glob("job_*"))


async def test_cost_warning_once_per_job(server: FakeOpenAIServer, tmp_path: Path,
                                         sentry: SentryCapture) -> None:
    sentry.init()
    await BatchOrchestrator(_config(server, tmp_path, warn_cost_threshold=0.0001)
                            ).produce_narrative(BRIEF)
    warnings = [e for e in sentry.events() if e.get("message", "").startswith("Job cost")]
    assert len(warnings) == 1
    assert warnings[0]["level"] == "warning"
    assert float(warnings[0]["tags"]["threshold"]) == 0.0001


def test_cli_engine_openai_summary_has_cost(server: FakeOpenAIServer, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": server.base_url,
           "OUTPUT_DIR": str(tmp_path / "out"), "DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-m", "narra_forge.cli", "produce", "--engine",
                           "openai", "--words", "5000", "--json"], capture_output=True,
                          text=True, timeout=120, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout)
    assert summary["cost_usd"] > 0 and summary["tokens"]["total"] > 0
    assert set(summary["cost_by_model"]) == {"gpt-4o-mini", "gpt-4o"}
    assert summary["cost_by_agent"]["a06_sequential_generator"] > 0
    assert API_KEY not in proc.stdout + proc.stderr


async def test_a_failed_repair_still_counts_its_cost(server: FakeOpenAIServer,
                                                     tmp_path: Path) -> None:
    server.enqueue("malformed_json", "malformed_json")  # a01's answer and its repair
    orchestrator = BatchOrchestrator(_config(server, tmp_path))
    with pytest.raises(StageError) as info:
        await orchestrator.produce_narrative(BRIEF)
    assert info.value.agent_id == "a01_brief_interpreter"
    [job] = orchestrator.store.list_jobs()
    assert job.status == "failed" and job.cost_usd > 0
