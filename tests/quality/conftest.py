"""A small deterministic book generator: plan, cast and prose that keeps to them.

The prose imitates what the offline engine writes (full name first, then first or full
name, dialogue in straight double quotes, "<Full Name> died") and is varied enough that
no sentence of eight or more words repeats, so a good book passes every check and each
test can inject one fault and see it caught.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from narra_forge.core.types import Cast, Character, Manuscript, Segment, SegmentPlan, SegmentSpec

PEOPLE = [
    ("Mara Voss", "protagonist", "she", "her"),
    ("Teo Kell", "ally", "he", "his"),
    ("Ilse Brandt", "mentor", "she", "her"),
    ("Corvin Ash", "antagonist", "he", "his"),
    ("Pell Dorran", "supporting", "he", "his"),
]
PRONOUNS = {name: (he, his) for name, _, he, his in PEOPLE}
LOCATIONS = ["Saltmere Harbour", "the Glass Archive", "Vel Tor Pass", "the Hollow Market"]
EVENTS = [
    "the stolen ledger surfaced in a fishing crate",
    "a warning arrived in a hand nobody knew",
    "the old bridge finally gave way",
    "the council voted to seal the gates",
    "a second map turned up inside the first",
    "the tide brought in an empty boat",
    "the archive lamps burned blue for an hour",
    "the market traders refused to open their stalls",
    "a bell rang that had been silent for years",
    "the pass was closed by a sudden fall of rock",
]

VERBS = [
    "studied", "pocketed", "weighed", "examined", "traced", "unwrapped", "turned over",
    "set down", "lifted", "hid", "polished", "counted", "sketched", "questioned", "guarded",
    "sorted", "tested", "measured", "folded", "cleaned", "marked", "wrapped", "carried",
    "dropped", "balanced", "opened", "locked", "mended", "sharpened", "inspected",
]
OBJECTS = [
    "the brass key", "a salt-stained letter", "the broken compass", "a lantern", "the ledger",
    "a coil of rope", "the silver coin", "a sealed jar", "the torn map", "a bone whistle",
    "the iron ring", "a bundle of candles", "the glass lens", "a wax tablet", "the old knife",
    "a folded chart", "the copper bell", "a leather satchel", "the spare oar", "a tin cup",
    "the carved box", "a loaf of black bread", "the tally stick", "a fishing hook",
    "the cracked mirror", "a spool of wire", "the heavy coat", "a clay pipe", "the wooden token",
    "a ribbon of red silk",
]
MANNERS = [
    "with great care", "without a word", "in the failing light", "as if it might bite",
    "while the others watched", "for a long moment", "twice over", "slowly",
    "with shaking hands", "in silence", "under the flickering lamp", "near the window",
    "with a frown", "against the wind", "before anyone noticed", "by the cold hearth",
    "at arm's length", "with quiet patience", "in the grey dawn", "as the rain began",
]
SCENERY = [
    "gulls wheeled over {place}, crying at nothing.",
    "cold fog rolled across {place} and swallowed the lanterns one by one.",
    "water dripped somewhere below {place} in a slow, patient rhythm.",
    "the wind off {place} smelled of tar, rope and old rain.",
    "shadows gathered in the corners of {place} like patient animals.",
    "a cart rattled past the edge of {place}, loaded with barrels.",
    "rain drummed on the slate roofs around {place}.",
    "the light over {place} turned the colour of weak tea.",
    "a dog barked twice near {place} and then fell silent.",
    "smoke from a hundred chimneys hung low over {place}.",
    "the stones of {place} grew slick and dark with spray.",
    "a bell somewhere beyond {place} counted out the hour.",
]
TIMES = [
    "By noon", "At dusk", "Before dawn", "Later", "All afternoon", "Now and then",
    "For a while", "Every so often", "Towards evening", "In the quiet that followed",
    "Outside", "Beyond the shutters",
]
FEELINGS = [
    "felt the weight of the day settle on {his} shoulders",
    "could not shake the feeling of being watched",
    "wondered how much longer the truce could hold",
    "thought of the promise made on the harbour steps",
    "was suddenly very tired of secrets",
    "kept a careful eye on the door",
    "counted the exits without meaning to",
    "let the silence stretch a little longer",
    "tried to remember when the fear had started",
    "knew that the worst was still to come",
]
LINES = [
    "We should not be here after dark",
    "Tell me what you found in the crate",
    "Nobody leaves until we know the truth",
    "I have seen that mark before, on the harbour wall",
    "Keep your voice down, the walls are thin",
    "If the council learns of this, we are finished",
    "Do you trust the man who sold us the map",
    "There is still time to turn back",
    "The tide will not wait for us",
    "Give me the key and stand behind me",
    "Someone has been here since yesterday",
    "I never wanted any of this",
]
TAGS = ["said", "asked", "whispered", "muttered", "replied", "answered"]
ARRIVALS = [
    "arrived at {place} as the light was failing",
    "came into {place} with rain still dripping from {his} coat",
    "was already waiting at {place} when the bell rang",
    "stepped into {place} and looked around slowly",
    "crossed {place} without looking back",
]


def make_cast() -> Cast:
    return Cast(characters=[
        Character(
            name=name, role=role,  # type: ignore[arg-type]
            description=f"{name}, a figure of the harbour town",
            motivation="to learn who sold the city",
        )
        for name, role, _, _ in PEOPLE
    ])


def make_plan(segments: int = 10, words: int = 600) -> SegmentPlan:
    """Mara everywhere; Ilse in the first half, dying in segment ``segments // 2``."""
    death = segments // 2
    specs = []
    for index in range(segments):
        characters = ["Mara Voss"]
        if index <= death:
            characters.append("Ilse Brandt")
        if index % 3 != 2:
            characters.append("Teo Kell")
        if index % 2 == 1:
            characters.append("Corvin Ash")
        if index % 4 == 3:
            characters.append("Pell Dorran")
        specs.append(SegmentSpec(
            index=index,
            act=1 + index * 3 // segments,
            title=f"Chapter {index + 1}",
            pov="Mara Voss",
            characters=characters,
            location=LOCATIONS[index % len(LOCATIONS)],
            key_events=[EVENTS[index % len(EVENTS)], EVENTS[(index + 3) % len(EVENTS)]],
            target_words=words,
            deaths=["Ilse Brandt"] if index == death else [],
        ))
    return SegmentPlan(segments=specs)


