"""The planning stages offline: brief → interpretation → world → cast → structure → plan.

Each builder reads the JSON-safe facts of earlier stages (never the prompt) and returns a
plain dict that the engine validates through the requested schema. Book-level choices
(the object everyone is after) derive from the seed and genre alone, so separate
requests agree on them without sharing state.
"""

from __future__ import annotations

import random
import re
from typing import Any

from narra_forge.core.types import ProductionType
from narra_forge.engines.offline_content.common import (
    an,
    capitalize_first,
    first_sentence,
    lines,
    lower_first,
    pick_distinct,
    salient_nouns,
    stable_index,
    title_case,
    word_set,
)
from narra_forge.engines.offline_content.genres import GenreKit, kit_for
from narra_forge.engines.offline_content.names import PRONOUNS, pick_names

WORDS_PER_SEGMENT = 1_500

PLACE_NOUNS = word_set(
    """lighthouse castle station ship village city town island forest library school
    hospital manor house church cathedral tower mine farm harbor harbour port palace temple
    prison asylum hotel inn lake mountain desert colony moon planet garden vineyard bookshop
    bakery cafe café museum circus carnival theater theatre monastery abbey orphanage cabin
    lodge bridge market river valley observatory laboratory lab archive vault dungeon
    fortress citadel keep mill chapel cemetery graveyard orchard bay cove spire academy
    university embassy casino estate cottage motel diner factory"""
)

TRAITS = lines("""
    stubborn
    observant
    quick-tempered
    loyal
    secretive
    dry-witted
    generous
    proud
    patient
    reckless
    soft-spoken
    ambitious
    meticulous
    warm
    cynical
    brave
    anxious
    charming
    blunt
    curious
    guarded
    kind
    restless
    shrewd
    devout
    playful
    cold
    honest
""")

APPEARANCES = lines("""
    ink-stained fingers and a habit of squinting
    a scar through one eyebrow
    close-cropped grey hair and a soldier's posture
    a crooked, easy smile
    careful hands and tired eyes
    a voice much softer than expected
    a long coat patched at both elbows
    a laugh that fills a room
    restless eyes that miss nothing
    weathered skin and a steady gaze
    a limp that never quite healed
    rings on every finger
""")

HABITS = lines("""
    never sits with {his} back to a door
    keeps every promise, and makes very few
    talks to {him}self when thinking hard
    collects other people's secrets
    hums old songs under {his} breath
    writes everything down
    cannot leave a puzzle alone
    trusts nobody on first meeting
    feeds every stray that wanders by
    is always the last to leave
""")

AGES = ("young", "middle-aged", "ageing", "sharp-eyed young", "weary", "soft-spoken")

MOTIVATIONS: dict[str, tuple[str, ...]] = {
    "protagonist": ("to find {goal} before it is too late",
                    "to protect the people of {world} from {threat}",
                    "to make amends for an old failure by recovering the {obj}"),
    "antagonist": ("to take the {obj} and remake {world} in {his} own image",
                   "to bury the truth about the {obj} for good",
                   "to win, whatever it costs everyone else"),
    "mentor": ("to see {P} ready before {his} own time runs out",
               "to atone for what {he} did the last time the {obj} surfaced"),
    "ally": ("to stand by {P}, whatever it costs",
             "to earn a place in a story bigger than {his} own"),
    "rival": ("to prove {he} is better than {P}",
              "to claim the {obj} before {P} can"),
    "supporting": ("to keep {his} family out of trouble",
                   "to get through the season with {his} livelihood intact",
                   "to learn what really happened, for {his} own peace of mind"),
}

ARCS: dict[str, tuple[str, ...]] = {
    "protagonist": ("from reluctance to resolve", "from isolation to trust",
                    "from guilt to self-forgiveness"),
    "antagonist": ("from quiet control to open ruin", "from certainty to desperation"),
    "mentor": ("from guarded wisdom to a final sacrifice", "from regret to peace"),
    "ally": ("from follower to equal partner", "from doubt to loyalty"),
    "rival": ("from envy to grudging respect", "from rivalry to betrayal and back"),
    "supporting": ("from bystander to witness", "from fear to small courage"),
}

