"""Coherence: does the written text keep to the plan and to itself?

Six checks, each a sub-score in 0..1 with findings that name the segment and the
offending name or sentence. All of them are linear in the length of the book (one scan
per segment, sets and counters, no pairwise comparison of sentences), so a 500,000-word
manuscript takes seconds.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from narra_forge.core.types import (
    Cast,
    CoherenceReport,
    Finding,
    Manuscript,
    Segment,
    SegmentPlan,
    SegmentSpec,
    Severity,
)
from narra_forge.quality.text import (
    WORD_RE,
    edit_distance,
    normalize,
    paragraphs,
    sentence_spans,
    sentences,
    strip_possessive,
    word_set,
)

#: how much each check counts in the overall score (they add up to 1)
CHECK_WEIGHTS: dict[str, float] = {
    "segments_written": 0.20,
    "characters_present": 0.20,
    "name_consistency": 0.15,
    "dead_characters": 0.15,
    "no_loops": 0.15,
    "word_count": 0.15,
}
#: the overall score is at most this when any check found an error …
ERROR_CEILING = 0.80
#: … and this much lower for every further check with an error
ERROR_CEILING_STEP = 0.10
#: a segment shorter than this share of its planned words counts as not written
MIN_WRITTEN_SHARE = 0.20
#: sentences and paragraphs shorter than this are allowed to repeat ("No," she said.)
LOOP_MIN_WORDS = 8
#: a repeated paragraph is a loop (an error) only from this many words on
LOOP_PARAGRAPH_WORDS = 20
#: above this share of repeated long sentences the text loops (an error)
LOOP_SENTENCE_SHARE = 0.05
#: share of repeated long sentences that costs nothing
REPEAT_TOLERANCE = 0.01
#: ±share of the target word count that scores 1.0
WORD_COUNT_TOLERANCE = 0.10
#: findings kept per check; the rest are summed up in one info finding
MAX_FINDINGS_PER_CHECK = 25

#: titles and other words that precede names but are not part of what a name is matched on
HONORIFICS = word_set(
    "Mr Mrs Ms Miss Dr Sir Lady Lord Dame Master Mistress Captain Capt Commander Colonel "
    "General Lieutenant Sergeant Major Admiral Professor Prof Father Mother Brother Sister "
    "King Queen Prince Princess Duke Duchess Count Countess Baron Baroness Emperor Empress "
    "Saint St Doctor Elder Old Young Uncle Aunt Archmage Magister Inspector Detective "
    "Agent Officer Chief High the The of van von der de del da di du le la al bin ibn"
)
#: capitalised words that are not names even when they never appear in lower case
_NOT_NAMES = word_set(
    "I I'm I'd I'll I've A An The This That These Those He She It We You They Him Her His "
    "Hers Its Our Ours Your Yours Their Them Me My Mine Us Who What When Where Why How Which "
    "Yes No Not Oh Ah Hey Okay OK Well Now Then There Here And But Or Nor So Yet For If "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "May June July August September October November December God Gods Lord Lady Sir Madam "
    "Ma'am Mama Mamma Papa Mom Mum Dad Daddy Mommy Mummy Ma Pa Nana Gran Granny Grandma "
    "Grandpa Grandmother Grandfather Mister Miss Missus Chapter Part Book Act Prologue "
    "Epilogue Interlude North South East West Northern Southern Eastern Western"
)
#: a word that may be capitalised (anything but ASCII lowercase first), with the run before it
_CAP_GAP_RE = re.compile(r"(\W*)\b([^\W\d_a-z][^\W\d_]*(?:['’\-][^\W\d_]+)*)")
#: a non-word run before a word that makes the word start a sentence (or a quotation)
_INITIAL_GAP_RE = re.compile(r"[.!?…:\n“‘]|[\s(\[—–][\"']")
_DEATH_VERBS = r"(?:died|was dead|is dead|had died|lay dead|was killed|had been killed)"
_KILL_VERBS = r"(?:killed|murdered|slew)"
#: a segment without any of these words cannot narrate a death: skip the regex
_DEATH_WORDS = frozenset({"died", "dead", "killed", "murdered", "slew"})
#: words before a death phrase in the same sentence that make it hypothetical
_HYPOTHETICAL_RE = re.compile(
    r"\b(?:if|unless|almost|nearly|thought|believed|feared|whether|pretended|as though|"
    r"rumou?red|wished|hoped|could have|might have)\b",
    re.IGNORECASE,
)
#: a later mention inside one of these is remembering the dead, not a dead character acting
_MEMORY_RE = re.compile(
    r"\b(?:remember\w*|memor(?:y|ies)|grave\w*|mourn\w*|death|dead|died|late|funeral|"
    r"buried|burial|tomb\w*|ghost\w*|corpse|grief|griev\w*|legacy|ashes|would have|"
    r"used to|in memoriam)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Person:
    """A character as text refers to them: full name, first name, surname."""

    name: str
    first: str
    surname: str | None

    @property
    def parts(self) -> tuple[str, ...]:
        return (self.first,) if self.surname is None else (self.first, self.surname)


def person(name: str) -> Person:
    """Split a cast name into the parts text uses, leaving titles and particles aside."""
    tokens = [strip_possessive(t) for t in WORD_RE.findall(name)]
    core = [t for t in tokens if t not in HONORIFICS and t[:1].isupper()] or tokens or [name]
    first = core[0]
    surname = core[-1] if len(core) > 1 else None
    return Person(name=name.strip(), first=first, surname=surname)


@dataclass
class _Scan:
    """What one pass over a segment's words learns, reused by every check."""

    index: int
    text: str
    tokens: set[str] = field(default_factory=set)
    lower: set[str] = field(default_factory=set)
    caps: Counter[str] = field(default_factory=Counter)
    mid_caps: set[str] = field(default_factory=set)
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)


