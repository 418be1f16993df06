"""Stylize: each kind of change, counted; idempotent; names and sentences kept."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from narra_forge.core.types import Cast, Manuscript, Segment, StylizationReport
from narra_forge.quality import stylize
from narra_forge.quality.stylize import CHANGE_KINDS, FILLERS, MAX_PARAGRAPH_WORDS
from narra_forge.quality.text import WORD_RE, paragraphs, sentences


def run(text: str) -> tuple[str, dict[str, int]]:
    report = stylize(Manuscript(segments=[Segment(index=0, title="One", text=text)]), "drama")
    return report.manuscript.segments[0].text, report.changes


def changed(changes: dict[str, int]) -> dict[str, int]:
    return {kind: n for kind, n in changes.items() if n}


@pytest.mark.parametrize(("before", "after", "kind", "count"), [
    ("She opened the the door.", "She opened the door.", "doubled_words", 1),
    ("The the end came at last.", "The end came at last.", "doubled_words", 1),
    ("He waited , then left .", "He waited, then left.", "spacing", 2),
    ("It was late.Then she came.", "It was late. Then she came.", "spacing", 1),
    ("Twice  over,a bird sang.", "Twice over, a bird sang.", "spacing", 2),
    ('"Run," said Mara. "Now!"', "“Run,” said Mara. “Now!”", "quotes", 4),
    ("the door opened. it was late.", "The door opened. It was late.", "capitalisation", 2),
    ("Mara was very tired.", "Mara was tired.", "fillers", 1),
    ("She just stood there, really annoyed.", "She stood there, annoyed.", "fillers", 2),
    ("Suddenly, the door opened.", "The door opened.", "fillers", 1),
    ("He stopped suddenly.", "He stopped.", "fillers", 1),
])
def test_each_kind_of_change(before: str, after: str, kind: str, count: int) -> None:
    text, changes = run(before)

    assert text == after
    assert changes[kind] == count
    assert set(changes) == set(CHANGE_KINDS)


@pytest.mark.parametrize("text", [
    "She had had enough of it.",
    "They sailed to Bora Bora at dawn.",
    "It was the very end of the road.",
    "It was a very old house.",
    "Thank you very much, she wrote.",
    "Just then the bell rang.",
    "He was not really sure.",
    "She was just as tired as he was.",
    "“I am very, very tired,” said Teo.",
    "“No no no,” she said.",
    "“Go!” she said.",
    "He left... and then nothing.",
    "Mr. Voss arrived. Dr. Kell left.",
    "Mara met al-Rashid. al-Rashid smiled.",
])
def test_what_must_stay(text: str) -> None:
    after, changes = run(text)

    assert after == text, changes


def test_suddenly_before_a_name_keeps_the_name() -> None:
    assert run("Suddenly Mara ran.")[0] == "Mara ran."


def test_dialogue_keeps_its_fillers_and_typo_doubles_go() -> None:
    text, changes = run('"I just really want to go to the the harbour," said Teo.')

    assert text == "“I just really want to go to the harbour,” said Teo."
    assert changes["doubled_words"] == 1 and changes["fillers"] == 0


def test_quotes_are_consistent_pairs() -> None:
    text, _ = run('”Hello,“ she said. " Wait ," he said. He said,"Go away."She left.')

    assert text == "“Hello,” she said. “Wait,” he said. He said, “Go away.” She left."
    assert text.count("“") == text.count("”") == 3
    assert '"' not in text


def test_long_paragraph_is_split_at_sentence_ends() -> None:
    sentence_pool = [
        f"Sentence number {i} tells of the harbour and the {w} boats that waited there."
        for i, w in enumerate(["red", "blue", "grey", "old", "new", "small"] * 10)
    ]
    paragraph = " ".join(sentence_pool)  # 60 sentences, 780 words
    text, changes = run(paragraph)

    parts = paragraphs(text)
    assert changes["paragraph_splits"] == len(parts) - 1 >= 3
    assert all(len(p.split()) <= MAX_PARAGRAPH_WORDS for p in parts)
    assert sentences(text) == sentence_pool


def test_long_speech_is_not_split_inside_quotes() -> None:
    speech = " ".join(f"Line {i} of the speech goes on and on about the sea." for i in range(40))
    paragraph = f'Teo stood up. "{speech}" Nobody answered him.'
    text, _ = run(paragraph)

    for part in paragraphs(text):
        assert part.count("“") == part.count("”")


def test_idempotent_on_a_messy_text() -> None:
    messy = (
        'the  the harbour was quiet .Mara waited,very still.  "are you there ?" '
        "she asked.\nNo answer came.\n\n"
        + " ".join(f"it was really late and the lamps were {i} ." for i in range(60))
    )
    once, changes = run(messy)
    twice, again = run(once)

    assert twice == once
    assert sum(again.values()) == 0
    assert len(changed(changes)) == 6


def test_idempotent_on_a_book_and_names_untouched(book: Manuscript, cast: Cast) -> None:
    first = stylize(book, "fantasy")
    second = stylize(first.manuscript, "fantasy")

    assert second.manuscript == first.manuscript
    assert sum(second.changes.values()) == 0
    assert first.changes["quotes"] > 0 and first.changes["fillers"] > 0

    parts = {part for c in cast.characters for part in c.name.split()}
    for before, after in zip(book.segments, first.manuscript.segments, strict=True):
        assert after.index == before.index and after.title == before.title
        for part in parts:
            pattern = re.compile(rf"\b{part}\b")
            assert len(pattern.findall(after.text)) == len(pattern.findall(before.text)), part


def test_only_fillers_and_doubles_are_removed(book: Manuscript) -> None:
    report: StylizationReport = stylize(book, "fantasy")
    removable = set(FILLERS)

    for before, after in zip(book.segments, report.manuscript.segments, strict=True):
        assert len(sentences(after.text)) == len(sentences(before.text))
        old = [w.lower() for w in WORD_RE.findall(before.text)]
        new = [w.lower() for w in WORD_RE.findall(after.text)]
        dropped = Counter(old) - Counter(new)
        assert not Counter(new) - Counter(old)
        assert set(dropped) <= removable
    assert report.changes["doubled_words"] + report.changes["fillers"] == sum(
        (Counter(WORD_RE.findall(b.text)) - Counter(WORD_RE.findall(a.text))).total()
        for b, a in zip(book.segments, report.manuscript.segments, strict=True)
    )
