"""A minimal, stdlib-only Sentry ingestion endpoint for tests.

`EnvelopeServer` listens on 127.0.0.1 (free port), accepts ``POST /api/<project>/envelope/``
and ``POST /api/<project>/store/``, decodes gzip / deflate / br bodies and records every
request and every accepted envelope, thread-safely::

    with EnvelopeServer() as srv:
        sentry_sdk.init(dsn=srv.dsn(), traces_sample_rate=1.0)
        sentry_sdk.capture_message("hi")
        sentry_sdk.flush(timeout=2)
        [event] = srv.events()

``srv.mode`` selects how the server answers (switchable at runtime): ``"ok"`` (200),
``"error"`` (500), ``"rate_limit"`` (429 + ``Retry-After`` + ``X-Sentry-Rate-Limits``),
``"hang"`` (reads the request, never answers until `stop()`), ``"close"`` (drops the
connection without answering). Only requests answered 200 land in ``srv.envelopes``; every
request, whatever the mode, lands in ``srv.requests`` (for grepping what was sent).

Brotli bodies are decoded when the ``brotli`` module is importable, else answered 415.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import re
import socket
import threading
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Literal, NamedTuple, Self, cast, get_args
from urllib.parse import parse_qs, urlsplit

try:  # optional, like in sentry-sdk itself
    import brotli as _brotli
except ImportError:  # pragma: no cover - depends on the environment
    _brotli = None

Mode = Literal["ok", "error", "rate_limit", "hang", "close"]
MODES: tuple[str, ...] = get_args(Mode)

#: Default DSN public key: 32 hex characters, as Sentry issues them.
DEFAULT_KEY = "0123456789abcdef0123456789abcdef"

#: Item types whose payload is JSON (decoded into Python objects on receipt).
JSON_ITEM_TYPES = frozenset(
    {
        "event",
        "transaction",
        "session",
        "sessions",
        "client_report",
        "span",
        "log",
        "otel_log",
        "check_in",
        "profile",
        "profile_chunk",
        "replay_event",
        "user_report",
        "feedback",
        "trace_metric",
    }
)

BROTLI_AVAILABLE: bool = _brotli is not None

_PATH_RE = re.compile(r"^/api/(?P<project>[^/]+)/(?P<endpoint>envelope|store)/?$")
_AUTH_PAIR_RE = re.compile(r"(\w+)\s*=\s*([^,\s]+)")


class UnsupportedEncodingError(ValueError):
    """A ``Content-Encoding`` the server cannot decode (answered with 415)."""


class Item(NamedTuple):
    """One envelope item: ``(headers, payload)``; payload is parsed JSON or raw bytes."""

    headers: dict[str, Any]
    payload: Any

    @property
    def type(self) -> str:
        """The item type (``event``, ``transaction``, ``session``, ...)."""
        return str(self.headers.get("type", ""))


@dataclass(frozen=True)
class Envelope:
    """An accepted envelope (a ``store`` request is wrapped as one ``event`` item)."""

    headers: dict[str, Any]
    items: list[Item]
    project_id: str
    endpoint: str
    sentry_key: str | None
    raw: bytes = field(repr=False)

    def of_type(self, item_type: str) -> list[Any]:
        """Payloads of the items of ``item_type``."""
        return [item.payload for item in self.items if item.type == item_type]


@dataclass(frozen=True)
class ReceivedRequest:
    """Any request the server read, whatever the mode or outcome."""

    method: str
    path: str
    headers: dict[str, str]
    raw_body: bytes = field(repr=False)
    body: bytes | None = field(repr=False)  # decoded; None when undecodable
    sentry_key: str | None
    mode: str
    status: int | None  # None: no answer (hang / close)
    error: str | None = None

    @property
    def item_types(self) -> list[str]:
        """Item types of the envelope in this request ([] when not a parsable envelope)."""
        if self.body is None or "/envelope" not in self.path:
            return []
        try:
            return [item.type for item in parse_envelope(self.body)[1]]
        except (ValueError, TypeError):
            return []


def parse_sentry_auth(value: str | None) -> dict[str, str]:
    """Parse an ``X-Sentry-Auth`` value (``Sentry sentry_key=..., sentry_version=7``)."""
    if not value:
        return {}
    value = value.strip()
    if value.lower().startswith("sentry "):
        value = value[7:]
    return {k: v for k, v in _AUTH_PAIR_RE.findall(value)}


def decode_body(data: bytes, content_encoding: str | None) -> bytes:
    """Undo ``Content-Encoding`` (gzip, deflate, br; several comma-separated)."""
    if not content_encoding:
        return data
    codings = [c.strip().lower() for c in content_encoding.split(",") if c.strip()]
    for coding in reversed(codings):
        if coding in ("identity", ""):
            continue
        if coding in ("gzip", "x-gzip"):
            data = gzip.decompress(data)
        elif coding == "deflate":
            try:
                data = zlib.decompress(data)
            except zlib.error:
                data = zlib.decompress(data, -zlib.MAX_WBITS)  # raw deflate
        elif coding == "br":
            if _brotli is None:
                raise UnsupportedEncodingError("br (the brotli module is not installed)")
            data = _brotli.decompress(data)
        else:
            raise UnsupportedEncodingError(coding)
    return data


def _decode_payload(headers: dict[str, Any], payload: bytes) -> Any:
    content_type = str(headers.get("content_type", ""))
    if headers.get("type") in JSON_ITEM_TYPES or content_type.endswith("json"):
        try:
            return json.loads(payload)
        except ValueError:
            return payload
    return payload


def parse_envelope(data: bytes) -> tuple[dict[str, Any], list[Item]]:
    """Parse the envelope wire format: header line, then (item header, payload) pairs."""
    pos = 0
    end = len(data)

    def read_line() -> bytes:
        nonlocal pos
        nl = data.find(b"\n", pos)
        if nl == -1:
            line, pos = data[pos:], end
        else:
            line, pos = data[pos:nl], nl + 1
        return line

    header_line = read_line()
    headers = json.loads(header_line) if header_line.strip() else {}
    if not isinstance(headers, dict):
        raise ValueError("envelope header is not a JSON object")
    items: list[Item] = []
    while pos < end:
        line = read_line()
        if not line.strip():
            continue  # tolerate blank lines / trailing newline
        item_headers = json.loads(line)
        if not isinstance(item_headers, dict):
            raise ValueError("item header is not a JSON object")
        length = item_headers.get("length")
        if length is not None:
            length = int(length)
            if pos + length > end:
                raise ValueError("item payload shorter than its declared length")
            payload = data[pos : pos + length]
            pos += length
            if pos < end and data[pos : pos + 1] == b"\n":
                pos += 1
        else:
            payload = read_line()
        items.append(Item(item_headers, _decode_payload(item_headers, payload)))
    return headers, items


def closed_port() -> int:
    """A 127.0.0.1 port where nothing listens (connections are refused).

    The port stays bound (not listening) by this process, so nobody else can take it.
    """
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    _RESERVED_SOCKETS.append(sock)
    return int(sock.getsockname()[1])


_RESERVED_SOCKETS: list[socket.socket] = []


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    owner: EnvelopeServer


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"  # keep-alive, like real Sentry; the SDK pools connections

    def setup(self) -> None:
        super().setup()
        self.server.owner._track(self.connection, add=True)

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()
        self.server.owner._track(self.connection, add=False)

    def handle(self) -> None:
        with contextlib.suppress(OSError):
            super().handle()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default stderr logging."""

    def _drop(self) -> None:
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline().strip():
                        pass  # trailers
                    break
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _respond(
        self, status: int, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        content_type = "application/json" if body.startswith(b"{") else "text/plain"
        self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)
        self.wfile.flush()

    def do_GET(self) -> None:
        self._respond(404, b'{"detail":"not found"}')

    def do_POST(self) -> None:
        owner = self.server.owner
        mode = owner.mode
        if mode == "close":  # drop the connection before reading the body, no answer
            owner._record_request(self._request_record(b"", None, None, mode, None))
            self._drop()
            return
        raw = self._read_body()
        split = urlsplit(self.path)
        auth = parse_sentry_auth(self.headers.get("X-Sentry-Auth"))
        key = auth.get("sentry_key") or (parse_qs(split.query).get("sentry_key") or [None])[0]
        match = _PATH_RE.match(split.path)
        mode = owner.mode  # may have changed while reading

        def record(status: int | None, body: bytes | None, error: str | None = None) -> None:
            owner._record_request(self._request_record(raw, body, key, mode, status, error))

        if mode == "hang":
            record(None, None)
            owner._stopping.wait()
            self._drop()
            return
        if match is None:
            record(404, None, "unknown path")
            self._respond(404, b'{"detail":"not found"}')
            return
        if owner.require_key is not None and key != owner.require_key:
            record(403, None, "wrong sentry_key")
            self._respond(403, b"Project not found or key incorrect")
            return
        try:
            body = decode_body(raw, self.headers.get("Content-Encoding"))
        except UnsupportedEncodingError as exc:
            record(415, None, f"unsupported encoding: {exc}")
            self._respond(415, f"unsupported Content-Encoding: {exc}".encode())
            return
        except (OSError, EOFError, zlib.error, ValueError) as exc:
            record(400, None, f"undecodable body: {exc!r}")
            self._respond(400, b'{"detail":"undecodable body"}')
            return
        if mode == "error":
            record(500, body)
            self._respond(500, b'{"detail":"internal error (EnvelopeServer error mode)"}')
            return
        if mode == "rate_limit":
            record(429, body)
            self._respond(
                429,
                b"",
                {"Retry-After": str(owner.retry_after), "X-Sentry-Rate-Limits": owner.rate_limits},
            )
            return
        try:
            envelope = self._parse(body, match["project"], match["endpoint"], key)
        except (ValueError, TypeError) as exc:
            record(400, body, f"unparsable envelope: {exc!r}")
            self._respond(400, b'{"detail":"unparsable envelope"}')
            return
        record(200, body)
        owner._record_envelope(envelope)
        event_id = envelope.headers.get("event_id") or uuid.uuid4().hex
        self._respond(200, json.dumps({"id": event_id}).encode())

    def _parse(self, body: bytes, project: str, endpoint: str, key: str | None) -> Envelope:
        if endpoint == "store":
            event = json.loads(body)
            if not isinstance(event, dict):
                raise ValueError("store body is not a JSON object")
            item_type = "transaction" if event.get("type") == "transaction" else "event"
            headers: dict[str, Any] = {"event_id": event.get("event_id")}
            items = [Item({"type": item_type}, event)]
        else:
            headers, items = parse_envelope(body)
        return Envelope(headers, items, project, endpoint, key, body)

    def _request_record(
        self,
        raw: bytes,
        body: bytes | None,
        key: str | None,
        mode: str,
        status: int | None,
        error: str | None = None,
    ) -> ReceivedRequest:
        return ReceivedRequest(
            method=self.command,
            path=self.path,
            headers={k: v for k, v in self.headers.items()},
            raw_body=raw,
            body=body,
            sentry_key=key,
            mode=mode,
            status=status,
            error=error,
        )


