"""The guide's Quick Start and "Integration with Orchestrator" blocks, run as written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from narra_forge import __version__
from narra_forge.core import NarraForgeConfig
from narra_forge.core.types import ProductionBrief
from narra_forge.monitoring import capture_message, is_enabled
from tests.support import guide
from tests.support.capture import TEST_DSN, SentryCapture


def test_quick_start_initializes_sentry_from_config(monkeypatch: pytest.MonkeyPatch,
                                                     sentry: SentryCapture) -> None:
    (Path.cwd() / ".env").write_text(f"ENABLE_SENTRY=true\nSENTRY_DSN={TEST_DSN}\n"
                                     "SENTRY_ENVIRONMENT=production\n")
    namespace = guide.run(guide.blocks("Quick Start")[0])
    assert is_enabled()
    assert namespace["orchestrator"].config.sentry_environment == "production"


def test_quick_start_without_dsn_stays_off() -> None:
    guide.run(guide.blocks("Quick Start")[0])
    assert not is_enabled()


class Stage:
    def __init__(self, name: str, fail: bool = False) -> None:
        self.name = name
        self.fail = fail

    async def execute(self) -> str:
        if self.fail:
            raise RuntimeError(f"{self.name} broke")
        return self.name


def _guide_orchestrator(sentry: SentryCapture) -> Any:
    namespace = guide.run(guide.block("Integration with Orchestrator"),
                          {"VERSION": __version__})
    config = NarraForgeConfig(enable_sentry=True, sentry_dsn=TEST_DSN,
                              sentry_traces_sample_rate=1.0,
                              openai_api_key="sk-proj-GUIDEconfigSECRET123")
    orchestrator = namespace["BatchOrchestrator"](config)
    sentry.init()  # the guide's init, again, with the in-process transport
    return orchestrator


async def test_integration_with_orchestrator_block(sentry: SentryCapture) -> None:
    orchestrator = _guide_orchestrator(sentry)
    orchestrator.stages = [Stage("World Architect"), Stage("Sequential Generator")]
    brief = ProductionBrief(production_type="novella", genre="scifi")
    await orchestrator.produce_narrative(brief)
    [tx] = sentry.transactions()
    assert tx["transaction"] == "novella_generation"
    assert (tx["tags"]["production_type"], tx["tags"]["genre"]) == ("novella", "scifi")
    context = tx["contexts"]["pipeline"]
    assert context["brief"]["production_type"] == "novella"
    assert context["config"]["openai_api_key"] != "sk-proj-GUIDEconfigSECRET123"
    assert "GUIDEconfigSECRET" not in sentry.raw().decode()
    assert [s["description"] for s in tx["spans"]] == ["World Architect", "Sequential Generator"]
    capture_message("after the run")  # transactions carry no breadcrumbs; events do
    crumbs = [c["message"] for c in sentry.events()[0]["breadcrumbs"]["values"]]
    assert crumbs[-2:] == ["Starting stage: World Architect", "Starting stage: Sequential Generator"]


async def test_integration_block_failing_stage_propagates(sentry: SentryCapture) -> None:
    orchestrator = _guide_orchestrator(sentry)
    orchestrator.stages = [Stage("World Architect", fail=True)]
    with pytest.raises(RuntimeError, match="World Architect broke"):
        await orchestrator.produce_narrative(ProductionBrief(production_type="novel",
                                                             genre="fantasy"))
    [tx] = sentry.transactions()
    assert tx["contexts"]["trace"]["status"] == "internal_error"
    assert tx["spans"][0]["status"] == "internal_error"
