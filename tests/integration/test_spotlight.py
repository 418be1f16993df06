"""SENTRY_SPOTLIGHT: init_sentry hands it to the SDK, which posts every envelope there.

The SDK posts each envelope, uncompressed, to the configured URL as given (default
``http://localhost:8969/stream``, Spotlight's sidecar). Spotlight also accepts
``/api/<id>/envelope/``, which is what `EnvelopeServer` serves; ``/stream`` is served by a
small sidecar stub here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from narra_forge.monitoring import (
    SentrySpan,
    SentryTransaction,
    capture_message,
    flush,
    init_sentry,
    shutdown_sentry,
)
from tests.support.envelope_server import EnvelopeServer, parse_envelope

pytestmark = pytest.mark.integration


class SidecarStub:
    """Spotlight's sidecar, reduced to ``POST /stream`` → 200 (records path, headers, body)."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, dict[str, str], bytes]] = []
        self._cond = threading.Condition()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with stub._cond:
                    stub.posts.append((self.path, dict(self.headers.items()), body))
                    stub._cond.notify_all()
                status = 200 if self.path == "/stream" else 404
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/stream"

    def item_types(self) -> list[str]:
        with self._cond:
            posts = list(self.posts)
        return [item.type for _, _, body in posts for item in parse_envelope(body)[1]]

    def wait_for_types(self, *types: str, timeout: float = 5.0) -> list[str]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not set(types) <= set(self.item_types()):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"sidecar got {self.item_types()}, wanted {types}")
                self._cond.wait(min(remaining, 0.1))
        return self.item_types()

    def __enter__(self) -> SidecarStub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def sidecar() -> Iterator[SidecarStub]:
    with SidecarStub() as stub:
        yield stub


@pytest.fixture(autouse=True)
def _spotlight_logger() -> Iterator[None]:
    """The SDK adds a stderr handler to the "spotlight" logger at every init: drop them."""
    spot = logging.getLogger("spotlight")
    before = list(spot.handlers)
    try:
        yield
    finally:
        shutdown_sentry()
        for handler in spot.handlers[len(before):]:
            spot.removeHandler(handler)


@pytest.fixture
def sentry_server() -> Iterator[EnvelopeServer]:
    with EnvelopeServer() as srv:
        yield srv


def _send_error_and_transaction() -> None:
    assert capture_message("watching locally with Spotlight", level="warning")
    with SentryTransaction(op="pipeline.execute", name="spotlight_check"):
        with SentrySpan(op="stage.execute", description="World Architect"):
            pass
    flush(timeout=5)


@pytest.mark.parametrize("source", ["environment", "dotenv"])
def test_spotlight_sidecar_receives_every_envelope(
    sidecar: SidecarStub, sentry_server: EnvelopeServer, source: str,
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    if source == "environment":
        monkeypatch.setenv("SENTRY_SPOTLIGHT", sidecar.url)
    else:  # only NarraForgeConfig reads .env: proves init_sentry passes it on
        monkeypatch.chdir(tmp_path)
        (tmp_path / ".env").write_text(f"SENTRY_SPOTLIGHT={sidecar.url}\n")
    assert init_sentry(dsn=sentry_server.dsn(), traces_sample_rate=1.0)
    _send_error_and_transaction()

    types = sidecar.wait_for_types("event", "transaction")
    assert types.count("event") == 1 and types.count("transaction") == 1
    path, headers, _ = sidecar.posts[0]
    assert path == "/stream"
    assert headers["Content-Type"] == "application/x-sentry-envelope"
    # Sentry itself got the same data.
    assert len(sentry_server.events()) == 1 and len(sentry_server.transactions()) == 1


def test_spotlight_still_receives_when_sentry_fails(
    sidecar: SidecarStub, sentry_server: EnvelopeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    sentry_server.mode = "error"
    monkeypatch.setenv("SENTRY_SPOTLIGHT", sidecar.url)
    init_sentry(dsn=sentry_server.dsn(), traces_sample_rate=1.0)
    _send_error_and_transaction()
    sidecar.wait_for_types("event", "transaction")
    assert sentry_server.envelopes == []


def test_spotlight_at_an_envelope_server(
    sentry_server: EnvelopeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    with EnvelopeServer() as spotlight:
        monkeypatch.setenv("SENTRY_SPOTLIGHT", f"{spotlight.url}/api/0/envelope/")
        init_sentry(dsn=sentry_server.dsn(), traces_sample_rate=1.0)
        _send_error_and_transaction()
        [event] = spotlight.wait_for(lambda s: s.events())
        assert event["message"] == "watching locally with Spotlight"
        assert len(spotlight.transactions()) == 1
        # Posted to the sidecar without the DSN's key (Spotlight needs none).
        assert spotlight.sentry_keys() == {None}


async def test_spotlight_alone_watches_a_production_without_any_dsn(
    sidecar: SidecarStub, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No Sentry account, no DSN: SENTRY_SPOTLIGHT alone turns tracing on, locally."""
    from narra_forge import BatchOrchestrator
    from narra_forge.core import NarraForgeConfig
    from narra_forge.core.types import ProductionBrief

    monkeypatch.setenv("SENTRY_SPOTLIGHT", sidecar.url)
    config = NarraForgeConfig(sentry_traces_sample_rate=1.0, output_dir=tmp_path)
    assert config.sentry_dsn is None
    result = await BatchOrchestrator(config).produce_narrative(
        ProductionBrief(production_type="short_story", genre="fantasy", seed=1))
    assert result.trace_id
    flush(timeout=5)
    assert sidecar.wait_for_types("transaction").count("transaction") == 1