PHASES = {3: ("setup", "confrontation", "resolution"),
          5: ("setup", "rising", "midpoint", "crisis", "resolution")}

ACT_EVENTS: dict[str, tuple[str, ...]] = {
    "setup": lines("""
        {P} arrived at {L} and first heard of the {obj}.
        {M} warned {P} at {L} that {X} was already searching for the {obj}.
        {P} met {Y} at {L}, and the two of them struck an uneasy bargain.
        {X} made a first move against {P} at {L}.
        {P} found a clue to the {obj} hidden in {L}.
    """),
    "rising": lines("""
        {P} and {Y} followed the trail of the {obj} to {L}.
        {R} challenged {P} openly at {L}.
        {X} tightened the net around {L}, and {S} was caught in it.
        {M} taught {P} a hard lesson at {L}.
    """),
    "midpoint": lines("""
        {P} learned the truth about the {obj} at {L}.
        {R} betrayed {P} to {X} at {L}.
        {P} and {X} came face to face for the first time at {L}.
    """),
    "crisis": lines("""
        {M} stood against {X} at {L} so that {P} could get away.
        {P} lost the {obj} to {X} at {L}.
        {Y} and {P} quarrelled at {L} and went separate ways.
    """),
    "resolution": lines("""
        {P} confronted {X} at {L} for the last time.
        {P} and {Y} used the {obj} to end it at {L}.
        {R} chose a side at last at {L}.
        {P} returned to {L}, changed by everything that had happened.
    """),
}
ACT_EVENTS["confrontation"] = (
    ACT_EVENTS["rising"] + ACT_EVENTS["midpoint"] + ACT_EVENTS["crisis"]
)

ACT_SUMMARIES: dict[str, str] = {
    "setup": "{P} is drawn into the struggle over the {obj} as {X} begins to move.",
    "rising": "Allies gather and the stakes climb as {P} chases the {obj} across {world}.",
    "midpoint": "A truth about the {obj} turns everything {P} believed upside down.",
    "crisis": "{X} strikes hard, and {P} loses almost everything.",
    "confrontation": "{P} and {X} collide again and again, and the cost keeps rising.",
    "resolution": "{P} faces {X} at last, and {world} is changed by the outcome.",
}

SEGMENT_EVENTS = lines("""
    {P} searched {L} for the {obj} while {B} kept watch.
    {B} told {P} what had really happened at {L}.
    {P} and {B} argued over the {obj} in {L}.
    {P} followed {B} deeper into {L}.
    {P} discovered a clue to the {obj} in {L}.
    {P} caught {B} lying about the {obj}.
    {P} and {B} escaped from {L} together.
    {B} saved {P} from disaster in {L}.
    {P} made a promise to {B} in {L}.
    {B} confessed a secret about the {obj} to {P}.
    {P} chose to trust {B} with the truth about {L}.
    {B} showed {P} a hidden way through {L}.
    {P} and {B} waited out the night in {L}.
    {B} gave {P} a warning about the {obj}.
    {P} found {B} alone in {L} and asked the question nobody else would.
    {B} and {P} made a plan to reach the {obj} before anyone else.
    {P} overheard {B} bargaining over the {obj} in {L}.
    {P} and {B} buried an old quarrel in {L}.
""")

#: events with the antagonist: an enemy does not "save" or "confide in" the hero
ENEMY_EVENTS = lines("""
    {B} cornered {P} in {L} and demanded the {obj}.
    {P} escaped from {B} in {L} by a hair.
    {B} offered {P} a bargain over the {obj}, and {P} refused.
    {P} spied on {B} in {L} and learned what the {obj} was for.
    {B} threatened {P} in {L} and left a warning behind.
    {P} and {B} traded words in {L}, each testing the other.
""")

