"""a08: the language pass: a model polish per segment, then deterministic house style."""

from __future__ import annotations

from narra_forge.agents.base import Agent, prose_max_tokens
from narra_forge.core.cpu import run_cpu
from narra_forge.core.state import JobState
from narra_forge.core.types import Manuscript, StylizationReport
from narra_forge.engines.base import Engine
from narra_forge.quality.stylize import stylize

#: a model revision shorter than this share of the segment is discarded
MIN_KEPT_SHARE = 0.8


class LanguageStylizer(Agent):
    id = "a08_language_stylizer"
    name = "Language Stylizer"
    produces = "stylization"
    model_tier = "gpt4"

    async def execute(self, state: JobState, engine: Engine) -> StylizationReport:
        draft = state.require("draft")
        genre = state.brief.genre.value
        polished = []
        rejected = 0
        for segment in draft.segments:
            state.report(segment=segment.index + 1, segments=len(draft.segments))
            words = segment.word_count
            text = await self.ask_text(
                engine, "stylize",
                system=f"You are a line editor for {genre} fiction. Improve rhythm and word "
                       "choice without changing events, names, dialogue meaning or length. "
                       "Return only the revised text.",
                user=f"Revise this segment of about {words} words:\n\n{segment.text}",
                facts={"text": segment.text, "genre": genre}, seed=state.brief.effective_seed,
                max_tokens=prose_max_tokens(words), temperature=0.3,
            )
            revised = text.strip()
            # A revision that lost a fifth of the text (truncated, summarised) loses story.
            if len(revised.split()) < MIN_KEPT_SHARE * words:
                revised, rejected = segment.text, rejected + 1
            polished.append(segment.model_copy(update={"text": revised}))
        report = await run_cpu(stylize, Manuscript(segments=polished), genre)
        return report.model_copy(update={"changes": {**report.changes,
                                                     "model_revisions_rejected": rejected}})
