"""A real HTTP server speaking the OpenAI chat-completions protocol, with fault injection.

Why: mocking the SDK hides exactly the bugs we care about (retry handling, timeouts,
header parsing, half-written responses). This server runs on a real socket on
127.0.0.1 so the official ``openai`` client goes through its whole HTTP stack.

Stdlib only, so it works in any environment the test-suite runs in.

Usage::

    with FakeOpenAIServer() as srv:
        client = OpenAI(api_key="sk-test", base_url=srv.base_url, max_retries=0)
        srv.enqueue("rate_limit", Fault("slow", delay=2.0))
        ...
        assert len(srv.chat_requests) == 3
"""

from __future__ import annotations

import contextlib
import copy
import datetime as _dt
import hashlib
import http.server
import json
import math
import random
import re
import select
import socket
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias, cast, get_args

__all__ = [
    "FAULT_KINDS",
    "FakeOpenAIServer",
    "Fault",
    "FaultKind",
    "RecordedRequest",
    "Responder",
    "default_completion",
    "extract_schema_from_text",
    "generate_instance",
]

FaultKind: TypeAlias = Literal[
    "rate_limit",
    "server_error",
    "unavailable",
    "slow",
    "drop",
    "malformed_json",
    "truncated",
    "wrong_schema",
    "garbage_body",
]
FAULT_KINDS: frozenset[str] = frozenset(get_args(FaultKind))

Responder: TypeAlias = Callable[[dict[str, Any]], str | None]
"""Receives the parsed request body; returns the content to send, or None for the default."""

DEFAULT_MODELS: tuple[str, ...] = ("gpt-4o-mini", "gpt-4o", "gpt-4.1-mini")
DEFAULT_PROSE_WORDS = 150
MAX_PROSE_WORDS = 50_000
WORDS_PER_TOKEN = 0.75
GARBAGE_BODY = (
    b"<html><head><title>502 Bad Gateway</title></head><body>upstream hiccup</body></html>"
)
WRONG_SCHEMA_CONTENT = '{"unexpected": true}'
MALFORMED_FALLBACK = '{"name": "x", '

_WORDS: tuple[str, ...] = (
    "amber", "anchor", "archive", "autumn", "balcony", "banner", "beacon", "birch", "bridge",
    "candle", "canyon", "cedar", "chapel", "cinder", "cliff", "cobalt", "compass", "copper",
    "courtyard", "crimson", "crystal", "dawn", "delta", "desert", "echo", "ember", "falcon",
    "feather", "fern", "festival", "fjord", "forest", "fountain", "garden", "glacier", "granite",
    "harbor", "harvest", "hearth", "heron", "hollow", "horizon", "island", "ivory", "juniper",
    "kestrel", "lantern", "lattice", "ledger", "linen", "maple", "marble", "meadow", "mirror",
    "monsoon", "moss", "nectar", "north", "oak", "oasis", "orchard", "parchment", "pebble",
    "pine", "quarry", "quiet", "raven", "reef", "ridge", "river", "saffron", "sail", "scarlet",
    "shadow", "signal", "silver", "slate", "spruce", "stone", "summit", "tide", "timber",
    "tower", "thistle", "umber", "valley", "velvet", "violet", "voyage", "willow", "winter",
    "harp", "yarrow", "zephyr", "letter", "window", "station", "market", "village", "captain",
)  # fmt: skip
_PROSE_WORDS: tuple[str, ...] = (
    *_WORDS,
    "the", "the", "the", "a", "a", "of", "of", "and", "and", "in", "to", "was", "her", "his",
    "over", "under", "quietly", "slowly", "remembered", "carried", "watched", "whispered",
    "old", "small", "bright", "distant", "cold", "warm", "beneath", "toward", "again", "still",
)  # fmt: skip

_WORD_COUNT_RE = re.compile(r"(\d[\d,]*)\s+words", re.IGNORECASE)
_SCHEMA_MARKER_RE = re.compile(r"json[\s_-]*schema\s*:?", re.IGNORECASE)
_TOKENISH_RE = re.compile(r"\S+\s*")
_CONN_ERRORS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


# --------------------------------------------------------------------------------------
# Faults and records
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fault:
    """One injected failure. Unset parameters fall back to the server's defaults.

    ``retry_after`` (seconds) becomes the ``Retry-After`` header, ``retry_after_ms`` the
    ``retry-after-ms`` header; with neither set the server default ``Retry-After`` is sent.
    ``delay`` is the sleep for ``"slow"``. ``content_type`` overrides the Content-Type of
    ``"garbage_body"`` (default ``application/json``).
    """

    kind: FaultKind
    retry_after: float | None = None
    retry_after_ms: int | None = None
    delay: float | None = None
    content_type: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(
                f"unknown fault kind {self.kind!r}; expected one of {sorted(FAULT_KINDS)}"
            )

    @classmethod
    def coerce(cls, value: Fault | str) -> Fault:
        """Accept plain kind strings wherever a Fault is expected."""
        return value if isinstance(value, Fault) else cls(cast(FaultKind, value))


