"""The language pass: deterministic, conservative fixes that a copy editor would make.

Every rule only ever removes a filler or doubled word, changes whitespace, turns a
straight quote typographic, capitalises a lowercase sentence start or breaks an
over-long paragraph at a sentence boundary. So names are never altered, no sentence is
dropped or duplicated, and each paragraph is polished until nothing changes, which
makes ``stylize(stylize(x)) == stylize(x)``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable

from narra_forge.core.types import Manuscript, Segment, StylizationReport
from narra_forge.quality.text import (
    WORD_RE,
    dialogue_spans,
    is_abbreviation,
    paragraphs,
    quote_marks,
    sentence_spans,
    word_set,
)

#: the kinds of change, each counted in ``StylizationReport.changes`` (0 when none)
CHANGE_KINDS = (
    "spacing", "quotes", "doubled_words", "fillers", "capitalisation", "paragraph_splits",
)
#: paragraphs longer than this are broken up at a sentence boundary outside dialogue
MAX_PARAGRAPH_WORDS = 250
#: rounds of polishing per paragraph; real text settles in two or three
MAX_ROUNDS = 8

_END = float("inf")
_Rule = Callable[[str], tuple[str, int]]

#: doubled on purpose in English ("she had had enough", "that that was all")
_DOUBLE_OK = frozenset({"had", "that"})
#: inside dialogue only these are collapsed: a doubled "no no" is a voice, "the the" a typo
_DOUBLE_TYPOS = word_set(
    "a an the of to in on at by for from with and or but is are was were be it its"
)
#: filler adverbs removed from narration where the sentence reads the same without them
FILLERS = ("very", "really", "suddenly", "just", "actually", "basically", "literally", "totally")
_DETERMINERS = word_set(
    "the this that these those his her its their my your our whose a an"
)
#: "very" stays before these ("very much", "the very end" is caught by the determiner)
_VERY_KEEP = word_set(
    "much many few little well own same first last best least next most"
)
#: "just" is dropped only after a subject or auxiliary ("she just stood" → "she stood") …
_JUST_AFTER = word_set(
    "i you he she it we they had has have was were is are would could will can did do does "
    "might must should"
)
#: … and not before words with which it means "exactly" or "only" ("just as", "just one")
_JUST_KEEP = word_set(
    "as then now in about like so enough a an the because before after once when for to one "
    "that this what how why where right fine too over under above below beyond outside "
    "inside behind ahead around barely yet two three a few only"
)

_SPACING_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"[ \t]*\n\s*"), " "),  # hard-wrapped lines join
    (re.compile(r"\t+ *| {2,}"), " "),  # runs of blanks become one space
    (re.compile(r" +(?=[,.;:!?](?![.…]))"), ""),  # no space before punctuation
    (re.compile(r"(?<=[^\W\d_])([,;:])(?=[^\W\d_])"), r"\1 "),  # a space after , ; :
    (re.compile(r"(?<=[a-z]{2})([.!?])(?=[A-Z][a-z])"), r"\1 "),  # and after a sentence end
    (re.compile(r"”(?=[^\W\d_])"), "” "),  # a space after a closing quote before a word
    (re.compile(r"(?<=[^\W\d_]|[,;:])“"), " “"),  # and before an opening quote
    (re.compile(r"(?<=“) +| +(?=”)"), ""),  # none just inside quotes
)
_DOUBLED_RE = re.compile(r"\b([^\W\d_]+)((?:[ \t]+\1\b)+)", re.IGNORECASE)
_FILLER_RE = re.compile(r"(?<![\w'’-])(" + "|".join(FILLERS) + r")(?![\w'’-])", re.IGNORECASE)
_PREV_WORD_RE = re.compile(r"([^\W\d_]+(?:['’][^\W\d_]+)*)([,;]?[ \t]+)$")
_NEXT_WORD_RE = re.compile(r"[ \t]+([^\W\d_]+)")
_SENTENCE_END_BEFORE_RE = re.compile(r"[.!?][\"”’)]*\s+[“(\[]?$")
_PARAGRAPH_START_RE = re.compile(r"^[\"“‘'(\[]*([^\W\d_]+)")
#: a word after a sentence end: ". word", ". “word" or, after a closed quote, "” “word"
_AFTER_END_RE = re.compile(
    r"(?:(?<![.…])[.!?]\s+[“(\[]?|[.!?][”’]\s+“)([^\W\d_]+)"
)


def stylize(manuscript: Manuscript, genre: str) -> StylizationReport:
    """Polish every segment and count each kind of change.

    The rules are the same for every ``genre``: they fix form, not voice. Paragraphs come
    back separated by one blank line each.
    """
    changes: Counter[str] = Counter(dict.fromkeys(CHANGE_KINDS, 0))
    segments = [
        Segment(index=s.index, title=s.title, text=_stylize_text(s.text, changes))
        for s in manuscript.segments
    ]
    return StylizationReport(manuscript=Manuscript(segments=segments), changes=dict(changes))


def _stylize_text(text: str, changes: Counter[str]) -> str:
    out: list[str] = []
    for paragraph in paragraphs(text):
        polished = _polish(paragraph, changes)
        chunks = _split_long(polished)
        changes["paragraph_splits"] += len(chunks) - 1
        out.extend(_polish(chunk, changes) if len(chunks) > 1 else chunk for chunk in chunks)
    return "\n\n".join(out)


def _polish(paragraph: str, changes: Counter[str]) -> str:
    """Apply every rule until the paragraph stops changing (so a second pass is a no-op)."""
    rules: tuple[tuple[str, _Rule], ...] = (
        ("quotes", _fix_quotes),
        ("spacing", _fix_spacing),
        ("doubled_words", _collapse_doubles),
        ("fillers", _drop_fillers),
        ("capitalisation", _capitalise),
    )
    text = paragraph.strip()
    for _ in range(MAX_ROUNDS):
        before = text
        for kind, rule in rules:
            text, count = rule(text)
            changes[kind] += count
        text = text.strip()
        if text == before:
            break
    return text


def _fix_spacing(text: str) -> tuple[str, int]:
    """One space between words, none before punctuation, one after it, none inside quotes."""
    total = 0
    for pattern, replacement in _SPACING_RULES:
        new, count = pattern.subn(replacement, text)
        if new != text:
            total += count
            text = new
    return text, total


def _fix_quotes(text: str) -> tuple[str, int]:
    """Every double quote becomes “ or ” by its position (see ``text.quote_marks``)."""
    chars = list(text)
    count = 0
    for position, is_open in quote_marks(text):
        wanted = "“" if is_open else "”"
        if chars[position] != wanted:
            chars[position] = wanted
            count += 1
    return ("".join(chars), count) if count else (text, 0)


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether ``position`` falls in one of the sorted, disjoint ``spans``."""
    i = bisect_right(spans, (position, _END)) - 1
    return i >= 0 and spans[i][0] <= position < spans[i][1]


