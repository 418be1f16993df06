"""Editorial review: metrics are counted right and the scores move the obvious way."""

from __future__ import annotations

import math

import pytest

from narra_forge.core.types import EditorialReport, Manuscript, Segment, SegmentPlan
from narra_forge.quality import review, stylize
from narra_forge.quality.text import dialogue_spans, paragraphs, sentences, syllables


def one_segment(text: str) -> Manuscript:
    return Manuscript(segments=[Segment(index=0, title="One", text=text)])


def monotonous_book(segments: int = 5, sentences: int = 120) -> Manuscript:
    """Every sentence nine words long, no dialogue, 'shadow' everywhere, repeats galore."""
    subjects = ["man", "woman", "guard"]
    verbs = ["watched", "crossed", "feared"]
    places = ["gate", "wall", "road"]
    out = []
    for index in range(segments):
        lines = [
            f"The {subjects[i % 3]} {verbs[(i // 3) % 3]} the shadow {places[(i // 9) % 3]} "
            "at night again."
            for i in range(sentences)
        ]
        paragraphs = [" ".join(lines[i : i + 6]) for i in range(0, sentences, 6)]
        out.append(Segment(index=index, title=f"S{index}", text="\n\n".join(paragraphs)))
    return Manuscript(segments=out)


def test_tiny_example_is_counted_by_hand() -> None:
    text = 'Mara ran home. "Stop," said Teo.\n\nThe night was cold and dark.'

    metrics = review(one_segment(text), "fantasy").metrics

    assert metrics["word_count"] == 12
    assert metrics["sentence_count"] == 3
    assert metrics["paragraph_count"] == 2
    assert metrics["dialogue_word_share"] == pytest.approx(1 / 12, abs=1e-4)
    assert metrics["dialogue_paragraph_share"] == 0.5
    assert metrics["sentence_length_mean"] == pytest.approx(4.0)  # 3, 3 and 6 words
    assert metrics["sentence_length_std"] == pytest.approx(math.sqrt(2), abs=1e-4)
    assert metrics["sentence_length_cv"] == pytest.approx(math.sqrt(2) / 4, abs=1e-4)
    assert metrics["paragraph_length_mean"] == 6.0
    assert metrics["segments_without_dialogue"] == 0
    assert metrics["repeated_sentence_share"] == 0.0
    # 13 syllables: Mara has two, every other word one
    assert syllables("Mara") == 2 and syllables("home") == 1
    expected = 206.835 - 1.015 * (12 / 3) - 84.6 * (13 / 12)
    assert metrics["flesch_reading_ease"] == pytest.approx(expected, abs=1e-3)


def test_text_helpers_split_like_a_reader() -> None:
    text = 'Mr. Voss came in. "Stop!" she said. "Why?" Teo asked.\nHe left...\n\nThe end.'

    assert paragraphs(text) == [
        'Mr. Voss came in. "Stop!" she said. "Why?" Teo asked.\nHe left...', "The end.",
    ]
    assert sentences(text) == [
        "Mr. Voss came in.", '"Stop!" she said.', '"Why?" Teo asked.', "He left...", "The end.",
    ]
    line = '"Go," he said, "now." And “again”.'
    assert [line[a:b] for a, b in dialogue_spans(line)] == ["Go,", "now.", "again"]
    assert [syllables(w) for w in ("cat", "table", "whale", "walked", "wanted", "boxes")] == [
        1, 2, 1, 1, 2, 2,
    ]


def test_typographic_quotes_count_as_dialogue() -> None:
    straight = 'He waited. "Come here," she said. "Now."\n\nThe door shut.'
    curly = straight.replace('"Come', "“Come").replace('here,"', "here,”")
    curly = curly.replace('"Now."', "“Now.”")

    a = review(one_segment(straight), "drama").metrics
    b = review(one_segment(curly), "drama").metrics

    assert a["dialogue_word_share"] == b["dialogue_word_share"] == pytest.approx(3 / 10, abs=1e-4)
    assert a["sentence_count"] == b["sentence_count"] == 4


def test_repeated_sentences_and_paragraphs_are_measured() -> None:
    sentence = "The lamp on the desk burned low all night."
    text = f"{sentence} {sentence} It went out at dawn.\n\n{sentence} {sentence} It went out at dawn."

    metrics = review(one_segment(text), "drama").metrics

    assert metrics["repeated_sentence_share"] == pytest.approx(4 / 6, abs=1e-4)  # 2 distinct
    assert metrics["repeated_paragraph_share"] == pytest.approx(1 / 2)


def test_monotonous_text_scores_lower_than_a_varied_one(book: Manuscript) -> None:
    varied = review(book, "fantasy")
    dull = review(monotonous_book(), "fantasy")

    assert dull.language_score < varied.language_score - 0.2
    assert dull.narrative_score < varied.narrative_score - 0.2
    assert dull.metrics["sentence_length_cv"] == 0.0
    assert dull.metrics["dialogue_word_share"] == 0.0
    assert dull.metrics["repeated_trigram_rate"] > varied.metrics["repeated_trigram_rate"]
    assert dull.metrics["mtld"] < varied.metrics["mtld"]
    messages = " | ".join(f.message for f in dull.findings)
    assert "sentence lengths barely vary (cv 0.00)" in messages
    assert "no dialogue anywhere" in messages
    assert "the word 'shadow' appears 600 times" in messages


def test_dialogue_raises_the_narrative_score() -> None:
    narration = "The rain came down over the harbour. Boats knocked together in the dark."
    talk = '"We should go," said Mara. "Not yet," Teo answered, and looked at the sea.'
    silent = one_segment("\n\n".join([narration] * 2))
    spoken = one_segment("\n\n".join([narration, talk]))

    assert review(spoken, "drama").narrative_score > review(silent, "drama").narrative_score


def test_segments_without_dialogue_are_listed(book: Manuscript) -> None:
    quiet = Manuscript(segments=[
        s.model_copy(update={"text": s.text.replace('"', "")}) if s.index in (3, 7) else s
        for s in book.segments
    ])

    report = review(quiet, "fantasy")

    assert report.metrics["segments_without_dialogue"] >= 2
    assert any(
        f.message.startswith("no dialogue in segments") and "3" in f.message and "7" in f.message
        for f in report.findings
    )


def test_scores_are_bounded_and_findings_never_errors(
    book: Manuscript, big_book: tuple[SegmentPlan, Manuscript]
) -> None:
    reports: list[EditorialReport] = [
        review(book, "fantasy"),
        review(monotonous_book(), "horror"),
        review(one_segment(""), "romance"),
        review(big_book[1], "unknown genre"),
    ]
    for report in reports:
        assert 0.0 <= report.language_score <= 1.0
        assert 0.0 <= report.narrative_score <= 1.0
        assert all(f.severity in ("info", "warning") for f in report.findings)
        assert all(isinstance(v, float) for v in report.metrics.values())


def test_stylize_does_not_lower_the_scores(book: Manuscript) -> None:
    before = review(book, "fantasy")
    after = review(stylize(book, "fantasy").manuscript, "fantasy")

    assert after.metrics["dialogue_word_share"] == pytest.approx(
        before.metrics["dialogue_word_share"], abs=0.01
    )
    assert after.language_score >= before.language_score - 0.02
    assert after.narrative_score >= before.narrative_score - 0.02
