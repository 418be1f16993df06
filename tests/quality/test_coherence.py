"""Coherence: a good book passes; each injected fault is caught by the right check."""

from __future__ import annotations

from typing import Protocol

from narra_forge.core.types import (
    Cast,
    Character,
    CoherenceReport,
    Manuscript,
    Segment,
    SegmentPlan,
)
from narra_forge.quality import check_coherence, stylize

THRESHOLD = 0.85


class Kit(Protocol):
    """What the ``kit`` fixture of conftest.py offers."""

    def write_book(self, plan: SegmentPlan, seed: int = ...) -> Manuscript: ...
    def with_text(self, book: Manuscript, index: int, text: str) -> Manuscript: ...
    def replace_from(self, book: Manuscript, start: int, old: str, new: str) -> Manuscript: ...


def run(
    book: Manuscript, plan: SegmentPlan, cast: Cast, target: int | None = None,
    known_names: tuple[str, ...] = (),
) -> CoherenceReport:
    return check_coherence(book, plan, cast, target or plan.total_words, known_names=known_names)


def errors(report: CoherenceReport, check: str | None = None) -> list[str]:
    return [
        f.message for f in report.findings
        if f.severity == "error" and (check is None or f.check == check)
    ]


def warnings(report: CoherenceReport, check: str) -> list[str]:
    return [f.message for f in report.findings if f.severity == "warning" and f.check == check]


def append(book: Manuscript, index: int, text: str, kit: Kit) -> Manuscript:
    segment = next(s for s in book.segments if s.index == index)
    return kit.with_text(book, index, segment.text + "\n\n" + text)