DEATH_EVENTS = lines("""
    {D} stood between {P} and the danger in {L}.
    {D} refused to leave {L} while {P} was still in danger.
    {D} faced the end in {L} with {P} close by.
""")
CLIMAX_EVENTS = lines("""
    {P} confronted {X} in {L} for the last time.
    {P} and {X} fought for the {obj} in {L}.
""")

TITLE_PATTERNS = ("The {adj} {noun}", "{noun} and {noun2}", "The {noun} at {stem}",
                  "Before the {noun}", "After the {noun}", "A {noun} in {stem}",
                  "The {adj} {noun} of {stem}", "{adj} {noun}")


def _kit(facts: dict[str, Any]) -> GenreKit:
    return kit_for(facts.get("brief", {}).get("genre", "hybrid"))


def book_object(kit: GenreKit, seed: int) -> str:
    """The object the whole book turns on: one choice per (genre, seed), any request."""
    return kit.macguffins[stable_index(len(kit.macguffins), "macguffin", kit.key, seed)]


def _production(facts: dict[str, Any]) -> str:
    return str(facts.get("brief", {}).get("production_type", "novel"))


# --- a01 interpretation ------------------------------------------------------------------


def interpret(facts: dict[str, Any], rng: random.Random, seed: int) -> dict[str, Any]:
    brief = facts.get("brief", {})
    kit = _kit(facts)
    inspiration = str(brief.get("inspiration") or "")
    nouns = salient_nouns(inspiration)
    obj = book_object(kit, seed)
    title = (brief.get("title") or "").strip() or _invent_title(rng, kit, nouns)
    stake = rng.choice(kit.stakes)
    if inspiration.strip():
        premise = capitalize_first(first_sentence(inspiration))
        logline = f"{premise}, and everything turns on the {obj} {stake}."
    else:
        hero = rng.choice(kit.heroes)
        verb = rng.choice(("recover", "protect", "destroy", "decipher"))
        logline = f"{capitalize_first(hero)} must {verb} the {obj} {stake}."
    target = int(facts.get("target_words") or brief.get("word_count_target") or 0)
    if target <= 0:
        production = _production(facts)
        known = production in {t.value for t in ProductionType}
        target = ProductionType(production).default_words if known else 60_000
    themes = pick_distinct(rng, kit.themes, rng.randint(2, 4))
    return {
        "title": title,
        "logline": logline,
        "tone": rng.choice(kit.tones),
        "themes": themes,
        "target_words": target,
        "segment_count": max(3, round(target / WORDS_PER_SEGMENT)),
    }


def _invent_title(rng: random.Random, kit: GenreKit, nouns: list[str]) -> str:
    adj = rng.choice(kit.title_adjs)
    noun, noun2 = rng.sample(list(kit.title_nouns), 2)
    if nouns:
        key = title_case(nouns[0])
        pattern = rng.choice(("The {adj} {key}", "The {noun} of the {key}", "{key} and {noun}",
                              "Beyond the {key}"))
        return pattern.format(adj=adj, key=key, noun=noun)
    pattern = rng.choice(("The {adj} {noun}", "{noun} of {noun2}", "The {noun} and the {noun2}",
                          "{adj} {noun}"))
    return pattern.format(adj=adj, noun=noun, noun2=noun2)


# --- a02 world ---------------------------------------------------------------------------


