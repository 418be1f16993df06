"""a07: checks the draft against the plan (pure checks, no model call)."""

from __future__ import annotations

from narra_forge.agents.base import Agent
from narra_forge.core.cpu import run_cpu
from narra_forge.core.state import JobState
from narra_forge.core.types import Cast, CoherenceReport, Manuscript, SegmentPlan, World
from narra_forge.engines.base import Engine
from narra_forge.quality.coherence import check_coherence


class CoherenceValidator(Agent):
    id = "a07_coherence_validator"
    name = "Coherence Validator"
    produces = "coherence"
    model_tier = None

    async def execute(self, state: JobState, engine: Engine) -> CoherenceReport:
        return await run_cpu(
            _check, state.require("draft"), state.require("plan"), state.require("cast"),
            state.require("interpretation").target_words, world_names(state.require("world")),
        )


def _check(draft: Manuscript, plan: SegmentPlan, cast: Cast, target: int,
           names: list[str]) -> CoherenceReport:
    return check_coherence(draft, plan, cast, target, known_names=names)


def world_names(world: World) -> list[str]:
    """Capitalised words of the world bible that are places and groups, not characters."""
    return [world.name, *(loc.name for loc in world.locations), *world.factions]
