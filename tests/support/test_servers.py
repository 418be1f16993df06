"""Tests of the Sentry-protocol test servers: EnvelopeServer, Bugsink and Kent."""

from __future__ import annotations

import gzip
import json
import time
import zlib
from collections.abc import Iterator
from typing import Any

import pytest
import sentry_sdk
from sentry_sdk.transport import HttpTransport

from tests.support.envelope_server import (
    BROTLI_AVAILABLE,
    DEFAULT_KEY,
    EnvelopeServer,
    closed_port,
    parse_envelope,
)
from tests.support.sentry_servers import (
    BugsinkServer,
    KentServer,
    ServerBootError,
    ensure_server_venv,
    http_request,
)

COMPRESSIONS = ["gzip", "br"]  # brotli is a test dependency


def _init(dsn: str, **options: Any) -> None:
    """Init the SDK for one test (no auto-enabled third-party integrations)."""
    options.setdefault("release", "narra-forge-tests@0")
    options.setdefault("environment", "test")
    options.setdefault("auto_enabling_integrations", False)
    sentry_sdk.init(dsn=dsn, **options)


@pytest.fixture(autouse=True)
def _reset_sdk() -> Iterator[None]:
    """sentry_sdk is process-global: close the client and forget scope data after each test."""
    yield
    client = sentry_sdk.get_client()
    if client.is_active():
        client.close(timeout=0)
    for scope in (
        sentry_sdk.get_isolation_scope(),
        sentry_sdk.get_current_scope(),
        sentry_sdk.get_global_scope(),
    ):
        scope.clear()
    sentry_sdk.get_global_scope().set_client(None)


def _send_message_and_transaction() -> tuple[str | None, str]:
    event_id = sentry_sdk.capture_message("hello envelope server", level="warning")
    with (
        sentry_sdk.start_transaction(op="test.job", name="job-tx") as tx,
        sentry_sdk.start_span(op="test.step", name="step-1") as span,
    ):
        span.set_data("chapter", 1)
        with sentry_sdk.start_span(op="gen_ai.chat", name="chat gpt-test"):
            pass
    return event_id, tx.trace_id


# -- EnvelopeServer ------------------------------------------------------------------------


@pytest.mark.parametrize("algo", COMPRESSIONS)
def test_envelope_server_receives_event_and_transaction(algo: str) -> None:
    with EnvelopeServer() as srv:
        _init(
            srv.dsn(),
            traces_sample_rate=1.0,
            _experiments={"transport_compression_algo": algo},
        )
        event_id, trace_id = _send_message_and_transaction()
        sentry_sdk.flush(timeout=5)
        srv.wait_for(lambda s: s.events() and s.transactions())

        [event] = srv.events()
        assert event["event_id"] == event_id
        assert event["message"] == "hello envelope server"
        assert event["level"] == "warning"
        [tx] = srv.transactions()
        assert tx["transaction"] == "job-tx"
        assert tx["contexts"]["trace"]["trace_id"] == trace_id
        [span] = tx["spans"]
        assert (span["op"], span["description"], span["data"]["chapter"]) == (
            "test.step",
            "step-1",
            1,
        )
        [chat] = srv.spans()  # gen_ai.* spans travel as a v2 "span" item
        assert (chat["name"], chat["parent_span_id"]) == ("chat gpt-test", span["span_id"])
        assert {req.headers.get("Content-Encoding") for req in srv.requests} == {algo}
        assert srv.sentry_keys() == {DEFAULT_KEY}
        assert all(env.project_id == "1" and env.endpoint == "envelope" for env in srv.envelopes)
        item_types = [item.type for env in srv.envelopes for item in env.items]
        assert {"event", "transaction"} <= set(item_types)
        srv.clear()
        assert srv.envelopes == [] and srv.requests == []


