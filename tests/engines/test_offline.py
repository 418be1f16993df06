"""The offline engine: deterministic, schema-valid, fast, and a book that reads like one.

Books are written by chaining the tasks the way the pipeline does (interpret → world →
cast → structure → plan → prose per segment, dead characters carried forward), cached per
module so the expensive 100,000-word ones are written once.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from pydantic import BaseModel

from narra_forge.core.errors import EngineError, StructuredOutputError
from narra_forge.core.types import (
    BriefInterpretation,
    Cast,
    NarrativeStructure,
    ProductionBrief,
    SegmentPlan,
    World,
)
from narra_forge.engines.base import Completion, EngineRequest, estimate_tokens
from narra_forge.engines.offline import OfflineEngine

GENRES = ("fantasy", "scifi", "horror", "thriller", "mystery", "drama", "romance", "hybrid")
TYPES = ("short_story", "novella", "novel", "epic_saga")
STOP = frozenset(re.findall(r"\w+", """
    a an the and or but of to in on at by for with from into as is was were be been it its
    that this these those their there then than his her him he she they them we you i not
    no so if when while what who which all any each every some more most one two"""))
#: capitalised words a line of dialogue may use that are not anybody's name
CALENDAR = frozenset(re.findall(r"\w+", """Monday Tuesday Wednesday Thursday Friday Saturday
    Sunday January February March April May June July August September October November
    December"""))
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”]?\s+")


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def ask(engine: OfflineEngine, task: str, facts: dict[str, Any], seed: int,
        schema: type[BaseModel] | None = None, model: str | None = None) -> Completion:
    request = EngineRequest.model_validate({
        "task": task, "system": "system prompt", "user": "user prompt", "facts": facts,
        "seed": seed, "output_schema": schema, "model": model,
    })
    return run(engine.request(request))


@dataclass
class Book:
    brief: dict[str, Any]
    interpretation: dict[str, Any]
    world: dict[str, Any]
    cast: dict[str, Any]
    structure: dict[str, Any]
    plan: dict[str, Any]
    texts: list[str]
    prose_seconds: float
    completions: list[Completion]

    @property
    def words(self) -> int:
        return sum(len(t.split()) for t in self.texts)


def write_book(genre: str, production_type: str, words: int | None = None, seed: int = 7,
               inspiration: str = "", title: str | None = None) -> Book:
    """The pipeline's chain of requests, on one fresh engine."""
    engine = OfflineEngine()
    brief_model = ProductionBrief(production_type=production_type, genre=genre,
                                  word_count_target=words, seed=seed,
                                  inspiration=inspiration, title=title)
    brief = brief_model.model_dump(mode="json")
    target = brief_model.target_words
    done: list[Completion] = []

    def step(task: str, facts: dict[str, Any], schema: type[BaseModel]) -> dict[str, Any]:
        completion = ask(engine, task, facts, seed, schema)
        done.append(completion)
        assert completion.parsed is not None
        return completion.parsed.model_dump(mode="json")

    interp = step("interpret_brief", {"brief": brief, "target_words": target},
                  BriefInterpretation)
    world = step("world", {"brief": brief, "interpretation": interp}, World)
    cast = step("cast", {"brief": brief, "interpretation": interp, "world": world}, Cast)
    structure = step("structure", {"brief": brief, "interpretation": interp, "world": world,
                                   "cast": cast}, NarrativeStructure)
    plan = step("segment_plan", {"brief": brief, "interpretation": interp, "world": world,
                                 "cast": cast, "structure": structure, "target_words": target,
                                 "segment_count": interp["segment_count"]}, SegmentPlan)
    dead: list[str] = []
    summaries: list[str] = []
    texts: list[str] = []
    started = time.perf_counter()
    for segment in plan["segments"]:
        completion = ask(engine, "prose", {
            "brief": brief, "world": world, "cast": cast, "segment": segment,
            "previous_summaries": summaries[-8:], "dead_characters": list(dead),
        }, seed)
        done.append(completion)
        texts.append(completion.text)
        summaries.append(" ".join(segment["key_events"]))
        dead.extend(segment["deaths"])
    elapsed = time.perf_counter() - started
    return Book(brief, interp, world, cast, structure, plan, texts, elapsed, done)