def _scan(segment: Segment) -> _Scan:
    """Every word of the segment, and each capitalised one with whether it opens a sentence.

    The word set and counts come from C-level ``findall``/``Counter``; only capitalised
    words (a small share) are walked in Python, with the non-word run before each.
    """
    text = segment.text
    scan = _Scan(index=segment.index, text=text)
    counts = Counter(WORD_RE.findall(text))
    for raw in counts:
        token = strip_possessive(raw)
        scan.tokens.add(token)
        if not token[0].isupper():
            scan.lower.add(token)
    caps, mid_caps, pairs = scan.caps, scan.mid_caps, scan.pairs
    prev_cap: str | None = None
    prev_end = -1
    for match in _CAP_GAP_RE.finditer(text):
        gap, raw = match.group(1), match.group(2)
        if not raw[0].isupper():
            prev_cap = None
            continue
        token = strip_possessive(raw)
        caps[token] += 1
        start = match.start()
        if start and not _INITIAL_GAP_RE.search(gap):
            mid_caps.add(token)
        if prev_cap is not None and prev_end == start and gap and not gap.strip(" "):
            pairs[(prev_cap, token)] += 1
        prev_cap = None if token != raw else token
        prev_end = match.end()
    return scan


class _Findings:
    """Collects findings, listing at most ``MAX_FINDINGS_PER_CHECK`` per check and severity.

    The rest are summed up in one finding of the same check and severity, so a long book
    with many warnings still shows its errors.
    """

    def __init__(self) -> None:
        self.kept: list[Finding] = []
        self.counts: Counter[tuple[str, Severity]] = Counter()
        self.errors: set[str] = set()

    def add(self, check: str, severity: Severity, message: str, segment: int | None) -> None:
        if severity == "error":
            self.errors.add(check)
        self.counts[(check, severity)] += 1
        if self.counts[(check, severity)] <= MAX_FINDINGS_PER_CHECK:
            self.kept.append(
                Finding(check=check, severity=severity, message=message, segment=segment)
            )

    def all(self) -> list[Finding]:
        summary = [
            Finding(
                check=check, severity=severity,
                message=f"… and {n - MAX_FINDINGS_PER_CHECK} more {check} {severity}s",
            )
            for (check, severity), n in self.counts.items()
            if n > MAX_FINDINGS_PER_CHECK
        ]
        return self.kept + summary


