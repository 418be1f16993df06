"""Re-checking a finished job as it is on disk now (``narra-forge check``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from narra_forge.agents.a07_coherence_validator import world_names
from narra_forge.core.errors import InputError
from narra_forge.core.types import Cast, SegmentPlan, World
from narra_forge.output.manuscript import parse_markdown
from narra_forge.quality.coherence import check_coherence
from narra_forge.quality.editorial import review


def check_job_dir(job_dir: Path) -> dict[str, Any]:
    """Coherence and editorial reports for ``job_dir/narrative.md`` against its metadata."""
    metadata_path, manuscript_path = job_dir / "metadata.json", job_dir / "narrative.md"
    for path in (metadata_path, manuscript_path):
        if not path.is_file():
            raise InputError(f"{path} not found: expected a finished job directory")
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
        plan = SegmentPlan.model_validate(metadata["plan"])
        cast = Cast.model_validate(metadata["cast"])
        target = int(metadata["interpretation"]["target_words"])
        genre = str(metadata["brief"]["genre"])
        world = World.model_validate(metadata["world"])
    except (json.JSONDecodeError, KeyError, TypeError, ValueError, ValidationError) as exc:
        raise InputError(f"{metadata_path} is not a NARRA_FORGE metadata file: {exc}") from None
    manuscript = parse_markdown(manuscript_path.read_text(encoding="utf-8"))
    if not manuscript.segments:
        raise InputError(f"{manuscript_path} has no segments (no '## N. Title' headings)")
    coherence = check_coherence(manuscript, plan, cast, target, known_names=world_names(world))
    editorial = review(manuscript, genre)
    return {
        "job_id": metadata.get("job_id"),
        "word_count": manuscript.word_count,
        "coherence": coherence.model_dump(mode="json"),
        "editorial": editorial.model_dump(mode="json"),
    }