def _collapse_doubles(text: str) -> tuple[str, int]:
    """``the the`` → ``the``; names (capitalised repeats) and ``had had`` are left alone."""
    spans = dialogue_spans(text)
    removed = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal removed
        word = match.group(1)
        repeats = match.group(2).split()
        lowered = word.lower()
        if lowered in _DOUBLE_OK or any(r[0].isupper() for r in repeats):
            return match.group()
        if any(r != lowered and r != word for r in repeats):
            return match.group()  # "The THE" and other mixed case: not a plain typo
        if _inside(spans, match.start()) and lowered not in _DOUBLE_TYPOS:
            return match.group()
        removed += len(repeats)
        return word

    new = _DOUBLED_RE.sub(replace, text)
    return new, removed


def _drop_fillers(text: str) -> tuple[str, int]:
    """Remove filler adverbs from narration (never from dialogue) where that is safe.

    Safe means: not after "a"/"an" (the article would no longer fit), "very" not after a
    determiner ("the very end") nor before much/many/same…, "just" only between a
    subject or auxiliary and a verb, "really" not after "not", and the next word is a
    lowercase word, or, for "suddenly", the sentence ends or it opens the sentence.
    """
    spans = dialogue_spans(text)
    cuts: list[tuple[int, int]] = []
    for match in _FILLER_RE.finditer(text):
        word = match.group(1)
        start, end = match.span(1)
        if _inside(spans, start):
            continue
        cut = _filler_cut(text, word, start, end)
        if cut is not None:
            cuts.append(cut)
    if not cuts:
        return text, 0
    for start, end in reversed(cuts):
        text = text[:start] + text[end:]
    return text, len(cuts)


