"""Tokenising helpers shared by the quality checks.

Everything here is a pure function of its input: regular expressions, no model, no
dictionary files. Straight (``"``) and typographic (``“ ”``) double quotes are treated
alike, because the stylize pass turns the one into the other and the checks run on both.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: a word: letters, optionally joined by an apostrophe or a hyphen (don't, Mara's, well-lit)
WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")

DOUBLE_QUOTES = '"“”„'
_DOUBLE_QUOTE_RE = re.compile(r'["“”„]')
_QUOTE_PLAIN = (("“", '"'), ("”", '"'), ("„", '"'), ("‘", "'"), ("’", "'"))

_BLANK_LINE_RE = re.compile(r"\n\s*\n")

#: abbreviations whose full stop does not end a sentence
ABBREVIATIONS = (
    "Mr", "Mrs", "Ms", "Dr", "St", "Mt", "Jr", "Sr", "Prof", "Capt", "Col", "Gen",
    "Lt", "Sgt", "Rev", "Fr", "vs", "etc", "e.g", "i.e", "cf", "E.g", "I.e", "Cf", "Etc",
)
_ABBREVIATION_SET = frozenset(ABBREVIATIONS)
#: a sentence end: terminators, closing quotes/brackets, then space and the next start
SENTENCE_END_RE = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+[\"“‘'(\[]*(\w))")

#: a name (one to three capitalised words) and a speech verb right after a closing quote
_SPEECH_TAG_RE = re.compile(
    r"\s+(?:[A-Z][\w'’-]*\s+){1,3}(?:said|says|asked|asks|whispered|replied|answered|"
    r"shouted|muttered|murmured|cried|called|added|snapped|breathed|admitted|insisted)\b"
)

_LEFT_CONTEXT = "([{—–-/"
_RIGHT_CONTEXT = ",.;:!?)]}—–-…"
_VOWEL_GROUP_RE = re.compile(r"[aeiouy]+")
#: plural endings whose "es" is a syllable of its own (boxes, wishes, pages)
_VOICED_ES = ("ses", "xes", "zes", "ches", "shes", "ges", "ces")


def word_set(spec: str) -> frozenset[str]:
    """The whitespace-separated words of a literal: how word lists are written here."""
    return frozenset(spec.split())


def words(text: str) -> list[str]:
    """The words of ``text`` in order; numbers and punctuation are not words."""
    return WORD_RE.findall(text)


def strip_possessive(token: str) -> str:
    """``Mara's`` → ``Mara``: a possessive still names the character."""
    if token.endswith(("'s", "’s")) and len(token) > 2:
        return token[:-2]
    return token


def plain_quotes(text: str) -> str:
    """Typographic quotes and apostrophes as straight ones, for style-blind comparison."""
    for typographic, straight in _QUOTE_PLAIN:
        if typographic in text:
            text = text.replace(typographic, straight)
    return text


def normalize(text: str) -> str:
    """Whitespace collapsed and quotes made straight: the form used to spot repeats."""
    return " ".join(plain_quotes(text).split())


def paragraphs(text: str) -> list[str]:
    """Paragraphs split at blank lines; a text without blank lines splits at line breaks.

    Generators differ in how they separate paragraphs; a text that never leaves a blank
    line almost always means one paragraph per line.
    """
    parts = _BLANK_LINE_RE.split(text) if _BLANK_LINE_RE.search(text) else text.split("\n")
    return [p.strip() for p in parts if p.strip()]


