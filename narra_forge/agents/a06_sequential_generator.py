"""a06: writes the segments in order, each with the world, the cast and what came before."""

from __future__ import annotations

from narra_forge.agents.base import Agent, facts_json, prose_max_tokens
from narra_forge.core.state import JobState
from narra_forge.core.types import Manuscript, Segment, SegmentSpec
from narra_forge.engines.base import Engine

#: how many earlier segments are summarised one by one; older ones are only counted
RECENT_SUMMARIES = 8


def summarize(spec: SegmentSpec) -> str:
    return f"{spec.index + 1}. {spec.title} ({spec.location}): " + " ".join(spec.key_events)


class SequentialGenerator(Agent):
    id = "a06_sequential_generator"
    name = "Sequential Generator"
    produces = "draft"
    model_tier = "gpt4"

    async def execute(self, state: JobState, engine: Engine) -> Manuscript:
        plan = state.require("plan")
        world = state.require("world").dict()
        cast = state.require("cast").dict()
        brief = state.brief.dict()
        summaries: list[str] = []
        dead: list[str] = []
        segments: list[Segment] = []
        total = len(plan.segments)
        for spec in plan.segments:
            state.report(segment=spec.index + 1, segments=total)
            earlier = len(summaries) - RECENT_SUMMARIES
            previous = summaries[-RECENT_SUMMARIES:]
            facts = {
                "brief": brief, "world": world, "cast": cast, "segment": spec.dict(),
                "previous_summaries": previous, "dead_characters": list(dead),
            }
            story_so_far = "\n".join(previous) or "(this is the opening)"
            if earlier > 0:
                story_so_far = f"({earlier} earlier segments)\n{story_so_far}"
            text = await self.ask_text(
                engine, "prose",
                system=f"You are a novelist writing {brief['genre']} fiction. Write the "
                       "segment as finished prose: no headings, no notes. Keep every name "
                       "exactly as given. Dead characters never act or speak.",
                user=(
                    f"World and cast:\n{facts_json(world=world, cast=cast)}\n"
                    f"Story so far:\n{story_so_far}\n"
                    f"Dead characters: {', '.join(dead) or 'none'}\n"
                    f"Now write segment {spec.index + 1} of {total}, about "
                    f"{spec.target_words} words:\n{facts_json(**spec.dict())}"
                ),
                facts=facts, seed=state.brief.effective_seed,
                max_tokens=prose_max_tokens(spec.target_words),
            )
            segments.append(Segment(index=spec.index, title=spec.title, text=text.strip()))
            summaries.append(summarize(spec))
            dead.extend(spec.deaths)
        return Manuscript(segments=segments)
