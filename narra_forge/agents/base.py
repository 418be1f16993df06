"""The agent base: identity, model tier, the ``gen_ai.invoke_agent`` span, structured calls."""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from narra_forge.core.errors import StructuredOutputError
from narra_forge.core.state import JobState
from narra_forge.engines.base import Completion, Engine, EngineRequest, Task
from narra_forge.monitoring.gen_ai import invoke_agent_span

PIPELINE_NAME = "narra_forge.pipeline"

ModelTier = Literal["mini", "gpt4"]

#: tokens a word of English prose takes, with headroom, for sizing ``max_tokens``
TOKENS_PER_WORD = 1.4


def prose_max_tokens(words: int) -> int:
    """``max_tokens`` for a prose answer of about ``words`` words, never cut short."""
    return int(words * TOKENS_PER_WORD) + 200
T = TypeVar("T", bound=BaseModel)


class Agent(ABC):
    """One stage's worker. Subclasses set the class attributes and write ``execute``."""

    id: ClassVar[str]
    name: ClassVar[str]
    #: the JobState field this agent's artifact goes into
    produces: ClassVar[str]
    #: which default model the agent asks for (None: it never calls an engine)
    model_tier: ClassVar[ModelTier | None] = "mini"

    @abstractmethod
    async def execute(self, state: JobState, engine: Engine) -> Any:
        """Produce this stage's artifact from what earlier stages recorded in ``state``."""

    async def run(self, state: JobState, engine: Engine) -> Any:
        """``execute`` inside the agent-run span that Sentry's Agents view reads."""
        async with invoke_agent_span(self.name, PIPELINE_NAME):
            return await self.execute(state, engine)

    async def ask_structured(
        self,
        engine: Engine,
        task: Task,
        schema: type[T],
        *,
        system: str,
        user: str,
        facts: dict[str, Any],
        seed: int | None,
        max_tokens: int = 4_000,
    ) -> T:
        """One request for a JSON object of ``schema``; the parsed, validated result."""
        completion = await engine.request(EngineRequest(
            task=task, system=system, user=user, output_schema=schema, facts=facts,
            seed=seed, max_tokens=max_tokens, temperature=0.7, agent_id=self.id,
        ))
        return parse_structured(completion, schema)

    async def ask_text(
        self,
        engine: Engine,
        task: Task,
        *,
        system: str,
        user: str,
        facts: dict[str, Any],
        seed: int | None,
        max_tokens: int,
        temperature: float = 0.8,
    ) -> str:
        completion = await engine.request(EngineRequest(
            task=task, system=system, user=user, facts=facts, seed=seed,
            max_tokens=max_tokens, temperature=temperature, agent_id=self.id,
        ))
        return completion.text


def parse_structured(completion: Completion, schema: type[T]) -> T:
    if isinstance(completion.parsed, schema):
        return completion.parsed
    try:
        return schema.model_validate_json(completion.text)
    except ValidationError as exc:
        raise StructuredOutputError(
            f"{schema.__name__} from {completion.model} is invalid: "
            f"{exc.errors()[0]['msg']} at {'.'.join(map(str, exc.errors()[0]['loc']))}"
        ) from None


def state_facts(state: JobState, *fields: str) -> dict[str, Any]:
    """The brief and earlier stages' artifacts, JSON-safe: what a planning request carries."""
    facts: dict[str, Any] = {"brief": state.brief.dict()}
    for field in fields:
        facts[field] = state.require(field).dict()
    return facts


def facts_json(**facts: Any) -> str:
    """Facts rendered for a prompt: compact, stable JSON a model reads well."""
    return json.dumps(facts, ensure_ascii=False, sort_keys=True, indent=1)