@cache
def novel(genre: str) -> Book:
    return write_book(genre, "novel", 100_000)


@cache
def sample(genre: str, production_type: str = "novella") -> Book:
    """A book of each type at its default size (the smallest epic, to keep tests quick)."""
    words = 120_000 if production_type == "epic_saga" else None
    return write_book(genre, production_type, words, seed=11,
                      inspiration="A lighthouse keeper discovers that the sea has been "
                                  "writing letters to her drowned brother.")


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text.replace("\n\n", " ")) if s.strip()]


def duplicate_share(texts: list[str]) -> tuple[float, list[tuple[str, int]]]:
    """Extra copies of sentences longer than eight words, over all sentences."""
    every = [s for t in texts for s in sentences(t)]
    long = Counter(s for s in every if len(s.split()) > 8)
    extra = sum(n - 1 for n in long.values() if n > 1)
    return extra / len(every), [(s, n) for s, n in long.most_common(5) if n > 1]


def main_words(event: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'-]+", event)
            if w.lower() not in STOP and len(w) > 3}


# --- the engine contract -----------------------------------------------------------------


def test_identity_usage_and_model_name() -> None:
    engine = OfflineEngine()
    assert (engine.provider, engine.default_model) == ("offline", "narra-offline-1")
    brief = ProductionBrief(production_type="short_story", genre="fantasy", seed=3)
    completion = ask(engine, "interpret_brief", {"brief": brief.dict(), "target_words": 6000},
                     3, BriefInterpretation, model="gpt-4o")
    assert completion.model == "narra-offline-1"  # whatever model was asked for
    assert completion.provider == "offline"
    assert completion.finish_reason == "stop"
    assert completion.cost_usd == 0.0
    assert completion.usage.input_tokens == estimate_tokens("system prompt") + estimate_tokens(
        "user prompt")
    assert completion.usage.output_tokens == estimate_tokens(completion.text) > 0


def test_structured_tasks_are_schema_valid_and_text_is_their_json() -> None:
    book = sample("fantasy")
    schemas = (BriefInterpretation, World, Cast, NarrativeStructure, SegmentPlan)
    for completion, schema in zip(book.completions[:5], schemas, strict=True):
        assert isinstance(completion.parsed, schema)
        assert schema.model_validate_json(completion.text) == completion.parsed
        assert completion.text == completion.parsed.model_dump_json()
    for completion in book.completions[5:]:
        assert completion.parsed is None and completion.text


def test_same_request_same_bytes_on_two_engines() -> None:
    first, second = write_book("horror", "short_story"), write_book("horror", "short_story")
    assert [c.text for c in first.completions] == [c.text for c in second.completions]
    other = write_book("horror", "short_story", seed=8)
    assert other.texts != first.texts


_SUBPROCESS = """
import asyncio, hashlib, json, sys
from narra_forge.core import types
from narra_forge.engines.base import EngineRequest
from narra_forge.engines.offline import OfflineEngine
engine = OfflineEngine()
out = []
for task, schema, facts in json.loads(sys.stdin.read()):
    req = EngineRequest(task=task, system="s", user="u", facts=facts, seed=7,
                        output_schema=getattr(types, schema) if schema else None)
    out.append(asyncio.run(engine.request(req)).text)
print(hashlib.sha256("\\x00".join(out).encode()).hexdigest())
"""