def test_good_book_passes(book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    report = run(book, plan, cast)

    assert report.score >= 0.9
    assert errors(report) == []
    assert set(report.checks) == {
        "segments_written", "characters_present", "name_consistency",
        "dead_characters", "no_loops", "word_count",
    }
    assert all(0.0 <= v <= 1.0 for v in report.checks.values())


def test_good_book_mentions_the_dead_only_in_memory(book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    later = [s for s in book.segments if s.index > 5]
    assert any("Ilse" in s.text for s in later)  # the fixture really does remember her

    report = run(book, plan, cast)

    assert report.checks["dead_characters"] == 1.0
    assert [f for f in report.findings if f.check == "dead_characters"] == []


def test_stylized_book_still_passes(book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    styled = stylize(book, "fantasy").manuscript
    assert "“" in styled.segments[0].text + styled.segments[1].text + styled.segments[2].text

    report = run(styled, plan, cast)

    assert report.score >= 0.9
    assert errors(report) == []


def test_planned_character_who_never_appears(book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    cast = Cast(characters=[*cast.characters, Character(
        name="Oswin Hale", role="supporting", description="a clerk", motivation="money",
    )])
    plan = SegmentPlan(segments=[
        s.model_copy(update={"characters": [*s.characters, "Oswin Hale"]})
        if s.index in (2, 4) else s
        for s in plan.segments
    ])

    report = run(book, plan, cast)

    found = errors(report, "characters_present")
    assert len(found) == 2
    assert all("Oswin Hale" in m for m in found)
    assert {f.segment for f in report.findings if f.check == "characters_present"} == {2, 4}
    assert "segment 2" in found[0]
    assert report.checks["characters_present"] < 1.0
    assert report.score < THRESHOLD


def test_character_missing_from_one_segment_is_a_warning(kit: Kit, book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    segment = next(s for s in book.segments if s.index == 1)
    text = segment.text.replace("Teo Kell", "the boatman").replace("Teo", "the boatman")
    report = run(kit.with_text(book, 1, text), plan, cast)

    found = warnings(report, "characters_present")
    assert len(found) == 1
    assert "segment 1" in found[0] and "Teo Kell" in found[0]
    assert errors(report, "characters_present") == []
    assert report.checks["characters_present"] < 1.0


def test_name_swapped_mid_book(kit: Kit, book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    swapped = kit.replace_from(book, 5, "Mara", "Maren")

    report = run(swapped, plan, cast)

    found = errors(report, "name_consistency")
    assert found, report.findings
    assert "'Maren'" in found[0] and "'Mara'" in found[0] and "segment 5" in found[0]
    assert "swap" in found[0]
    assert next(f for f in report.findings if f.check == "name_consistency").segment == 5
    assert report.checks["name_consistency"] < 1.0
    assert report.score < THRESHOLD


def test_first_name_with_another_surname(kit: Kit, book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    swapped = kit.replace_from(book, 3, "Mara Voss", "Mara Kell")

    report = run(swapped, plan, cast)

    found = errors(report, "name_consistency")
    assert any("'Mara Kell'" in m and "Mara Voss" in m for m in found)
    assert report.score < THRESHOLD


def test_single_misspelling_is_a_warning(kit: Kit, book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    typo = append(book, 3, "The crowd parted for Marra at the gate, and the rain kept on.", kit)

    report = run(typo, plan, cast)

    found = warnings(report, "name_consistency")
    assert len(found) == 1 and "'Marra'" in found[0] and "segment 3" in found[0]
    assert errors(report) == []


def test_ordinary_and_known_capitalised_words_are_not_names(kit: Kit, book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    text = (
        "Maran was a word nobody used. Out on the flats a grey mare grazed, and the "
        "Mare of the old tales watched from Marra Fen beyond the Tealight Reach."
    )
    plan = SegmentPlan(segments=[
        s.model_copy(update={"location": "Marra Fen"}) if s.index == 3 else s
        for s in plan.segments
    ])
    report = run(append(book, 3, text, kit), plan, cast, known_names=("Tealight Reach",))

    assert [f for f in report.findings if f.check == "name_consistency"] == []


def test_repeated_paragraph(kit: Kit, book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    source = next(s for s in book.segments if s.index == 2)
    paragraph = max(source.text.split("\n\n"), key=len)
    looped = append(book, 7, paragraph, kit)

    report = run(looped, plan, cast)

    found = errors(report, "no_loops")
    assert len(found) == 1
    assert "segment 7" in found[0] and "segment 2" in found[0]
    assert report.checks["no_loops"] < 1.0
    assert report.score < THRESHOLD


def test_repeated_sentence_is_a_warning(kit: Kit, book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    source = next(s for s in book.segments if s.index == 2)
    sentence = next(s for s in source.text.split(". ") if len(s.split()) >= 8) + "."
    looped = append(book, 6, "At last the work was done. " + sentence, kit)

    report = run(looped, plan, cast)

    assert len(warnings(report, "no_loops")) == 1
    assert errors(report) == []
    assert report.score >= 0.9


def test_short_repeated_exchange_is_not_a_loop(kit: Kit, book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    line = 'Mara watched Teo for a moment. "Do you trust me, Teo?"'
    echoed = append(append(book, 1, line, kit), 8, line, kit)

    report = run(echoed, plan, cast)

    assert errors(report) == []
    assert report.score >= 0.9


def test_many_repeated_sentences_lower_the_score(kit: Kit, book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    first = next(s for s in book.segments if s.index == 0).text
    sentences = [s + "." for s in first.split(". ") if len(s.split()) >= 8][:12]
    looped = book
    for index in range(1, 10):  # the same sentences, never the same paragraph
        rotated = sentences[index:] + sentences[:index]
        looped = append(looped, index, " ".join(rotated), kit)

    report = run(looped, plan, cast)

    assert report.checks["no_loops"] < 0.5
    assert any("the text loops" in m for m in errors(report, "no_loops"))
    assert report.score < THRESHOLD


def test_dead_character_acts_later(kit: Kit, book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    haunted = append(book, 8, "Ilse drew her blade and stepped between them.", kit)

    report = run(haunted, plan, cast)

    found = errors(report, "dead_characters")
    assert len(found) == 1
    assert "Ilse Brandt" in found[0] and "segment 8" in found[0] and "segment 5" in found[0]
    assert "drew her blade" in found[0]
    assert report.checks["dead_characters"] == 0.0
    assert report.score < THRESHOLD


def test_death_narrated_but_not_planned(kit: Kit, book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    plan = SegmentPlan(segments=[s.model_copy(update={"deaths": []}) for s in plan.segments])
    haunted = append(book, 7, "Ilse Brandt laughed at the gate.", kit)

    report = run(haunted, plan, cast)

    found = errors(report, "dead_characters")
    assert len(found) == 1 and "segment 7" in found[0] and "segment 5" in found[0]


def test_feared_death_is_not_a_death(kit: Kit, plan: SegmentPlan, cast: Cast) -> None:
    plan = SegmentPlan(segments=[s.model_copy(update={"deaths": []}) for s in plan.segments])
    book = kit.write_book(plan)
    book = append(book, 2, "For one terrible hour Mara thought Ilse was dead.", kit)

    report = run(book, plan, cast)

    assert [f for f in report.findings if f.check == "dead_characters"] == []


def test_planned_death_not_narrated_is_a_warning(kit: Kit, book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    segment = next(s for s in book.segments if s.index == 5)
    quiet = kit.with_text(book, 5, segment.text.replace("Ilse Brandt died", "Ilse Brandt sat"))

    report = run(quiet, plan, cast)

    assert any("segment 5" in m for m in warnings(report, "dead_characters"))


def test_word_count_outside_tolerance(book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    actual = book.word_count

    within = run(book, plan, cast, target=int(actual * 1.05))
    off = run(book, plan, cast, target=int(actual / 0.85))
    far = run(book, plan, cast, target=actual * 2)

    assert within.checks["word_count"] == 1.0
    assert [f for f in within.findings if f.check == "word_count"] == []
    assert 0.0 < off.checks["word_count"] < 1.0
    assert warnings(off, "word_count")
    assert far.checks["word_count"] < off.checks["word_count"]
    message = errors(far, "word_count")[0]
    assert f"{actual:,}" in message and f"{actual * 2:,}" in message
    assert far.score < THRESHOLD


def test_missing_and_empty_segments(kit: Kit, book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    damaged = Manuscript(segments=[s for s in book.segments if s.index != 3])
    damaged = kit.with_text(damaged, 4, "Too short to count.")

    report = run(damaged, plan, cast, target=book.word_count)

    found = errors(report, "segments_written")
    assert len(found) == 2
    assert "segment 3" in found[0] and "not written" in found[0]
    assert "segment 4" in found[1] and "nearly empty" in found[1]
    assert report.checks["segments_written"] == 0.8
    assert report.score < THRESHOLD


def test_unplanned_or_duplicate_segment_is_a_warning(book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    extra = Manuscript(segments=[
        *book.segments,
        Segment(index=99, title="x", text="Coda."),
        Segment(index=2, title="again", text="A second, different draft of segment two."),
    ])

    report = run(extra, plan, cast, target=book.word_count)

    found = warnings(report, "segments_written")
    assert any("segment 99" in m and "not planned" in m for m in found)
    assert any("segment 2 was written 2 times" in m for m in found)
    assert errors(report, "segments_written") == []


def test_several_faulty_checks_score_lower_than_one(kit: Kit, book: Manuscript, plan: SegmentPlan, cast: Cast) -> None:
    one = append(book, 8, "Ilse drew her blade and stepped between them.", kit)
    two = kit.replace_from(one, 5, "Mara", "Maren")

    assert run(two, plan, cast).score < run(one, plan, cast).score


def test_five_hundred_thousand_words(big_book: tuple[SegmentPlan, Manuscript], cast: Cast) -> None:
    plan, book = big_book
    assert book.word_count > 450_000

    report = run(book, plan, cast)

    assert report.checks["characters_present"] == 1.0
    assert report.checks["name_consistency"] == 1.0
    assert report.checks["dead_characters"] == 1.0
    assert errors(report) == []
    assert len(report.findings) <= 30  # capped, with a summary line
