"""The embedded default engine: writes a whole book with no network and no model weights.

Why it exists: a newcomer's first command must produce a readable manuscript before any
API key is configured, and tests need an engine that is fast and byte-for-byte
deterministic. It dispatches on ``request.task`` and reads ``request.facts`` (never the
prompt); every random choice comes from ``random.Random`` seeded by a SHA-256 of the
seed and the facts, so results do not depend on ``PYTHONHASHSEED`` or the process.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from narra_forge.core.cpu import run_cpu
from narra_forge.core.errors import EngineError, StructuredOutputError
from narra_forge.core.types import (
    BriefInterpretation,
    Cast,
    NarrativeStructure,
    SegmentPlan,
    Usage,
    World,
)
from narra_forge.engines.base import Completion, Engine, EngineRequest, estimate_tokens
from narra_forge.engines.offline_content import planning
from narra_forge.engines.offline_content.common import stable_rng
from narra_forge.engines.offline_content.genres import kit_for
from narra_forge.engines.offline_content.prose import compose_segment, person_from

Builder = Callable[[dict[str, Any], Any, int], dict[str, Any]]

#: structured tasks: (builder, default schema, facts that must be present)
_STRUCTURED: dict[str, tuple[Builder, type[BaseModel], tuple[str, ...]]] = {
    "interpret_brief": (planning.interpret, BriefInterpretation, ("brief",)),
    "world": (planning.world, World, ("brief",)),
    "cast": (planning.cast, Cast, ("brief", "world")),
    "structure": (planning.structure, NarrativeStructure, ("brief", "world", "cast")),
    "segment_plan": (planning.segment_plan, SegmentPlan,
                     ("brief", "world", "cast", "structure")),
}
#: facts that change nothing in the output, kept out of the seed material
_IGNORED_FACTS = frozenset({"previous_summaries"})
_SPACES = re.compile(r"[ \t\f\v]+")
_BLANKS = re.compile(r"\n{3,}")


class OfflineEngine(Engine):
    """Deterministic, offline, free: planning artifacts and genre prose from templates."""

    provider = "offline"
    default_model = "narra-offline-1"

    async def request(self, request: EngineRequest) -> Completion:
        facts = _json_facts(request.facts)
        task = request.task
        if task in _STRUCTURED:
            builder, default_schema, required = _STRUCTURED[task]
            _require(task, facts, required)
            schema = request.output_schema or default_schema
            seed = _seed(request, facts)
            rng = stable_rng(task, seed, _material(facts))
            try:
                data = builder(facts, rng, seed)
            except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
                raise EngineError(f"offline engine could not use the facts for task "
                                  f"{task!r}: {type(exc).__name__}: {exc}") from exc
            try:
                parsed = schema.model_validate(data)
            except ValidationError as exc:
                raise StructuredOutputError(
                    f"offline engine output for task {task!r} does not fit "
                    f"{schema.__name__}: {exc.error_count()} error(s), first: "
                    f"{exc.errors()[0]['msg']}"
                ) from None
            return self._completion(request, parsed.model_dump_json(), parsed)
        if task == "prose":
            _require(task, facts, ("segment",))
            try:
                text = await run_cpu(_prose, facts, _seed(request, facts))
            except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
                raise EngineError(f"offline engine could not use the facts for task "
                                  f"'prose': {type(exc).__name__}: {exc}") from exc
            return self._completion(request, text, None)
        if task == "stylize":
            _require(task, facts, ("text",))
            return self._completion(request, normalise_whitespace(str(facts["text"])), None)
        raise StructuredOutputError(
            f"the offline engine cannot perform task {task!r}: it writes interpret_brief, "
            f"world, cast, structure, segment_plan, prose and stylize; repairing or "
            f"reviewing model output needs a real model"
        )

    def _completion(self, request: EngineRequest, text: str,
                    parsed: BaseModel | None) -> Completion:
        usage = Usage(input_tokens=estimate_tokens(request.system) + estimate_tokens(request.user),
                      output_tokens=estimate_tokens(text))
        return Completion(text=text, parsed=parsed, model=self.default_model,
                          provider=self.provider, usage=usage, finish_reason="stop",
                          cost_usd=0.0)


def normalise_whitespace(text: str) -> str:
    """The offline stylize pass: tidy spaces and blank lines, change no words."""
    tidy = "\n".join(_SPACES.sub(" ", line).strip() for line in text.strip().splitlines())
    return _BLANKS.sub("\n\n", tidy)


def _json_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """Accept pydantic artifacts as well as their JSON dumps."""
    return {k: v.model_dump(mode="json") if isinstance(v, BaseModel) else v
            for k, v in facts.items()}


def _require(task: str, facts: dict[str, Any], keys: tuple[str, ...]) -> None:
    missing = [k for k in keys if k not in facts]
    if missing:
        raise EngineError(f"offline engine task {task!r} needs facts {missing} "
                          f"(got {sorted(facts)})")


def _material(facts: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in facts.items() if k not in _IGNORED_FACTS}


def _seed(request: EngineRequest, facts: dict[str, Any]) -> int:
    """The request's seed, else the brief's, else one derived from the brief itself."""
    if request.seed is not None:
        return int(request.seed)
    brief = facts.get("brief") or {}
    if isinstance(brief, dict) and brief.get("seed") is not None:
        return int(brief["seed"])
    blob = json.dumps(brief, sort_keys=True).encode()  # as ProductionBrief.effective_seed
    return int.from_bytes(hashlib.sha256(blob).digest()[:4], "big")


def _prose(facts: dict[str, Any], seed: int) -> str:
    segment = facts["segment"]
    brief = facts.get("brief") or {}
    kit = kit_for(brief.get("genre", "hybrid"))
    cast = {str(c["name"]): c for c in (facts.get("cast") or {}).get("characters", [])}
    dead = {str(name) for name in facts.get("dead_characters") or []}
    people = {}
    for name in [*segment["characters"], *segment.get("deaths", [])]:
        name = str(name)
        if name not in dead and name not in people:
            people[name] = person_from(cast.get(name, {"name": name}))
    dying = [people[str(n)] for n in segment.get("deaths", []) if str(n) in people]
    # an event that needs a dead character cannot happen as planned: leave it out rather
    # than have the dead act (the planner's contract is never to ask for it)
    ghosts = [re.compile(rf"\b{re.escape(part)}\b") for name in dead
              for part in {name, name.split()[0]} if part]
    events = [str(e) for e in segment.get("key_events", [])
              if str(e).strip() and not any(g.search(str(e)) for g in ghosts)]
    rng = stable_rng("prose", seed, _material(facts))
    return compose_segment(
        rng=rng,
        kit=kit,
        place=str(segment["location"]),
        pov=people.get(str(segment.get("pov", ""))),
        present=list(people.values()),
        events=events,
        dying=dying,
        target_words=int(segment["target_words"]),
    )
