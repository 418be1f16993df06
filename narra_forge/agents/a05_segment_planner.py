"""a05: plans every segment: who, where, what happens, and how many words."""

from __future__ import annotations

from narra_forge.agents.base import Agent, facts_json, state_facts
from narra_forge.core.state import JobState
from narra_forge.core.types import Cast, SegmentPlan, SegmentSpec, World
from narra_forge.engines.base import Engine


class SegmentPlanner(Agent):
    id = "a05_segment_planner"
    name = "Segment Planner"
    produces = "plan"

    async def execute(self, state: JobState, engine: Engine) -> SegmentPlan:
        interpretation = state.require("interpretation")
        facts = {
            **state_facts(state, "interpretation", "world", "cast", "structure"),
            "target_words": interpretation.target_words,
            "segment_count": interpretation.segment_count,
        }
        plan = await self.ask_structured(
            engine, "segment_plan", SegmentPlan,
            system="You are a novel planner. Split the structure into exactly the requested "
                   "number of segments, in story order. Each names its point-of-view "
                   "character, 2-4 characters from the cast, one location from the world, "
                   "1-3 key events and a word budget. Answer with JSON only.",
            user=f"Plan {interpretation.segment_count} segments totalling "
                 f"{interpretation.target_words} words.\n{facts_json(**facts)}",
            facts=facts, seed=state.brief.effective_seed,
            max_tokens=min(16_000, 300 * interpretation.segment_count + 1_000),
        )
        return normalize_plan(plan, state.require("cast"), state.require("world"),
                              interpretation.target_words, interpretation.segment_count)


def normalize_plan(plan: SegmentPlan, cast: Cast, world: World, target_words: int,
                   segment_count: int) -> SegmentPlan:
    """Make any model's plan usable: known names and places, no acting dead, exact words.

    The words are rescaled (largest remainder) so they add up to the target exactly.
    """
    names = cast.names()
    protagonist = next((c.name for c in cast.characters if c.role == "protagonist"), names[0])
    places = [loc.name for loc in world.locations]
    specs = plan.segments[:segment_count]
    dead: set[str] = set()
    fixed: list[SegmentSpec] = []
    last_act = 1
    for i, spec in enumerate(specs):
        alive = [n for n in names if n not in dead]
        characters = [n for n in dict.fromkeys(spec.characters) if n in alive]
        if not characters:
            characters = [protagonist if protagonist in alive else alive[0]]
        pov = spec.pov if spec.pov in characters else characters[0]
        deaths = [n for n in spec.deaths if n in characters and n != pov]
        last_act = max(last_act, spec.act)
        fixed.append(spec.model_copy(update={
            "index": i, "act": last_act, "characters": characters, "pov": pov,
            "location": spec.location if spec.location in places else places[i % len(places)],
            "deaths": deaths,
        }))
        dead.update(deaths)
    return SegmentPlan(segments=_rescale(fixed, target_words))


def _rescale(specs: list[SegmentSpec], target: int) -> list[SegmentSpec]:
    weights = [max(1, s.target_words) for s in specs]
    total = sum(weights)
    raw = [w * target / total for w in weights]
    words = [int(r) for r in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - words[i], reverse=True)
    for i in by_remainder[: target - sum(words)]:
        words[i] += 1
    return [s.model_copy(update={"target_words": max(1, w)}) for s, w in zip(specs, words,
                                                                              strict=True)]