def world(facts: dict[str, Any], rng: random.Random, seed: int) -> dict[str, Any]:
    brief = facts.get("brief", {})
    kit = _kit(facts)
    inspiration = str(brief.get("inspiration") or "")
    nouns = salient_nouns(inspiration)
    obj = book_object(kit, seed)
    name = rng.choice(kit.world_a) + kit.world_joiner + rng.choice(kit.world_b)
    low, high = {"short_story": (4, 5), "novella": (5, 6), "novel": (6, 7),
                 "epic_saga": (7, 8)}.get(_production(facts), (5, 7))
    count = rng.randint(low, high)
    stems = rng.sample(list(kit.place_stems), count)
    kinds = [k.split("|", 1) for k in rng.sample(list(kit.place_kinds), count)]
    place_noun = next((n for n in nouns if n in PLACE_NOUNS), None)
    if place_noun and all(k[0].lower() != place_noun for k in kinds):
        kinds[0] = [title_case(place_noun),
                    f"the {place_noun} at the centre of it all, older than anyone can say"]
    echoes = [n for n in nouns if n != place_noun][:2]
    locations = []
    for i, (stem, (kind, detail)) in enumerate(zip(stems, kinds, strict=True)):
        description = capitalize_first(detail) + "."
        if i < len(echoes):
            description += f" People here still talk about the {echoes[i]}."
        locations.append({"name": f"{stem} {kind}", "description": description})
    fa = rng.sample(list(kit.faction_a), 3)
    fb = rng.sample(list(kit.faction_b), 3)
    factions = [f"{a} {b}" for a, b in zip(fa, fb, strict=True)][: rng.randint(2, 3)]
    conflict = rng.choice(kit.conflicts).format(f1=factions[0], f2=factions[1], obj=obj,
                                                world=name)
    summary = rng.choice(kit.summaries).format(world=name)
    if inspiration.strip():
        summary += f" It is a place where {lower_first(first_sentence(inspiration))}."
        conflict += f" At the heart of it: {lower_first(first_sentence(inspiration))}."
    return {
        "name": name,
        "summary": summary,
        "era": rng.choice(kit.eras),
        "locations": locations,
        "rules": pick_distinct(rng, kit.rules, rng.randint(3, 4)),
        "factions": factions,
        "central_conflict": conflict,
    }


# --- a03 cast ----------------------------------------------------------------------------

ROLE_ORDER = ("protagonist", "antagonist", "mentor", "ally", "rival", "supporting", "ally",
              "supporting", "supporting")


def cast(facts: dict[str, Any], rng: random.Random, seed: int) -> dict[str, Any]:
    kit = _kit(facts)
    wld = facts.get("world", {})
    count = {"short_story": 5, "novella": 6, "novel": 7}.get(_production(facts), 0)
    count = count or rng.choice((8, 9))
    avoid = re.findall(r"[A-Za-z]{3,}", " ".join(
        [str(wld.get("name", ""))]
        + [str(loc.get("name", "")) for loc in wld.get("locations", [])]
        + [str(f) for f in wld.get("factions", [])]
    ))
    names = pick_names(rng, kit.key, count, avoid)
    occupations = rng.sample(list(kit.occupations), count)
    obj = book_object(kit, seed)
    protagonist_first = names[0][0]
    characters = []
    for i, ((first, last, gender), role) in enumerate(zip(names, ROLE_ORDER, strict=False)):
        pron = PRONOUNS[gender]
        slots = {"his": pron["his"], "him": pron["him"], "he": pron["he"],
                 "P": protagonist_first, "obj": obj, "world": wld.get("name", "the world"),
                 "goal": rng.choice(kit.goals), "threat": rng.choice(kit.threats)}
        habit = rng.choice(HABITS).format(**slots)
        description = (f"{capitalize_first(an(rng.choice(AGES)))} {occupations[i]} with "
                       f"{rng.choice(APPEARANCES)}; {pron['he']} {habit}.")
        if pron["he"] == "they":
            description = description.replace("they is", "they are")
        characters.append({
            "name": f"{first} {last}",
            "role": role,
            "description": description,
            "motivation": capitalize_first(rng.choice(MOTIVATIONS[role]).format(**slots)) + ".",
            "traits": rng.sample(list(TRAITS), 3),
            "arc": rng.choice(ARCS[role]),
        })
    return {"characters": characters}


