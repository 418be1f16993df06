"""a07: checks the draft against the plan (pure checks, no model call)."""

from __future__ import annotations

from narra_forge.agents.base import Agent
from narra_forge.core.state import JobState
from narra_forge.core.types import CoherenceReport, World
from narra_forge.engines.base import Engine
from narra_forge.quality.coherence import check_coherence


class CoherenceValidator(Agent):
    id = "a07_coherence_validator"
    name = "Coherence Validator"
    produces = "coherence"
    model_tier = None

    async def execute(self, state: JobState, engine: Engine) -> CoherenceReport:
        return check_coherence(
            state.require("draft"), state.require("plan"), state.require("cast"),
            state.require("interpretation").target_words,
            known_names=world_names(state.require("world")),
        )


def world_names(world: World) -> list[str]:
    """Capitalised words of the world bible that are places and groups, not characters."""
    return [world.name, *(loc.name for loc in world.locations), *world.factions]
