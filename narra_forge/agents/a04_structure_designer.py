"""a04: shapes the story into acts with key events."""

from __future__ import annotations

from narra_forge.agents.base import Agent, facts_json, state_facts
from narra_forge.core.state import JobState
from narra_forge.core.types import NarrativeStructure
from narra_forge.engines.base import Engine


class StructureDesigner(Agent):
    id = "a04_structure_designer"
    name = "Structure Designer"
    produces = "structure"

    async def execute(self, state: JobState, engine: Engine) -> NarrativeStructure:
        interpretation = state.require("interpretation")
        facts = state_facts(state, "interpretation", "world", "cast")
        structure = await self.ask_structured(
            engine, "structure", NarrativeStructure,
            system="You are a story structure editor. Lay out the acts of the story, each "
                   "with key events that name the characters and places involved. "
                   "Answer with JSON only.",
            user=f"Material:\n{facts_json(**facts)}",
            facts=facts, seed=state.brief.effective_seed, max_tokens=3_000,
        )
        acts = [act.model_copy(update={"number": i}) for i, act in enumerate(structure.acts, 1)]
        return structure.model_copy(update={"acts": acts, "title": interpretation.title})
