"""Small helpers shared by the planners and the prose composer.

Everything random goes through ``stable_rng`` so results never depend on
``PYTHONHASHSEED``, the process, or dict ordering of the caller.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def lines(block: str) -> tuple[str, ...]:
    """One entry per non-empty line: keeps the big vocabulary tables compact and diffable."""
    return tuple(s.strip() for s in block.strip().splitlines() if s.strip())


def digest(*parts: Any) -> bytes:
    """A stable digest of JSON-able parts (sorted keys), independent of the process."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(blob).digest()


def stable_rng(*parts: Any) -> random.Random:
    """A ``random.Random`` seeded from a digest of ``parts``: same parts, same stream."""
    return random.Random(int.from_bytes(digest(*parts)[:16], "big"))


def stable_index(size: int, *parts: Any) -> int:
    """A deterministic index in ``range(size)`` derived from ``parts``."""
    return int.from_bytes(digest(*parts)[:8], "big") % size


def capitalize_first(text: str) -> str:
    """Upper-case the first letter only (``str.capitalize`` would lower the rest)."""
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1:]
        if ch not in "\"'([ ":
            return text
    return text


def title_case(text: str) -> str:
    """Headline case that leaves short joining words lower-case."""
    small = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}
    words = text.split()
    out = []
    for i, word in enumerate(words):
        if i and word.lower() in small:
            out.append(word.lower())
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)


def word_count(text: str) -> int:
    return len(text.split())


def an(noun_phrase: str) -> str:
    """``a``/``an`` before a noun phrase, by its first letter (good enough for our lists)."""
    return ("an " if noun_phrase[:1].lower() in "aeiou" else "a ") + noun_phrase


def pick_distinct(rng: random.Random, pool: Sequence[T], k: int) -> list[T]:
    """``k`` distinct items (fewer if the pool is small), order randomised."""
    return rng.sample(list(pool), min(k, len(pool)))


def word_set(block: str) -> frozenset[str]:
    """The whitespace-separated words of a literal, as a set."""
    return frozenset(block.split())


_STOP = word_set(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not now of off on
    once only or other our ours out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would
    you your yours must may might shall one ones every never always something someone
    nothing anyone everyone story tale book novel world people thing things way
    finds discovers learns becomes begins tries wants needs goes comes takes makes gets
    knows tells says sees hears discover find learn become begin try want need take make
    like even still yet"""
)
_DETERMINERS = word_set("a an the his her their its our my your this that these those")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


def salient_nouns(text: str, limit: int = 6) -> list[str]:
    """Likely nouns of an inspiration sentence, most telling first (no tagger: heuristics).

    Words right after a determiner are nouns (or adjectives before one) far more often
    than not; other long non-stopwords come next. Lower-cased, deduplicated.
    """
    words = _WORD.findall(text)
    scored: dict[str, float] = {}
    for i, raw in enumerate(words):
        word = raw.lower().strip("'-")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) < 3 or word in _STOP or word.endswith("ly"):
            continue
        score = min(len(word), 9) / 10
        if i and words[i - 1].lower() in _DETERMINERS:
            score += 2.0
        elif i > 1 and words[i - 2].lower() in _DETERMINERS:
            score += 1.5
        if word.endswith(("ing", "ed")) and score < 2:
            score -= 0.6
        scored[word] = max(scored.get(word, 0.0), score) + 0.01
    ranked = sorted(scored, key=lambda w: (-scored[w], words_index(words, w)))
    return ranked[:limit]


def words_index(words: Iterable[str], target: str) -> int:
    for i, word in enumerate(words):
        if word.lower().strip("'-").removesuffix("'s") == target:
            return i
    return 0


def first_sentence(text: str, max_chars: int = 220) -> str:
    """The first sentence of free text, trimmed, without its final punctuation."""
    text = " ".join(text.split())
    if not text:
        return ""
    match = re.search(r"(?<=[.!?])\s", text)
    sentence = text[: match.start()] if match else text
    sentence = sentence.rstrip(".!? ")
    if len(sentence) > max_chars:
        sentence = sentence[:max_chars].rsplit(" ", 1)[0]
    return sentence


def lower_first(text: str) -> str:
    """Lower-case a leading article or pronoun so a sentence can be embedded mid-sentence."""
    head, _, rest = text.partition(" ")
    if head in {"A", "An", "The", "In", "On", "When", "After", "Two", "Three", "Some"}:
        return head.lower() + (" " + rest if rest else "")
    return text
