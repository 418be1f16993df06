"""a02: builds the world bible: places, rules, factions, the central conflict."""

from __future__ import annotations

from narra_forge.agents.base import Agent, facts_json, state_facts
from narra_forge.core.state import JobState
from narra_forge.core.types import World
from narra_forge.engines.base import Engine


class WorldArchitect(Agent):
    id = "a02_world_architect"
    name = "World Architect"
    produces = "world"

    async def execute(self, state: JobState, engine: Engine) -> World:
        facts = state_facts(state, "interpretation")
        world = await self.ask_structured(
            engine, "world", World,
            system="You are a world architect for genre fiction. Design a coherent world "
                   "with 4-8 distinct named locations. Answer with JSON only.",
            user=f"Concept:\n{facts_json(**facts)}",
            facts=facts, seed=state.brief.effective_seed, max_tokens=2_000,
        )
        # Location names are how segments refer to places: they must be unique.
        seen: set[str] = set()
        unique = [loc for loc in world.locations if not (loc.name in seen or seen.add(loc.name))]
        return world.model_copy(update={"locations": unique})
