"""The coherence validator on a real offline manuscript: passes it, catches injected faults."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest

from narra_forge import BatchOrchestrator
from narra_forge.core import NarraForgeConfig
from narra_forge.core.types import Cast, Manuscript, ProductionBrief, Segment, SegmentPlan, World
from narra_forge.output.manuscript import parse_markdown
from narra_forge.quality.coherence import check_coherence


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Manuscript, SegmentPlan, Cast, World, int]:
    out = tmp_path_factory.mktemp("book")
    config = NarraForgeConfig(output_dir=out, data_dir=out / "data")
    result = asyncio.run(BatchOrchestrator(config).produce_narrative(
        ProductionBrief(production_type="novella", genre="mystery", seed=12,
                        word_count_target=15_000)))
    metadata = json.loads(result.files["metadata"].read_text())
    manuscript = parse_markdown(Path(result.files["markdown"]).read_text())
    return (manuscript, SegmentPlan.model_validate(metadata["plan"]),
            Cast.model_validate(metadata["cast"]), World.model_validate(metadata["world"]),
            metadata["interpretation"]["target_words"])


def _check(manuscript: Manuscript, book: tuple) -> tuple[float, set[str]]:  # type: ignore[type-arg]
    _, plan, cast, world, target = book
    names = [world.name, *world.factions, *(loc.name for loc in world.locations)]
    report = check_coherence(manuscript, plan, cast, target, known_names=names)
    return report.score, {f.check for f in report.findings if f.severity == "error"}


def _replace(manuscript: Manuscript, start: int, old: str, new: str) -> Manuscript:
    return Manuscript(segments=[
        s if s.index < start else s.model_copy(update={"text": re.sub(rf"\b{old}\b", new, s.text)})
        for s in manuscript.segments])


def test_untouched_manuscript_passes(book: tuple) -> None:  # type: ignore[type-arg]
    score, errors = _check(book[0], book)
    assert score >= 0.9 and not errors


def test_planned_character_who_never_appears(book: tuple) -> None:  # type: ignore[type-arg]
    manuscript, plan, *_ = book
    counts: dict[str, int] = {}
    for spec in plan.segments:
        for name in spec.characters:
            counts[name] = counts.get(name, 0) + 1
    victim = min((n for n in counts if n != plan.segments[0].pov), key=counts.__getitem__)
    first, last = victim.split()[0], victim.split()[-1]
    erased = manuscript
    for word in (victim, first, last):
        erased = _replace(erased, 0, word, "the stranger")
    score, errors = _check(erased, book)
    assert score < 0.85 and "characters_present" in errors


def test_name_swapped_mid_book(book: tuple) -> None:  # type: ignore[type-arg]
    manuscript, plan, *_ = book
    hero = plan.segments[0].pov.split()[0]
    swapped = _replace(manuscript, len(manuscript.segments) // 2, hero, hero[:-1] + "en")
    score, errors = _check(swapped, book)
    assert score < 0.85 and "name_consistency" in errors


def test_repeated_paragraph(book: tuple) -> None:  # type: ignore[type-arg]
    manuscript = book[0]
    paragraph = max(manuscript.segments[1].text.split("\n\n"), key=len)
    last = manuscript.segments[-1]
    looped = Manuscript(segments=[*manuscript.segments[:-1], last.model_copy(
        update={"text": last.text + "\n\n" + paragraph})])
    score, errors = _check(looped, book)
    assert score < 0.85 and "no_loops" in errors


def test_dead_character_who_acts(book: tuple) -> None:  # type: ignore[type-arg]
    manuscript, plan, *_ = book
    first_seg, pov = manuscript.segments[1], plan.segments[1].pov
    victim = next(n for n in plan.segments[1].characters if n != pov)
    killed = first_seg.model_copy(update={"text": first_seg.text + f"\n\n{victim} died that night."})
    later = manuscript.segments[-1]
    acting = later.model_copy(update={"text": later.text + f"\n\n{victim} opened the door and "
                                      "walked into the room, asking for the ledger."})
    segments: list[Segment] = [s for s in manuscript.segments]
    segments[1], segments[-1] = killed, acting
    score, errors = _check(Manuscript(segments=segments), book)
    assert score < 0.85 and "dead_characters" in errors