def is_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at ``text[stop]`` closes an abbreviation (``Mr.``, ``e.g.``)."""
    if stop >= len(text) or text[stop] != ".":
        return False
    start = stop
    while start > 0 and stop - start < 5 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    if start > 0 and text[start - 1].isalnum():
        return False
    return text[start:stop] in _ABBREVIATION_SET


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence in one paragraph.

    A sentence ends at ``. ! ? …`` (plus closing quotes) before whitespace and a capital
    or digit, so a dialogue tag (``"Stop!" she said.``, ``"Why?" Teo asked.``) stays with
    its line and common abbreviations (``Mr. Voss``) do not split.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    length = len(paragraph)
    for match in SENTENCE_END_RE.finditer(paragraph):
        following = match.group(1)
        if not (following.isupper() or following.isdigit()):
            continue
        if is_abbreviation(paragraph, match.start()):
            continue
        if match.group()[-1] in "\"”" and _SPEECH_TAG_RE.match(paragraph, match.end()):
            continue  # "Why?" Teo asked. is one sentence
        spans.append((start, match.end()))
        start = match.end()
        while start < length and paragraph[start].isspace():
            start += 1
    if start < length and paragraph[start:].strip():
        spans.append((start, length))
    return spans


def sentences(text: str) -> list[str]:
    """Every sentence of ``text``, paragraph by paragraph (no sentence spans two)."""
    out: list[str] = []
    for paragraph in paragraphs(text):
        out.extend(paragraph[a:b] for a, b in sentence_spans(paragraph))
    return out


def quote_marks(paragraph: str) -> list[tuple[int, bool]]:
    """Each double quote in a paragraph as ``(position, is_opening)``.

    Context decides (space before and a letter after opens; a letter before and space or
    punctuation after closes); where context is ambiguous a typographic mark keeps its
    own direction and a straight one alternates. Every paragraph starts outside quotes.
    """
    marks: list[tuple[int, bool]] = []
    expect_open = True
    last = len(paragraph) - 1
    for match in _DOUBLE_QUOTE_RE.finditer(paragraph):
        i = match.start()
        prev = paragraph[i - 1] if i > 0 else " "
        nxt = paragraph[i + 1] if i < last else " "
        left = prev.isspace() or prev in _LEFT_CONTEXT or prev in DOUBLE_QUOTES
        right = nxt.isspace() or nxt in _RIGHT_CONTEXT
        if left and not right:
            is_open = True
        elif right and not left:
            is_open = False
        elif match.group() == "“" or match.group() == "„":
            is_open = True
        elif match.group() == "”":
            is_open = False
        else:
            is_open = expect_open
        marks.append((i, is_open))
        expect_open = not is_open
    return marks


def dialogue_spans(paragraph: str) -> list[tuple[int, int]]:
    """``(start, end)`` of the text inside double quotes; an unclosed quote runs to the end.

    A quote left open at the end of a paragraph is the convention for speech that goes on
    into the next paragraph, so its text still counts as dialogue.
    """
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for position, is_open in quote_marks(paragraph):
        if is_open:
            if open_at is None:
                open_at = position + 1
        elif open_at is not None:
            spans.append((open_at, position))
            open_at = None
    if open_at is not None:
        spans.append((open_at, len(paragraph)))
    return spans


def dialogue_word_count(paragraph: str) -> int:
    """How many words of a paragraph are spoken (inside quotes)."""
    return sum(len(WORD_RE.findall(paragraph[a:b])) for a, b in dialogue_spans(paragraph))


def has_dialogue(text: str) -> bool:
    """Whether any paragraph of ``text`` quotes speech."""
    return any(dialogue_spans(p) for p in paragraphs(text))


@lru_cache(maxsize=100_000)
def syllables(word: str) -> int:
    """Syllables of an English word by vowel groups, minus silent endings; at least 1.

    A heuristic (no pronouncing dictionary is available offline) that is right for most
    common words and off by one at worst, which is all Flesch reading ease needs.
    """
    w = re.sub(r"[^a-z]", "", word.lower())
    if len(w) <= 3:
        return 1
    count = len(_VOWEL_GROUP_RE.findall(w))
    silent_e = w.endswith("e") and not w.endswith(("ee", "ye", "le"))
    silent_le = w.endswith("le") and w[-3] in "aeiouy"  # whale, but not table
    silent_ed = w.endswith("ed") and w[-3] not in "td"  # walked, but not wanted
    silent_es = w.endswith("es") and not w.endswith(_VOICED_ES)  # hopes, but not boxes
    if silent_e or silent_le or silent_ed or silent_es:
        count -= 1
    return max(1, count)


def flesch_reading_ease(word_count: int, sentence_count: int, syllable_count: int) -> float:
    """Flesch reading ease: 206.835 − 1.015·words/sentence − 84.6·syllables/word."""
    if word_count == 0 or sentence_count == 0:
        return 0.0
    return (
        206.835
        - 1.015 * (word_count / sentence_count)
        - 84.6 * (syllable_count / word_count)
    )


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment distance (a swap of neighbours costs 1), capped at ``limit``.

    Names are short, so the quadratic table is tiny; the cap lets callers stop early.
    """
    if a == b:
        return 0
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, prev2[j - 2] + 1)
            row[j] = best
        if min(row) >= limit:
            return limit
        prev2, prev = prev, row
    return min(prev[len(b)], limit)