# --- a04 structure -----------------------------------------------------------------------


def _role_names(characters: list[dict[str, Any]]) -> dict[str, str]:
    """Role letter -> full name, falling back to whoever exists so templates always fill."""
    by_role: dict[str, list[str]] = {}
    for c in characters:
        by_role.setdefault(str(c.get("role")), []).append(str(c.get("name")))
    everyone = [str(c.get("name")) for c in characters]

    def first_of(*roles: str) -> str:
        for role in roles:
            if by_role.get(role):
                return by_role[role][0]
        return everyone[-1]

    p = first_of("protagonist")
    rest = [n for n in everyone if n != p] or [p]
    return {
        "P": p,
        "X": first_of("antagonist") if by_role.get("antagonist") else rest[0],
        "M": first_of("mentor", "ally", "supporting") if len(everyone) > 1 else p,
        "Y": first_of("ally", "supporting", "mentor") if len(everyone) > 1 else p,
        "R": first_of("rival", "supporting", "ally") if len(everyone) > 1 else p,
        "S": by_role.get("supporting", rest)[-1],
    }


def structure(facts: dict[str, Any], rng: random.Random, seed: int) -> dict[str, Any]:
    kit = _kit(facts)
    interp = facts.get("interpretation", {})
    wld = facts.get("world", {})
    characters = facts.get("cast", {}).get("characters", [])
    names = _role_names(characters)
    locs = [str(loc["name"]) for loc in wld.get("locations", [])] or ["the city"]
    obj = book_object(kit, seed)
    n_acts = 5 if _production(facts) in ("novel", "epic_saga") else 3
    used_titles: set[str] = set()
    acts = []
    for number, phase in enumerate(PHASES[n_acts], start=1):
        templates = list(ACT_EVENTS[phase])
        rng.shuffle(templates)
        k = min(len(templates), rng.randint(2, 4))
        events = []
        for template in templates[:k]:
            place = rng.choice(locs)
            events.append(template.format(L=place, obj=obj, **names))
        summary = ACT_SUMMARIES[phase].format(obj=obj, world=wld.get("name", "the world"),
                                              **names)
        acts.append({"number": number, "title": _unique_title(rng, kit, locs, used_titles),
                     "summary": summary, "key_events": events})
    return {
        "title": interp.get("title") or _invent_title(rng, kit, []),
        "logline": interp.get("logline") or f"A story of the {obj}.",
        "acts": acts,
    }


def _echo(title: str) -> bool:
    """True for titles that repeat a root ("The Ashen Ash", "The Hollow Hollow")."""
    roots = [w.lower()[:4] for w in title.split() if len(w) > 3]
    return len(roots) != len(set(roots))


def _unique_title(rng: random.Random, kit: GenreKit, locs: list[str], used: set[str]) -> str:
    stems = [loc.split()[0] for loc in locs] or ["Home"]
    for attempt in range(60):
        noun, noun2 = rng.sample(list(kit.title_nouns), 2)
        pattern = TITLE_PATTERNS[0] if attempt < 3 else rng.choice(TITLE_PATTERNS)
        title = pattern.format(adj=rng.choice(kit.title_adjs), noun=noun, noun2=noun2,
                               stem=rng.choice(stems))
        if title not in used and not _echo(title):
            used.add(title)
            return title
    title = f"Part {len(used) + 1}"
    used.add(title)
    return title


# --- a05 segment plan --------------------------------------------------------------------