def check_coherence(
    manuscript: Manuscript,
    plan: SegmentPlan,
    cast: Cast,
    target_words: int,
    *,
    known_names: Iterable[str] = (),
) -> CoherenceReport:
    """Score how well ``manuscript`` keeps to ``plan`` and ``cast``, 0..1, with findings.

    ``checks`` holds one sub-score per check; ``score`` is their weighted mean with the
    weights of ``CHECK_WEIGHTS`` (segments_written 0.20, characters_present 0.20,
    name_consistency 0.15, dead_characters 0.15, no_loops 0.15, word_count 0.15). An error
    must not hide behind good averages, so with errors in ``k`` checks the score is capped
    at ``ERROR_CEILING − ERROR_CEILING_STEP·(k − 1)`` (0.80, 0.70, …), below the 0.85
    default threshold. ``known_names`` adds capitalised words (world, factions, places)
    that the name check must not take for misspelt character names.
    """
    findings = _Findings()
    ordered = sorted(manuscript.segments, key=lambda s: s.index)
    written: dict[int, Segment] = {}
    for segment in ordered:
        written.setdefault(segment.index, segment)
    scans = {index: _scan(segment) for index, segment in written.items()}
    people = _People(cast, plan)
    specs = sorted(plan.segments, key=lambda s: s.index)

    for index, n in Counter(s.index for s in ordered).items():
        if n > 1:
            findings.add(
                "segments_written", "warning",
                f"segment {index} was written {n} times; only the first is checked", index,
            )
    checks = {
        "segments_written": _segments_written(specs, written, findings),
        "characters_present": _characters_present(specs, scans, people, findings),
        "name_consistency": _name_consistency(scans, people, plan, known_names, findings),
        "dead_characters": _dead_characters(specs, scans, people, findings),
        "no_loops": _no_loops(ordered, findings),
        "word_count": _word_count(manuscript.word_count, target_words, findings),
    }
    score = sum(CHECK_WEIGHTS[name] * value for name, value in checks.items())
    if findings.errors:
        ceiling = ERROR_CEILING - ERROR_CEILING_STEP * (len(findings.errors) - 1)
        score = min(score, ceiling)
    return CoherenceReport(
        score=round(_clamp(score), 4),
        checks={name: round(value, 4) for name, value in checks.items()},
        findings=findings.all(),
    )


class _People:
    """The cast as ``Person``s, and plan names resolved to them."""

    def __init__(self, cast: Cast, plan: SegmentPlan) -> None:
        self.by_name: dict[str, Person] = {c.name: person(c.name) for c in cast.characters}
        self.cast = list(self.by_name.values())
        by_part: dict[str, list[Person]] = defaultdict(list)
        for p in self.cast:
            for part in p.parts:
                by_part[part].append(p)
        self.by_part = by_part
        for spec in plan.segments:
            for name in (*spec.characters, *spec.deaths):
                self.resolve(name)

    def resolve(self, name: str) -> Person:
        """A plan's name for a character: the cast member it means, or a new person."""
        found = self.by_name.get(name)
        if found is not None:
            return found
        guess = person(name)
        candidates = {p for part in guess.parts for p in self.by_part.get(part, [])}
        found = candidates.pop() if len(candidates) == 1 else guess
        self.by_name[name] = found
        return found


