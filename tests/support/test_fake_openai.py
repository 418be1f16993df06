"""Tests of the fake OpenAI server, driven by the real ``openai`` SDK over real sockets.

Why: the engine's integration tests trust this server to behave like the real API
(shapes, status codes, headers). These tests pin that behaviour and document which SDK
exception each fault turns into.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import openai
import pydantic
import pytest
from openai import AsyncOpenAI, OpenAI

from .fake_openai import (
    FAULT_KINDS,
    FakeOpenAIServer,
    Fault,
    default_completion,
    extract_schema_from_text,
    generate_instance,
)

API_KEY = "sk-test-4f9c2a7e1d"
MODEL = "gpt-4o-mini"


# -- fixtures -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_leaked_threads() -> Iterator[None]:
    yield
    assert not [t.name for t in threading.enumerate() if t.name.startswith("fake-openai")]


@pytest.fixture
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer() as srv:
        yield srv


@pytest.fixture
def client(server: FakeOpenAIServer) -> Iterator[OpenAI]:
    with OpenAI(api_key=API_KEY, base_url=server.base_url, max_retries=0, timeout=5.0) as c:
        yield c


def _ask(client: OpenAI, text: str = "Say hello.", **kwargs: Any) -> Any:
    return client.chat.completions.create(
        model=MODEL, messages=[{"role": "user", "content": text}], **kwargs
    )


# -- a pydantic model like the ones the agents use ----------------------------------------


class Mood(enum.StrEnum):
    TENSE = "tense"
    CALM = "calm"
    JOYFUL = "joyful"


class Scene(pydantic.BaseModel):
    title: str = pydantic.Field(min_length=3, max_length=40)
    mood: Mood
    beats: list[str] = pydantic.Field(min_length=1, max_length=5)
    tension: int = pydantic.Field(ge=1, le=10)
    pov: str | None = None


class ChapterPlan(pydantic.BaseModel):
    number: int = pydantic.Field(gt=0)
    summary: str
    scenes: list[Scene] = pydantic.Field(min_length=2)
    word_target: float = pydantic.Field(gt=100, lt=5000)
    motifs: dict[str, int]
    epigraph: str | None = None
    lead: Scene | None = None
    draft: bool = False


def _json_schema_format(model: type[pydantic.BaseModel], strict: bool) -> dict[str, Any]:
    schema = (
        openai.lib._pydantic.to_strict_json_schema(model) if strict else model.model_json_schema()
    )
    return {
        "type": "json_schema",
        "json_schema": {"name": model.__name__, "schema": schema, "strict": strict},
    }


# -- normal behaviour ---------------------------------------------------------------------


def test_text_completion_parses_and_reports_usage(server: FakeOpenAIServer, client: OpenAI) -> None:
    prompt = "Write the opening scene in about 120 words."
    resp = client.chat.completions.create(
        model="gpt-4.1-mini",
        messages=[
            {"role": "system", "content": "You are a novelist."},
            {"role": "user", "content": prompt},
        ],
    )
    content = resp.choices[0].message.content
    assert content is not None
    assert resp.object == "chat.completion"
    assert resp.id.startswith("chatcmpl-")
    assert resp.model == "gpt-4.1-mini"
    assert resp.choices[0].message.role == "assistant"
    assert resp.choices[0].finish_reason == "stop"
    assert len(content.split()) == 120
    assert "\n\n" in content  # paragraphs
    assert resp.usage is not None
    assert resp.usage.prompt_tokens == -(-len("You are a novelist." + prompt) // 4)
    assert resp.usage.completion_tokens == -(-len(content) // 4)
    assert resp.usage.total_tokens == resp.usage.prompt_tokens + resp.usage.completion_tokens
    assert len(server.chat_requests) == 1


def test_prose_length_defaults_and_is_capped_by_max_tokens(client: OpenAI) -> None:
    default = _ask(client, "Tell me a story.")
    assert len(default.choices[0].message.content.split()) == 150
    assert default.choices[0].finish_reason == "stop"

    capped = _ask(client, "Write approximately 1,200 words.", max_completion_tokens=40)
    assert len(capped.choices[0].message.content.split()) == 30  # 40 tokens * 0.75
    assert capped.choices[0].finish_reason == "length"
    assert capped.usage.completion_tokens <= 40


def test_content_is_deterministic_per_request_body(client: OpenAI) -> None:
    first = _ask(client, "Describe the harbor (~60 words).").choices[0].message.content
    again = _ask(client, "Describe the harbor (~60 words).").choices[0].message.content
    other = _ask(client, "Describe the tower (~60 words).").choices[0].message.content
    assert first == again
    assert first != other
    assert len(other.split()) == 60


def test_models_endpoint_and_unknown_url(server: FakeOpenAIServer, client: OpenAI) -> None:
    ids = [m.id for m in client.models.list().data]
    assert MODEL in ids
    assert client.models.retrieve("gpt-4o").id == "gpt-4o"
    with pytest.raises(openai.NotFoundError) as info:
        client.post("/nope", cast_to=object, body={})
    assert info.value.code == "unknown_url"


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "model_json_schema"])
def test_json_schema_output_validates_against_pydantic_model(client: OpenAI, strict: bool) -> None:
    for topic in ("storm", "wedding", "exile"):
        resp = _ask(
            client,
            f"Plan chapter about the {topic}.",
            response_format=_json_schema_format(ChapterPlan, strict),
        )
        content = resp.choices[0].message.content
        plan = ChapterPlan.model_validate_json(content)
        assert 2 <= len(plan.scenes) <= 3
        assert 1 <= len(plan.motifs) <= 2
        assert plan.summary and plan.summary != "string"
        assert all(word.isalpha() for word in plan.summary.split())


def test_parse_helper_round_trips_pydantic_model(client: OpenAI) -> None:
    resp = client.chat.completions.parse(
        model=MODEL,
        messages=[{"role": "user", "content": "Plan chapter one."}],
        response_format=ChapterPlan,
    )
    parsed = resp.choices[0].message.parsed
    assert isinstance(parsed, ChapterPlan)
    assert isinstance(parsed.scenes[0].mood, Mood)


def test_generate_instance_honours_constraints() -> None:
    import jsonschema
    schema: dict[str, Any] = {
        "type": "object",
        "$defs": {"Tag": {"type": "string", "enum": ["a", "b", "c"]}},
        "properties": {
            "when": {"type": "string", "format": "date-time"},
            "day": {"type": "string", "format": "date"},
            "id": {"type": "string", "format": "uuid"},
            "kind": {"const": "chapter"},
            "short": {"type": "string", "minLength": 5, "maxLength": 6},
            "score": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
            "count": {"type": "integer", "minimum": -5, "maximum": -3},
            "even": {"type": "integer", "multipleOf": 2, "minimum": 1, "maximum": 9},
            "tags": {"type": "array", "items": {"$ref": "#/$defs/Tag"}, "uniqueItems": True},
            "pair": {"type": "array", "prefixItems": [{"type": "integer"}, {"type": "boolean"}]},
            "many": {"type": "array", "items": {"type": "null"}, "minItems": 5},
            "few": {"type": "array", "items": {"type": "integer"}, "maxItems": 1},
            "maybe": {"type": ["string", "null"]},
            "fallback": {"default": {"x": 1}},
            "both": {"allOf": [{"properties": {"a": {"type": "integer"}}, "required": ["a"]}]},
            "choice": {"oneOf": [{"type": "null"}, {"type": "integer", "minimum": 7}]},
        },
        "required": ["when", "kind"],
        "additionalProperties": False,
    }
    outputs = [generate_instance(schema, seed) for seed in range(12)]
    for value in outputs:
        jsonschema.validate(value, schema, format_checker=jsonschema.FormatChecker())
        assert len(value["many"]) == 5 and len(value["few"]) <= 1
    assert generate_instance(schema, 3) == generate_instance(schema, 3)
    assert len({json.dumps(v, sort_keys=True) for v in outputs}) > 9


def test_generate_instance_cuts_off_recursive_models() -> None:
    class Node(pydantic.BaseModel):
        name: str
        children: list[Node] = []
        parent: Node | None = None

    value = generate_instance(Node.model_json_schema(), "tree", max_depth=4)
    Node.model_validate(value)


def test_json_object_mode_uses_schema_from_prompt(client: OpenAI) -> None:
    schema = Scene.model_json_schema()
    system = f"Reply with JSON only.\nJSON schema: {json.dumps(schema)}\nNo prose."
    resp = client.chat.completions.create(
        model=MODEL,
        messages=[{"role": "system", "content": system}, {"role": "user", "content": "A scene."}],
        response_format={"type": "json_object"},
    )
    Scene.model_validate_json(resp.choices[0].message.content)
    assert extract_schema_from_text(system) == schema

    plain = _ask(client, "Any JSON.", response_format={"type": "json_object"})
    assert isinstance(json.loads(plain.choices[0].message.content), dict)


def test_responder_hook_scripts_content() -> None:
    seen: list[dict[str, Any]] = []

    def responder(request: dict[str, Any]) -> str | None:
        seen.append(request)
        return "scripted!" if "script" in request["messages"][-1]["content"] else None

    with (
        FakeOpenAIServer(responder=responder) as srv,
        OpenAI(api_key=API_KEY, base_url=srv.base_url, max_retries=0) as client,
    ):
        assert _ask(client, "please script this").choices[0].message.content == "scripted!"
        assert len(_ask(client, "about 10 words").choices[0].message.content.split()) == 10
    assert [r["model"] for r in seen] == [MODEL, MODEL]


def test_streaming_matches_non_streaming_content(client: OpenAI) -> None:
    text = "Write about 50 words."
    expected = _ask(client, text).choices[0].message.content
    chunks = list(_ask(client, text, stream=True, stream_options={"include_usage": True}))
    streamed = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    finishes = [c.choices[0].finish_reason for c in chunks if c.choices]
    assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0
    assert finishes[-1] == "stop"
    assert len(streamed.split()) == 50
    # the request body differs (stream flag), so compare shape rather than words
    assert expected is not None and len(expected.split()) == 50


# -- auth and request recording -----------------------------------------------------------


def test_missing_or_empty_key_gets_openai_style_401(server: FakeOpenAIServer) -> None:
    req = urllib.request.Request(
        server.base_url + "/chat/completions",
        data=json.dumps({"model": MODEL, "messages": []}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req, timeout=5)
    with info.value as err:
        assert err.code == 401
        body = json.loads(err.read())
    assert set(body["error"]) == {"message", "type", "param", "code"}
    assert body["error"]["type"] == "invalid_request_error"

    with OpenAI(api_key=API_KEY, base_url=server.base_url, max_retries=0) as client:
        with pytest.raises(openai.AuthenticationError):
            _ask(client, extra_headers={"Authorization": ""})
        with pytest.raises(openai.AuthenticationError):
            _ask(client, extra_headers={"Authorization": openai.Omit()})
    assert [r.status for r in server.requests] == [401, 401, 401]


def test_wrong_key_rejected_when_server_has_a_key() -> None:
    with (
        FakeOpenAIServer(api_key=API_KEY) as srv,
        OpenAI(api_key="sk-wrong-key", base_url=srv.base_url, max_retries=0) as client,
    ):
        with pytest.raises(openai.AuthenticationError) as info:
            _ask(client)
        assert info.value.code == "invalid_api_key"


def test_api_key_appears_only_in_authorization_header(
    server: FakeOpenAIServer, client: OpenAI
) -> None:
    _ask(client)
    (record,) = server.requests
    assert record.api_key == API_KEY
    assert record.headers["authorization"] == f"Bearer {API_KEY}"
    assert API_KEY.encode() not in record.raw_body
    assert API_KEY not in record.path
    others = {k: v for k, v in record.headers.items() if k != "authorization"}
    assert all(API_KEY not in v for v in others.values())
    assert record.body["messages"][0]["content"] == "Say hello."
    assert record.fault is None and record.status == 200


# -- faults -------------------------------------------------------------------------------


def test_rate_limit_fault_exposes_retry_after(server: FakeOpenAIServer, client: OpenAI) -> None:
    server.enqueue(Fault("rate_limit", retry_after=0.2), Fault("rate_limit", retry_after_ms=250))
    with pytest.raises(openai.RateLimitError) as first:
        _ask(client)
    assert first.value.status_code == 429
    assert first.value.response.headers["retry-after"] == "0.2"
    assert first.value.code == "rate_limit_exceeded"
    with pytest.raises(openai.RateLimitError) as second:
        _ask(client)
    assert second.value.response.headers["retry-after-ms"] == "250"
    assert "retry-after" not in second.value.response.headers
    server.enqueue("rate_limit")
    with pytest.raises(openai.RateLimitError) as third:
        _ask(client)
    assert third.value.response.headers["retry-after"] == "1"  # server default


def test_sdk_retry_honours_retry_after(server: FakeOpenAIServer) -> None:
    server.enqueue(Fault("rate_limit", retry_after=0.2))
    with OpenAI(api_key=API_KEY, base_url=server.base_url, max_retries=1) as client:
        assert _ask(client).choices[0].finish_reason == "stop"
    first, second = server.chat_requests
    assert second.timestamp - first.timestamp >= 0.2
    assert second.headers["x-stainless-retry-count"] == "1"


def test_sdk_gives_up_immediately_when_retry_after_exceeds_two_minutes(
    server: FakeOpenAIServer,
) -> None:
    server.enqueue(Fault("rate_limit", retry_after=121))
    with (
        OpenAI(api_key=API_KEY, base_url=server.base_url, max_retries=2) as client,
        pytest.raises(openai.RateLimitError),
    ):
        _ask(client)
    assert len(server.chat_requests) == 1


def test_slow_fault_still_answers_a_patient_client(
    server: FakeOpenAIServer, client: OpenAI
) -> None:
    server.enqueue(Fault("slow", delay=0.15))
    started = time.monotonic()
    assert _ask(client).choices[0].finish_reason == "stop"
    assert time.monotonic() - started >= 0.15
    assert server.chat_requests[0].fault == "slow"
    assert server.chat_requests[0].status == 200


@pytest.mark.parametrize(("kind", "status"), [("server_error", 500), ("unavailable", 503)])
def test_server_side_errors_map_to_internal_server_error(
    server: FakeOpenAIServer, client: OpenAI, kind: str, status: int
) -> None:
    server.enqueue(kind)
    with pytest.raises(openai.InternalServerError) as info:
        _ask(client)
    assert info.value.status_code == status
    assert info.value.type == "server_error"


async def test_slow_fault_times_out_async_client(server: FakeOpenAIServer) -> None:
    server.enqueue(Fault("slow", delay=1.0))
    async with AsyncOpenAI(
        api_key=API_KEY, base_url=server.base_url, max_retries=0, timeout=0.2
    ) as client:
        started = time.monotonic()
        with pytest.raises(openai.APITimeoutError):
            await client.chat.completions.create(
                model=MODEL, messages=[{"role": "user", "content": "hi"}]
            )
        assert time.monotonic() - started < 0.9
        ok = await client.chat.completions.create(
            model=MODEL, messages=[{"role": "user", "content": "hi"}], timeout=5.0
        )
    assert ok.choices[0].finish_reason == "stop"


def test_drop_fault_is_a_connection_error_not_a_timeout(
    server: FakeOpenAIServer, client: OpenAI
) -> None:
    server.enqueue("drop")
    with pytest.raises(openai.APIConnectionError) as info:
        _ask(client)
    assert not isinstance(info.value, openai.APITimeoutError)
    assert server.chat_requests[0].status is None
    assert _ask(client).choices[0].finish_reason == "stop"  # the pool recovers


def test_malformed_json_fault(server: FakeOpenAIServer, client: OpenAI) -> None:
    fmt = _json_schema_format(ChapterPlan, strict=True)
    server.enqueue("malformed_json")
    resp = _ask(client, response_format=fmt)
    assert resp.choices[0].finish_reason == "stop"
    with pytest.raises(json.JSONDecodeError):
        json.loads(resp.choices[0].message.content)
    server.enqueue("malformed_json")
    with pytest.raises(pydantic.ValidationError):
        client.chat.completions.parse(
            model=MODEL, messages=[{"role": "user", "content": "x"}], response_format=ChapterPlan
        )


def test_truncated_fault(server: FakeOpenAIServer, client: OpenAI) -> None:
    full = _ask(client, "about 80 words").choices[0].message.content
    server.enqueue("truncated", "truncated")
    cut = _ask(client, "about 80 words")
    assert cut.choices[0].finish_reason == "length"
    assert full.startswith(cut.choices[0].message.content)
    assert len(cut.choices[0].message.content) == len(full) // 2
    with pytest.raises(openai.LengthFinishReasonError):
        client.chat.completions.parse(
            model=MODEL, messages=[{"role": "user", "content": "x"}], response_format=ChapterPlan
        )


def test_wrong_schema_fault(server: FakeOpenAIServer, client: OpenAI) -> None:
    server.enqueue("wrong_schema")
    resp = _ask(client, response_format=_json_schema_format(ChapterPlan, strict=True))
    assert json.loads(resp.choices[0].message.content) == {"unexpected": True}
    with pytest.raises(pydantic.ValidationError):
        ChapterPlan.model_validate_json(resp.choices[0].message.content)


def test_garbage_body_fault(server: FakeOpenAIServer, client: OpenAI) -> None:
    # Content-Type says JSON: the SDK lets the raw decode error escape (not an OpenAIError).
    server.enqueue("garbage_body")
    with pytest.raises(json.JSONDecodeError):
        _ask(client)
    # Content-Type says HTML: the SDK silently returns the body text instead of a model.
    server.enqueue(Fault("garbage_body", content_type="text/html"))
    assert isinstance(_ask(client), str)


def test_enqueue_applies_faults_in_order_then_normal(
    server: FakeOpenAIServer, client: OpenAI
) -> None:
    server.enqueue("server_error", "rate_limit", "unavailable")
    assert server.pending_faults == 3
    for expected in (openai.InternalServerError, openai.RateLimitError, openai.InternalServerError):
        with pytest.raises(expected):
            _ask(client)
    assert _ask(client).choices[0].finish_reason == "stop"
    assert [r.fault for r in server.chat_requests] == [
        "server_error",
        "rate_limit",
        "unavailable",
        None,
    ]
    assert [r.status for r in server.chat_requests] == [500, 429, 503, 200]
    server.enqueue("drop")
    server.clear_faults()
    assert server.pending_faults == 0
    assert _ask(client).choices[0].finish_reason == "stop"


def _fault_sequence(seed: int, count: int) -> list[str | None]:
    with (
        FakeOpenAIServer() as srv,
        OpenAI(api_key=API_KEY, base_url=srv.base_url, max_retries=0) as client,
    ):
        srv.fault_rate(0.5, faults=["server_error", "rate_limit", "wrong_schema"], seed=seed)
        for _ in range(count):
            with contextlib.suppress(openai.APIStatusError):
                _ask(client)
        srv.clear_faults()
        _ask(client)
        return [r.fault for r in srv.chat_requests]


def test_fault_rate_is_deterministic_for_a_seed() -> None:
    first = _fault_sequence(seed=7, count=16)
    assert first == _fault_sequence(seed=7, count=16)
    assert first != _fault_sequence(seed=8, count=16)
    assert first[-1] is None  # cleared
    hits = [f for f in first[:-1] if f is not None]
    assert 3 <= len(hits) <= 13
    assert set(hits) <= {"server_error", "rate_limit", "wrong_schema"}


def test_unknown_fault_kind_rejected(server: FakeOpenAIServer) -> None:
    assert "drop" in FAULT_KINDS
    with pytest.raises(ValueError, match="unknown fault kind"):
        server.enqueue("explode")
    with pytest.raises(ValueError):
        server.fault_rate(1.5)


# -- limiter, latency, concurrency, shutdown ----------------------------------------------


def test_rpm_limit_sliding_window() -> None:
    with (
        FakeOpenAIServer(rpm_limit=3, window_seconds=0.25) as srv,
        OpenAI(api_key=API_KEY, base_url=srv.base_url, max_retries=0) as client,
    ):
        for _ in range(3):
            _ask(client)
        with pytest.raises(openai.RateLimitError) as info:
            _ask(client)
        assert srv.rate_limited_count == 1
        assert info.value.response.headers["x-ratelimit-remaining-requests"] == "0"
        assert float(info.value.response.headers["retry-after-ms"]) <= 250
        time.sleep(0.3)
        _ask(client)
        assert srv.rate_limited_count == 1
    assert [r.fault for r in srv.chat_requests].count("rpm_limit") == 1


def test_latency_is_applied_per_request() -> None:
    with (
        FakeOpenAIServer(latency=0.05) as srv,
        OpenAI(api_key=API_KEY, base_url=srv.base_url, max_retries=0) as client,
    ):
        started = time.monotonic()
        _ask(client)
        _ask(client)
        assert time.monotonic() - started >= 0.1


async def test_async_client_concurrent_requests() -> None:
    with FakeOpenAIServer(latency=0.1) as srv:
        async with AsyncOpenAI(api_key=API_KEY, base_url=srv.base_url, max_retries=0) as client:
            results = await asyncio.gather(
                *(
                    client.chat.completions.create(
                        model=MODEL, messages=[{"role": "user", "content": f"about {n} words"}]
                    )
                    for n in range(1, 11)
                )
            )
        assert [len(r.choices[0].message.content.split()) for r in results] == list(range(1, 11))
        arrivals = [r.timestamp for r in srv.chat_requests]
        assert len(arrivals) == 10
        # all ten were in flight at once: served one by one they'd be >= 0.9 s apart
        assert max(arrivals) - min(arrivals) < 0.5, [round(a - arrivals[0], 3) for a in arrivals]


def test_stop_is_prompt_with_sleeping_handler_and_leaves_nothing_open() -> None:
    srv = FakeOpenAIServer().start()
    port = srv.port
    srv.enqueue(Fault("slow", delay=30.0))
    errors: list[BaseException] = []

    def call() -> None:
        with OpenAI(api_key=API_KEY, base_url=srv.base_url, max_retries=0, timeout=30) as c:
            try:
                _ask(c)
            except BaseException as exc:
                errors.append(exc)

    caller = threading.Thread(target=call)
    caller.start()
    deadline = time.monotonic() + 2
    while not srv.chat_requests and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    srv.stop()
    assert time.monotonic() - started < 1.0
    caller.join(2)
    assert not caller.is_alive()
    assert len(errors) == 1 and isinstance(errors[0], openai.APIConnectionError)
    assert not [t for t in threading.enumerate() if t.name.startswith("fake-openai")]
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
        pass
    srv.stop()  # idempotent


def test_default_completion_is_pure() -> None:
    body = {"model": MODEL, "messages": [{"role": "user", "content": "about 12 words"}]}
    assert default_completion(body) == default_completion(dict(body))
    assert len(default_completion(body)[0].split()) == 12