def _filler_cut(text: str, word: str, start: int, end: int) -> tuple[int, int] | None:
    """The span to delete for one filler occurrence, or ``None`` when it must stay."""
    lowered = word.lower()
    before = text[max(0, start - 60) : start]
    prev_match = _PREV_WORD_RE.search(before)
    next_match = _NEXT_WORD_RE.match(text, end)
    at_start = (start <= 60 and not before.strip(" \t“([")) or bool(
        _SENTENCE_END_BEFORE_RE.search(before)
    )
    if prev_match is None:
        prev = None
    else:
        prev = prev_match.group(1).lower()
        if prev in ("a", "an"):
            return None
    if lowered == "suddenly" and at_start:
        after = re.match(r",?[ \t]+(?=[^\W\d_])", text[end:])
        return (start, end + after.end()) if after else None
    if word != lowered or at_start or prev is None or prev_match is None:
        return None  # "Really, …" or "Just then" open a sentence on purpose
    if next_match is None or not next_match.group(1)[0].islower():
        if lowered == "suddenly" and re.match(r"[.!?;]", text[end : end + 1]):
            return start - len(prev_match.group(2)), end  # "stopped suddenly."
        return None
    following = next_match.group(1).lower()
    cut = (start, next_match.start(1))  # the word and the space after it
    if lowered == "very" and (prev in _DETERMINERS or following in _VERY_KEEP):
        return None
    if lowered == "just" and (prev not in _JUST_AFTER or following in _JUST_KEEP):
        return None
    if lowered == "really" and (prev in ("not", "never") or prev.endswith(("n't", "n’t"))):
        return None
    return cut


def _capitalise(text: str) -> tuple[str, int]:
    """A lowercase word that opens a paragraph or follows a sentence end gets a capital.

    Not after abbreviations or an ellipsis, not after a closing quote (``“Go!” she said``),
    and never a word with capitals of its own (``al-Rashid``, ``iPhone``).
    """
    positions: list[int] = []
    start = _PARAGRAPH_START_RE.match(text)
    if start:
        positions.append(start.start(1))
    positions.extend(
        m.start(1) for m in _AFTER_END_RE.finditer(text) if not is_abbreviation(text, m.start())
    )
    chars = list(text)
    count = 0
    for position in positions:
        word = WORD_RE.match(text, position)
        if word is None:
            continue
        first, rest = word.group()[0], word.group()[1:]
        if first.islower() and not any(c.isupper() for c in rest):
            chars[position] = first.upper()
            count += 1
    return ("".join(chars), count) if count else (text, 0)


def _split_long(paragraph: str) -> list[str]:
    """Break a paragraph of more than ``MAX_PARAGRAPH_WORDS`` words into parts that fit.

    Breaks go only at sentence ends outside quotes, filled greedily, so every part fits
    unless one stretch of speech is itself longer (it then stays whole).
    """
    if len(paragraph.split()) <= MAX_PARAGRAPH_WORDS:
        return [paragraph]
    marks = quote_marks(paragraph)
    units: list[str] = []
    unit_start = 0
    depth = 0
    next_mark = 0
    for _, end in sentence_spans(paragraph)[:-1]:
        while next_mark < len(marks) and marks[next_mark][0] < end:
            depth += 1 if marks[next_mark][1] else -1
            next_mark += 1
        if depth <= 0:
            units.append(paragraph[unit_start:end].strip())
            unit_start = end
    units.append(paragraph[unit_start:].strip())
    chunks: list[str] = []
    current: list[str] = []
    words = 0
    for unit in units:
        size = len(unit.split())
        if current and words + size > MAX_PARAGRAPH_WORDS:
            chunks.append(" ".join(current))
            current, words = [], 0
        current.append(unit)
        words += size
    if current:
        chunks.append(" ".join(current))
    return chunks
