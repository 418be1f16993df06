"""Editorial review: language and narrative scores from measurable features of the text.

No model reads the book here; every number in ``metrics`` is counted, and each score is
a weighted mean of sub-scores that are simple clamped ramps of those numbers, so a
better value of a feature never lowers a score.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

from narra_forge.core.types import EditorialReport, Finding, Manuscript, Severity
from narra_forge.quality.text import (
    WORD_RE,
    dialogue_word_count,
    flesch_reading_ease,
    normalize,
    paragraphs,
    sentence_spans,
    syllables,
    word_set,
)

#: words counted in windows of this size, so rates do not grow with the length of the book
WINDOW = 1000
#: MTLD's type-token ratio threshold (McCarthy & Jarvis)
MTLD_THRESHOLD = 0.72
#: MTLD is measured on at most this many words (ten evenly spaced stretches)
MTLD_SAMPLE = 100_000
#: a paragraph longer than this is hard to read and the stylize pass splits it
LONG_PARAGRAPH_WORDS = 250
#: sentences shorter than this may repeat without it being a loop
REPEAT_MIN_WORDS = 5
#: a content word above this share of all words is over-used (warning above twice this)
OVERUSE_SHARE = 0.005
#: books shorter than this are too small to call a word over-used
OVERUSE_MIN_WORDS = 2000
#: below this many words, over-use and lexical diversity cannot be measured: they score 1
MIN_MEASURABLE_WORDS = 500

#: share of words in dialogue that reads as balanced, per genre
DIALOGUE_BANDS: dict[str, tuple[float, float]] = {
    "fantasy": (0.10, 0.50),
    "scifi": (0.10, 0.50),
    "horror": (0.08, 0.45),
    "thriller": (0.15, 0.55),
    "mystery": (0.15, 0.60),
    "drama": (0.20, 0.65),
    "romance": (0.20, 0.65),
    "hybrid": (0.10, 0.55),
}
DEFAULT_DIALOGUE_BAND = (0.10, 0.55)

LANGUAGE_WEIGHTS: dict[str, float] = {
    "readability": 0.15,
    "sentence_length": 0.10,
    "sentence_variety": 0.20,
    "sentence_repetition": 0.15,
    "trigram_repetition": 0.10,
    "word_overuse": 0.10,
    "lexical_diversity": 0.10,
    "opening_variety": 0.10,
}
NARRATIVE_WEIGHTS: dict[str, float] = {
    "dialogue_balance": 0.25,
    "dialogue_coverage": 0.15,
    "paragraph_length": 0.20,
    "sentence_repetition": 0.25,
    "paragraph_repetition": 0.15,
}

#: function words (and the plain speech verbs) that may be as frequent as they like
STOPWORDS = word_set(
    """a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves said says asked told one like back could would there's it's didn't don't
    couldn't wasn't weren't won't can't i'm i'd i'll he'd she'd they'd we'd you'd let upon
    onto toward towards around across again still even also yet ever never always"""
)


def review(manuscript: Manuscript, genre: str) -> EditorialReport:
    """Measure the manuscript and score its language and narrative craft, each 0..1.

    ``language_score`` = weighted mean (``LANGUAGE_WEIGHTS``) of: readability (Flesch
    50–90 → 1, 0 at 10 or 120), sentence length (mean 8–25 words → 1), sentence variety
    (cv / 0.45), sentence repetition (1 − 5·share), trigram repetition
    (1 − (rate − 0.05) / 0.35), word over-use (1 − (top share − 0.5 %) / 2 %), lexical
    diversity (MTLD / 70) and opening variety (1 − (same-opening share − 0.2) / 0.4);
    over-use and diversity count as 1 below ``MIN_MEASURABLE_WORDS`` words.
    ``narrative_score`` = weighted mean (``NARRATIVE_WEIGHTS``) of: dialogue balance
    (dialogue word share inside the genre's band → 1, ramping to 0 at none and at 100 %),
    dialogue coverage (share of segments with dialogue), paragraph length (mean 15–150
    words → 1), sentence repetition and paragraph repetition (1 − 10·share).
    """
    band = DIALOGUE_BANDS.get(genre.strip().lower(), DEFAULT_DIALOGUE_BAND)
    stats = _Stats()
    for segment in sorted(manuscript.segments, key=lambda s: s.index):
        stats.add_segment(segment.index, segment.text)
    metrics = stats.metrics()
    language_parts, narrative_parts = _sub_scores(metrics, band)
    metrics.update({f"language.{k}": round(v, 4) for k, v in language_parts.items()})
    metrics.update({f"narrative.{k}": round(v, 4) for k, v in narrative_parts.items()})
    language = _weighted(language_parts, LANGUAGE_WEIGHTS)
    narrative = _weighted(narrative_parts, NARRATIVE_WEIGHTS)
    return EditorialReport(
        language_score=round(language, 4),
        narrative_score=round(narrative, 4),
        metrics=metrics,
        findings=_findings(metrics, stats, band),
    )


class _Stats:
    """Running counts over the book, filled one segment at a time."""

    def __init__(self) -> None:
        self.tokens: list[str] = []
        self.counts: Counter[str] = Counter()
        self.sentence_lengths: list[int] = []
        self.sentence_keys: Counter[str] = Counter()
        self.paragraph_keys: Counter[str] = Counter()
        self.paragraph_lengths: list[int] = []
        self.dialogue_paragraphs = 0
        self.dialogue_words = 0
        self.same_openings = 0
        self.segments = 0
        self.silent_segments: list[int] = []
        self.content: Counter[str] = Counter()

    def add_segment(self, index: int, text: str) -> None:
        self.segments += 1
        self.counts.update(WORD_RE.findall(text))
        self.tokens.extend(WORD_RE.findall(text.lower()))
        spoken = 0
        previous_opening: str | None = None
        for paragraph in paragraphs(text):
            size = len(paragraph.split())
            self.paragraph_lengths.append(size)
            if size >= REPEAT_MIN_WORDS:
                self.paragraph_keys[normalize(paragraph)] += 1
            if '"' in paragraph or "“" in paragraph or "”" in paragraph:
                in_quotes = dialogue_word_count(paragraph)
                if in_quotes:
                    self.dialogue_paragraphs += 1
                    spoken += in_quotes
            for start, end in sentence_spans(paragraph):
                sentence = paragraph[start:end]
                opening = WORD_RE.search(sentence)
                if opening is None:
                    continue
                length = len(sentence.split())
                self.sentence_lengths.append(length)
                if length >= REPEAT_MIN_WORDS:
                    self.sentence_keys[normalize(sentence).lower()] += 1
                word = opening.group().lower()
                self.same_openings += word == previous_opening
                previous_opening = word
        self.dialogue_words += spoken
        if not spoken:
            self.silent_segments.append(index)

    def content_words(self) -> Counter[str]:
        """Lower-case words that carry meaning (proper names are capitalised: left out)."""
        content: Counter[str] = Counter()
        for token, n in self.counts.items():
            if token[0].islower() and len(token) > 2:
                lowered = token.lower()
                if lowered not in STOPWORDS:
                    content[lowered] += n
        return content

    def syllables(self) -> int:
        return sum(syllables(token) * n for token, n in self.counts.items())

    def metrics(self) -> dict[str, float]:
        words = len(self.tokens)
        sentences = len(self.sentence_lengths)
        mean = sum(self.sentence_lengths) / sentences if sentences else 0.0
        std = (
            math.sqrt(sum((n - mean) ** 2 for n in self.sentence_lengths) / sentences)
            if sentences else 0.0
        )
        long_sentences = sum(self.sentence_keys.values())
        repeated_sentences = long_sentences - len(self.sentence_keys)
        long_paragraph_keys = sum(self.paragraph_keys.values())
        repeated_paragraphs = long_paragraph_keys - len(self.paragraph_keys)
        paragraph_count = len(self.paragraph_lengths)
        self.content = self.content_words()
        top_count = self.content.most_common(1)[0][1] if self.content else 0
        syllable_count = self.syllables()
        return {
            "word_count": float(words),
            "sentence_count": float(sentences),
            "paragraph_count": float(paragraph_count),
            "segment_count": float(self.segments),
            "sentence_length_mean": round(mean, 4),
            "sentence_length_std": round(std, 4),
            "sentence_length_cv": round(std / mean, 4) if mean else 0.0,
            "repeated_sentence_share": _ratio(repeated_sentences, long_sentences),
            "repeated_paragraph_share": _ratio(repeated_paragraphs, long_paragraph_keys),
            "repeated_trigram_rate": round(_trigram_repeat_rate(self.tokens), 4),
            "top_word_count": float(top_count),
            "top_word_share": _ratio(top_count, words),
            "sentence_opening_repetition": _ratio(self.same_openings, max(0, sentences - 1)),
            "dialogue_word_share": _ratio(self.dialogue_words, words),
            "dialogue_paragraph_share": _ratio(self.dialogue_paragraphs, paragraph_count),
            "segments_without_dialogue": float(len(self.silent_segments)),
            "flesch_reading_ease": round(
                flesch_reading_ease(words, sentences, syllable_count), 4
            ),
            "syllables_per_word": _ratio(syllable_count, words),
            "type_token_ratio": round(_windowed_ttr(self.tokens), 4),
            "mtld": round(_mtld(self.tokens), 4),
            "paragraph_length_mean": _ratio(sum(self.paragraph_lengths), paragraph_count),
            "long_paragraph_share": _ratio(
                sum(n > LONG_PARAGRAPH_WORDS for n in self.paragraph_lengths), paragraph_count
            ),
        }


def _sub_scores(
    metrics: dict[str, float], band: tuple[float, float]
) -> tuple[dict[str, float], dict[str, float]]:
    """The 0..1 sub-scores behind both scores (formulas in ``review``'s docstring)."""
    if metrics["word_count"] == 0:
        zero = dict.fromkeys(LANGUAGE_WEIGHTS, 0.0), dict.fromkeys(NARRATIVE_WEIGHTS, 0.0)
        return zero
    fre = metrics["flesch_reading_ease"]
    mean = metrics["sentence_length_mean"]
    low, high = band
    share = metrics["dialogue_word_share"]
    if share < low:
        balance = share / low
    elif share > high:
        balance = 1 - (share - high) / (1 - high)
    else:
        balance = 1.0
    segments = metrics["segment_count"]
    paragraph_mean = metrics["paragraph_length_mean"]
    sentence_repetition = _clamp(1 - 5 * metrics["repeated_sentence_share"])
    measurable = metrics["word_count"] >= MIN_MEASURABLE_WORDS
    language = {
        "readability": _clamp(1 - max(0.0, 50 - fre) / 40 - max(0.0, fre - 90) / 30),
        "sentence_length": _clamp(1 - max(0.0, 8 - mean) / 8 - max(0.0, mean - 25) / 15),
        "sentence_variety": _clamp(metrics["sentence_length_cv"] / 0.45),
        "sentence_repetition": sentence_repetition,
        "trigram_repetition": _clamp(1 - (metrics["repeated_trigram_rate"] - 0.05) / 0.35),
        "word_overuse": _clamp(1 - (metrics["top_word_share"] - OVERUSE_SHARE) / 0.02)
        if measurable else 1.0,
        "lexical_diversity": _clamp(metrics["mtld"] / 70) if measurable else 1.0,
        "opening_variety": _clamp(1 - (metrics["sentence_opening_repetition"] - 0.2) / 0.4),
    }
    narrative = {
        "dialogue_balance": _clamp(balance),
        "dialogue_coverage": _clamp(1 - metrics["segments_without_dialogue"] / segments),
        "paragraph_length": _clamp(
            1 - max(0.0, paragraph_mean - 150) / 150 - max(0.0, 15 - paragraph_mean) / 15
        ),
        "sentence_repetition": sentence_repetition,
        "paragraph_repetition": _clamp(1 - 10 * metrics["repeated_paragraph_share"]),
    }
    return language, narrative


def _findings(metrics: dict[str, float], stats: _Stats, band: tuple[float, float]) -> list[Finding]:
    """What an editor would remark on, in words, with the number behind it."""
    out: list[Finding] = []

    def note(severity: Severity, message: str) -> None:
        out.append(Finding(check="editorial", severity=severity, message=message))

    if metrics["word_count"] == 0:
        note("warning", "the manuscript has no words")
        return out
    cv = metrics["sentence_length_cv"]
    if cv < 0.25:
        note("warning", f"sentence lengths barely vary (cv {cv:.2f})")
    elif cv < 0.35:
        note("info", f"sentence lengths vary little (cv {cv:.2f})")
    mean = metrics["sentence_length_mean"]
    if mean > 25:
        note("warning", f"sentences are long (mean {mean:.1f} words)")
    elif mean < 8:
        note("warning", f"sentences are short (mean {mean:.1f} words)")
    share = metrics["dialogue_word_share"]
    if stats.dialogue_words == 0:
        note("warning", "there is no dialogue anywhere")
    else:
        if stats.silent_segments:
            severity: Severity = (
                "warning" if len(stats.silent_segments) * 2 > stats.segments else "info"
            )
            listed = ", ".join(str(i) for i in stats.silent_segments[:20])
            more = " …" if len(stats.silent_segments) > 20 else ""
            note(severity, f"no dialogue in segments {listed}{more}")
        if share < band[0]:
            note("info", f"little dialogue ({share:.0%} of words; {band[0]:.0%}+ is usual)")
        elif share > band[1]:
            note("info", f"dialogue dominates ({share:.0%} of words; up to {band[1]:.0%} is usual)")
    words = metrics["word_count"]
    if words >= OVERUSE_MIN_WORDS:
        for word, count in stats.content.most_common(3):
            word_share = count / words
            if word_share > OVERUSE_SHARE and count >= 10:
                note(
                    "warning" if word_share > 2 * OVERUSE_SHARE else "info",
                    f"the word {word!r} appears {count} times ({word_share:.1%} of words)",
                )
    repeated = metrics["repeated_sentence_share"]
    if repeated > 0.02:
        note("warning", f"{repeated:.1%} of sentences repeat word for word")
    elif repeated > 0:
        note("info", f"{repeated:.1%} of sentences repeat word for word")
    if metrics["repeated_paragraph_share"] > 0:
        note("warning", f"{metrics['repeated_paragraph_share']:.1%} of paragraphs repeat")
    trigrams = metrics["repeated_trigram_rate"]
    if trigrams > 0.15:
        note("warning", f"phrasing repeats: {trigrams:.0%} of three-word sequences recur")
    openings = metrics["sentence_opening_repetition"]
    if openings > 0.3:
        note("warning", f"{openings:.0%} of sentences open with the same word as the last one")
    fre = metrics["flesch_reading_ease"]
    if fre < 40:
        note("warning", f"hard to read (Flesch reading ease {fre:.0f})")
    elif fre > 100:
        note("info", f"very simple language (Flesch reading ease {fre:.0f})")
    mtld = metrics["mtld"]
    if mtld < 50 and words >= MIN_MEASURABLE_WORDS:
        note("warning", f"low lexical diversity (MTLD {mtld:.0f}; fiction is usually 70+)")
    paragraph_mean = metrics["paragraph_length_mean"]
    if paragraph_mean > 150:
        note("warning", f"paragraphs are long (mean {paragraph_mean:.0f} words)")
    elif paragraph_mean < 15:
        note("info", f"paragraphs are very short (mean {paragraph_mean:.0f} words)")
    if metrics["long_paragraph_share"] > 0:
        note(
            "info",
            f"{metrics['long_paragraph_share']:.0%} of paragraphs exceed "
            f"{LONG_PARAGRAPH_WORDS} words",
        )
    return out


def _trigram_repeat_rate(tokens: Sequence[str]) -> float:
    """Mean over ``WINDOW``-word windows of the share of three-word sequences seen before.

    Per window, so a long book is not penalised for reusing "out of the" across chapters.
    """
    rates: list[float] = []
    for start in range(0, max(1, len(tokens)), WINDOW):
        window = tokens[start : start + WINDOW]
        if len(window) < 3 or (rates and len(window) < WINDOW // 2):
            continue
        grams = list(zip(window, window[1:], window[2:], strict=False))
        rates.append(1 - len(set(grams)) / len(grams))
    return sum(rates) / len(rates) if rates else 0.0


def _windowed_ttr(tokens: Sequence[str]) -> float:
    """Mean type-token ratio over ``WINDOW``-word windows (plain TTR for shorter texts)."""
    ratios: list[float] = []
    for start in range(0, max(1, len(tokens)), WINDOW):
        window = tokens[start : start + WINDOW]
        if not window or (ratios and len(window) < WINDOW // 2):
            continue
        ratios.append(len(set(window)) / len(window))
    return sum(ratios) / len(ratios) if ratios else 0.0


def _mtld_pass(tokens: Sequence[str]) -> float:
    factors = 0.0
    types: set[str] = set()
    count = 0
    for token in tokens:
        count += 1
        types.add(token)
        if len(types) / count <= MTLD_THRESHOLD:
            factors += 1
            types = set()
            count = 0
    if count:
        factors += (1 - len(types) / count) / (1 - MTLD_THRESHOLD)
    return len(tokens) / factors if factors else float(len(tokens))


def _mtld(tokens: Sequence[str]) -> float:
    """MTLD (mean length of sequential word strings that keep TTR above 0.72), both ways.

    Unlike plain TTR it barely depends on the length of the text, which is also why a
    long book may be measured on ``MTLD_SAMPLE`` evenly spaced stretches of it.
    """
    if not tokens:
        return 0.0
    if len(tokens) > MTLD_SAMPLE:
        step = len(tokens) // 10
        block = MTLD_SAMPLE // 10
        tokens = [t for start in range(0, 10 * step, step) for t in tokens[start : start + block]]
    return (_mtld_pass(tokens) + _mtld_pass(tokens[::-1])) / 2


def _weighted(parts: dict[str, float], weights: dict[str, float]) -> float:
    return _clamp(sum(weights[name] * parts[name] for name in weights) / sum(weights.values()))


def _ratio(part: float, whole: float) -> float:
    return round(part / whole, 4) if whole else 0.0


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))
