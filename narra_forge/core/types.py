"""Typed data that crosses layers: the brief, every stage's artifact and the finished output.

The artifacts double as the JSON schemas that planning agents ask a model to fill, so
they stay plain (strings, ints, lists, nested models) and carry their own invariants.
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from narra_forge.core.errors import BriefError


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def dict(self, **kwargs: Any) -> dict[str, Any]:  # type: ignore[override]
        """pydantic v1 spelling the guide uses (``brief.dict()``), JSON-safe, no warning."""
        return self.model_dump(mode="json", **kwargs)


class ProductionType(StrEnum):
    SHORT_STORY = "short_story"
    NOVELLA = "novella"
    NOVEL = "novel"
    EPIC_SAGA = "epic_saga"

    @property
    def word_range(self) -> tuple[int, int]:
        return WORD_RANGES[self]

    @property
    def default_words(self) -> int:
        return DEFAULT_WORDS[self]


WORD_RANGES: dict[ProductionType, tuple[int, int]] = {
    ProductionType.SHORT_STORY: (5_000, 10_000),
    ProductionType.NOVELLA: (10_000, 40_000),
    ProductionType.NOVEL: (40_000, 120_000),
    ProductionType.EPIC_SAGA: (120_000, 500_000),
}
DEFAULT_WORDS: dict[ProductionType, int] = {
    ProductionType.SHORT_STORY: 6_000,
    ProductionType.NOVELLA: 20_000,
    ProductionType.NOVEL: 60_000,
    ProductionType.EPIC_SAGA: 150_000,
}


class Genre(StrEnum):
    FANTASY = "fantasy"
    SCIFI = "scifi"
    HORROR = "horror"
    THRILLER = "thriller"
    MYSTERY = "mystery"
    DRAMA = "drama"
    ROMANCE = "romance"
    HYBRID = "hybrid"


class ProductionBrief(_Model):
    """What the publisher asks for. Invalid briefs raise ``BriefError`` naming the field."""

    production_type: ProductionType
    genre: Genre
    inspiration: str = ""
    word_count_target: int | None = None
    seed: int | None = None
    title: str | None = None

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise BriefError(_describe_brief_error(exc)) from None

    @model_validator(mode="after")
    def _target_in_range(self) -> ProductionBrief:
        if self.word_count_target is not None:
            low, high = self.production_type.word_range
            if not low <= self.word_count_target <= high:
                raise ValueError(
                    f"word_count_target={self.word_count_target} is outside the "
                    f"{self.production_type.value} range: allowed {low:,}–{high:,} words"
                )
        return self

    @property
    def target_words(self) -> int:
        return self.word_count_target or self.production_type.default_words

    @property
    def effective_seed(self) -> int:
        """The seed given, or one derived from the brief so equal briefs write equal books."""
        if self.seed is not None:
            return self.seed
        blob = json.dumps(self.model_dump(mode="json"), sort_keys=True).encode()
        return int.from_bytes(hashlib.sha256(blob).digest()[:4], "big")


def _describe_brief_error(exc: ValidationError) -> str:
    allowed = {
        "production_type": ", ".join(t.value for t in ProductionType),
        "genre": ", ".join(g.value for g in Genre),
    }
    parts = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"]) or "brief"
        if field in allowed:
            parts.append(f"{field}={error.get('input')!r} is invalid: allowed {allowed[field]}")
        elif error["type"] == "value_error":
            parts.append(str(error["ctx"]["error"]) if "ctx" in error else error["msg"])
        elif error["type"] == "extra_forbidden":
            parts.append(f"unknown brief field {field!r}")
        else:
            parts.append(f"{field}={error.get('input')!r} is invalid: {error['msg']}")
    return "; ".join(parts)


# --- stage artifacts ----------------------------------------------------------------------


class BriefInterpretation(_Model):
    """a01: the brief made concrete: title, tone, themes and the size of the book."""

    title: str
    logline: str
    tone: str
    themes: list[str] = Field(min_length=1)
    target_words: int = Field(gt=0)
    segment_count: int = Field(gt=0)


class Location(_Model):
    name: str
    description: str


class World(_Model):
    """a02: the world bible."""

    name: str
    summary: str
    era: str
    locations: list[Location] = Field(min_length=1)
    rules: list[str] = Field(default_factory=list)
    factions: list[str] = Field(default_factory=list)
    central_conflict: str


CharacterRole = Literal["protagonist", "antagonist", "ally", "mentor", "rival", "supporting"]


class Character(_Model):
    name: str
    role: CharacterRole
    description: str
    motivation: str
    traits: list[str] = Field(default_factory=list)
    arc: str = ""


class Cast(_Model):
    """a03: everyone who may act in the book."""

    characters: list[Character] = Field(min_length=1)

    def names(self) -> list[str]:
        return [c.name for c in self.characters]


class Act(_Model):
    number: int = Field(ge=1)
    title: str
    summary: str
    key_events: list[str] = Field(min_length=1)


class NarrativeStructure(_Model):
    """a04: the shape of the story, act by act."""

    title: str
    logline: str
    acts: list[Act] = Field(min_length=1)


class SegmentSpec(_Model):
    """One planned segment (a chapter or scene): who, where, what happens, how long."""

    index: int = Field(ge=0)
    act: int = Field(ge=1)
    title: str
    pov: str
    characters: list[str] = Field(min_length=1)
    location: str
    key_events: list[str] = Field(min_length=1)
    target_words: int = Field(gt=0)
    deaths: list[str] = Field(default_factory=list, description="characters who die here")


class SegmentPlan(_Model):
    """a05: every segment to write, in order, whose words add up to the target."""

    segments: list[SegmentSpec] = Field(min_length=1)

    @property
    def total_words(self) -> int:
        return sum(s.target_words for s in self.segments)


class Segment(_Model):
    """a06: one written segment."""

    index: int
    title: str
    text: str

    @property
    def word_count(self) -> int:
        return len(self.text.split())


class Manuscript(_Model):
    """The segments as written (a06) or as stylized (a08)."""

    segments: list[Segment]

    @property
    def word_count(self) -> int:
        return sum(s.word_count for s in self.segments)


Severity = Literal["info", "warning", "error"]


class Finding(_Model):
    check: str
    severity: Severity
    message: str
    segment: int | None = None


class CoherenceReport(_Model):
    """a07: how well the text keeps to the plan, 0..1, with what was found."""

    score: float = Field(ge=0.0, le=1.0)
    checks: dict[str, float]
    findings: list[Finding] = Field(default_factory=list)


class StylizationReport(_Model):
    """a08: what the language pass changed."""

    manuscript: Manuscript
    changes: dict[str, int] = Field(default_factory=dict)


class EditorialReport(_Model):
    """a09: language and narrative scores from measurable features of the text."""

    language_score: float = Field(ge=0.0, le=1.0)
    narrative_score: float = Field(ge=0.0, le=1.0)
    metrics: dict[str, float]
    findings: list[Finding] = Field(default_factory=list)


class Usage(_Model):
    input_tokens: int = 0
    output_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens


class NarrativeOutput(_Model):
    """a10: the finished production and where it was written."""

    job_id: str
    title: str
    brief: ProductionBrief
    word_count: int
    output_dir: Path
    files: dict[str, Path]
    coherence_score: float
    language_score: float
    narrative_score: float
    usage: Usage
    cost_usd: float
    cost_by_agent: dict[str, float] = Field(default_factory=dict)
    cost_by_model: dict[str, float] = Field(default_factory=dict)
    stage_durations: dict[str, float]
    trace_id: str | None = None
