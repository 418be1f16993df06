"""The OpenAI provider and its stack, against the real fake server with the real SDK.

Every fault the server can inject goes through the official ``openai`` client's whole
HTTP stack (httpx2, sockets), so retry handling, header parsing and error translation
are tested where they happen, not against a mock.
"""

from __future__ import annotations

import asyncio
import json
import math
import random
import socket
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

import openai
import pytest
from pydantic import BaseModel, Field

from narra_forge.core.config import NarraForgeConfig
from narra_forge.core.errors import (
    ConfigError,
    EngineConnectionError,
    EngineError,
    EngineStatusError,
    EngineTimeout,
    RateLimitError,
    StructuredOutputError,
)
from narra_forge.core.types import Cast, World
from narra_forge.engines.base import Engine, EngineRequest, estimate_tokens
from narra_forge.engines.factory import build_engine
from narra_forge.engines.instrumented import InstrumentedEngine
from narra_forge.engines.openai_engine import (
    MISSING_KEY_MESSAGE,
    OpenAIEngine,
    map_openai_errors,
    parse_retry_after,
    strict_json_schema,
)
from narra_forge.engines.openai_stack import build_openai_engine
from narra_forge.engines.pricing import cost_usd
from narra_forge.engines.rate_limit import RateLimitedEngine
from narra_forge.engines.retrying import RetryingEngine
from narra_forge.monitoring import SentryTransaction, capture_exception, capture_message
from tests.support import fake_openai
from tests.support.capture import SentryCapture
from tests.support.fake_openai import FakeOpenAIServer, Fault, extract_schema_from_text

KEY = "sk-test-Zk39fj20dkq84hd7s1x"
MODEL = "gpt-4o-mini"


# -- harness ------------------------------------------------------------------------------