def _segments_written(
    specs: list[SegmentSpec], written: dict[int, Segment], findings: _Findings
) -> float:
    """Every planned segment exists and has at least a fifth of its planned words."""
    good = 0
    for spec in specs:
        segment = written.get(spec.index)
        if segment is None:
            findings.add(
                "segments_written", "error",
                f"segment {spec.index} ({spec.title!r}) was planned but not written", spec.index,
            )
            continue
        words = segment.word_count
        if words < MIN_WRITTEN_SHARE * spec.target_words:
            findings.add(
                "segments_written", "error",
                f"segment {spec.index} ({spec.title!r}) is nearly empty: "
                f"{words} words of {spec.target_words} planned", spec.index,
            )
            continue
        good += 1
    planned = {spec.index for spec in specs}
    for index in written:
        if index not in planned:
            findings.add(
                "segments_written", "warning", f"segment {index} was written but not planned",
                index,
            )
    return good / len(specs) if specs else 1.0


def _characters_present(
    specs: list[SegmentSpec], scans: dict[int, _Scan], people: _People, findings: _Findings
) -> float:
    """Every character planned for a segment is named in it (full, first or surname)."""
    absent: dict[Person, list[int]] = defaultdict(list)
    planned: dict[Person, list[int]] = defaultdict(list)
    pairs = present = 0
    for spec in specs:
        scan = scans.get(spec.index)
        if scan is None:
            continue  # segments_written already reports it
        for name in dict.fromkeys(spec.characters):
            who = people.resolve(name)
            pairs += 1
            planned[who].append(spec.index)
            if any(part in scan.tokens for part in who.parts):
                present += 1
            else:
                absent[who].append(spec.index)
    for who, indices in absent.items():
        never = len(indices) == len(planned[who])
        for index in indices:
            if never:
                findings.add(
                    "characters_present", "error",
                    f"segment {index}: planned character {who.name!r} never appears "
                    f"(not named in any of segments {_ranges(planned[who])})", index,
                )
            else:
                findings.add(
                    "characters_present", "warning",
                    f"segment {index}: planned character {who.name!r} is not named", index,
                )
    return present / pairs if pairs else 1.0


def _plan_vocabulary(plan: SegmentPlan, known_names: Iterable[str]) -> set[str]:
    """Capitalised words the plan itself uses (places, titles, events): not misspellings."""
    vocabulary: set[str] = set()
    texts = [*known_names]
    for spec in plan.segments:
        texts.extend((spec.location, spec.title, spec.pov, *spec.key_events))
    for text in texts:
        vocabulary.update(strip_possessive(t) for t in WORD_RE.findall(text) if t[0].isupper())
    return vocabulary


def _is_variant(token: str, name: str) -> int:
    """Edit distance if ``token`` looks like a misspelling of ``name``, else 0.

    Same initial; distance 1 for names of 3+ letters; distance 2 only for 4+ letters that
    share a 3-letter prefix (Mara → Maren) or 6+ letters, which keeps Kell/Kent apart.
    """
    if token[0] != name[0] or abs(len(token) - len(name)) > 2:
        return 0
    if token in (name + "s", name + "es"):
        return 0  # the Vosses: a plural, not another name
    shortest = min(len(token), len(name))
    distance = edit_distance(token, name, limit=3)
    if distance == 1 and shortest >= 3:
        return 1
    if distance == 2 and shortest >= 4 and (token[:3] == name[:3] or shortest >= 6):
        return 2
    return 0


