"""a09: editorial review: language and narrative scores from measurable features."""

from __future__ import annotations

from narra_forge.agents.base import Agent
from narra_forge.core.cpu import run_cpu
from narra_forge.core.state import JobState
from narra_forge.core.types import EditorialReport
from narra_forge.engines.base import Engine
from narra_forge.quality.editorial import review


class EditorialReviewer(Agent):
    id = "a09_editorial_reviewer"
    name = "Editorial Reviewer"
    produces = "editorial"
    model_tier = None

    async def execute(self, state: JobState, engine: Engine) -> EditorialReport:
        return await run_cpu(review, state.require("stylization").manuscript,
                             state.brief.genre.value)
