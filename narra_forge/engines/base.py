"""One interface for everything that produces text, whatever produces it.

Shaped after pydantic-ai's ``Model``: a single async ``request`` that takes a typed
``EngineRequest`` and returns a ``Completion``; providers implement it, wrappers add
behaviour (retries, limits, spans, accounting) by composition.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from narra_forge.core.types import Usage

#: what a request is for; the offline engine dispatches on it, providers ignore it
Task = Literal[
    "interpret_brief", "world", "cast", "structure", "segment_plan",
    "prose", "stylize", "review", "repair",
]


class EngineRequest(BaseModel):
    """One model call. ``facts`` carries the same data as the prompt, structured.

    Providers send ``system`` and ``user``; the offline engine reads ``facts`` instead of
    parsing prose, so it can stay deterministic and schema-valid.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    task: Task
    system: str
    user: str
    output_schema: type[BaseModel] | None = None
    model: str | None = None
    max_tokens: int | None = Field(None, gt=0)
    temperature: float | None = Field(None, ge=0.0, le=2.0)
    seed: int | None = None
    facts: dict[str, Any] = Field(default_factory=dict)
    agent_id: str | None = None

    def estimated_input_tokens(self) -> int:
        return estimate_tokens(self.system) + estimate_tokens(self.user)


class Completion(BaseModel):
    """What came back: text and/or a parsed object, the model that answered, its usage."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    text: str = ""
    parsed: BaseModel | None = None
    model: str
    provider: str
    usage: Usage = Field(default_factory=Usage)
    finish_reason: str | None = "stop"
    cost_usd: float = 0.0


def estimate_tokens(text: str) -> int:
    """About four characters a token: tiktoken needs a download, this machine has none."""
    return math.ceil(len(text) / 4) if text else 0


class Engine(ABC):
    """Produces completions. ``provider`` names it in spans (``gen_ai.provider.name``)."""

    provider: str = "unknown"
    default_model: str = "unknown"

    @abstractmethod
    async def request(self, request: EngineRequest) -> Completion:
        """Answer one request or raise an ``EngineError``."""

    async def aclose(self) -> None:  # noqa: B027 - optional hook, not abstract
        """Release connections; engines without any need not override it."""


class WrapperEngine(Engine):
    """Delegates to another engine; subclasses override ``request`` to add one behaviour."""

    def __init__(self, wrapped: Engine) -> None:
        self.wrapped = wrapped

    @property
    def provider(self) -> str:  # type: ignore[override]
        return self.wrapped.provider

    @property
    def default_model(self) -> str:  # type: ignore[override]
        return self.wrapped.default_model

    async def request(self, request: EngineRequest) -> Completion:
        return await self.wrapped.request(request)

    async def aclose(self) -> None:
        await self.wrapped.aclose()