@dataclass(slots=True)
class RecordedRequest:
    """Everything the server saw for one HTTP request, for assertions in tests.

    ``timestamp`` is ``time.monotonic()`` at arrival (use it for rate/timing checks).
    ``headers`` has lower-cased names. ``fault`` is the injected fault kind, ``"rpm_limit"``
    for the server-side limiter, or None. ``status`` is None when no response was sent
    (``drop``, or the client went away during ``slow``).
    """

    method: str
    path: str
    headers: dict[str, str]
    raw_body: bytes
    body: Any
    timestamp: float
    wall_time: float
    fault: str | None = None
    status: int | None = None
    error: str | None = None

    @property
    def api_key(self) -> str | None:
        """The bearer token, or None if absent."""
        auth = self.headers.get("authorization", "")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer":
            return None
        return token.strip() or None


# --------------------------------------------------------------------------------------
# JSON-schema instance generation
# --------------------------------------------------------------------------------------


def _seed_from(value: object) -> int:
    """Stable 64-bit seed from any JSON-able value (hash() is salted per process)."""
    if isinstance(value, int):
        return value
    data = (
        value if isinstance(value, str | bytes) else json.dumps(value, sort_keys=True, default=str)
    )
    raw = data.encode() if isinstance(data, str) else data
    return int.from_bytes(hashlib.sha256(raw).digest()[:8], "big")


