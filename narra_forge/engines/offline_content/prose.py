"""The prose composer: one segment of genre fiction from its plan, deterministically.

Why a composer and not canned passages: a whole novel is written from ~200 templates,
so variety comes from combining slots (names, places, objects, sounds…) through
per-segment shuffled decks; within a segment nothing repeats, and across a book an exact
repeat needs every slot of a long sentence to coincide. The scene follows the plan:
an opening in the location, each character introduced by full name, every key event
narrated verbatim, dialogue after events, any death stated plainly near the end.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from narra_forge.engines.offline_content import templates as T
from narra_forge.engines.offline_content.common import capitalize_first, word_count
from narra_forge.engines.offline_content.genres import KITS, GenreKit
from narra_forge.engines.offline_content.names import GENDER_OF, PRONOUNS

_SLOT = re.compile(r"\{(\w+)(?:\.(\w+))?(?:@(\w))?\}")
_ROLE_KEYS = frozenset("ABCDWLX")
_HONORIFICS = frozenset({"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "sir", "lady",
                         "lord", "captain", "father", "sister", "brother", "professor"})
_A_AN = re.compile(r"\b([Aa]) (?=[aeiouAEIOU])(?!one\b|uni|use|usu|eu|ewe)")


@dataclass
class Person:
    """A cast member as the prose sees them: names, pronouns, traits, mention state."""

    full: str
    first: str
    role: str
    traits: tuple[str, ...]
    pron: dict[str, str]
    mentioned: bool = False


def person_from(character: dict[str, Any]) -> Person:
    """Build a ``Person`` from a ``Character`` dict; pronouns from our pools, else the text."""
    full = " ".join(str(character.get("name", "")).split()) or "Someone"
    tokens = full.split()
    first = next((t for t in tokens if t.lower() not in _HONORIFICS), tokens[0])
    gender = GENDER_OF.get(first)
    if gender is None:
        words = re.findall(r"[a-z]+", str(character.get("description", "")).lower())
        fem = sum(w in ("she", "her", "hers", "herself") for w in words)
        masc = sum(w in ("he", "his", "him", "himself") for w in words)
        gender = "f" if fem > masc else "m" if masc > fem else "n"
    traits = tuple(str(t).lower() for t in character.get("traits", []) if str(t).strip())
    return Person(full, first, str(character.get("role", "supporting")), traits,
                  PRONOUNS[gender])


def _roles_of(template: str) -> frozenset[str]:
    return frozenset(m.group(1) for m in _SLOT.finditer(template) if m.group(1) in "AB")


def _vocab(kit: GenreKit) -> dict[str, tuple[str, ...]]:
    return {
        "feature": kit.features, "obj": kit.objects, "adj": kit.adjectives,
        "weather": kit.weather, "light": kit.lights, "sound": kit.sounds,
        "smell": kit.smells, "feel": kit.feelings, "emotion": kit.emotions,
        "threat": kit.threats, "goal": kit.goals, "thought": kit.thoughts + T.THOUGHTS,
        "gesture": kit.gestures + T.GESTURES, "tag": kit.tags + T.TAGS,
        "line": kit.lines + T.LINES, "time": T.TIMES, "move": T.MOVES, "look": T.LOOKS,
        "num": T.NUMS, "opener": T.OPENERS,
    }


_CATEGORIES: dict[str, tuple[str, ...]] = {
    "open": T.OPEN, "setting": T.SETTING, "sense": T.SENSE, "action": T.ACTION,
    "pair": T.PAIR, "inner": T.INNER, "tension": T.TENSION, "beat": T.BEAT,
    "arrive": T.ARRIVE, "lead": T.LEAD, "after": T.AFTER, "close": T.CLOSE,
    "mourn": T.MOURN, "empty": T.EMPTY,
}
#: each template with the roles (A/B) it needs, computed once at import
_TABLES: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {
    name: tuple((t, _roles_of(t)) for t in table) for name, table in _CATEGORIES.items()
}
_OPENER_CATEGORIES = frozenset({"action", "pair", "sense", "inner", "flavor"})
#: per genre: the slot vocabularies and the genre's own sentence templates, built at import
_VOCABS: dict[str, dict[str, tuple[str, ...]]] = {key: _vocab(kit) for key, kit in KITS.items()}
_FLAVOR: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {
    key: tuple((t, _roles_of(t)) for t in kit.sentences) for key, kit in KITS.items()
}


def _kit_tables(kit: GenreKit) -> tuple[dict[str, tuple[str, ...]],
                                        tuple[tuple[str, frozenset[str]], ...]]:
    if kit.key not in _VOCABS:  # a kit built elsewhere (tests, extensions)
        _VOCABS[kit.key] = _vocab(kit)
        _FLAVOR[kit.key] = tuple((t, _roles_of(t)) for t in kit.sentences)
    return _VOCABS[kit.key], _FLAVOR[kit.key]


@dataclass
class Paragraph:
    """Sentences of one paragraph; fillers grow or shrink to land on the word target."""

    sentences: list[str]
    kind: str
    filler: bool = False
    cast: tuple[Person, ...] = ()
    dialogue: bool = False
    #: sentences that carry the plan (a first mention, the event, the death): never cut
    keep: frozenset[int] = frozenset()

    def text(self) -> str:
        return " ".join(self.sentences)

    def words(self) -> int:
        return sum(word_count(s) for s in self.sentences)


@dataclass
class Composer:
    """Renders templates for one segment: decks, mention tracking, no repeats inside it."""

    rng: random.Random
    kit: GenreKit
    place: str
    vocab: dict[str, tuple[str, ...]] = field(default_factory=dict)
    flavor: tuple[tuple[str, frozenset[str]], ...] = ()
    used: set[str] = field(default_factory=set)
    decks: dict[str, list[Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.vocab, self.flavor = _kit_tables(self.kit)

    # --- drawing --------------------------------------------------------------------------
    def draw(self, key: str, pool: Sequence[Any]) -> Any:
        """Next item of a per-segment shuffled deck: no repeat until the deck runs out."""
        deck = self.decks.get(key)
        if not deck:
            deck = list(pool)
            self.rng.shuffle(deck)
            self.decks[key] = deck
        return deck.pop()

    def mention(self, person: Person, attr: str | None) -> str:
        if attr in (None, "full", "first"):
            if not person.mentioned or attr == "full":
                person.mentioned = True
                return person.full
            if attr == "first":
                return person.first
            return person.first if self.rng.random() < 0.88 else person.full
        if attr == "trait":
            return self.draw(f"trait:{person.full}", person.traits or T.TRAIT_FALLBACK)
        if attr in ("He", "His"):
            return capitalize_first(person.pron[attr.lower()])
        return person.pron.get(attr, person.full)

    def render(self, template: str, roles: dict[str, Person]) -> str:
        def fill(match: re.Match[str]) -> str:
            key, attr, bind = match.groups()
            if key in _ROLE_KEYS:
                person = roles.get(key) or roles.get("A")
                return self.mention(person, attr) if person else "someone"
            if key == "place":
                return self.place
            low = key.lower()
            value = self.draw(low, self.vocab[low])
            if low == "obj" and self.rng.random() < 0.35:
                value = f"{self.draw('objmod', T.OBJECT_MODIFIERS)} {value}"
            inner = dict(roles)
            inner["X"] = roles.get(bind or "A") or roles.get("A")  # type: ignore[assignment]
            text = self.render(value, inner) if "{" in value else value
            return capitalize_first(text) if key[0].isupper() else text

        return _SLOT.sub(fill, template)

    def sentence(self, category: str, roles: dict[str, Person], opener: bool = True) -> str:
        """One fresh sentence of ``category`` that fits the roles available ('' if none)."""
        table = self.flavor if category == "flavor" else _TABLES[category]
        have = {k for k in ("A", "B") if k in roles}
        fitting = [t for t in table if t[1] <= have]
        if not fitting:
            return ""
        for _ in range(len(fitting) + 2):
            template, _needs = self.draw(f"cat:{category}:{sorted(have)}", fitting)
            if not (_needs <= have):
                continue
            snapshot = {p.full: p.mentioned for p in roles.values()}
            text = self.render(template, roles)
            if (opener and category in _OPENER_CATEGORIES and template.startswith(("{A}", "{B}"))
                    and self.rng.random() < 0.25):
                text = f"{self.draw('opener', self.vocab['opener'])} {text}"
            text = _A_AN.sub(r"\1n ", capitalize_first(text))
            if text not in self.used:
                self.used.add(text)
                return text
            for person in roles.values():  # undo mentions of the rejected sentence
                person.mentioned = snapshot.get(person.full, person.mentioned)
        return ""

    # --- dialogue -------------------------------------------------------------------------
    def speech(self, speaker: Person, listener: Person | None, lines: int) -> str:
        """One paragraph of speech: ``lines`` lines of one speaker, each tagged."""
        # a bare "…," he said repeats too easily: only a first line of several may be plain
        return " ".join(self._spoken(speaker, listener, first=i == 0, plain=lines > 1 and i == 0)
                        for i in range(lines))

    def _spoken(self, speaker: Person, listener: Person | None, first: bool,
                plain: bool = True) -> str:
        """One quoted line in a sentence that also names or points at its speaker.

        Lines are single sentences, and the speaker (name, or pronoun after the first line)
        always shares the sentence, so no bare quotation repeats verbatim across a book.
        """
        roles: dict[str, Person] = {"A": speaker}
        if listener is not None:
            roles["L"] = listener
            roles["B"] = listener
        line = ""
        for _ in range(8):
            raw = self.draw("line", self.vocab["line"])
            if listener is None and "{L}" in raw:
                continue
            line = self.render(raw.replace("{L}", "{L.first}"), roles)
            if listener is not None and "{L}" not in raw and self.rng.random() < 0.35:
                line = line[:-1] + f", {listener.first}" + line[-1]
            if line not in self.used:
                break
        self.used.add(line)
        who = self.mention(speaker, None) if first else speaker.pron["he"]
        tag = self.draw("tag", self.vocab["tag"])
        if line.endswith("?") and tag in ("said", "replied", "answered", "added"):
            tag = "asked"
        form = self.rng.random() if plain else 0.4 + 0.6 * self.rng.random()
        gesture = self.render(self.draw("gesture", self.vocab["gesture"]), {"X": speaker})
        if line[-1] in "?!" or form >= 0.8:
            if not plain and form < 0.8:
                form = 0.8 if listener is not None and form > 0.6 else 0.0  # never bare
            if form < 0.45 or listener is None:
                lead = f"{who} {gesture} and {tag}"
            elif form < 0.8:
                lead = f"{who} {tag}"
            else:
                look = self.draw("look", self.vocab["look"])
                lead = f"{who} {look} {self.mention(listener, 'first')} for a moment, then {tag}"
            return _A_AN.sub(r"\1n ", capitalize_first(f'{lead}, "{line}"'))
        spoken = line[:-1] + ","
        if form < 0.4:
            beat = f"{who} {tag}"
        elif form < 0.6:
            beat = f"{who} {tag}, and {gesture}"
        else:
            how = self.render(self.draw("speech_beat", T.SPEECH_BEATS), {"X": speaker})
            beat = f"{who} {tag}, {how}"
        return _A_AN.sub(r"\1n ", f'"{spoken}" {beat}.')


# --- the scene ---------------------------------------------------------------------------


def _event_sentence(event: str) -> str:
    text = " ".join(event.split()).strip()
    if not text:
        return ""
    text = capitalize_first(text)
    return text if text[-1] in ".!?" else text + "."


def compose_segment(
    *,
    rng: random.Random,
    kit: GenreKit,
    place: str,
    pov: Person | None,
    present: list[Person],
    events: list[str],
    dying: list[Person],
    target_words: int,
) -> str:
    """Write one segment: about ``target_words`` words, paragraphs split by blank lines."""
    comp = Composer(rng=rng, kit=kit, place=place)
    alive = list(present)
    if pov is None and alive:
        pov = alive[0]
    others = [p for p in alive if p is not pov]
    introduced: list[Person] = [pov] if pov else []

    paragraphs: list[Paragraph] = []
    talk_budget = 0.0  # how many paragraphs may be speech; set once the skeleton is known

    def pick_roles(cast: Sequence[Person]) -> dict[str, Person]:
        if not cast:
            return {}
        weights = [3.0 if p is pov else 1.0 for p in cast]
        a = rng.choices(list(cast), weights=weights)[0]
        roles = {"A": a}
        rest = [p for p in cast if p is not a]
        if rest:
            roles["B"] = rng.choice(rest)
        return roles

    def para(categories: Sequence[str], roles: dict[str, Person], kind: str,
             filler: bool = False) -> Paragraph:
        sentences = []
        for cat in categories:
            if cat in ("pair",) and "B" not in roles:
                cat = "action" if "A" in roles else "empty"
            if "A" not in roles and cat != "flavor":
                cat = "empty"
            s = comp.sentence(cat, roles)
            if s:
                sentences.append(s)
        return Paragraph(sentences, kind, filler, tuple(introduced))

    def filler_paragraphs() -> list[Paragraph]:
        cast = [p for p in introduced if p in alive]
        talking = sum(p.dialogue for p in paragraphs)
        if len(cast) >= 2 and rng.random() < 0.3 * kit.dialogue and talking < talk_budget:
            return talk(cast, rng.choice((1, 2, 2)), filler=True)
        kind = rng.choice(("scene", "scene", "bond", "inner", "tension"))
        recipe = list(rng.choice(T.RECIPES[kind]))
        if rng.random() < 0.45:
            recipe.insert(rng.randrange(len(recipe) + 1), "beat")
        if comp.flavor and rng.random() < 0.35:
            recipe.insert(rng.randrange(1, len(recipe) + 1), "flavor")
        return [para(recipe, pick_roles(cast), kind, filler=True)]

    def talk(cast: Sequence[Person], turns: int, filler: bool = False) -> list[Paragraph]:
        if not cast:
            return []
        speaker: Person = (pov if pov is not None and pov in cast and rng.random() < 0.5
                           else rng.choice(list(cast)))
        listeners = [p for p in cast if p is not speaker]
        listener = rng.choice(listeners) if listeners else None
        out = []
        for _ in range(turns):
            level = kit.dialogue
            lines = rng.choices((1, 2, 3, 4), weights=(0.1, 0.35 * level, 0.4 * level,
                                                       0.15 * level * level))[0]
            text = comp.speech(speaker, listener, lines)
            out.append(Paragraph([text], "talk", filler, tuple(introduced), dialogue=True))
            if listener is not None:
                speaker, listener = listener, speaker
        return out

    # skeleton: open, intros, gaps, events (+ talk), deaths, close
    skeleton: list[tuple[str, Any]] = [("open", None)]
    if others:
        skeleton.append(("intro", others[0]))
    intro_slots: list[list[Person]] = [[] for _ in range(max(1, len(events)))]
    for i, person in enumerate(others[1:]):
        intro_slots[min(i, len(intro_slots) - 1)].append(person)
    for i, event in enumerate(events or [""]):
        skeleton.append(("gap", None))
        skeleton.extend(("intro", person) for person in intro_slots[i])
        if event:
            skeleton.append(("event", event))
            skeleton.append(("talk", None))
    skeleton.append(("gap", None))
    skeleton.extend(("death", person) for person in dying)
    skeleton.append(("close", None))

    est_fixed = 85 + 70 * len(others) + 120 * len(events) + 90 * len(dying) + 60
    n_fill = max(0, round((target_words - est_fixed) / 62))
    gaps = [i for i, (kind, _) in enumerate(skeleton) if kind == "gap"]
    expected = 2 + len(others) + len(dying) + n_fill + 2.7 * len(events)
    talk_budget = 0.35 * kit.dialogue ** 0.5 * expected
    fill_at: dict[int, int] = dict.fromkeys(gaps, 0)
    for _ in range(n_fill):
        fill_at[rng.choice(gaps)] += 1

    for idx, (kind, item) in enumerate(skeleton):
        cast = [p for p in introduced if p in alive]
        if kind == "open":
            roles = {"A": pov} if pov else {}
            recipe = ("open", "setting", "sense", "action") if pov else ("empty", "empty")
            p = para(recipe[: 2 + rng.randrange(3)], roles, "open")
            p.keep = frozenset({0})
            paragraphs.append(p)
        elif kind == "gap":
            for _ in range(fill_at.get(idx, 0)):
                paragraphs.extend(filler_paragraphs())
        elif kind == "intro":
            introduced.append(item)
            if pov:
                first = comp.sentence("arrive", {"A": pov, "B": item}, opener=False)
                follow = rng.choice((("pair", "action"), ("pair",), ("action", "pair")))
                more = para(follow, {"A": item, "B": pov}, "intro").sentences
            else:
                first = comp.sentence("action", {"A": item}, opener=False)
                more = para(("setting",), {"A": item}, "intro").sentences
            paragraphs.append(Paragraph([s for s in [first, *more] if s], "intro", False,
                                        tuple(introduced), keep=frozenset({0})))
        elif kind == "event":
            # the lead-in uses only people already on stage; the event itself may bring
            # someone in by full name, and from then on they are on stage too
            named = [p for p in cast if re.search(rf"\b{re.escape(p.first)}\b", item)]
            roles = {"A": named[0] if named else pov or cast[0]} if cast else {}
            rest = [p for p in cast if p is not roles.get("A")]
            if rest:
                roles["B"] = rng.choice(rest)
            lead = comp.sentence("lead", roles) if roles else ""
            for person in alive:
                if person.full in item:
                    person.mentioned = True
                    if person not in introduced:
                        introduced.append(person)
            cast = [p for p in introduced if p in alive]
            roles = dict(roles) or ({"A": cast[0]} if cast else {})
            if "B" not in roles and len(cast) > 1:
                roles["B"] = next(p for p in cast if p is not roles["A"])
            after = comp.sentence("after", roles) if roles else ""
            sentences = [s for s in (lead, _event_sentence(item), after) if s]
            paragraphs.append(Paragraph(sentences, "event", False, tuple(introduced),
                                        keep=frozenset({1 if lead else 0})))
        elif kind == "talk":
            paragraphs.extend(talk(cast, rng.choice((1, 2, 2))))
        elif kind == "death":
            witnesses = [p for p in cast if p is not item]
            witness = (pov if pov in witnesses else witnesses[0]) if witnesses else None
            roles = {"D": item, "A": item}
            if witness:
                roles.update(W=witness, B=witness)
                template = comp.draw("death", kit.deaths)
            else:
                template = T.DEATH_ALONE[0]
            text = _A_AN.sub(r"\1n ", capitalize_first(comp.render(template, roles)))
            sentences = [text]
            if witness:
                sentences.append(comp.sentence("mourn", {"A": witness, "W": witness}))
            paragraphs.append(Paragraph([s for s in sentences if s], "death", False,
                                        tuple(introduced), keep=frozenset({0})))
            if item in alive:
                alive.remove(item)
        elif kind == "close":
            cast = [p for p in introduced if p in alive]
            closer = pov if pov in cast else (cast[0] if cast else None)
            if closer:
                roles = {"A": closer}
                extra = "inner" if rng.random() < 0.5 else "tension"
                p = para((extra, "close"), roles, "close")
            else:
                p = para(("empty", "empty"), {}, "close")
            p.keep = frozenset({len(p.sentences) - 1})
            paragraphs.append(p)

    _fit(paragraphs, target_words, comp, rng, alive, pov)
    return "\n\n".join(p.text() for p in paragraphs if p.sentences)


def _fit(paragraphs: list[Paragraph], target: int, comp: Composer, rng: random.Random,
         alive: list[Person], pov: Person | None) -> None:
    """Grow fillers, or cut sentences nothing depends on, until within ±2.5 % of ``target``.

    Very short targets (under ~300 words) may stay over: what the plan asks for wins.
    """
    low, high = target * 0.975, target * 1.025
    total = sum(p.words() for p in paragraphs)
    for _ in range(400):
        if low <= total <= high:
            return
        fillers = [p for p in paragraphs if p.filler and p.sentences]
        if total > high:
            cut = _best_cut(paragraphs, total - target)
            if cut is None:
                return
            pi, si = cut
            target_paragraph = paragraphs[pi]
            total -= word_count(target_paragraph.sentences[si])
            del target_paragraph.sentences[si]
            target_paragraph.keep = frozenset(k - (k > si) for k in target_paragraph.keep)
            if not target_paragraph.sentences:
                del paragraphs[pi]
        else:
            # append a sentence to a prose filler, or add a new filler before the ending
            room = high - total
            prose = [p for p in fillers if not p.dialogue]
            if prose and rng.random() < 0.7:
                p = rng.choice(prose)
                cast = [c for c in p.cast if c in alive] or ([pov] if pov else [])
                roles = {"A": rng.choice(cast)} if cast else {}
                rest = [c for c in cast if c is not roles.get("A")]
                if rest:
                    roles["B"] = rng.choice(rest)
                cat = rng.choice(_GROWTH) if roles else "empty"
                s = comp.sentence(cat, roles)
                if s and (word_count(s) <= room or total + word_count(s) - target < target - total):
                    p.sentences.append(s)
                    total += word_count(s)
                continue
            cast = [c for c in alive if c.mentioned]
            roles = {"A": pov if pov in cast else cast[0]} if cast else {}
            rest = [c for c in cast if c is not roles.get("A")]
            if rest:
                roles["B"] = rng.choice(rest)
            cats: tuple[str, ...] = rng.choice(T.RECIPES["scene"]) if roles else ("empty",) * 2
            sentences = []
            for cat in cats:
                cat = "action" if cat == "pair" and "B" not in roles else cat
                s = comp.sentence(cat if roles else "empty", roles)
                if s:
                    sentences.append(s)
            if not sentences:
                return
            new = Paragraph(sentences, "scene", True, tuple(cast))
            where = next((i for i, p in enumerate(paragraphs) if p.kind in ("death", "close")),
                         len(paragraphs))
            paragraphs.insert(where, new)
            total += new.words()


#: categories a filler paragraph may grow by when a segment is a little short
_GROWTH = ("setting", "action", "inner", "sense", "beat", "pair")


def _best_cut(paragraphs: list[Paragraph], excess: int) -> tuple[int, int] | None:
    """The sentence whose removal best cancels ``excess`` words: fillers first, then any
    sentence not kept (a whole line of talk counts as one, but one talk paragraph stays)."""
    talks = sum(p.dialogue for p in paragraphs)
    for tier in (True, False):
        best: tuple[int, int] | None = None
        best_gap = 0
        for pi, p in enumerate(paragraphs):
            if p.filler != tier or (p.dialogue and not p.filler and talks <= 1):
                continue
            for si, sentence in enumerate(p.sentences):
                if si in p.keep:
                    continue
                gap = abs(excess - word_count(sentence))
                if best is None or gap < best_gap:
                    best, best_gap = (pi, si), gap
        if best is not None:
            return best
    return None
