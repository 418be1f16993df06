"""``run_delivery_check`` and ``doctor`` against a local ingestion endpoint in every outage mode.

Each outage must fail the send checks quickly, with a clear detail and a fix, and without
a traceback or the DSN's key anywhere in the output.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from narra_forge.cli_sentry import doctor, sentry_app
from narra_forge.core.errors import ConfigError, InputError
from narra_forge.monitoring.delivery import (
    CONTEXT_NAME,
    SEND_CHECKS,
    DeliveryReport,
    DsnParts,
    run_delivery_check,
    sentry_api_url,
)
from narra_forge.monitoring.doctor import check_dns, check_tcp
from tests.integration.conftest import run_test_sentry
from tests.support.envelope_server import DEFAULT_KEY, EnvelopeServer, closed_port

pytestmark = pytest.mark.integration

TOKEN = "sntrys_" + "0123456789abcdef" * 3


@pytest.fixture
def server() -> Iterator[EnvelopeServer]:
    with EnvelopeServer() as srv:
        yield srv


def _check(report: DeliveryReport, name: str) -> Any:
    [check] = [c for c in report.checks if c.name == name]
    return check


def _no_secret(report: DeliveryReport, *secrets: str) -> None:
    text = "\n".join(c.line() for c in report.checks) + report.summary()
    for secret in secrets:
        assert secret not in text


def test_all_checks_pass_against_a_working_server(server: EnvelopeServer) -> None:
    report = run_delivery_check(server.dsn(), auth_token=None, org=None, project=None, timeout=5)
    assert report.ok, [c.line() for c in report.failed]
    for name in SEND_CHECKS:
        assert _check(report, name).detail.startswith("accepted (HTTP 200)")
    assert "with 3 spans" in _check(report, "test transaction").detail
    assert _check(report, "read back").kind == "skip"
    _no_secret(report, DEFAULT_KEY)

    # What arrived is what the checks claim.
    [tx] = server.transactions()
    assert Counter(span["op"] for span in tx["spans"]) == {"check.step": 3}
    events = server.events()
    assert len(events) == 4
    assert sum(1 for e in events if CONTEXT_NAME in (e.get("contexts") or {})) == 1
    crumbs = [c for e in events for c in (e.get("breadcrumbs") or {}).get("values", [])
              if c.get("category") == "narra_forge.check"]
    assert len(crumbs) == 3
    # The transaction went first (a server's transaction rate limit cannot drop it).
    assert server.requests[0].item_types == ["transaction"]


OUTAGES = {
    "error": ("HTTP 500", "server failed"),
    "rate_limit": ("HTTP 429", "rate-limited"),
    "hang": ("within 1 s (timed out)", "never answered"),
    "close": ("closed the connection without an answer", "Sentry ingestion endpoint"),
    "closed_port": ("connection refused", "nothing listens there"),
}


@pytest.mark.parametrize("outage", sorted(OUTAGES))
def test_outages_fail_quickly_with_a_clear_detail(
    server: EnvelopeServer, outage: str, capfd: pytest.CaptureFixture[str]
) -> None:
    if outage == "closed_port":
        dsn = f"http://{DEFAULT_KEY}@127.0.0.1:{closed_port()}/1"
    else:
        server.mode = outage
        dsn = server.dsn()
    started = time.monotonic()
    report = run_delivery_check(dsn, auth_token=TOKEN, org="acme", project="narra", timeout=1)
    elapsed = time.monotonic() - started

    assert not report.ok
    assert elapsed < 5, elapsed
    detail, fix = OUTAGES[outage]
    first = _check(report, SEND_CHECKS[0])
    assert detail in first.detail and fix in (first.fix or ""), first.line()
    for name in SEND_CHECKS:
        check = _check(report, name)
        assert not check.ok and check.fix, check.line()
    # Nothing was accepted, so nothing is read back.
    assert [c.name for c in report.checks] == list(SEND_CHECKS)
    assert "NOT receiving" in report.summary()
    _no_secret(report, DEFAULT_KEY, TOKEN)
    captured = capfd.readouterr()
    assert "Traceback" not in captured.out + captured.err


def test_later_envelopes_are_dropped_by_the_sdk_after_a_429(server: EnvelopeServer) -> None:
    server.mode = "rate_limit"
    report = run_delivery_check(server.dsn(), auth_token=None, org=None, project=None, timeout=2)
    assert "HTTP 429, Retry-After 60 s" in _check(report, "test transaction").detail
    for name in SEND_CHECKS[1:]:
        assert "dropped by the SDK: the server rate-limited" in _check(report, name).detail
    assert len(server.requests) == 1  # the SDK honoured the limit: nothing else was posted


def test_wrong_key_is_a_403_and_the_key_is_never_shown() -> None:
    wrong_key = "f" * 32
    with EnvelopeServer(require_key=DEFAULT_KEY) as srv:
        report = run_delivery_check(srv.dsn(key=wrong_key), auth_token=None, org=None,
                                    project=None, timeout=2)
    check = _check(report, "test error")
    assert check.detail.startswith("HTTP 403")
    assert "Client Keys" in (check.fix or "")
    _no_secret(report, wrong_key)


# -- read back through a Sentry-style API ---------------------------------------------------


class FakeSentryAPI:
    """``GET /api/0/projects/<org>/<project>/events/<id>/`` backed by an EnvelopeServer.

    Answers 404 the first ``lag`` times an id is asked for (ingestion lag), then the event.
    """

    _PATH = re.compile(r"^/api/0/projects/(?P<org>[^/]+)/(?P<project>[^/]+)/events/(?P<id>\w+)/$")

    def __init__(self, store: EnvelopeServer, *, token: str, lag: int = 1) -> None:
        self.store, self.token, self.lag = store, token, lag
        self.hits: Counter[str] = Counter()
        self.paths: list[str] = []
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                api.paths.append(self.path)
                status, body = api.answer(self.path, self.headers.get("Authorization"))
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def answer(self, path: str, auth: str | None) -> tuple[int, Any]:
        match = self._PATH.match(path)
        if match is None:
            return 404, {"detail": "not found"}
        if auth != f"Bearer {self.token}":
            return 401, {"detail": "Invalid token"}
        event_id = match["id"]
        self.hits[event_id] += 1
        stored = [p for p in self.store.events() + self.store.transactions()
                  if p.get("event_id") == event_id]
        if not stored or self.hits[event_id] <= self.lag:
            return 404, {"detail": "Event not found"}
        return 200, {"eventID": event_id, "context": stored[0].get("extra"), **stored[0]}

    def __enter__(self) -> FakeSentryAPI:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def test_events_are_read_back_through_the_sentry_api_with_retries(server: EnvelopeServer) -> None:
    with FakeSentryAPI(server, token=TOKEN, lag=1) as api:
        report = run_delivery_check(server.dsn(), auth_token=TOKEN, org="acme", project="narra",
                                    api_url=api.url, timeout=2)
    assert report.ok, [c.line() for c in report.failed]
    assert report.api == "sentry"
    for name in SEND_CHECKS:
        assert _check(report, f"{name} stored").detail.startswith("found via the Sentry API")
    assert all(count == 2 for count in api.hits.values()) and len(api.hits) == 5
    assert any(p.startswith("/api/0/projects/acme/narra/events/") for p in api.paths)
    _no_secret(report, TOKEN, DEFAULT_KEY)


def test_a_refused_token_fails_the_read_back_with_a_fix(server: EnvelopeServer) -> None:
    with FakeSentryAPI(server, token="another-token") as api:
        report = run_delivery_check(server.dsn(), auth_token=TOKEN, org="acme", project="narra",
                                    api_url=api.url, timeout=2)
    assert all(_check(report, name).ok for name in SEND_CHECKS)
    stored = _check(report, "test error stored")
    assert not stored.ok and "refused SENTRY_AUTH_TOKEN (HTTP 401)" in stored.detail
    assert "event:read" in (stored.fix or "")
    _no_secret(report, TOKEN)


def test_a_token_without_org_and_project_skips_the_read_back(server: EnvelopeServer) -> None:
    report = run_delivery_check(server.dsn(), auth_token=TOKEN, org=None, project=None, timeout=2)
    assert report.ok
    read_back = _check(report, "read back")
    assert read_back.kind == "skip" and "SENTRY_ORG" in read_back.detail


@pytest.mark.parametrize(("dsn", "api"), [
    ("https://abc@o123.ingest.sentry.io/456", "https://sentry.io"),
    ("https://abc@o123.ingest.us.sentry.io/456", "https://us.sentry.io"),
    ("https://abc@o9.ingest.de.sentry.io/1", "https://de.sentry.io"),
    ("https://abc@sentry.example.com/7", "https://sentry.example.com"),
    ("http://abc@127.0.0.1:9000/sentry/3", "http://127.0.0.1:9000/sentry"),
])
def test_sentry_api_url_from_the_dsn(dsn: str, api: str) -> None:
    assert sentry_api_url(DsnParts.parse(dsn)) == api


def test_bad_input_is_a_config_or_input_error() -> None:
    with pytest.raises(ConfigError) as info:
        run_delivery_check("https://secretkey@host/not-a-number", auth_token=None, org=None,
                           project=None)
    assert "secretkey" not in str(info.value)
    with pytest.raises(InputError):
        run_delivery_check(f"http://{DEFAULT_KEY}@127.0.0.1:1/1", auth_token=None, org=None,
                           project=None, timeout=0)


# -- doctor --------------------------------------------------------------------------------


def test_dns_and_tcp_checks(server: EnvelopeServer) -> None:
    assert check_dns("127.0.0.1", server.port).ok
    assert check_dns("localhost", server.port).ok
    unresolvable = check_dns("no-such-host.invalid", 443, timeout=2)
    assert not unresolvable.ok and unresolvable.fix
    assert check_tcp("127.0.0.1", server.port).ok
    refused = check_tcp("127.0.0.1", closed_port(), timeout=1)
    assert not refused.ok
    assert "connection refused" in refused.detail
    assert "start the server" in (refused.fix or "")


@pytest.fixture
def cli() -> typer.Typer:
    """The two commands as ``narra_forge.cli`` registers them."""
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.add_typer(sentry_app, name="sentry")
    app.command("doctor")(doctor)
    return app


def _lines(output: str) -> dict[str, str]:
    return {line.split(":", 1)[0]: line for line in output.splitlines() if ":" in line}


def test_doctor_passes_against_a_working_server(
    cli: typer.Typer, server: EnvelopeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENTRY_DSN", server.dsn())
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == 0, result.output
    lines = _lines(result.output)
    for name in ("dsn", "enable_sentry", "sample rates", "dns", "tcp", "test event"):
        assert f"PASS {name}" in lines, result.output
    assert "INFO debug" in lines
    assert DEFAULT_KEY not in result.output
    assert len(server.events()) == 1


def test_doctor_fails_on_a_closed_port_with_a_fix(
    cli: typer.Typer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENTRY_DSN", f"http://{DEFAULT_KEY}@127.0.0.1:{closed_port()}/1")
    result = CliRunner().invoke(cli, ["doctor", "--timeout", "1"])
    assert result.exit_code == 1, result.output
    lines = _lines(result.output)
    assert "connection refused" in lines["FAIL tcp"]
    assert "fix: nothing listens there" in lines["FAIL tcp"]
    assert "not attempted" in lines["FAIL test event"]
    assert "Traceback" not in result.output


def test_doctor_flags_settings(
    cli: typer.Typer, server: EnvelopeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENTRY_DSN", server.dsn())
    monkeypatch.setenv("SENTRY_ENVIRONMENT", "production")
    monkeypatch.setenv("SENTRY_TRACES_SAMPLE_RATE", "1.0")
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "every transaction is sent in production" in _lines(result.output)["WARN sample rates"]

    monkeypatch.setenv("SENTRY_TRACES_SAMPLE_RATE", "0")
    monkeypatch.setenv("ENABLE_SENTRY", "false")
    result = CliRunner().invoke(cli, ["doctor"])
    assert result.exit_code == 1, result.output
    lines = _lines(result.output)
    assert "no transactions are sent" in lines["WARN sample rates"]
    assert "set ENABLE_SENTRY=true" in lines["FAIL enable_sentry"]


def test_doctor_and_sentry_test_without_a_dsn_raise_config_error(cli: typer.Typer) -> None:
    for args in (["doctor"], ["sentry", "test"]):
        result = CliRunner().invoke(cli, args)
        assert isinstance(result.exception, ConfigError), result.output
        assert result.exception.exit_code == 2
        assert "SENTRY_DSN=" in str(result.exception)


def test_sentry_test_command(cli: typer.Typer, server: EnvelopeServer,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENTRY_DSN", server.dsn())
    result = CliRunner().invoke(cli, ["sentry", "test", "--timeout", "5"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].endswith("is receiving data")
    server.mode = "error"
    result = CliRunner().invoke(cli, ["sentry", "test", "--timeout", "5"])
    assert result.exit_code == 1
    assert "FAIL test error: HTTP 500" in result.output


# -- monitoring/test_sentry.py: settings errors --------------------------------------------


@pytest.mark.parametrize(("env", "expected"), [
    ({}, "SENTRY_DSN=https://<public_key>@<host>/<project_id> in .env or the environment"),
    ({"SENTRY_DSN": "https://secretkey@host/not-a-number"}, "SENTRY_DSN=**********"),
    ({"SENTRY_DSN": f"http://{DEFAULT_KEY}@127.0.0.1:1/1", "SENTRY_TRACES_SAMPLE_RATE": "5"},
     "SENTRY_TRACES_SAMPLE_RATE=5 is invalid"),
])
def test_test_sentry_script_without_usable_settings_exits_2(
    tmp_path: Path, env: dict[str, str], expected: str
) -> None:
    proc = run_test_sentry(tmp_path, **env)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stdout == ""
    [line] = proc.stderr.splitlines()
    assert line.startswith("error: ") and expected in line
    assert "secretkey" not in proc.stderr


def test_test_sentry_script_reads_dot_env(tmp_path: Path, server: EnvelopeServer) -> None:
    (tmp_path / ".env").write_text(f"SENTRY_DSN={server.dsn()}\n")
    proc = run_test_sentry(tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(server.events()) == 4