class _InstanceGenerator:
    """Builds a value valid against the subset of JSON Schema pydantic v2 emits."""

    def __init__(self, root: Mapping[str, Any], rng: random.Random, max_depth: int = 6) -> None:
        self.root = root
        self.rng = rng
        self.max_depth = max_depth

    def generate(self, schema: Any, depth: int = 0) -> Any:
        if schema is True or schema is None:
            return self._words(1, 2)
        if schema is False:
            raise ValueError("cannot generate an instance of the `false` schema")
        schema = self._resolve(schema)
        if "const" in schema:
            return copy.deepcopy(schema["const"])
        if "enum" in schema:
            return copy.deepcopy(self.rng.choice(schema["enum"]))
        if "allOf" in schema:
            merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
            for part in schema["allOf"]:
                merged = _merge_schemas(merged, self._resolve(part))
            return self.generate(merged, depth)
        for key in ("anyOf", "oneOf"):
            if key in schema:
                return self.generate(self._pick_variant(schema, schema[key], depth), depth)

        typ = schema.get("type")
        if isinstance(typ, list):
            non_null = [t for t in typ if t != "null"]
            typ = (
                "null"
                if (not non_null or (depth >= self.max_depth and "null" in typ))
                else non_null[0]
            )
        if typ is None:
            if "default" in schema:
                return copy.deepcopy(schema["default"])
            if "properties" in schema or "additionalProperties" in schema:
                typ = "object"
            elif "items" in schema or "prefixItems" in schema:
                typ = "array"
            else:
                typ = "string"
        handler = {
            "object": self._object,
            "array": self._array,
            "string": self._string,
            "integer": self._integer,
            "number": self._number,
        }.get(typ)
        if handler is not None:
            return handler(schema, depth)
        if typ == "boolean":
            return self.rng.random() < 0.5
        if typ == "null":
            return None
        raise ValueError(f"unsupported schema type {typ!r}")

    def _resolve(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        """Inline ``$ref`` (siblings of the ref win, as in OpenAI's strict-schema rewrite)."""
        seen: set[str] = set()
        while "$ref" in schema:
            ref = schema["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#"):
                raise ValueError(f"only local $ref is supported, got {ref!r}")
            if ref in seen:
                raise ValueError(f"circular $ref {ref!r}")
            seen.add(ref)
            target: Any = self.root
            for part in filter(None, ref[1:].split("/")):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            siblings = {k: v for k, v in schema.items() if k != "$ref"}
            schema = {**target, **siblings}
        return schema

    def _pick_variant(self, schema: Mapping[str, Any], variants: Sequence[Any], depth: int) -> Any:
        def is_null(v: Any) -> bool:
            return isinstance(v, Mapping) and self._resolve(v).get("type") == "null"

        non_null = [v for v in variants if not is_null(v)]
        if not non_null or (depth >= self.max_depth and len(non_null) < len(variants)):
            return {"type": "null"}
        siblings = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf", "default")}
        return {**siblings, **self._resolve(non_null[0])} if siblings else non_null[0]

    def _object(self, schema: Mapping[str, Any], depth: int) -> dict[str, Any]:
        props: Mapping[str, Any] = schema.get("properties") or {}
        required = set(schema.get("required") or ())
        out: dict[str, Any] = {}
        for name, sub in props.items():
            if depth >= self.max_depth and name not in required:
                continue
            out[name] = self.generate(sub, depth + 1)
        extra = schema.get("additionalProperties")
        if not props and extra is not False:
            low = max(int(schema.get("minProperties", 1)), 0)
            high = max(low, 2)
            if "maxProperties" in schema:
                high = min(high, int(schema["maxProperties"]))
            count = (
                min(low, high)
                if depth >= self.max_depth
                else self.rng.randint(min(low, high), high)
            )
            names = schema.get("propertyNames")
            for i in range(count * 10):
                if len(out) >= count:
                    break
                key = str(self.generate(names, depth + 1)) if names else self._word(i)
                out.setdefault(key, self.generate(extra, depth + 1))
        return out

    def _array(self, schema: Mapping[str, Any], depth: int) -> list[Any]:
        prefix: Sequence[Any] = schema.get("prefixItems") or ()
        out = [self.generate(sub, depth + 1) for sub in prefix]
        items = schema.get("items", bool(not prefix))
        min_items = int(schema.get("minItems", 0))
        high = max(min_items, 3)
        if "maxItems" in schema:
            high = min(high, int(schema["maxItems"]))
        low = min(max(min_items, 1), high)
        count = min_items if depth >= self.max_depth else self.rng.randint(low, high)
        if items is False:
            return out
        unique = bool(schema.get("uniqueItems"))
        seen = {json.dumps(v, sort_keys=True) for v in out}
        attempts = 0
        while len(out) < max(count, len(prefix)) and attempts < count * 20 + 20:
            attempts += 1
            value = self.generate(items, depth + 1)
            key = json.dumps(value, sort_keys=True)
            if unique and key in seen:
                continue
            seen.add(key)
            out.append(value)
        return out

    def _string(self, schema: Mapping[str, Any], depth: int) -> str:
        fmt = schema.get("format")
        if fmt is not None and (formatted := self._formatted(str(fmt))) is not None:
            return formatted
        min_len = int(schema.get("minLength", 0))
        max_len = schema.get("maxLength")
        text = self._words(1, 4)
        while len(text) < min_len:
            text += " " + self._word()
        if max_len is not None and len(text) > int(max_len):
            text = text[: int(max_len)].rstrip() or text[: int(max_len)]
            text = text.ljust(min_len, "a")
        return text

    def _formatted(self, fmt: str) -> str | None:
        rng = self.rng
        moment = _dt.datetime(2024, 1, 1, tzinfo=_dt.UTC) + _dt.timedelta(
            seconds=rng.randrange(3 * 365 * 86400)
        )
        word = self._word()
        return {
            "date-time": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "date": moment.strftime("%Y-%m-%d"),
            "time": moment.strftime("%H:%M:%S"),
            "duration": f"PT{rng.randint(1, 9)}H{rng.randint(0, 59)}M",
            "email": f"{word}@example.com",
            "idn-email": f"{word}@example.com",
            "uri": f"https://example.com/{word}",
            "url": f"https://example.com/{word}",
            "uri-reference": f"/{word}",
            "iri": f"https://example.com/{word}",
            "hostname": f"{word}.example.com",
            "ipv4": f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            "ipv6": f"fd00::{rng.randint(1, 0xFFFF):x}",
            "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        }.get(fmt)

    def _integer(self, schema: Mapping[str, Any], depth: int) -> int:
        low: int | None = None
        high: int | None = None
        if "minimum" in schema:
            low = math.ceil(schema["minimum"])
        if "exclusiveMinimum" in schema:
            low = max(
                low if low is not None else -sys.maxsize, math.floor(schema["exclusiveMinimum"]) + 1
            )
        if "maximum" in schema:
            high = math.floor(schema["maximum"])
        if "exclusiveMaximum" in schema:
            high = min(
                high if high is not None else sys.maxsize, math.ceil(schema["exclusiveMaximum"]) - 1
            )
        if low is None:
            low = 1 if high is None or high >= 1 else high - 99
        if high is None:
            high = low + 99
        if low > high:
            raise ValueError(f"empty integer range in {dict(schema)}")
        step = schema.get("multipleOf")
        if isinstance(step, int) and step > 0:
            first, last = math.ceil(low / step), math.floor(high / step)
            if first > last:
                raise ValueError(f"no multiple of {step} in range in {dict(schema)}")
            return self.rng.randint(first, last) * step
        return self.rng.randint(low, high)

    def _number(self, schema: Mapping[str, Any], depth: int) -> float:
        ex_low = schema.get("exclusiveMinimum")
        ex_high = schema.get("exclusiveMaximum")
        low = schema.get("minimum", ex_low)
        high = schema.get("maximum", ex_high)
        if low is None:
            low = 0.0 if high is None or high > 0 else float(high) - 100.0
        if high is None:
            high = float(low) + 100.0
        value = round(self.rng.uniform(float(low), float(high)), 2)
        step = schema.get("multipleOf")
        if isinstance(step, int | float) and step > 0:
            value = round(value / step) * step
        too_low = value < low or (ex_low is not None and value <= ex_low)
        too_high = value > high or (ex_high is not None and value >= ex_high)
        if too_low or too_high:
            value = (float(low) + float(high)) / 2
        return float(value)

    def _word(self, salt: int | None = None) -> str:
        if salt is None:
            return self.rng.choice(_WORDS)
        return _WORDS[(self.rng.randrange(len(_WORDS)) + salt) % len(_WORDS)]

    def _words(self, low: int, high: int) -> str:
        return " ".join(self._word() for _ in range(self.rng.randint(low, high)))


def _merge_schemas(a: Mapping[str, Any], b: Mapping[str, Any]) -> dict[str, Any]:
    """Shallow allOf merge: union properties/required, later keys win otherwise."""
    merged = {**a, **b}
    if "properties" in a or "properties" in b:
        merged["properties"] = {**(a.get("properties") or {}), **(b.get("properties") or {})}
    if "required" in a or "required" in b:
        merged["required"] = [*(a.get("required") or ()), *(b.get("required") or ())]
    return merged


def generate_instance(schema: Mapping[str, Any], seed: object = 0, *, max_depth: int = 6) -> Any:
    """Return a deterministic value that validates against ``schema``.

    Covers what pydantic v2 ``model_json_schema()`` (and OpenAI's strict rewrite of it)
    emits; ``pattern`` is not honoured. Recursive models are cut off at ``max_depth`` by
    choosing null / minimum sizes / required-only properties.
    """
    gen = _InstanceGenerator(schema, random.Random(_seed_from(seed)), max_depth=max_depth)
    return gen.generate(schema)


def extract_schema_from_text(text: str) -> dict[str, Any] | None:
    """Find a JSON document following a ``JSON schema:`` marker in a prompt, if any."""
    decoder = json.JSONDecoder()
    for match in _SCHEMA_MARKER_RE.finditer(text):
        start = text.find("{", match.end())
        if start < 0:
            continue
        try:
            value, _ = decoder.raw_decode(text, start)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            return value
    return None


# --------------------------------------------------------------------------------------
# Content generation
# --------------------------------------------------------------------------------------


def _message_text(message: Any) -> str:
    if not isinstance(message, Mapping):
        return ""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "\n".join(str(part.get("text", "")) for part in content if isinstance(part, Mapping))
    return ""


def _messages(request: Mapping[str, Any]) -> list[Any]:
    messages = request.get("messages")
    return messages if isinstance(messages, list) else []


def _token_cap(request: Mapping[str, Any]) -> int | None:
    for key in ("max_completion_tokens", "max_tokens"):
        value = request.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value
    return None


def _requested_words(request: Mapping[str, Any]) -> int:
    users = [m for m in _messages(request) if isinstance(m, Mapping) and m.get("role") == "user"]
    if users and (match := _WORD_COUNT_RE.search(_message_text(users[-1]))):
        return max(1, min(int(match.group(1).replace(",", "")), MAX_PROSE_WORDS))
    return DEFAULT_PROSE_WORDS


def _prose(word_count: int, rng: random.Random) -> str:
    """Plain English-looking paragraphs of exactly ``word_count`` words."""
    paragraphs: list[str] = []
    sentences: list[str] = []
    remaining = word_count
    while remaining > 0:
        length = min(remaining, rng.randint(7, 16))
        words = [rng.choice(_PROSE_WORDS) for _ in range(length)]
        words[0] = words[0].capitalize()
        sentences.append(" ".join(words) + ".")
        remaining -= length
        if len(sentences) >= rng.randint(4, 6) or remaining == 0:
            paragraphs.append(" ".join(sentences))
            sentences = []
    return "\n\n".join(paragraphs)


def _wants_json(request: Mapping[str, Any]) -> bool:
    fmt = request.get("response_format")
    return isinstance(fmt, Mapping) and fmt.get("type") in ("json_schema", "json_object")


def default_completion(request: Mapping[str, Any], choice_index: int = 0) -> tuple[str, str]:
    """Deterministic ``(content, finish_reason)`` for a chat-completions request body."""
    seed = _seed_from({"request": request, "choice": choice_index})
    rng = random.Random(seed)
    fmt = request.get("response_format")
    fmt = fmt if isinstance(fmt, Mapping) else {}
    cap = _token_cap(request)
    if fmt.get("type") in ("json_schema", "json_object"):
        schema: Mapping[str, Any] | None = None
        if fmt.get("type") == "json_schema":
            schema = (fmt.get("json_schema") or {}).get("schema")
        else:
            for message in _messages(request):
                if isinstance(message, Mapping) and message.get("role") in (
                    "system",
                    "developer",
                    "user",
                ):
                    schema = extract_schema_from_text(_message_text(message))
                    if schema is not None:
                        break
        if schema is None:
            value: Any = {"result": " ".join(rng.choice(_WORDS) for _ in range(3))}
        else:
            value = generate_instance(schema, seed)
        content = json.dumps(value, ensure_ascii=False)
        if cap is not None and _estimate_tokens(content) > cap:
            return content[: cap * 4], "length"
        return content, "stop"
    wanted = _requested_words(request)
    if cap is not None and wanted > max(1, math.floor(cap * WORDS_PER_TOKEN)):
        return _prose(max(1, math.floor(cap * WORDS_PER_TOKEN)), rng), "length"
    return _prose(wanted, rng), "stop"


def _estimate_tokens(text: str) -> int:
    return math.ceil(len(text) / 4)


# --------------------------------------------------------------------------------------
# HTTP plumbing
# --------------------------------------------------------------------------------------


def _error_body(
    message: str, type_: str, code: str | None = None, param: str | None = None
) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def _format_seconds(value: float) -> str:
    """Integral values as "2"; fractions as "0.25" (non-standard, but the SDK parses floats)."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class _HTTPServer(http.server.ThreadingHTTPServer):
    """ThreadingHTTPServer that tracks its connections so stop() can cut them off."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    # socketserver's default backlog of 5 makes the kernel drop SYNs when a burst of
    # concurrent clients connects; the client then waits ~1 s for the SYN retransmit.
    request_queue_size = 256

    def __init__(self, fake: FakeOpenAIServer) -> None:
        self.fake = fake
        self._conn_lock = threading.Lock()
        self._conns: dict[socket.socket, threading.Thread] = {}
        super().__init__(("127.0.0.1", 0), _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self._serve_connection,
            args=(request, client_address),
            name=f"fake-openai-conn-{client_address[1]}",
            daemon=True,
        )
        with self._conn_lock:
            self._conns[request] = thread
        thread.start()

    def _serve_connection(self, request: Any, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            with self._conn_lock:
                self._conns.pop(request, None)
            self.shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        exc = sys.exc_info()[1]
        if isinstance(exc, OSError | ValueError) and self.fake.stopping:
            return
        if isinstance(exc, _CONN_ERRORS):
            return
        super().handle_error(request, client_address)

    def cut_connections(self, timeout: float) -> None:
        """Wake every handler blocked on its socket, then wait for the threads to end."""
        with self._conn_lock:
            conns = list(self._conns.items())
        for sock, _ in conns:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        deadline = time.monotonic() + timeout
        for _, thread in conns:
            thread.join(max(0.0, deadline - time.monotonic()))


class _Dropped(Exception):
    """Raised inside a handler to abandon the request without a response."""


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeOpenAI/1.0"
    timeout = 60  # idle keep-alive sockets must not pin threads forever
    server: _HTTPServer

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without this, Nagle + delayed ACK
        # add ~40 ms to every response and make timing tests meaningless.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    # -- routing -------------------------------------------------------------------

    def do_GET(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        fake = self.server.fake
        raw = self._read_body()
        path = self.path.split("?", 1)[0].rstrip("/") or "/"
        body: Any = None
        if raw:
            try:
                body = json.loads(raw)
            except ValueError:
                body = None
        self.record = fake._record(self.command, path, dict(self.headers.items()), raw, body)
        self.request_id = f"req_{uuid.uuid4().hex[:24]}"
        try:
            if self.command == "POST" and path == "/v1/chat/completions":
                self._chat(raw, body)
            elif self.command == "GET" and path == "/v1/models":
                if self._authorized():
                    self._send_json(
                        200, {"object": "list", "data": [self._model(m) for m in fake.models]}
                    )
            elif self.command == "GET" and path.startswith("/v1/models/"):
                if self._authorized():
                    self._send_json(200, self._model(path.removeprefix("/v1/models/")))
            else:
                msg = f"Unknown request URL: {self.command} {path}. Please check the URL for typos."
                self._send_json(404, _error_body(msg, "invalid_request_error", "unknown_url"))
        except _Dropped:
            self._drop()
        except _CONN_ERRORS:
            self.close_connection = True

    def _read_body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _model(self, model_id: str) -> dict[str, Any]:
        return {
            "id": model_id,
            "object": "model",
            "created": 1_700_000_000,
            "owned_by": "fake-openai",
        }

    # -- chat completions ------------------------------------------------------------

    def _chat(self, raw: bytes, body: Any) -> None:
        fake = self.server.fake
        if fake.latency > 0 and fake._sleep(fake.latency):
            raise _Dropped
        if not self._authorized():
            return
        if not isinstance(body, dict):
            msg = (
                "We could not parse the JSON body of your request. (HINT: This likely means"
                " you aren't using your HTTP library correctly.)"
            )
            self._send_json(400, _error_body(msg, "invalid_request_error"))
            return
        for param in ("model", "messages"):
            if param not in body:
                self._send_json(
                    400,
                    _error_body(
                        f"Missing required parameter: '{param}'.",
                        "invalid_request_error",
                        "missing_required_parameter",
                        param,
                    ),
                )
                return
        allowed, limit_headers = fake._admit()
        if not allowed:
            self.record.fault = "rpm_limit"
            msg = (
                f"Rate limit reached for {body.get('model')} on requests per min (RPM): "
                f"Limit {fake.rpm_limit}."
            )
            self._send_json(429, _error_body(msg, "requests", "rate_limit_exceeded"), limit_headers)
            return
        fault = fake._next_fault()
        self.record.fault = fault.kind if fault else None
        if fault is not None and self._transport_fault(fault):
            return
        choices = self._build_choices(body, fault)
        if choices is None:
            return
        if body.get("stream") is True:
            self._stream(body, choices, limit_headers)
        else:
            self._send_json(200, self._completion(body, choices), limit_headers)

    def _transport_fault(self, fault: Fault) -> bool:
        """Apply faults that replace the HTTP exchange itself; True when handled."""
        fake = self.server.fake
        kind = fault.kind
        if kind == "rate_limit":
            headers: dict[str, str] = {}
            if fault.retry_after_ms is not None:
                headers["retry-after-ms"] = str(int(fault.retry_after_ms))
            if fault.retry_after is not None or fault.retry_after_ms is None:
                seconds = fault.retry_after if fault.retry_after is not None else fake.retry_after
                headers["Retry-After"] = _format_seconds(seconds)
            msg = "Rate limit reached for requests. Please try again later."
            self._send_json(429, _error_body(msg, "requests", "rate_limit_exceeded"), headers)
        elif kind == "server_error":
            msg = "The server had an error while processing your request. Sorry about that!"
            self._send_json(500, _error_body(msg, "server_error"))
        elif kind == "unavailable":
            msg = "The server is overloaded or not ready yet."
            self._send_json(503, _error_body(msg, "server_error"))
        elif kind == "drop":
            raise _Dropped
        elif kind == "garbage_body":
            self._send_bytes(200, GARBAGE_BODY, fault.content_type or "application/json")
        elif kind == "slow":
            if (
                fake._sleep(fault.delay if fault.delay is not None else fake.slow_delay)
                or self._peer_gone()
            ):
                raise _Dropped
            return False
        else:
            return False
        return True

    def _build_choices(
        self, body: dict[str, Any], fault: Fault | None
    ) -> list[tuple[str, str]] | None:
        fake = self.server.fake
        n = body.get("n")
        count = n if isinstance(n, int) and not isinstance(n, bool) and 1 <= n <= 16 else 1
        choices: list[tuple[str, str]] = []
        for index in range(count):
            try:
                scripted = fake.responder(body) if fake.responder is not None else None
            except Exception as exc:
                self.record.error = repr(exc)
                self._send_json(500, _error_body(f"responder raised {exc!r}", "server_error"))
                return None
            if scripted is not None:
                content, finish = str(scripted), "stop"
            else:
                content, finish = default_completion(body, index)
            choices.append(self._apply_content_fault(content, finish, body, fault))
        return choices

    @staticmethod
    def _apply_content_fault(
        content: str, finish: str, body: Mapping[str, Any], fault: Fault | None
    ) -> tuple[str, str]:
        kind = fault.kind if fault else None
        if kind == "malformed_json":
            stripped = content.rstrip()
            if _wants_json(body) and stripped[-1:] in ("}", "]") and len(stripped) > 2:
                return stripped[:-1] + ", ", "stop"
            return MALFORMED_FALLBACK, "stop"
        if kind == "truncated":
            return content[: max(1, len(content) // 2)], "length"
        if kind == "wrong_schema":
            return WRONG_SCHEMA_CONTENT, "stop"
        return content, finish

    def _completion(
        self, body: Mapping[str, Any], choices: list[tuple[str, str]]
    ) -> dict[str, Any]:
        completion_tokens = sum(self._completion_tokens(body, c, f) for c, f in choices)
        prompt_tokens = self._prompt_tokens(body)
        return {
            "id": f"chatcmpl-{self.request_id[4:]}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model"),
            "system_fingerprint": "fp_fake_openai",
            "service_tier": "default",
            "choices": [
                {
                    "index": i,
                    "message": {
                        "role": "assistant",
                        "content": content,
                        "refusal": None,
                        "annotations": [],
                    },
                    "logprobs": None,
                    "finish_reason": finish,
                }
                for i, (content, finish) in enumerate(choices)
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }

    @staticmethod
    def _prompt_tokens(body: Mapping[str, Any]) -> int:
        return _estimate_tokens("".join(_message_text(m) for m in _messages(body)))

    @staticmethod
    def _completion_tokens(body: Mapping[str, Any], content: str, finish: str) -> int:
        """chars/4, but never above the request's cap (the real API never reports that)."""
        tokens = _estimate_tokens(content)
        cap = _token_cap(body)
        return min(tokens, cap) if cap is not None and finish == "length" else tokens

    def _stream(
        self, body: Mapping[str, Any], choices: list[tuple[str, str]], headers: dict[str, str]
    ) -> None:
        """Server-sent events exactly like the real API, chunked transfer encoding."""
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        base = {
            "id": f"chatcmpl-{self.request_id[4:]}",
            "object": "chat.completion.chunk",
            "created": int(time.time()),
            "model": body.get("model"),
            "system_fingerprint": "fp_fake_openai",
            "service_tier": "default",
        }

        def chunk(choice_list: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
            payload: dict[str, Any] = {**base, "choices": choice_list, **extra}
            if include_usage and "usage" not in extra:
                payload["usage"] = None
            return payload

        def delta(index: int, d: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            return {"index": index, "delta": d, "logprobs": None, "finish_reason": finish}

        events: list[dict[str, Any]] = []
        for i, (content, finish) in enumerate(choices):
            events.append(chunk([delta(i, {"role": "assistant", "content": "", "refusal": None})]))
            pieces = _TOKENISH_RE.findall(content) or [content]
            for start in range(0, len(pieces), 3):
                events.append(chunk([delta(i, {"content": "".join(pieces[start : start + 3])})]))
            events.append(chunk([delta(i, {}, finish)]))
        if include_usage:
            prompt = self._prompt_tokens(body)
            completion = sum(self._completion_tokens(body, c, f) for c, f in choices)
            usage = {
                "prompt_tokens": prompt,
                "completion_tokens": completion,
                "total_tokens": prompt + completion,
            }
            events.append(chunk([], usage=usage))

        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("x-request-id", self.request_id)
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.record.status = 200
        for event in events:
            self._write_chunk(f"data: {json.dumps(event)}\n\n".encode())
        self._write_chunk(b"data: [DONE]\n\n")
        self.wfile.write(b"0\r\n\r\n")

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(b"%X\r\n%s\r\n" % (len(data), data))

    # -- helpers ---------------------------------------------------------------------

    def _authorized(self) -> bool:
        key = self.record.api_key
        fake = self.server.fake
        if key is None:
            msg = (
                "You didn't provide an API key. You need to provide your API key in an "
                "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
            )
            self._send_json(401, _error_body(msg, "invalid_request_error"))
            return False
        if fake.api_key is not None and key != fake.api_key:
            msg = f"Incorrect API key provided: {key[:3]}***{key[-4:]}."
            self._send_json(401, _error_body(msg, "invalid_request_error", "invalid_api_key"))
            return False
        return True

    def _peer_gone(self) -> bool:
        """True when the client closed its end (e.g. it timed out while we slept)."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _drop(self) -> None:
        self.close_connection = True
        self.record.status = None
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _send_json(
        self, status: int, payload: Any, headers: Mapping[str, str] | None = None
    ) -> None:
        self._send_bytes(status, json.dumps(payload).encode(), "application/json", headers)

    def _send_bytes(
        self, status: int, data: bytes, content_type: str, headers: Mapping[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-request-id", self.request_id)
        self.send_header("openai-processing-ms", "1")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.record.status = status
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.fake.verbose:
            super().log_message(format, *args)


# --------------------------------------------------------------------------------------
# Public server
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _FaultRate:
    rate: float
    faults: tuple[Fault, ...]
    rng: random.Random = field(repr=False)


class FakeOpenAIServer:
    """OpenAI-compatible chat-completions server on 127.0.0.1 with scripted failures.

    Parameters:
        responder: ``fn(request_body) -> str | None``; a string is sent as the content.
        rpm_limit: answer 429 once more than this many chat requests were *accepted* in
            any sliding ``window_seconds`` window (rejected ones don't count, as with
            the real API). Rejections are counted in ``rate_limited_count``.
        latency: fixed delay before every chat request is processed.
        api_key: if set, any other bearer token gets 401 ``invalid_api_key``.
        retry_after / slow_delay: defaults for ``Fault`` parameters left unset.
    """

    def __init__(
        self,
        *,
        responder: Responder | None = None,
        rpm_limit: int | None = None,
        window_seconds: float = 60.0,
        latency: float = 0.0,
        api_key: str | None = None,
        models: Iterable[str] = DEFAULT_MODELS,
        retry_after: float = 1.0,
        slow_delay: float = 10.0,
        verbose: bool = False,
    ) -> None:
        if rpm_limit is not None and rpm_limit < 1:
            raise ValueError("rpm_limit must be >= 1")
        self.responder = responder
        self.rpm_limit = rpm_limit
        self.window_seconds = window_seconds
        self.latency = latency
        self.api_key = api_key
        self.models = tuple(models)
        self.retry_after = retry_after
        self.slow_delay = slow_delay
        self.verbose = verbose
        self._lock = threading.Lock()
        self._records: list[RecordedRequest] = []
        self._queue: deque[Fault] = deque()
        self._rate: _FaultRate | None = None
        self._admitted: deque[float] = deque()
        self._rate_limited = 0
        self._stopping = threading.Event()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> FakeOpenAIServer:
        """Bind a free port and serve in a daemon thread. Idempotent."""
        if self._httpd is not None:
            return self
        self._stopping = threading.Event()
        self._httpd = _HTTPServer(self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.02},
            name="fake-openai-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 2.0) -> None:
        """Stop promptly: wake sleeping handlers, cut open connections, join threads."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._stopping.set()
        httpd.shutdown()
        httpd.server_close()
        httpd.cut_connections(timeout)
        if thread is not None:
            thread.join(timeout)
        self._httpd = None
        self._thread = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("server is not running; call start() first")
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        """Root URL without the ``/v1`` suffix."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """What to pass as ``base_url`` to ``OpenAI``/``AsyncOpenAI``."""
        return f"{self.url}/v1"

    # -- inspection ------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Snapshot of every request received, in arrival order."""
        with self._lock:
            return list(self._records)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        """Only ``POST /v1/chat/completions`` requests."""
        return [r for r in self.requests if r.path == "/v1/chat/completions" and r.method == "POST"]

    def clear_requests(self) -> None:
        with self._lock:
            self._records.clear()

    @property
    def rate_limited_count(self) -> int:
        """How many requests the server-side RPM limiter rejected (not injected faults)."""
        with self._lock:
            return self._rate_limited

    # -- faults ----------------------------------------------------------------------

    def enqueue(self, *faults: Fault | str) -> None:
        """The next chat requests get these faults, in order; afterwards normal service."""
        coerced = [Fault.coerce(f) for f in faults]
        with self._lock:
            self._queue.extend(coerced)

    def fault_rate(
        self,
        rate: float,
        faults: Sequence[Fault | str] = ("rate_limit", "server_error", "unavailable"),
        seed: int = 0,
    ) -> None:
        """Each chat request independently gets a random fault from ``faults`` with
        probability ``rate``; reproducible for a given seed and request order.
        Queued faults take precedence."""
        if not 0.0 <= rate <= 1.0:
            raise ValueError("rate must be within [0, 1]")
        coerced = tuple(Fault.coerce(f) for f in faults)
        if not coerced:
            raise ValueError("faults must not be empty")
        with self._lock:
            self._rate = _FaultRate(rate, coerced, random.Random(seed))

    def clear_faults(self) -> None:
        with self._lock:
            self._queue.clear()
            self._rate = None

    @property
    def pending_faults(self) -> int:
        with self._lock:
            return len(self._queue)

    # -- used by the handler ---------------------------------------------------------

    def _record(
        self, method: str, path: str, headers: dict[str, str], raw: bytes, body: Any
    ) -> RecordedRequest:
        record = RecordedRequest(
            method=method,
            path=path,
            headers={k.lower(): v for k, v in headers.items()},
            raw_body=raw,
            body=body,
            timestamp=time.monotonic(),
            wall_time=time.time(),
        )
        with self._lock:
            self._records.append(record)
        return record

    def _next_fault(self) -> Fault | None:
        with self._lock:
            if self._queue:
                return self._queue.popleft()
            if self._rate is not None:
                rate = self._rate
                hit = rate.rng.random() < rate.rate
                choice = rate.rng.choice(rate.faults)  # always drawn: keeps the sequence stable
                return choice if hit else None
        return None

    def _admit(self) -> tuple[bool, dict[str, str]]:
        """Sliding-window RPM check; returns (allowed, rate-limit headers)."""
        if self.rpm_limit is None:
            return True, {}
        now = time.monotonic()
        with self._lock:
            while self._admitted and self._admitted[0] <= now - self.window_seconds:
                self._admitted.popleft()
            if len(self._admitted) >= self.rpm_limit:
                self._rate_limited += 1
                wait = max(0.001, self._admitted[0] + self.window_seconds - now)
                return False, {
                    "Retry-After": str(math.ceil(wait)),
                    "retry-after-ms": str(math.ceil(wait * 1000)),
                    "x-ratelimit-limit-requests": str(self.rpm_limit),
                    "x-ratelimit-remaining-requests": "0",
                    "x-ratelimit-reset-requests": f"{wait:.3f}s",
                }
            self._admitted.append(now)
            remaining = self.rpm_limit - len(self._admitted)
        return True, {
            "x-ratelimit-limit-requests": str(self.rpm_limit),
            "x-ratelimit-remaining-requests": str(remaining),
        }

    def _sleep(self, seconds: float) -> bool:
        """Interruptible sleep; True if the server is stopping."""
        return self._stopping.wait(max(0.0, seconds))
