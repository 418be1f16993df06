"""JobState: everything one job has made so far, as typed fields (no ad-hoc attributes)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from narra_forge.core.types import (
    BriefInterpretation,
    Cast,
    CoherenceReport,
    EditorialReport,
    Manuscript,
    NarrativeOutput,
    NarrativeStructure,
    ProductionBrief,
    SegmentPlan,
    StylizationReport,
    Usage,
    World,
)


@dataclass(frozen=True)
class Progress:
    """One progress report: which stage of how many, and inside generation which segment."""

    job_id: str
    stage: int
    stages: int
    stage_name: str
    segment: int | None = None
    segments: int | None = None
    done: bool = False


ProgressCallback = Callable[[Progress], None]


class StageRecord(BaseModel):
    agent_id: str
    name: str
    duration_s: float
    usage: Usage
    cost_usd: float
    calls: int


class CallRecord(BaseModel):
    """One engine call as accounted: who asked, which model answered, what it cost."""

    agent_id: str
    model: str
    input_tokens: int
    output_tokens: int
    cost_usd: float = 0.0


def usage_of(calls: list[CallRecord]) -> Usage:
    return Usage(input_tokens=sum(c.input_tokens for c in calls),
                 output_tokens=sum(c.output_tokens for c in calls))


def cost_of(calls: list[CallRecord]) -> float:
    return round(sum(c.cost_usd for c in calls), 6)


def _totals(calls: list[CallRecord], key: str) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for call in calls:
        row = out.setdefault(getattr(call, key), {"calls": 0, "input_tokens": 0,
                                                  "output_tokens": 0, "cost_usd": 0.0})
        row["calls"] += 1
        row["input_tokens"] += call.input_tokens
        row["output_tokens"] += call.output_tokens
        row["cost_usd"] = round(row["cost_usd"] + call.cost_usd, 6)
    return out


class JobState(BaseModel):
    """The artifacts of one job, filled stage by stage; checkpointable as JSON."""

    model_config = ConfigDict(validate_assignment=True)

    job_id: str
    brief: ProductionBrief
    interpretation: BriefInterpretation | None = None
    world: World | None = None
    cast: Cast | None = None
    structure: NarrativeStructure | None = None
    plan: SegmentPlan | None = None
    draft: Manuscript | None = None
    coherence: CoherenceReport | None = None
    stylization: StylizationReport | None = None
    editorial: EditorialReport | None = None
    output: NarrativeOutput | None = None
    stages: dict[str, StageRecord] = Field(default_factory=dict)
    calls: list[CallRecord] = Field(default_factory=list)
    trace_id: str | None = None
    engine: str = "offline"
    #: WARN_COST_THRESHOLD warns once per job, resumed or not
    cost_warning_sent: bool = False
    output_root: Path = Path("output")

    _progress: ProgressCallback | None = PrivateAttr(default=None)
    _stage_index: int = PrivateAttr(default=0)
    _stage_count: int = PrivateAttr(default=10)
    _stage_name: str = PrivateAttr(default="")

    def record(self, field: str, artifact: Any) -> None:
        """Store a stage's artifact in its typed field (validated on assignment)."""
        if field not in type(self).model_fields:
            raise AttributeError(f"JobState has no artifact field {field!r}")
        setattr(self, field, artifact)

    def require(self, field: str) -> Any:
        value = getattr(self, field)
        if value is None:
            raise RuntimeError(f"stage needs {field!r}, which no earlier stage produced")
        return value

    # --- progress ---------------------------------------------------------------------
    def bind_progress(self, callback: ProgressCallback | None, stages: int) -> None:
        self._progress = callback
        self._stage_count = stages

    def enter_stage(self, index: int, name: str) -> None:
        self._stage_index, self._stage_name = index, name
        self.report()

    def report(self, segment: int | None = None, segments: int | None = None,
               done: bool = False) -> None:
        if self._progress is not None:
            self._progress(Progress(self.job_id, self._stage_index, self._stage_count,
                                    self._stage_name, segment, segments, done))

    # --- accounting -------------------------------------------------------------------
    def add_call(self, call: CallRecord) -> None:
        self.calls.append(call)

    @property
    def total_usage(self) -> Usage:
        return usage_of(self.calls)

    @property
    def total_cost(self) -> float:
        return cost_of(self.calls)

    def cost_by(self, key: str) -> dict[str, dict[str, float]]:
        """Calls, tokens and cost per ``agent_id`` or per ``model``."""
        return _totals(self.calls, key)