class _Writer:
    """Composes sentences from the word banks and never repeats one."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.seen: set[str] = set()
        self.dry: set[str] = set()

    def unique(self, make: Callable[[], str], fallback: Callable[[], str] | None = None) -> str:
        """A sentence from ``make`` not written before; from ``fallback`` once it runs dry."""
        if fallback is not None and make.__qualname__ in self.dry:
            return fallback()
        for _ in range(12):
            sentence = make()
            if sentence not in self.seen:
                break
        else:
            if fallback is not None:
                self.dry.add(make.__qualname__)
                return fallback()
        self.seen.add(sentence)
        return sentence

    def name(self, full: str, introduced: set[str]) -> str:
        if full not in introduced:
            introduced.add(full)
            return full
        return full.split()[0] if self.rng.random() < 0.8 else full

    def action(self, full: str, introduced: set[str]) -> str:
        rng = self.rng

        def make() -> str:
            sentence = (
                f"{self.name(full, introduced)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
                f"{rng.choice(MANNERS)}."
            )
            return f"{rng.choice(TIMES)}, {sentence}" if rng.random() < 0.3 else sentence

        return self.unique(make)

    def feeling(self, full: str, introduced: set[str]) -> str:
        rng = self.rng
        his = PRONOUNS[full][1]
        return self.unique(lambda: (
            f"{self.name(full, introduced)} {rng.choice(FEELINGS).format(his=his)} "
            f"{rng.choice(MANNERS)}."
        ), fallback=lambda: self.action(full, introduced))

    def scenery(self, place: str) -> str:
        rng = self.rng

        def two() -> str:
            first, second = rng.sample(SCENERY, 2)
            return (
                f"{rng.choice(TIMES)}, {first.format(place=place)[:-1]}, and "
                f"{second.format(place=place)}"
            )

        return self.unique(
            lambda: f"{rng.choice(TIMES)}, {rng.choice(SCENERY).format(place=place)}",
            fallback=two,
        )

    def exchange(self, speaker: str, listener: str, introduced: set[str]) -> str:
        rng = self.rng
        a = self.name(speaker, introduced)
        b = self.name(listener, introduced)
        first = rng.choice(LINES)
        opener = self.unique(lambda: rng.choice([
            f'"{first}," {rng.choice(TAGS)} {a} {rng.choice(MANNERS)}.',
            f'{a} glanced at {b}. "{first}," {PRONOUNS[speaker][0]} {rng.choice(TAGS)} '
            f"{rng.choice(MANNERS)}.",
            f'"{first}," {a} {rng.choice(TAGS)}, watching {b} {rng.choice(MANNERS)}.',
        ]))
        second = rng.choice([line for line in LINES if line != first])
        reply = self.unique(lambda: rng.choice([
            f'"{second}," {b} {rng.choice(TAGS)} {rng.choice(MANNERS)}.',
            f'{b} shook {PRONOUNS[listener][1]} head. "{second}," {PRONOUNS[listener][0]} '
            f"{rng.choice(TAGS)} {rng.choice(MANNERS)}.",
            f'"{second}," {rng.choice(TAGS)} {b} {rng.choice(MANNERS)}.',
        ]))
        return f"{opener} {reply}"

    def memory(self, who: str, gone: str, place: str) -> str:
        rng = self.rng
        him = "him" if PRONOUNS[gone][0] == "he" else "her"
        return self.unique(lambda: (
            f"{who.split()[0]} remembered {gone.split()[0]} {rng.choice(MANNERS)}, and "
            f"mourned {him} at {place}."
        ))


def write_book(plan: SegmentPlan, seed: int = 7) -> Manuscript:
    """Prose for every planned segment, about its target length, keeping to the plan."""
    writer = _Writer(seed)
    rng = writer.rng
    dead: set[str] = set()
    segments = []
    for spec in plan.segments:
        introduced: set[str] = set()
        people = list(spec.characters)
        place = spec.location
        paragraphs: list[str] = []
        opening = [writer.scenery(place)]
        for full in people:
            name = writer.name(full, introduced)
            opening.append(writer.unique(lambda full=full, name=name, place=place: (
                f"{name} {rng.choice(ARRIVALS).format(place=place, his=PRONOUNS[full][1])} "
                f"{rng.choice(MANNERS)}."
            )))
        paragraphs.append(" ".join(opening))
        for event in spec.key_events:
            paragraphs.append(
                f"It was at {place} that {event}. "
                + " ".join(writer.action(rng.choice(people), introduced) for _ in range(3))
            )
        for gone in sorted(dead):
            paragraphs.append(writer.memory(people[0], gone, place))
        words = sum(len(p.split()) for p in paragraphs)
        turn = 0
        while words < spec.target_words * 0.97:
            turn += 1
            if turn % 3 == 0 and len(people) > 1:
                speaker, listener = rng.sample(people, 2)
                paragraph = writer.exchange(speaker, listener, introduced)
            else:
                sentences = [writer.scenery(place)] if turn % 4 == 1 else []
                for _ in range(rng.randint(3, 6)):
                    who = rng.choice(people)
                    pick = writer.feeling if rng.random() < 0.3 else writer.action
                    sentences.append(pick(who, introduced))
                paragraph = " ".join(sentences)
            paragraphs.append(paragraph)
            words += len(paragraph.split())
        for full in spec.deaths:
            paragraphs.append(
                f"The lamps went out one by one. {full} died at {place}, "
                f"and nobody spoke for a long time."
            )
            dead.add(full)
        segments.append(Segment(index=spec.index, title=spec.title, text="\n\n".join(paragraphs)))
    return Manuscript(segments=segments)


def replace_from(book: Manuscript, start: int, old: str, new: str) -> Manuscript:
    """The book with ``old`` (a whole word) replaced by ``new`` from segment ``start`` on."""
    pattern = re.compile(rf"\b{re.escape(old)}\b")
    return Manuscript(segments=[
        s if s.index < start
        else Segment(index=s.index, title=s.title, text=pattern.sub(new, s.text))
        for s in book.segments
    ])


def with_text(book: Manuscript, index: int, text: str) -> Manuscript:
    """The book with segment ``index``'s text replaced."""
    return Manuscript(segments=[
        Segment(index=s.index, title=s.title, text=text) if s.index == index else s
        for s in book.segments
    ])


@dataclass(frozen=True)
class Kit:
    """The generator and the fault injectors, handed to tests as one fixture."""

    make_cast: Callable[[], Cast] = make_cast
    make_plan: Callable[..., SegmentPlan] = make_plan
    write_book: Callable[..., Manuscript] = write_book
    replace_from: Callable[[Manuscript, int, str, str], Manuscript] = replace_from
    with_text: Callable[[Manuscript, int, str], Manuscript] = with_text


@pytest.fixture
def kit() -> Kit:
    return Kit()


@pytest.fixture
def cast() -> Cast:
    return make_cast()


@pytest.fixture
def plan() -> SegmentPlan:
    return make_plan()


@pytest.fixture
def book(plan: SegmentPlan) -> Manuscript:
    return write_book(plan)


@pytest.fixture(scope="session")
def big_book() -> tuple[SegmentPlan, Manuscript]:
    """About 500,000 words: the size of the largest production type."""
    big_plan = make_plan(segments=100, words=5000)
    return big_plan, write_book(big_plan, seed=11)