def test_envelope_server_raw_bodies_expose_planted_secrets() -> None:
    with EnvelopeServer() as srv:
        _init(srv.dsn())
        sentry_sdk.capture_message("boom", extras={"note": "sk-PLANTED-0001"})
        sentry_sdk.flush(timeout=5)
        srv.wait_for(1)
        assert srv.contains("sk-PLANTED-0001")
        assert not srv.contains("sk-NOT-SENT")
        assert any(b"sk-PLANTED-0001" in body for body in srv.raw_bodies())


@pytest.mark.parametrize("mode", ["error", "rate_limit", "hang", "close"])
def test_outage_modes_do_not_block_or_raise(mode: str) -> None:
    srv = EnvelopeServer(mode=mode).start()  # type: ignore[arg-type]
    try:
        _init(srv.dsn(), traces_sample_rate=1.0)
        sentry_sdk.capture_message(f"during {mode}")
        started = time.monotonic()
        sentry_sdk.flush(timeout=1)
        assert time.monotonic() - started < 2.5
        srv.wait_for(lambda s: s.requests, timeout=3)
        expected = {"error": 500, "rate_limit": 429, "hang": None, "close": None}[mode]
        assert srv.requests[0].status == expected
        assert srv.requests[0].mode == mode
        assert srv.envelopes == []
        sentry_sdk.get_client().close(timeout=0)
    finally:
        started = time.monotonic()
        srv.stop()
        assert time.monotonic() - started < 2.0  # even with a request hanging


def test_rate_limit_headers_make_the_sdk_back_off() -> None:
    with EnvelopeServer(mode="rate_limit", retry_after=30) as srv:
        _init(srv.dsn())
        sentry_sdk.capture_message("first")
        sentry_sdk.flush(timeout=2)
        srv.wait_for(lambda s: s.requests)
        rejected = srv.requests[0]
        assert rejected.status == 429
        srv.mode = "ok"  # switchable at runtime
        sentry_sdk.capture_message("second, dropped by the SDK's own backoff")
        sentry_sdk.flush(timeout=2)
        assert len(srv.requests) == 1
        assert srv.envelopes == []


def test_mode_switch_back_to_ok_delivers_again() -> None:
    with EnvelopeServer(mode="error") as srv:
        _init(srv.dsn())
        sentry_sdk.capture_message("lost")
        sentry_sdk.flush(timeout=2)
        srv.mode = "ok"
        sentry_sdk.capture_message("delivered")
        sentry_sdk.flush(timeout=2)
        srv.wait_for(1)
        assert [e["message"] for e in srv.events()] == ["delivered"]
        # client reports (lost events) follow each envelope; count event requests only
        assert [r.status for r in srv.requests if "event" in r.item_types] == [500, 200]
        assert any("client_report" in r.item_types for r in srv.requests)
        with pytest.raises(ValueError):
            srv.mode = "sometimes"


def test_unreachable_dsn_does_not_block() -> None:
    _init(f"http://{DEFAULT_KEY}@127.0.0.1:{closed_port()}/1")
    sentry_sdk.capture_message("nobody listens")
    started = time.monotonic()
    sentry_sdk.flush(timeout=1)
    assert time.monotonic() - started < 2.5


def test_wrong_key_is_rejected_when_a_key_is_required() -> None:
    with EnvelopeServer(require_key=DEFAULT_KEY) as srv:
        _init(srv.dsn(key="f" * 32))
        sentry_sdk.capture_message("wrong key")
        sentry_sdk.flush(timeout=2)
        srv.wait_for(lambda s: s.requests)
        assert srv.requests[0].status == 403
        assert srv.envelopes == []


def _envelope_bytes(event: dict[str, Any]) -> bytes:
    payload = json.dumps(event).encode()
    return b"\n".join(
        [
            json.dumps({"event_id": event["event_id"]}).encode(),
            json.dumps({"type": "event", "length": len(payload)}).encode(),
            payload,
            json.dumps({"type": "attachment", "filename": "a.txt"}).encode(),
            b"raw attachment",
        ]
    )