def _split_words(rng: random.Random, total: int, n: int) -> list[int]:
    """``n`` positive word targets that sum exactly to ``total`` (largest remainder)."""
    if n <= 0:
        return []
    if total < n:
        return [1] * total + [0] * (n - total) if total > 0 else [0] * n
    weights = [1.0 + rng.uniform(-0.15, 0.15) for _ in range(n)]
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    out = [max(1, int(r)) for r in raw]
    order = sorted(range(n), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    i = 0
    while sum(out) < total:
        out[order[i % n]] += 1
        i += 1
    while sum(out) > total:
        j = max(range(n), key=lambda k: out[k])
        out[j] -= 1
    return out


def _named_in(text: str, characters: list[dict[str, Any]]) -> list[str]:
    found = []
    for c in characters:
        full = str(c.get("name"))
        first = full.split()[0] if full.split() else full
        if full in text or re.search(rf"\b{re.escape(first)}\b", text):
            found.append(full)
    return found


def segment_plan(facts: dict[str, Any], rng: random.Random, seed: int) -> dict[str, Any]:
    kit = _kit(facts)
    wld = facts.get("world", {})
    characters = list(facts.get("cast", {}).get("characters", []))
    acts = list(facts.get("structure", {}).get("acts", [])) or [
        {"number": 1, "title": "One", "summary": "", "key_events": []}]
    n = int(facts.get("segment_count") or facts.get("interpretation", {}).get("segment_count")
            or 3)
    n = max(1, n)
    total = int(facts.get("target_words") or facts.get("interpretation", {}).get("target_words")
                or n * WORDS_PER_SEGMENT)
    locs = [str(loc["name"]) for loc in wld.get("locations", [])] or ["the city"]
    obj = book_object(kit, seed)
    roles = _role_names(characters) if characters else {}
    everyone = [str(c["name"]) for c in characters]
    role_of = {str(c["name"]): str(c.get("role")) for c in characters}
    protagonist = roles.get("P", everyone[0] if everyone else "Someone")
    antagonist = roles.get("X") if "antagonist" in role_of.values() else None
    mentor = next((nm for nm, r in role_of.items() if r == "mentor"), None)
    victim = next((nm for nm, r in reversed(role_of.items()) if r == "supporting"), mentor)

    act_of = [acts[min(len(acts) - 1, i * len(acts) // n)]["number"] for i in range(n)]
    words = _split_words(rng, total, n)

    # deaths: at most two, never the protagonist, late in the book
    deaths: dict[int, str] = {}
    if n >= 3:
        genre = kit.key
        if antagonist and genre in ("fantasy", "scifi", "horror", "thriller", "hybrid"):
            deaths[n - 2 if n >= 4 else n - 1] = antagonist
        if genre == "mystery" and victim and n >= 4:
            deaths[max(1, round(n * 0.45))] = victim
        elif mentor and genre not in ("romance", "mystery") and n >= 5:
            idx = min(max(1, round(n * 0.7)), n - 3)
            if idx not in deaths and idx > 0:
                deaths[idx] = mentor
        elif genre == "horror" and victim and n >= 5:
            deaths.setdefault(max(1, round(n * 0.6)), victim)
    died_at = {name: i for i, name in deaths.items()}

    def alive_at(name: str, i: int) -> bool:
        return died_at.get(name, n) >= i

    climax = n - 2 if n >= 4 else n - 1
    segs: list[dict[str, Any]] = []
    last_loc = ""
    for i in range(n):
        pool = [nm for nm in everyone if alive_at(nm, i)]
        size = rng.choice((2, 3, 3, 3, 4)) if len(pool) >= 2 else 1
        chosen: list[str] = []
        pov = protagonist
        viewpoints = [nm for nm in pool if nm not in (protagonist, antagonist)]
        if 0 < i < n - 1 and i not in deaths and rng.random() < 0.22 and viewpoints:
            pov = rng.choice(viewpoints)
        chosen.append(pov)
        if pov != protagonist and rng.random() < 0.7:
            chosen.append(protagonist)
        must = []
        if i in deaths:
            must.append(deaths[i])
        if i == climax and antagonist and alive_at(antagonist, i):
            must.append(antagonist)
            if protagonist not in chosen:
                chosen.append(protagonist)
        for nm in must:
            if nm not in chosen:
                chosen.append(nm)
        weights = {"ally": 3.0, "mentor": 2.0 if i < n * 0.7 else 1.0, "rival": 2.0,
                   "antagonist": 0.8 + 1.5 * i / n, "supporting": 1.2}
        candidates = [nm for nm in pool if nm not in chosen]
        while len(chosen) < size and candidates:
            pick = rng.choices(candidates, weights=[weights.get(role_of[c], 1.0)
                                                    for c in candidates])[0]
            chosen.append(pick)
            candidates.remove(pick)
        loc_choices = [loc for loc in locs if loc != last_loc] or locs
        location = locs[0] if i == 0 else rng.choice(loc_choices)
        last_loc = location
        segs.append({"index": i, "act": act_of[i], "pov": pov, "characters": chosen[:4],
                     "location": location, "key_events": [], "target_words": words[i],
                     "deaths": [deaths[i]] if i in deaths else []})

    # the structure's own act events first, where their people are alive and fit; an
    # event keeps its place if its segment is free to move there, else it moves with it
    placed: set[int] = set()
    for act in acts:
        members = [s for s in segs if s["act"] == act["number"]]
        if not members:
            continue
        for j, event in enumerate(act.get("key_events", [])):
            event = " ".join(str(event).split())
            named = _named_in(event, characters)
            where = next((loc for loc in locs if loc in event), None)
            order = members[j % len(members):] + members[: j % len(members)]
            for seg in order:
                if any(not alive_at(nm, seg["index"]) for nm in named):
                    continue
                merged = seg["characters"] + [nm for nm in named
                                              if nm not in seg["characters"]]
                if len(merged) > 4 or len(seg["key_events"]) >= 2:
                    continue
                if where and where != seg["location"]:
                    if seg["index"] in placed:
                        event = event.replace(where, seg["location"])
                    else:
                        seg["location"] = where
                seg["characters"] = merged
                seg["key_events"].append(event)
                placed.add(seg["index"])
                break

    seen: set[str] = {e for s in segs for e in s["key_events"]}
    for seg in segs:
        i = seg["index"]
        pov = seg["pov"]
        others = [c for c in seg["characters"] if c != pov] or [pov]
        slots = {"L": seg["location"], "obj": obj, "P": pov}
        if i in deaths:
            dying = deaths[i]
            partner = pov if pov != dying else others[0]
            event = rng.choice(DEATH_EVENTS).format(D=dying, **{**slots, "P": partner})
            seg["key_events"].insert(0, event)
        if i == climax and antagonist and antagonist in seg["characters"]:
            hero = protagonist if protagonist in seg["characters"] else pov
            event = rng.choice(CLIMAX_EVENTS).format(X=antagonist, **{**slots, "P": hero})
            if event not in seen:
                seg["key_events"].append(event)
                seen.add(event)
        want = 1 if seg["target_words"] < 900 else rng.choice((2, 2, 3))
        templates = list(SEGMENT_EVENTS)
        rng.shuffle(templates)
        for template in templates:
            if len(seg["key_events"]) >= min(3, max(want, 1)):
                break
            other = rng.choice(others)
            if other == antagonist:
                template = rng.choice(ENEMY_EVENTS)
            event = template.format(B=other, **slots)
            if event in seen or other == pov:
                continue
            seen.add(event)
            seg["key_events"].append(event)
        if not seg["key_events"]:
            seg["key_events"].append(f"{pov} waited in {seg['location']} for news of the {obj}.")
        seg["key_events"] = seg["key_events"][:3]
        seg["title"] = ""

    used_titles: set[str] = set()
    for seg in segs:
        seg["title"] = _unique_title(rng, kit, locs, used_titles)
    return {"segments": [{k: s[k] for k in ("index", "act", "title", "pov", "characters",
                                             "location", "key_events", "target_words",
                                             "deaths")} for s in segs]}