def _name_consistency(
    scans: dict[int, _Scan],
    people: _People,
    plan: SegmentPlan,
    known_names: Iterable[str],
    findings: _Findings,
) -> float:
    """Names are spelt one way: no near-miss variants, no first name with a wrong surname.

    Only words that look like names are considered: capitalised somewhere mid-sentence,
    never used in lower case in the book, and not a cast name, a plan word or a common
    capitalised word. A variant in two or more segments (or used three times) is an error,
    which is how a mid-book swap (Mara → Maren from segment 5 on) shows; a single stray
    one is a warning.
    """
    cast_parts = set(people.by_part)
    vocabulary = _plan_vocabulary(plan, known_names) | cast_parts | HONORIFICS | _NOT_NAMES
    caps_total: Counter[str] = Counter()
    lower_total: set[str] = set()
    mid_total: set[str] = set()
    seen_in: dict[str, list[int]] = defaultdict(list)
    for index, scan in sorted(scans.items()):
        caps_total.update(scan.caps)
        lower_total |= scan.lower
        mid_total |= scan.mid_caps
        for token in scan.caps:
            seen_in[token].append(index)

    def looks_like_name(token: str) -> bool:
        return (
            len(token) >= 3
            and not token.isupper()
            and token not in vocabulary
            and token.lower() not in lower_total
        )

    good = sum(caps_total[part] for part in cast_parts)
    bad = 0
    reported: set[str] = set()

    # a first name followed by a surname that is not theirs: "Mara Kell" for Mara Voss
    surnames_of: dict[str, set[str]] = defaultdict(set)
    for p in people.cast:
        if p.surname is not None:
            surnames_of[p.first].add(p.surname)
    first_names = {p.first for p in people.cast}
    wrong_pairs: Counter[tuple[str, str]] = Counter()
    pair_segments: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, scan in sorted(scans.items()):
        for (first, other), n in scan.pairs.items():
            allowed = surnames_of.get(first)
            if not allowed or other in allowed or other in first_names:
                continue
            if other not in cast_parts and not looks_like_name(other):
                continue
            wrong_pairs[(first, other)] += n
            pair_segments[(first, other)].append(index)
    for (first, other), n in wrong_pairs.items():
        indices = pair_segments[(first, other)]
        expected = " or ".join(sorted(f"{first} {s}" for s in surnames_of[first]))
        severe = other in cast_parts or n >= 2 or len(indices) >= 2 or any(
            _is_variant(other, s) for s in surnames_of[first]
        )
        findings.add(
            "name_consistency", "error" if severe else "warning",
            f"segment {indices[0]}: {first + ' ' + other!r} used {n}× in segments "
            f"{_ranges(indices)}; the cast has {expected}"
            f"{_example(scans[indices[0]].text, first + ' ' + other)}",
            indices[0],
        )
        bad += n
        if other not in cast_parts:
            reported.add(other)

    # a capitalised near-miss of a cast first name or surname: Maren for Mara
    parts_by_initial: dict[str, list[str]] = defaultdict(list)
    for part in cast_parts:
        parts_by_initial[part[0]].append(part)
    for token in sorted(mid_total):
        if token in reported or not looks_like_name(token):
            continue
        matches = [(d, part) for part in parts_by_initial.get(token[0], []) if (
            d := _is_variant(token, part))]
        if not matches:
            continue
        _, part = min(matches)
        owners = " / ".join(sorted(p.name for p in people.by_part[part]))
        indices = seen_in[token]
        uses = caps_total[token]
        severe = len(indices) >= 2 or uses >= 3
        swap = ""
        part_segments = seen_in.get(part, [])
        if not part_segments or max(part_segments) < indices[0]:
            swap = f"; {part!r} is not used from segment {indices[0]} on: a name swap"
        findings.add(
            "name_consistency", "error" if severe else "warning",
            f"segment {indices[0]}: {token!r} looks like a misspelling of {part!r} ({owners}), "
            f"used {uses}× in segments {_ranges(indices)}{swap}"
            f"{_example(scans[indices[0]].text, token)}",
            indices[0],
        )
        bad += uses
    return good / (good + bad) if good + bad else 1.0


def _death_pattern(who: Person, people: _People) -> re.Pattern[str]:
    """``<name> died`` / ``<name> was dead`` / ``killed <name>`` for this character."""
    forms = [who.name, who.first]
    if who.surname and len(people.by_part.get(who.surname, [])) == 1:
        forms.append(who.surname)
    names = "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))
    return re.compile(
        rf"\b(?:{names})(?!['’]s)\s+{_DEATH_VERBS}\b|\b{_KILL_VERBS}\s+(?:{names})\b(?!['’]s)"
    )