class SleepRecorder:
    """Stands in for ``asyncio.sleep`` in the retry loop: records, yields, returns."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        await asyncio.sleep(0)


class Harness:
    def __init__(self, srv: FakeOpenAIServer) -> None:
        self.srv = srv
        self.sleep = SleepRecorder()
        self.made: list[Engine] = []

    def config(self, **kwargs: Any) -> NarraForgeConfig:
        kwargs.setdefault("openai_api_key", KEY)
        kwargs.setdefault("openai_base_url", self.srv.base_url)
        kwargs.setdefault("api_timeout_seconds", 5.0)
        return NarraForgeConfig(narra_engine="openai", **kwargs)

    def engine(self, **kwargs: Any) -> OpenAIEngine:
        engine = OpenAIEngine(self.config(**kwargs))
        self.made.append(engine)
        return engine

    def stack(self, max_retries: int = 3, **kwargs: Any) -> RetryingEngine:
        config = self.config(max_retries=max_retries, **kwargs)
        engine = RetryingEngine(RateLimitedEngine(OpenAIEngine(config), config),
                                max_retries=max_retries, sleep=self.sleep, rng=random.Random(0))
        self.made.append(engine)
        return engine


@pytest.fixture(autouse=True)
def _no_leaked_threads() -> Iterator[None]:
    yield
    assert not [t.name for t in threading.enumerate() if t.name.startswith("fake-openai")]


@pytest.fixture
def srv() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(slow_delay=1.0) as server:
        yield server


@pytest.fixture
async def h(srv: FakeOpenAIServer) -> AsyncIterator[Harness]:
    harness = Harness(srv)
    yield harness
    for engine in harness.made:
        await engine.aclose()


def prose(**kwargs: Any) -> EngineRequest:
    kwargs.setdefault("max_tokens", 200)
    return EngineRequest(task="prose", system="You write prose.", user="Write 40 words.",
                         **kwargs)


def structured(schema: type[BaseModel], **kwargs: Any) -> EngineRequest:
    kwargs.setdefault("max_tokens", 2_000)
    return EngineRequest(task="world", system="You design worlds.", user="A river kingdom.",
                         output_schema=schema, **kwargs)


def prompt_tokens(body: dict[str, Any]) -> int:
    """What the fake server reports as prompt_tokens for a request body."""
    return math.ceil(len("".join(m["content"] for m in body["messages"])) / 4)


def api_crumbs(event: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in event.get("breadcrumbs", {}).get("values", []) if c["category"] == "api"]


# -- text -----------------------------------------------------------------------------------


async def test_text_completion_with_usage_and_cost(h: Harness) -> None:
    engine = h.engine()
    completion = await engine.request(prose(temperature=0.3, seed=11))
    [call] = h.srv.chat_requests
    assert call.api_key == KEY
    assert call.body["model"] == MODEL  # config.default_mini_model
    assert call.body["messages"] == [{"role": "system", "content": "You write prose."},
                                     {"role": "user", "content": "Write 40 words."}]
    assert call.body["max_tokens"] == 200 and "max_completion_tokens" not in call.body
    assert (call.body["temperature"], call.body["seed"]) == (0.3, 11)
    assert "response_format" not in call.body
    assert len(completion.text.split()) == 40
    assert completion.model == MODEL
    assert completion.provider == "openai_compatible"
    assert completion.finish_reason == "stop"
    assert completion.parsed is None
    assert completion.usage.input_tokens == prompt_tokens(call.body)
    assert completion.usage.output_tokens == estimate_tokens(completion.text)
    assert completion.cost_usd == pytest.approx(cost_usd(
        MODEL, completion.usage.input_tokens, completion.usage.output_tokens))
    assert completion.cost_usd > 0


async def test_optional_parameters_are_left_out(h: Harness) -> None:
    await h.engine().request(prose(max_tokens=None, model="gpt-4o"))
    body = h.srv.chat_requests[0].body
    assert body["model"] == "gpt-4o"
    assert not {"max_tokens", "max_completion_tokens", "temperature", "seed"} & set(body)


async def test_finish_reason_length_is_reported(h: Harness) -> None:
    completion = await h.engine().request(prose(max_tokens=10))
    assert completion.finish_reason == "length"
    assert completion.usage.output_tokens == 10


async def test_official_endpoint_is_openai_and_sends_max_completion_tokens(h: Harness) -> None:
    for base_url in (None, "https://api.openai.com/v1"):
        config = NarraForgeConfig(narra_engine="openai", openai_api_key=KEY,
                                  openai_base_url=base_url)
        client = openai.AsyncOpenAI(api_key=KEY, base_url=h.srv.base_url, max_retries=0)
        engine = OpenAIEngine(config, client=client)
        h.made.append(engine)
        assert engine.provider == "openai"
        completion = await engine.request(prose())
        assert completion.provider == "openai"
        body = h.srv.chat_requests[-1].body
        assert body["max_completion_tokens"] == 200 and "max_tokens" not in body


async def test_sdk_retries_are_off(h: Harness) -> None:
    h.srv.enqueue("server_error")
    with pytest.raises(EngineStatusError) as caught:
        await h.engine().request(prose())
    assert caught.value.status_code == 500
    assert caught.value.retryable
    assert len(h.srv.chat_requests) == 1


# -- structured output --------------------------------------------------------------------


@pytest.mark.parametrize("schema", [World, Cast])
async def test_structured_output_is_parsed(h: Harness, schema: type[BaseModel]) -> None:
    completion = await h.engine().request(structured(schema))
    assert isinstance(completion.parsed, schema)
    assert schema.model_validate_json(completion.text) == completion.parsed
    fmt = h.srv.chat_requests[0].body["response_format"]
    assert fmt["type"] == "json_schema"
    assert fmt["json_schema"]["name"] == schema.__name__
    assert fmt["json_schema"]["strict"] is True
    sent = fmt["json_schema"]["schema"]
    assert sent["additionalProperties"] is False
    assert sent["required"] == list(sent["properties"])


class _WithDefaults(BaseModel):
    class Inner(BaseModel):
        label: str = "x"

    title: str
    tags: list[str] = Field(default_factory=list)
    inner: Inner = Field(default_factory=Inner, description="nested, with a description")
    note: str | None = None


class _FreeForm(BaseModel):
    scores: dict[str, int]


def test_strict_schema_closes_objects_requires_everything_and_drops_defaults() -> None:
    schema, strict = strict_json_schema(_WithDefaults)
    assert strict

    def objects(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if "properties" in node:
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for value in node:
                yield from objects(value)

    found = list(objects(schema))
    assert len(found) >= 2
    for obj in found:
        assert obj["additionalProperties"] is False
        assert obj["required"] == list(obj["properties"])
    assert '"default"' not in json.dumps(schema)
    inner = schema["properties"]["inner"]
    assert "$ref" not in inner and inner["description"] == "nested, with a description"
    assert inner["properties"]["label"]["type"] == "string"
    # a value the strict schema describes is valid for the model
    assert _WithDefaults.model_validate(
        {"title": "t", "tags": [], "inner": {"label": "l"}, "note": None})


def test_free_form_mappings_cannot_be_strict() -> None:
    assert strict_json_schema(_FreeForm)[1] is False


def _reject_json_schema(monkeypatch: pytest.MonkeyPatch, message: str, param: str | None) -> None:
    """The fake server has no switch for it: make it answer 400 to json_schema, as some
    OpenAI-compatible servers do."""
    original = fake_openai._Handler._chat

    def chat(self: Any, raw: bytes, body: Any) -> None:
        fmt = body.get("response_format") if isinstance(body, dict) else None
        if isinstance(fmt, dict) and fmt.get("type") == "json_schema":
            self._send_json(400, fake_openai._error_body(message, "invalid_request_error",
                                                         None, param))
            return
        original(self, raw, body)

    monkeypatch.setattr(fake_openai._Handler, "_chat", chat)


async def test_json_object_fallback_when_json_schema_is_rejected(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    _reject_json_schema(monkeypatch, "response_format json_schema is not supported",
                        "response_format")
    engine = h.engine()
    first = await engine.request(structured(World))
    assert isinstance(first.parsed, World)
    rejected, fallback = h.srv.chat_requests
    assert rejected.status == 400
    assert fallback.body["response_format"] == {"type": "json_object"}
    system = fallback.body["messages"][0]["content"]
    assert system.startswith("You design worlds.")
    embedded = extract_schema_from_text(system)
    assert embedded is not None and set(embedded["properties"]) == set(World.model_fields)
    assert engine.json_schema_supported is False
    # remembered: the next request goes straight to json_object
    second = await engine.request(structured(Cast))
    assert isinstance(second.parsed, Cast)
    assert len(h.srv.chat_requests) == 3
    assert h.srv.chat_requests[2].body["response_format"] == {"type": "json_object"}
    # the rejected call used no tokens
    assert first.usage.input_tokens == prompt_tokens(fallback.body)


async def test_other_bad_requests_are_not_a_fallback(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    _reject_json_schema(monkeypatch, "Invalid value for 'temperature'.", "temperature")
    engine = h.engine()
    with pytest.raises(EngineStatusError) as caught:
        await engine.request(structured(World))
    assert caught.value.status_code == 400
    assert not caught.value.retryable
    assert "temperature" in str(caught.value)
    assert engine.json_schema_supported is True


@pytest.mark.parametrize(("fault", "hint"), [
    ("malformed_json", "Invalid JSON"),
    ("truncated", "cut off"),
    ("wrong_schema", "Field required"),
])
async def test_one_repair_fixes_bad_json(h: Harness, fault: str, hint: str) -> None:
    h.srv.enqueue(fault)
    completion = await h.engine().request(structured(Cast))
    assert isinstance(completion.parsed, Cast)
    first, repair = h.srv.chat_requests
    assert first.fault == fault and repair.fault is None
    messages = repair.body["messages"]
    assert messages[:2] == first.body["messages"]
    assert messages[2]["role"] == "assistant" and messages[2]["content"]
    assert messages[3]["role"] == "user" and hint in messages[3]["content"]
    assert repair.body["response_format"] == first.body["response_format"]
    # both calls are in the totals
    assert completion.usage.input_tokens == prompt_tokens(first.body) + prompt_tokens(repair.body)
    assert completion.usage.output_tokens > estimate_tokens(completion.text)
    assert completion.cost_usd == pytest.approx(cost_usd(
        MODEL, completion.usage.input_tokens, completion.usage.output_tokens))
    assert completion.finish_reason == "stop"


@pytest.mark.parametrize("faults", [
    ("malformed_json", "malformed_json"), ("truncated", "wrong_schema"),
    ("wrong_schema", "truncated"),
])
async def test_a_failed_repair_is_a_structured_output_error(
    h: Harness, faults: tuple[str, str]
) -> None:
    h.srv.enqueue(*faults)
    with pytest.raises(StructuredOutputError) as caught:
        await h.stack().request(structured(Cast))
    assert "Cast" in str(caught.value)
    assert not caught.value.retryable
    assert len(h.srv.chat_requests) == 2  # one repair, no retries
    assert h.sleep.waits == []
    assert caught.value.spent is not None  # both unusable answers still cost tokens
    model, input_tokens, output_tokens, _ = caught.value.spent
    assert model and input_tokens > 0 and output_tokens > 0


def _patch_completion(monkeypatch: pytest.MonkeyPatch, change: Any) -> None:
    original = fake_openai._Handler._completion

    def completion(self: Any, body: Any, choices: Any) -> dict[str, Any]:
        payload = original(self, body, choices)
        change(payload)
        return payload

    monkeypatch.setattr(fake_openai._Handler, "_completion", completion)


async def test_missing_usage_is_estimated(h: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    _patch_completion(monkeypatch, lambda payload: payload.pop("usage"))
    request = prose()
    completion = await h.engine().request(request)
    assert completion.usage.input_tokens == (estimate_tokens(request.system)
                                             + estimate_tokens(request.user))
    assert completion.usage.output_tokens == estimate_tokens(completion.text) > 0
    assert completion.cost_usd > 0


async def test_cached_input_tokens_are_priced_as_cached(
    h: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cached(payload: dict[str, Any]) -> None:
        payload["usage"]["prompt_tokens"] = 10_000
        payload["usage"]["prompt_tokens_details"] = {"cached_tokens": 8_000}

    _patch_completion(monkeypatch, cached)
    completion = await h.engine().request(prose())
    assert completion.usage.input_tokens == 10_000
    expected = cost_usd(MODEL, 10_000, completion.usage.output_tokens, cached_input_tokens=8_000)
    assert completion.cost_usd == pytest.approx(expected)
    assert completion.cost_usd < cost_usd(MODEL, 10_000, completion.usage.output_tokens)


# -- faults, retries, breadcrumbs --------------------------------------------------------


FAULTS = [
    (Fault("rate_limit", retry_after=2), "API rate limit encountered", 429, 2.0),
    (Fault("rate_limit", retry_after_ms=250), "API rate limit encountered", 429, 0.25),
    (Fault("server_error"), "API server error encountered", 500, None),
    (Fault("unavailable"), "API server error encountered", 503, None),
    (Fault("slow", delay=1.5), "API timeout encountered", None, None),
    (Fault("drop"), "API connection error encountered", None, None),
    (Fault("garbage_body"), "API connection error encountered", None, None),
    (Fault("garbage_body", content_type="text/html"), "API connection error encountered",
     None, None),
]


@pytest.mark.parametrize(("fault", "message", "status", "wait"), FAULTS,
                         ids=[f"{f.kind}-{i}" for i, (f, *_) in enumerate(FAULTS)])
async def test_each_fault_is_retried_and_recovered(
    h: Harness, sentry: SentryCapture, fault: Fault, message: str, status: int | None,
    wait: float | None,
) -> None:
    sentry.init()
    h.srv.enqueue(fault)
    completion = await h.stack(api_timeout_seconds=0.5).request(prose())
    assert len(completion.text.split()) == 40
    first, retry = h.srv.chat_requests
    assert (first.fault, retry.fault) == (fault.kind, None)
    assert len(h.sleep.waits) == 1
    if wait is not None:
        assert h.sleep.waits == [wait]  # Retry-After honoured
    capture_message("after the retry")
    [crumb] = api_crumbs(sentry.events()[0])
    assert crumb["message"] == message
    assert crumb["level"] == "warning"
    assert crumb["data"]["retry_attempt"] == 1
    assert crumb["data"]["wait_time"] == round(h.sleep.waits[0], 3)
    assert crumb["data"]["status_code"] == status
    assert crumb["data"]["model"] == MODEL


@pytest.mark.parametrize(("fault", "error"), [
    (Fault("rate_limit", retry_after=3), RateLimitError),
    (Fault("server_error"), EngineStatusError),
    (Fault("slow", delay=1.0), EngineTimeout),
    (Fault("drop"), EngineConnectionError),
    (Fault("garbage_body"), EngineConnectionError),
])
async def test_faults_map_into_the_exception_tree(
    h: Harness, fault: Fault, error: type[EngineError]
) -> None:
    h.srv.enqueue(fault)
    with pytest.raises(error) as caught:
        await h.engine(api_timeout_seconds=0.3).request(prose())
    assert caught.value.retryable
    assert caught.value.retry_attempt is None
    assert isinstance(caught.value.__cause__, openai.OpenAIError | ValueError)
    if isinstance(caught.value, RateLimitError):
        assert (caught.value.status_code, caught.value.retry_after) == (429, 3.0)


async def test_server_rpm_429_carries_retry_after_ms(h: Harness) -> None:
    with FakeOpenAIServer(rpm_limit=1, window_seconds=30) as limited:
        engine = h.engine(openai_base_url=limited.base_url)
        await engine.request(prose())
        with pytest.raises(RateLimitError) as caught:
            await engine.request(prose())
    assert caught.value.retry_after is not None and 29 < caught.value.retry_after <= 30


async def test_connection_refused_is_a_connection_error(h: Harness) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    engine = h.engine(openai_base_url=f"http://127.0.0.1:{port}/v1")
    with pytest.raises(EngineConnectionError) as caught:
        await engine.request(prose())
    assert caught.value.retryable


async def test_exhausted_retries_carry_the_count_and_send_no_event(
    h: Harness, sentry: SentryCapture
) -> None:
    sentry.init()
    h.srv.enqueue(*["unavailable"] * 4)
    with pytest.raises(EngineStatusError) as caught:
        await h.stack(max_retries=3).request(prose())
    assert caught.value.status_code == 503
    assert caught.value.retry_attempt == 3
    assert caught.value.retries_exhausted
    assert len(h.srv.chat_requests) == 4
    assert len(h.sleep.waits) == 3
    assert sentry.events() == []


async def test_twenty_percent_random_faults_all_complete(h: Harness, sentry: SentryCapture) -> None:
    sentry.init()
    h.srv.fault_rate(0.2, faults=[Fault("rate_limit", retry_after=0), "server_error",
                                  "unavailable", "drop", "garbage_body",
                                  Fault("slow", delay=2.0)], seed=3)
    engine = h.stack(max_retries=8, api_timeout_seconds=1.0)
    results = await asyncio.gather(*(engine.request(prose(seed=i)) for i in range(30)))
    assert all(len(r.text.split()) == 40 for r in results)
    faulted = [r for r in h.srv.chat_requests if r.fault]
    assert faulted  # the rate really produced faults
    assert len(h.srv.chat_requests) == 30 + len(faulted)
    assert len(h.sleep.waits) == len(faulted)
    capture_message("done")
    assert len(api_crumbs(sentry.events()[0])) == len(faulted)


# -- instrumentation -----------------------------------------------------------------------


async def test_one_gen_ai_span_per_request_however_many_http_calls(
    h: Harness, sentry: SentryCapture
) -> None:
    """sentry-sdk's own OpenAI integration is off; httpx2's http.client spans remain."""
    sentry.init()
    h.srv.enqueue("server_error")
    engine = InstrumentedEngine(h.stack())
    async with SentryTransaction(op="pipeline.execute", name="t"):
        await engine.request(prose())
    [tx] = sentry.transactions()
    ops = [s["op"] for s in tx["spans"]]
    assert ops.count("gen_ai.chat") == 1
    assert not [s for s in tx["spans"] if "openai" in s.get("origin", "")]
    http = [s for s in tx["spans"] if s["op"] == "http.client"]
    assert len(http) == 2  # one per HTTP attempt, children of the gen_ai.chat span
    chat = next(s for s in tx["spans"] if s["op"] == "gen_ai.chat")
    assert {s["parent_span_id"] for s in http} == {chat["span_id"]}


# -- secrets --------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [KEY, "local-dev-key-7f3a9b2c5e"])
async def test_the_api_key_never_leaves_the_process(sentry: SentryCapture, key: str) -> None:
    sentry.init()
    with FakeOpenAIServer(api_key="sk-the-servers-own-key-000") as other:
        rejected = InstrumentedEngine(Harness(other).stack(openai_api_key=key))
        with pytest.raises(EngineStatusError) as caught:
            async with SentryTransaction(op="pipeline.execute", name="rejected"):
                await rejected.request(prose())
        await rejected.aclose()
    error = caught.value
    assert error.status_code == 401 and not error.retryable
    assert "Incorrect API key" in str(error)
    capture_exception(error)
    with FakeOpenAIServer(api_key=key) as srv:
        srv.enqueue("rate_limit", "drop")
        accepted = InstrumentedEngine(Harness(srv).stack(openai_api_key=key))
        async with SentryTransaction(op="pipeline.execute", name="accepted"):
            await accepted.request(prose())
        capture_message("after retries")
        await accepted.aclose()
    for text in (str(error), repr(error), repr(rejected), repr(accepted)):
        assert key not in text
        assert "***" not in text  # not even the SDK's masked form
    raw = sentry.raw()
    assert b"Incorrect API key" in raw and b"API rate limit encountered" in raw
    assert key.encode() not in raw
    assert key[-10:].encode() not in raw
    assert b"***" not in raw  # the SDK error in the exception chain is scrubbed too
    assert len(sentry.events()[0]["exception"]["values"]) == 2
    assert sentry.events()[0]["exception"]["values"][-1]["type"] == "EngineStatusError"


# -- building the stack -------------------------------------------------------------------


@pytest.mark.parametrize("key", [None, "", "   "])
def test_missing_key_is_a_config_error(key: str | None) -> None:
    config = NarraForgeConfig(narra_engine="openai", openai_api_key=key)
    with pytest.raises(ConfigError) as caught:
        build_openai_engine(config)
    assert str(caught.value) == MISSING_KEY_MESSAGE
    assert str(caught.value).startswith("OPENAI_API_KEY is not set: NARRA_ENGINE=openai")
    with pytest.raises(ConfigError):
        build_engine(config)
    with pytest.raises(ConfigError):
        OpenAIEngine(config)


async def test_the_stack_is_retrying_rate_limited_openai() -> None:
    config = NarraForgeConfig(narra_engine="openai", openai_api_key=KEY, max_retries=5,
                              model_rpm_limits={"gpt-4o": 9}, default_tpm_limit=1234)
    engine = build_openai_engine(config)
    assert isinstance(engine, RetryingEngine) and engine.max_retries == 5
    limited = engine.wrapped
    assert isinstance(limited, RateLimitedEngine)
    assert limited.budget("gpt-4o").rpm == 9 and limited.budget("x").tpm == 1234
    assert isinstance(limited.wrapped, OpenAIEngine)
    assert (engine.provider, engine.default_model) == ("openai", MODEL)
    await engine.aclose()


def test_parse_retry_after() -> None:
    assert parse_retry_after({"retry-after-ms": "1500", "retry-after": "9"}) == 1.5
    assert parse_retry_after({"retry-after": "3"}) == 3.0
    assert parse_retry_after({"retry-after": "0.25"}) == 0.25
    assert parse_retry_after({"retry-after": "-4"}) == 0.0
    assert parse_retry_after({"retry-after": "soon"}) is None
    assert parse_retry_after({"retry-after-ms": "x"}) is None
    assert parse_retry_after({}) is None
    assert parse_retry_after(None) is None
    future = parse_retry_after({"retry-after": "Wed, 21 Oct 2099 07:28:00 GMT"})
    assert future is not None and future > 10**8
    assert parse_retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0.0


def test_map_openai_errors_leaves_other_exceptions_alone() -> None:
    with pytest.raises(KeyError), map_openai_errors():
        raise KeyError("not ours")
    with pytest.raises(EngineError, match="OpenAIError: boom"), map_openai_errors():
        raise openai.OpenAIError("boom")
