"""a10: writes narrative.md, narrative.txt and metadata.json, all at once or not at all."""

from __future__ import annotations

from typing import Any

from narra_forge._version import __version__
from narra_forge.agents.base import Agent
from narra_forge.core.state import JobState
from narra_forge.core.types import NarrativeOutput
from narra_forge.engines.base import Engine
from narra_forge.output.files import dump_json, write_atomically
from narra_forge.output.manuscript import render_markdown, render_text

FILE_KINDS = {"narrative.md": "markdown", "narrative.txt": "text", "metadata.json": "metadata"}


class OutputProcessor(Agent):
    id = "a10_output_processor"
    name = "Output Processor"
    produces = "output"
    model_tier = None

    async def execute(self, state: JobState, engine: Engine) -> NarrativeOutput:
        stylization = state.require("stylization")
        manuscript = stylization.manuscript
        title = state.require("interpretation").title
        coherence = state.require("coherence")
        editorial = state.require("editorial")
        durations = {sid: round(r.duration_s, 4) for sid, r in state.stages.items()}
        files = write_atomically(state.output_root, state.job_id, {
            "narrative.md": render_markdown(title, manuscript),
            "narrative.txt": render_text(title, manuscript),
            "metadata.json": dump_json(metadata(state, durations)),
        })
        return NarrativeOutput(
            job_id=state.job_id, title=title, brief=state.brief,
            word_count=manuscript.word_count, output_dir=state.output_root / state.job_id,
            files={FILE_KINDS[name]: path for name, path in files.items()},
            coherence_score=coherence.score, language_score=editorial.language_score,
            narrative_score=editorial.narrative_score, usage=state.total_usage,
            cost_usd=state.total_cost,
            cost_by_agent={k: v["cost_usd"] for k, v in state.cost_by("agent_id").items()},
            cost_by_model={k: v["cost_usd"] for k, v in state.cost_by("model").items()},
            stage_durations=durations, trace_id=state.trace_id,
        )


def metadata(state: JobState, durations: dict[str, float]) -> dict[str, Any]:
    usage = state.total_usage
    stylization = state.require("stylization")
    return {
        "job_id": state.job_id,
        "narra_forge_version": __version__,
        "engine": state.engine,
        "title": state.require("interpretation").title,
        "word_count": stylization.manuscript.word_count,
        "brief": state.brief.dict(),
        "interpretation": state.require("interpretation").dict(),
        "world": state.require("world").dict(),
        "cast": state.require("cast").dict(),
        "structure": state.require("structure").dict(),
        "plan": state.require("plan").dict(),
        "quality": {
            "coherence": state.require("coherence").dict(),
            "editorial": state.require("editorial").dict(),
            "stylization_changes": stylization.changes,
        },
        "tokens": {
            "input": usage.input_tokens, "output": usage.output_tokens,
            "total": usage.total_tokens,
        },
        "cost": {
            "total_usd": state.total_cost,
            "by_agent": state.cost_by("agent_id"),
            "by_model": state.cost_by("model"),
        },
        "stage_durations": durations,
        "sentry_trace_id": state.trace_id,
    }