class EnvelopeServer:
    """In-process Sentry ingestion endpoint on 127.0.0.1 (see the module docstring)."""

    def __init__(
        self,
        mode: Mode = "ok",
        *,
        require_key: str | None = None,
        retry_after: int = 60,
        rate_limits: str | None = None,
    ) -> None:
        """``require_key``: answer 403 unless the request's sentry_key matches it.

        ``retry_after`` / ``rate_limits``: the ``Retry-After`` and ``X-Sentry-Rate-Limits``
        values sent in ``rate_limit`` mode (default ``"<retry_after>::organization"``, i.e.
        every category).
        """
        self.mode = mode
        self.require_key = require_key
        self.retry_after = retry_after
        self.rate_limits = rate_limits or f"{retry_after}::organization"
        self._cond = threading.Condition()
        self._envelopes: list[Envelope] = []
        self._requests: list[ReceivedRequest] = []
        self._connections: set[socket.socket] = set()
        self._stopping = threading.Event()
        self._server: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------

    @property
    def mode(self) -> str:
        """How the server answers; one of `MODES`. Settable at any time."""
        return self._mode

    @mode.setter
    def mode(self, value: str) -> None:
        if value not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {value!r}")
        self._mode = value

    def start(self) -> Self:
        """Bind a free port on 127.0.0.1 and serve in a daemon thread."""
        if self._server is not None:
            return self
        self._stopping.clear()
        server = _HTTPServer(("127.0.0.1", 0), _Handler)
        server.owner = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"EnvelopeServer:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, release hanging requests and close every open connection."""
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.server_close()
        with self._cond:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- addresses -------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The bound port (server must be started)."""
        if self._server is None:
            raise RuntimeError("EnvelopeServer is not running")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    def dsn(self, project_id: int | str = 1, key: str = DEFAULT_KEY) -> str:
        """A DSN pointing at this server: ``http://<key>@127.0.0.1:<port>/<project_id>``."""
        return f"http://{key}@127.0.0.1:{self.port}/{project_id}"

    # -- recorded data ---------------------------------------------------------------

    @property
    def envelopes(self) -> list[Envelope]:
        """Accepted (answered 200) envelopes, oldest first (a copy)."""
        with self._cond:
            return list(self._envelopes)

    @property
    def requests(self) -> list[ReceivedRequest]:
        """Every request read, in any mode and with any outcome (a copy)."""
        with self._cond:
            return list(self._requests)

    def items(self, item_type: str | None = None) -> list[Any]:
        """Payloads of accepted items of ``item_type`` (all items when None)."""
        return [
            item.payload
            for env in self.envelopes
            for item in env.items
            if item_type is None or item.type == item_type
        ]

    def events(self) -> list[dict[str, Any]]:
        """Error / message event payloads (item type ``event``)."""
        return cast("list[dict[str, Any]]", self.items("event"))

    def transactions(self) -> list[dict[str, Any]]:
        """Transaction payloads."""
        return cast("list[dict[str, Any]]", self.items("transaction"))

    def spans(self) -> list[dict[str, Any]]:
        """Streamed (v2) spans from ``span`` items, flattened.

        sentry-sdk 2.76 moves ``gen_ai.*`` spans out of the transaction's ``spans`` into a
        ``span`` item of the same envelope (option ``stream_gen_ai_spans``, default True).
        """
        return [
            span
            for payload in self.items("span")
            if isinstance(payload, dict)
            for span in payload.get("items", [])
        ]

    def sentry_keys(self) -> set[str | None]:
        """The ``sentry_key`` of every request (from ``X-Sentry-Auth`` or the query)."""
        return {req.sentry_key for req in self.requests}

    def raw_bodies(self) -> list[bytes]:
        """Every request body, decoded when possible (else as sent)."""
        return [req.body if req.body is not None else req.raw_body for req in self.requests]

    def sent_bytes(self) -> bytes:
        """All decoded bodies and header values of every request, joined (for grepping)."""
        parts: list[bytes] = []
        for req in self.requests:
            parts.extend(f"{k}: {v}".encode() for k, v in req.headers.items())
            parts.append(req.body if req.body is not None else req.raw_body)
        return b"\n".join(parts)

    def contains(self, needle: str | bytes) -> bool:
        """Whether ``needle`` appears anywhere the SDK sent (bodies or headers).

        Bodies are JSON: characters JSON escapes (quotes, backslashes, non-ASCII when
        the SDK escapes it) will not match verbatim; plant plain ASCII secrets.
        """
        if isinstance(needle, str):
            needle = needle.encode()
        return needle in self.sent_bytes()

    def clear(self) -> None:
        """Forget everything recorded so far."""
        with self._cond:
            self._envelopes.clear()
            self._requests.clear()

    def wait_for(
        self,
        condition: int | Callable[[EnvelopeServer], Any],
        timeout: float = 5.0,
    ) -> Any:
        """Block until ``condition`` holds and return its (truthy) value.

        ``condition`` is a count of accepted envelopes (returns the envelope list) or a
        callable taking this server, e.g. ``lambda s: s.transactions()``.
        Raises `TimeoutError` with a summary of what was received.
        """
        if isinstance(condition, int):
            count = condition

            def check(srv: EnvelopeServer) -> Any:
                envs = srv.envelopes
                return envs if len(envs) >= count else None

        else:
            check = condition
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                result = check(self)
                if result:
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"EnvelopeServer.wait_for timed out: {self._summary()}")
                self._cond.wait(min(remaining, 0.1))

    # -- internals -------------------------------------------------------------------

    def _summary(self) -> str:
        types = [item.type for env in self._envelopes for item in env.items]
        statuses = [req.status for req in self._requests]
        return f"{len(self._requests)} requests (statuses {statuses}), accepted item types {types}"

    def _record_request(self, request: ReceivedRequest) -> None:
        with self._cond:
            self._requests.append(request)
            self._cond.notify_all()

    def _record_envelope(self, envelope: Envelope) -> None:
        with self._cond:
            self._envelopes.append(envelope)
            self._cond.notify_all()

    def _track(self, conn: socket.socket, *, add: bool) -> None:
        with self._cond:
            if add:
                self._connections.add(conn)
            else:
                self._connections.discard(conn)

    def __iter__(self) -> Iterator[Envelope]:
        return iter(self.envelopes)


__all__ = [
    "BROTLI_AVAILABLE",
    "DEFAULT_KEY",
    "JSON_ITEM_TYPES",
    "MODES",
    "Envelope",
    "EnvelopeServer",
    "Item",
    "Mode",
    "ReceivedRequest",
    "UnsupportedEncodingError",
    "closed_port",
    "decode_body",
    "parse_envelope",
    "parse_sentry_auth",
]
