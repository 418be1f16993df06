"""a01: turns the brief into a concrete plan: title, tone, themes, size of the book."""

from __future__ import annotations

from narra_forge.agents.base import Agent, facts_json
from narra_forge.core.state import JobState
from narra_forge.core.types import BriefInterpretation
from narra_forge.engines.base import Engine

#: words per planned segment (a chapter or scene); a model writes well at this length
WORDS_PER_SEGMENT = 1_500


class BriefInterpreter(Agent):
    id = "a01_brief_interpreter"
    name = "Brief Interpreter"
    produces = "interpretation"

    async def execute(self, state: JobState, engine: Engine) -> BriefInterpretation:
        brief = state.brief
        target = brief.target_words
        facts = {"brief": brief.dict(), "target_words": target}
        result = await self.ask_structured(
            engine, "interpret_brief", BriefInterpretation,
            system="You are a senior acquisitions editor. Interpret a production brief "
                   "into a concrete book concept. Answer with JSON only.",
            user=f"Brief:\n{facts_json(**facts)}\nGive a title (keep the brief's title if "
                 "it has one), a one-sentence logline, the tone, 2-4 themes.",
            facts=facts, seed=brief.effective_seed, max_tokens=800,
        )
        # The size of the book is ours to decide, not the model's.
        segments = max(3, round(target / WORDS_PER_SEGMENT))
        return result.model_copy(update={
            "title": brief.title or result.title,
            "target_words": target,
            "segment_count": segments,
        })