def test_raw_requests_deflate_store_endpoint_and_unsupported_encodings() -> None:
    event = {"event_id": "a" * 32, "message": "raw", "level": "info"}
    with EnvelopeServer() as srv:
        base = f"{srv.url}/api/7"
        auth = {"X-Sentry-Auth": f"Sentry sentry_key={DEFAULT_KEY}, sentry_version=7"}
        status, _, body = http_request(
            "POST",
            f"{base}/envelope/",
            body=zlib.compress(_envelope_bytes(event)),
            headers={**auth, "Content-Encoding": "deflate"},
        )
        assert (status, json.loads(body)) == (200, {"id": "a" * 32})
        status, _, _ = http_request(
            "POST",
            f"{base}/store/?sentry_key=k1",
            body=gzip.compress(json.dumps(event).encode()),
            headers={"Content-Encoding": "gzip"},
        )
        assert status == 200
        status, _, _ = http_request(
            "POST", f"{base}/envelope/", body=b"xx", headers={"Content-Encoding": "zstd"}
        )
        assert status == 415
        if not BROTLI_AVAILABLE:
            status, _, _ = http_request(
                "POST", f"{base}/envelope/", body=b"xx", headers={"Content-Encoding": "br"}
            )
            assert status == 415
        status, _, _ = http_request("POST", f"{srv.url}/elsewhere", body=b"{}")
        assert status == 404

        envelope, stored = srv.envelopes
        assert envelope.project_id == "7" and envelope.sentry_key == DEFAULT_KEY
        assert [item.type for item in envelope.items] == ["event", "attachment"]
        assert envelope.items[1].payload == b"raw attachment"
        assert stored.endpoint == "store" and stored.sentry_key == "k1"
        assert srv.events() == [event, event]


def test_parse_envelope_with_and_without_lengths() -> None:
    data = b'{"event_id":"e1"}\n{"type":"session"}\n{"sid":"s1"}\n{"type":"x","length":3}\na\nb\n'
    headers, items = parse_envelope(data)
    assert headers == {"event_id": "e1"}
    (h1, p1), (h2, p2) = items
    assert (h1["type"], p1) == ("session", {"sid": "s1"})
    assert (h2["type"], p2) == ("x", b"a\nb")


# -- Bugsink and Kent ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def bugsink() -> Iterator[BugsinkServer]:
    with BugsinkServer() as server:
        yield server


@pytest.mark.integration
def test_server_venv_is_created_once() -> None:
    venv = ensure_server_venv()
    started = time.monotonic()
    assert ensure_server_venv() == venv
    assert time.monotonic() - started < 0.5
    assert (venv / "bin" / "kent-server").exists()


@pytest.mark.integration
def test_bugsink_stores_exception_with_scope_data(bugsink: BugsinkServer) -> None:
    _init(bugsink.dsn, release="narra-forge@1.2.3", environment="itest")
    with sentry_sdk.isolation_scope():
        sentry_sdk.add_breadcrumb(
            category="stage", message="outline done", level="info", data={"chapter": 3}
        )
        try:
            raise ValueError("boom in bugsink test")
        except ValueError as exc:
            event_id = sentry_sdk.capture_exception(
                exc,
                tags={"stage": "outline", "job_id": "job-42"},
                extras={"attempt": 2, "detail": {"k": "v"}},
                user={"id": "user-7"},
                contexts={"job": {"id": "job-42", "genre": "noir"}},
            )
    sentry_sdk.flush(timeout=5)
    assert event_id is not None

    event = bugsink.wait_for_event(event_id)
    assert event["event_id"].replace("-", "") == event_id
    assert event["project"] == bugsink.project_id
    data = event["data"]
    assert {"stage": "outline", "job_id": "job-42"}.items() <= data["tags"].items()
    assert data["extra"]["attempt"] == 2 and data["extra"]["detail"] == {"k": "v"}
    assert data["user"] == {"id": "user-7"}
    assert data["contexts"]["job"] == {"id": "job-42", "genre": "noir"}
    crumbs = data["breadcrumbs"]["values"]
    assert any(c["message"] == "outline done" and c["data"] == {"chapter": 3} for c in crumbs)
    assert (data["release"], data["environment"], data["level"]) == (
        "narra-forge@1.2.3",
        "itest",
        "error",
    )
    assert data["exception"]["values"][-1]["type"] == "ValueError"

    issues = bugsink.list_issues()
    assert any(i["calculated_type"] == "ValueError" for i in issues)
    assert event_id in {e["event_id"].replace("-", "") for e in bugsink.list_events()}
    assert bugsink.get_event("0" * 32) is None