def _sentence_around(text: str, position: int) -> str:
    """The sentence of ``text`` that contains ``position`` (used for context checks)."""
    start = max(text.rfind(".", 0, position), text.rfind("!", 0, position),
                text.rfind("?", 0, position), text.rfind("\n", 0, position)) + 1
    ends = [i for i in (text.find(c, position) for c in ".!?\n") if i != -1]
    return text[start:min(ends) + 1 if ends else len(text)]


def _narrated_death(scan: _Scan, pattern: re.Pattern[str]) -> bool:
    """Whether the segment says the character died, not merely that someone feared it."""
    for match in pattern.finditer(scan.text):
        sentence = _sentence_around(scan.text, match.start())
        prefix = sentence[: max(0, sentence.find(match.group()))]
        if not _HYPOTHETICAL_RE.search(prefix):
            return True
    return False


def _dead_characters(
    specs: list[SegmentSpec], scans: dict[int, _Scan], people: _People, findings: _Findings
) -> float:
    """A character who died (planned, or narrated as dying) does not act afterwards.

    Any later mention of the full or first name outside a sentence of remembrance
    (remembered, grave, mourned, death, the late …) counts as acting.
    """
    died_in: dict[Person, int] = {}
    for spec in specs:
        for name in spec.deaths:
            who = people.resolve(name)
            died_in[who] = min(died_in.get(who, spec.index), spec.index)
    candidates = sorted(set(people.cast) | set(people.by_name.values()), key=lambda p: p.name)
    for who in candidates:
        pattern = _death_pattern(who, people)
        quick = set(who.parts)
        for index, scan in sorted(scans.items()):
            if index >= died_in.get(who, index + 1):
                break
            if quick & scan.tokens and _DEATH_WORDS & scan.tokens and _narrated_death(
                scan, pattern
            ):
                died_in[who] = index
                break
    died_in = dict(sorted(died_in.items(), key=lambda item: (item[1], item[0].name)))
    for who, index in died_in.items():
        written = scans.get(index)
        if written is not None and not _narrated_death(written, _death_pattern(who, people)):
            findings.add(
                "dead_characters", "warning",
                f"segment {index}: {who.name!r} dies here by the plan, but the text "
                "does not say so", index,
            )
    if not died_in:
        return 1.0
    staying_dead = 0
    for who, died in died_in.items():
        mention = re.compile(
            r"\b(?:" + "|".join(re.escape(f) for f in sorted({who.name, who.first},
                                                              key=len, reverse=True)) + r")\b"
        )
        acted = False
        for index, scan in sorted(scans.items()):
            if index <= died or who.first not in scan.tokens:
                continue
            sentence = _acting_sentence(scan.text, mention)
            if sentence is not None:
                acted = True
                findings.add(
                    "dead_characters", "error",
                    f"segment {index}: {who.name!r} died in segment {died} but acts here: "
                    f"{_quote(sentence)}", index,
                )
        staying_dead += not acted
    return staying_dead / len(died_in)


def _acting_sentence(text: str, mention: re.Pattern[str]) -> str | None:
    """The first sentence naming the character outside any memory phrase, if any."""
    for paragraph in paragraphs(text):
        if not mention.search(paragraph):
            continue
        for start, end in sentence_spans(paragraph):
            sentence = paragraph[start:end]
            if mention.search(sentence) and not _MEMORY_RE.search(sentence):
                return sentence
    return None


