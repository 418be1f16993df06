"""a03: creates the cast, with names that stay unambiguous across a whole book."""

from __future__ import annotations

from narra_forge.agents.base import Agent, facts_json, state_facts
from narra_forge.core.state import JobState
from narra_forge.core.types import Cast
from narra_forge.engines.base import Engine


class CharacterArchitect(Agent):
    id = "a03_character_architect"
    name = "Character Architect"
    produces = "cast"

    async def execute(self, state: JobState, engine: Engine) -> Cast:
        facts = state_facts(state, "interpretation", "world")
        cast = await self.ask_structured(
            engine, "cast", Cast,
            system="You are a character designer. Create 5-9 characters with unique full "
                   "names (first and last), exactly one protagonist and one antagonist. "
                   "Answer with JSON only.",
            user=f"World and concept:\n{facts_json(**facts)}",
            facts=facts, seed=state.brief.effective_seed, max_tokens=2_500,
        )
        # A name twice (or the same first name twice) would make the book ambiguous.
        seen: set[str] = set()
        unique = []
        for character in cast.characters:
            first = character.name.split()[0]
            if character.name not in seen and first not in seen:
                seen.update({character.name, first})
                unique.append(character)
        if not any(c.role == "protagonist" for c in unique):
            unique[0] = unique[0].model_copy(update={"role": "protagonist"})
        return Cast(characters=unique)