def test_same_bytes_in_another_process_with_another_hash_seed() -> None:
    """Every task of a whole short story, replayed in fresh interpreters."""
    book = write_book("mystery", "short_story")
    common = {"brief": book.brief}
    requests: list[tuple[str, str | None, dict[str, Any]]] = [
        ("interpret_brief", "BriefInterpretation", {**common, "target_words": 6000}),
        ("world", "World", {**common, "interpretation": book.interpretation}),
        ("cast", "Cast", {**common, "interpretation": book.interpretation,
                          "world": book.world}),
        ("structure", "NarrativeStructure", {**common, "interpretation": book.interpretation,
                                             "world": book.world, "cast": book.cast}),
        ("segment_plan", "SegmentPlan", {
            **common, "interpretation": book.interpretation, "world": book.world,
            "cast": book.cast, "structure": book.structure, "target_words": 6000,
            "segment_count": book.interpretation["segment_count"]}),
    ]
    dead: list[str] = []
    for segment in book.plan["segments"]:
        requests.append(("prose", None, {**common, "world": book.world, "cast": book.cast,
                                         "segment": segment, "previous_summaries": [],
                                         "dead_characters": list(dead)}))
        dead += segment["deaths"]
    assert len(requests) == 5 + len(book.texts)
    here = hashlib.sha256("\x00".join(c.text for c in book.completions).encode()).hexdigest()
    for hash_seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        result = subprocess.run([sys.executable, "-c", _SUBPROCESS], input=json.dumps(requests),
                                capture_output=True, text=True, env=env, check=True)
        assert result.stdout.strip() == here


def test_stylize_only_tidies_whitespace() -> None:
    text = "  One  line\there.  \n\n\n\nSecond   paragraph,\nsame words.  "
    completion = ask(OfflineEngine(), "stylize", {"text": text, "genre": "drama"}, 1)
    assert completion.text == "One line here.\n\nSecond paragraph,\nsame words."
    assert completion.text.split() == text.split()
    assert completion.parsed is None


@pytest.mark.parametrize("task", ["repair", "review"])
def test_tasks_it_cannot_do_raise(task: str) -> None:
    with pytest.raises(StructuredOutputError, match=task):
        ask(OfflineEngine(), task, {}, 1)


def test_missing_facts_are_an_engine_error_naming_them() -> None:
    with pytest.raises(EngineError, match="segment"):
        ask(OfflineEngine(), "prose", {"brief": {}}, 1)
    with pytest.raises(EngineError, match="world"):
        ask(OfflineEngine(), "cast", {"brief": {"genre": "drama"}}, 1)


def test_a_schema_the_output_does_not_fit_is_a_structured_output_error() -> None:
    brief = ProductionBrief(production_type="short_story", genre="drama").dict()
    with pytest.raises(StructuredOutputError, match="World"):
        ask(OfflineEngine(), "interpret_brief", {"brief": brief, "target_words": 6000}, 1, World)


# --- planning ----------------------------------------------------------------------------


def test_interpretation_keeps_the_title_and_sizes_the_book() -> None:
    book = write_book("romance", "novella", 30_000, title="Salt and Honey")
    interp = book.interpretation
    assert interp["title"] == "Salt and Honey"
    assert interp["target_words"] == 30_000
    assert interp["segment_count"] == 20
    assert 2 <= len(interp["themes"]) <= 4
    short = write_book("drama", "short_story", 5_000).interpretation
    assert short["segment_count"] == 3 and short["title"]


def test_world_has_distinct_named_places_and_echoes_the_inspiration() -> None:
    for genre in GENRES:
        world = sample(genre).world
        names = [loc["name"] for loc in world["locations"]]
        assert 4 <= len(names) <= 8 and len(set(names)) == len(names)
        assert all(loc["description"].endswith(".") for loc in world["locations"])
        assert world["factions"] and world["rules"] and world["central_conflict"]
        blob = json.dumps(world).lower()
        assert "lighthouse" in blob and "letters" in blob


@pytest.mark.parametrize("genre", GENRES)
def test_cast_names_are_unambiguous(genre: str) -> None:
    for production_type in TYPES:
        cast = sample(genre, production_type).cast["characters"]
        assert 5 <= len(cast) <= 9
        roles = Counter(c["role"] for c in cast)
        assert roles["protagonist"] == 1 and roles["antagonist"] == 1
        firsts = [c["name"].split()[0] for c in cast]
        lasts = [c["name"].split()[-1] for c in cast]
        assert len(set(firsts)) == len(firsts) and len(set(lasts)) == len(lasts)
        parts = [p.lower() for c in cast for p in c["name"].split()]
        for i, a in enumerate(parts):
            assert not any(a in b for j, b in enumerate(parts) if j != i), (a, parts)