def _no_loops(ordered: list[Segment], findings: _Findings) -> float:
    """No paragraph twice in the book (error), few long sentences twice (warning each).

    Only paragraphs of at least ``LOOP_PARAGRAPH_WORDS`` words count: a short exchange
    that recurs ("Do you trust me, Garrick?") is a coincidence, caught if at all by its
    sentences. When more than ``LOOP_SENTENCE_SHARE`` of long sentences repeat, the text
    loops even without a repeated paragraph: that is an error too. Score:
    (1 − 10·repeated paragraph share) × (1 − (repeated sentence share − 1 %) / 19 %), each
    clamped to 0..1, over paragraphs and sentences of at least ``LOOP_MIN_WORDS`` words.
    """
    seen_paragraphs: dict[str, int] = {}
    seen_sentences: dict[str, int] = {}
    long_paragraphs = repeated_paragraphs = long_sentences = repeated_sentences = 0
    for segment in ordered:
        for paragraph in paragraphs(segment.text):
            norm = normalize(paragraph)
            size = norm.count(" ") + 1
            if size < LOOP_MIN_WORDS:
                continue
            spans = sentence_spans(paragraph)
            if size >= LOOP_PARAGRAPH_WORDS:
                long_paragraphs += 1
                first = seen_paragraphs.get(norm)
                if first is not None:
                    repeated_paragraphs += 1
                    findings.add(
                        "no_loops", "error",
                        f"segment {segment.index}: paragraph repeats one from segment {first}: "
                        f"{_quote(paragraph)}", segment.index,
                    )
                    continue
                seen_paragraphs[norm] = segment.index
            for start, end in spans:
                sentence = paragraph[start:end]
                key = normalize(sentence).lower()
                if key.count(" ") + 1 < LOOP_MIN_WORDS:
                    continue
                long_sentences += 1
                first = seen_sentences.get(key)
                if first is None:
                    seen_sentences[key] = segment.index
                    continue
                repeated_sentences += 1
                findings.add(
                    "no_loops", "warning",
                    f"segment {segment.index}: sentence repeats one from segment {first}: "
                    f"{_quote(sentence)}", segment.index,
                )
    paragraph_share = repeated_paragraphs / long_paragraphs if long_paragraphs else 0.0
    sentence_share = repeated_sentences / long_sentences if long_sentences else 0.0
    if sentence_share > LOOP_SENTENCE_SHARE:
        findings.add(
            "no_loops", "error",
            f"{repeated_sentences} of {long_sentences} long sentences ({sentence_share:.0%}) "
            "repeat earlier ones: the text loops", None,
        )
    sentence_score = 1 - max(0.0, sentence_share - REPEAT_TOLERANCE) / (0.20 - REPEAT_TOLERANCE)
    return _clamp(1 - 10 * paragraph_share) * _clamp(sentence_score)


def _word_count(actual: int, target: int, findings: _Findings) -> float:
    """Total words within ±10 % of the target score 1.0, then 0.25 less per 10 % more.

    Beyond ±10 % is a warning, beyond ±25 % an error.
    """
    if target <= 0:
        return 1.0
    deviation = (actual - target) / target
    distance = abs(deviation)
    if distance <= WORD_COUNT_TOLERANCE:
        return 1.0
    severity: Severity = "error" if distance > 0.25 else "warning"
    findings.add(
        "word_count", severity,
        f"manuscript has {actual:,} words against a target of {target:,} ({deviation:+.0%}; "
        f"allowed ±{WORD_COUNT_TOLERANCE:.0%})", None,
    )
    return _clamp(1 - (distance - WORD_COUNT_TOLERANCE) * 2.5)


def _example(text: str, phrase: str) -> str:
    """``: "…the sentence…"`` for the first sentence of ``text`` using ``phrase``."""
    pattern = re.compile(rf"\b{re.escape(phrase)}\b")
    for sentence in sentences(text):
        if pattern.search(sentence):
            return f": {_quote(sentence)}"
    return ""


def _quote(text: str, limit: int = 120) -> str:
    flat = normalize(text)
    return repr(flat if len(flat) <= limit else flat[: limit - 1] + "…")


def _ranges(indices: Iterable[int]) -> str:
    """``[1, 2, 3, 5]`` → ``"1–3, 5"``: long books have long lists."""
    values = sorted(set(indices))
    out: list[str] = []
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        out.append(str(values[i]) if i == j else f"{values[i]}–{values[j]}")
        i = j + 1
    return ", ".join(out)


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))