class _StatusRecordingTransport(HttpTransport):
    """HttpTransport that remembers every HTTP status it got back."""

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.statuses: list[int] = []

    def _handle_response(self, response: Any, envelope: Any) -> None:
        self.statuses.append(response.status)
        super()._handle_response(response=response, envelope=envelope)


@pytest.mark.integration
def test_bugsink_rejects_a_wrong_dsn_key(bugsink: BugsinkServer) -> None:
    key = bugsink.dsn.split("//", 1)[1].split("@", 1)[0]
    wrong_dsn = bugsink.dsn.replace(key, "f" * 32)
    _init(wrong_dsn, transport=_StatusRecordingTransport)
    event_id = sentry_sdk.capture_message("sent with a wrong key")
    sentry_sdk.flush(timeout=5)
    transport = sentry_sdk.get_client().transport
    assert isinstance(transport, _StatusRecordingTransport)
    assert transport.statuses and set(transport.statuses) == {403}  # event + client report
    assert event_id is not None and bugsink.get_event(event_id) is None


@pytest.mark.integration
def test_kent_receives_transaction_with_child_spans() -> None:
    with KentServer() as kent:
        _init(**kent.sdk_options(traces_sample_rate=1.0))
        with (
            sentry_sdk.start_transaction(op="narra.job", name="kent-job") as tx,
            sentry_sdk.start_span(op="narra.stage", name="outline") as stage,
        ):
            stage.set_data("chapter", 3)
            with sentry_sdk.start_span(op="narra.prompt", name="render prompt"):
                pass
            with sentry_sdk.start_span(op="gen_ai.chat", name="chat gpt-test") as chat:
                chat.set_data("gen_ai.request.model", "gpt-test")
        event_id = sentry_sdk.capture_message("kent message")
        sentry_sdk.flush(timeout=5)

        [body] = kent.wait_for(lambda k: k.transactions())
        assert body["transaction"] == "kent-job"
        assert body["contexts"]["trace"]["trace_id"] == tx.trace_id
        spans = {s["description"]: s for s in body["spans"]}
        assert spans["outline"]["op"] == "narra.stage"
        assert spans["outline"]["data"]["chapter"] == 3
        assert spans["outline"]["parent_span_id"] == tx.span_id
        assert spans["render prompt"]["parent_span_id"] == spans["outline"]["span_id"]
        # gen_ai.* spans leave the transaction for a separate v2 "span" item
        assert "chat gpt-test" not in spans
        [chat_span] = kent.spans()
        assert chat_span["name"] == "chat gpt-test"
        assert chat_span["parent_span_id"] == spans["outline"]["span_id"]
        assert chat_span["attributes"]["sentry.op"]["value"] == "gen_ai.chat"
        assert [e["event_id"] for e in kent.wait_for(lambda k: k.events())] == [event_id]

        record = kent.get(kent.list()[0]["event_id"])
        assert set(record["payload"]) >= {"envelope_header", "header", "body"}
        kent.flush()
        assert kent.list() == []


@pytest.mark.integration
def test_boot_failure_reports_the_log_tail() -> None:
    class BrokenKent(KentServer):
        def _command(self) -> list[str]:
            return [self._exe("python"), "-c", "print('kaboom at boot'); raise SystemExit(3)"]

    server = BrokenKent(boot_timeout=10)
    with pytest.raises(ServerBootError, match=r"(?s)exited with code 3.*kaboom at boot"):
        server.start()
    with pytest.raises(RuntimeError):
        _ = server.workdir  # cleaned up