def test_name_pools_differ_by_genre() -> None:
    firsts = {g: {c["name"].split()[0] for c in sample(g).cast["characters"]} for g in GENRES}
    for a in GENRES:
        for b in GENRES:
            if a < b:
                assert not firsts[a] & firsts[b], (a, b)


@pytest.mark.parametrize("production_type", TYPES)
def test_structure_acts_name_people_and_places(production_type: str) -> None:
    book = sample("thriller", production_type)
    acts = book.structure["acts"]
    assert len(acts) == (5 if production_type in ("novel", "epic_saga") else 3)
    names = [c["name"] for c in book.cast["characters"]]
    places = [loc["name"] for loc in book.world["locations"]]
    for act in acts:
        assert 2 <= len(act["key_events"]) <= 5
        for event in act["key_events"]:
            assert any(n in event for n in names) and any(p in event for p in places)


@pytest.mark.parametrize("genre", GENRES)
@pytest.mark.parametrize("production_type", TYPES)
def test_plan_is_complete_exact_and_keeps_the_dead_dead(genre: str, production_type: str) -> None:
    book = sample(genre, production_type)
    segments = book.plan["segments"]
    names = {c["name"] for c in book.cast["characters"]}
    protagonist = next(c["name"] for c in book.cast["characters"] if c["role"] == "protagonist")
    places = {loc["name"] for loc in book.world["locations"]}
    assert len(segments) == book.interpretation["segment_count"]
    assert [s["index"] for s in segments] == list(range(len(segments)))
    acts = [s["act"] for s in segments]
    assert acts == sorted(acts) and acts[0] == 1
    assert sum(s["target_words"] for s in segments) == book.interpretation["target_words"]
    assert len({s["title"] for s in segments}) == len(segments)
    deaths = [d for s in segments for d in s["deaths"]]
    assert len(deaths) <= 2 and protagonist not in deaths
    dead: set[str] = set()
    for seg in segments:
        assert seg["pov"] in seg["characters"] and 2 <= len(seg["characters"]) <= 4
        assert set(seg["characters"]) <= names and not set(seg["characters"]) & dead
        assert seg["location"] in places
        assert 1 <= len(seg["key_events"]) <= 3
        for event in seg["key_events"]:
            assert any(n in event for n in seg["characters"]), event
            assert not any(d in event for d in dead), event
        assert set(seg["deaths"]) <= set(seg["characters"])
        dead |= set(seg["deaths"])
    with_protagonist = sum(protagonist in s["characters"] for s in segments)
    assert with_protagonist >= 0.75 * len(segments)


# --- prose -------------------------------------------------------------------------------


@pytest.mark.parametrize("genre", GENRES)
def test_prose_follows_its_segment(genre: str) -> None:
    book = sample(genre, "novel")
    cast = {c["name"] for c in book.cast["characters"]}
    dead: set[str] = set()
    died = 0
    for seg, text in zip(book.plan["segments"], book.texts, strict=True):
        words = len(text.split())
        assert abs(words - seg["target_words"]) <= 0.05 * seg["target_words"], seg["index"]
        assert not text.startswith("#") and text == text.strip()
        paragraphs = text.split("\n\n")
        assert len(paragraphs) >= 8 and len(set(paragraphs)) == len(paragraphs)
        talk = sum('"' in p for p in paragraphs) / len(paragraphs)
        assert 0.05 <= talk <= 0.5, (seg["index"], talk)
        assert seg["location"] in text
        for name in seg["characters"]:
            first = name.split()[0]
            assert name in text
            assert text.index(name) <= text.index(first), (name, "full name first")
        for event in seg["key_events"]:
            assert main_words(event) <= main_words(text), event
        for name in dead:
            assert name not in text and name.split()[0] not in text, (name, seg["index"])
        for name in seg["deaths"]:
            found = [m.start() for m in re.finditer(rf"{name} (?:died|was dead)", text)]
            assert found and found[-1] > 0.6 * len(text), (name, seg["index"])
            died += 1
        # only cast names (and the world's capitalised places) look like people
        for token in re.findall(r"(?<=[a-z,;] )([A-Z][a-z]+)", text):
            assert (any(token in n for n in cast) or token in json.dumps(book.world)
                    or token in CALENDAR), token
        dead |= set(seg["deaths"])
    assert died == sum(len(s["deaths"]) for s in book.plan["segments"])
    if genre != "romance":
        assert died >= 1


def test_characters_marked_dead_never_appear() -> None:
    """Even when a (bad) plan still lists them, or an event needs them: that event goes."""
    book = sample("fantasy")
    seg = dict(book.plan["segments"][2])
    victim = next(n for n in seg["characters"] if n != seg["pov"])
    assert any(victim in e for e in seg["key_events"])
    facts = {"brief": book.brief, "world": book.world, "cast": book.cast, "segment": seg,
             "previous_summaries": [], "dead_characters": [victim]}
    text = ask(OfflineEngine(), "prose", facts, 7).text
    assert victim.split()[0] not in text and victim.split()[-1] not in text
    for event in seg["key_events"]:
        assert (victim in event) != (event in text)


def test_prose_for_a_cast_it_did_not_invent() -> None:
    cast = {"characters": [
        {"name": "Dr. Ana Ruiz", "role": "protagonist",
         "description": "A surgeon; she never sleeps.", "motivation": "m", "traits": ["calm"]},
        {"name": "Tom Vale", "role": "antagonist", "description": "He lies.",
         "motivation": "m", "traits": []},
    ]}
    world = {"name": "Port", "summary": "s", "era": "now", "central_conflict": "c",
             "locations": [{"name": "The Grey Clinic", "description": "d"}]}
    seg = {"index": 0, "act": 1, "title": "T", "pov": "Dr. Ana Ruiz",
           "characters": ["Dr. Ana Ruiz", "Tom Vale"], "location": "The Grey Clinic",
           "key_events": ["Ana confronts Tom about the missing files"], "target_words": 400,
           "deaths": ["Tom Vale"]}
    text = ask(OfflineEngine(), "prose", {"brief": {"genre": "thriller"}, "world": world,
                                          "cast": cast, "segment": seg,
                                          "dead_characters": []}, 1).text
    assert "Dr. Ana Ruiz" in text and "Ana confronts Tom about the missing files." in text
    assert re.search(r"Tom Vale (?:died|was dead)", text)
    assert abs(len(text.split()) - 400) <= 20


def test_genres_have_their_own_vocabulary() -> None:
    vocab: dict[str, set[str]] = {}
    for genre in GENRES:
        tokens = re.findall(r"\b[a-z][a-z-]{3,}\b", "\n".join(sample(genre).texts))
        vocab[genre] = {w for w, n in Counter(tokens).items() if n >= 3}
    for genre, own in vocab.items():
        others = set().union(*(v for g, v in vocab.items() if g != genre))
        assert len(own - others) >= 60, genre
    for a in GENRES:
        for b in GENRES:
            if a < b:
                overlap = len(vocab[a] & vocab[b]) / len(vocab[a] | vocab[b])
                assert overlap < 0.6, (a, b, overlap)


# --- a whole novel -----------------------------------------------------------------------


@pytest.mark.parametrize("genre", ["fantasy", "horror", "romance"])
def test_a_100k_word_novel_is_fast_and_hardly_repeats_itself(genre: str) -> None:
    book = novel(genre)
    assert len(book.texts) == 67
    assert abs(book.words - 100_000) <= 0.02 * 100_000
    assert book.prose_seconds < 5.0
    share, worst = duplicate_share(book.texts)
    assert share < 0.005, worst
    paragraphs = [p for t in book.texts for p in t.split("\n\n") if len(p.split()) >= 8]
    assert len(set(paragraphs)) == len(paragraphs)
    lengths = [len(s.split()) for t in book.texts for s in sentences(t)]
    mean = sum(lengths) / len(lengths)
    spread = (sum((n - mean) ** 2 for n in lengths) / len(lengths)) ** 0.5
    assert 12 <= mean <= 24 and spread / mean > 0.35  # varied sentence lengths


def test_every_production_type_writes_a_whole_book() -> None:
    for production_type in TYPES:
        book = sample("hybrid", production_type)
        assert abs(book.words - book.interpretation["target_words"]) <= (
            0.05 * book.interpretation["target_words"])
