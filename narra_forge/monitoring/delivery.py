"""Proof of delivery: send real test data to the configured Sentry and prove it arrived.

``run_delivery_check`` initialises Sentry with `RecordingTransport` (sentry-sdk's own
``HttpTransport``, which additionally records what became of every envelope: the HTTP
status, the network error or timeout, or that the SDK dropped it, e.g. rate-limited), then
sends, in this order, a transaction with three spans, a test error, a message, an error
carrying breadcrumbs and an error carrying a custom context. A send check passes only when
its envelope was answered 2xx. The transaction goes first because some servers (Bugsink)
answer every envelope with a 24-hour transaction rate limit, after which the SDK would
drop any later transaction of the process.

With an API token it then reads every accepted event back, polling with backoff since
ingestion can lag. Which API (kept simple on purpose):

* **Bugsink**: ``GET <base>/api/canonical/0/`` with the token answers 200, where
  ``<base>`` is ``api_url`` when given, else the DSN's scheme, host and port. Events are
  looked up at ``<base>/api/canonical/0/events/lookup/?project=<dsn project>&event_id=<id>``.
  Bugsink stores no transactions, so that read-back is skipped. (The probe is not made
  for ``*.sentry.io`` DSNs.)
* **Sentry** (SaaS or self-hosted), otherwise, when ``org`` and ``project`` are given:
  ``GET <api>/api/0/projects/<org>/<project>/events/<id>/``; ``<api>`` is ``api_url``, or
  derived from the DSN host (``o123.ingest.sentry.io`` → ``https://sentry.io``,
  ``o1.ingest.us.sentry.io`` → ``https://us.sentry.io``, any other host: itself).

The DSN's keys and the token never appear in a detail: texts are redacted before they
are stored. Sentry is shut down at the end.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import sentry_sdk
import urllib3.exceptions
from sentry_sdk.envelope import Envelope, Item
from sentry_sdk.transport import HttpTransport

from narra_forge.core.config import REDACTED, redact_dsn, validate_dsn
from narra_forge.core.errors import ConfigError, InputError
from narra_forge.monitoring.api import (
    add_breadcrumb,
    capture_exception,
    capture_message,
    flush,
    isolation_scope,
    set_context,
)
from narra_forge.monitoring.setup import init_sentry, shutdown_sentry
from narra_forge.monitoring.tracing import SentrySpan, SentryTransaction

CheckKind = Literal["check", "warn", "info", "skip"]

_LABELS: dict[str, str] = {"check": "PASS", "warn": "WARN", "info": "INFO", "skip": "SKIP"}

#: the five payloads, in sending order (see the module docstring for why)
SEND_CHECKS: tuple[str, ...] = (
    "test transaction", "test error", "test message", "error with breadcrumbs",
    "error with context",
)
CONTEXT_NAME = "narra_forge_check"
SPAN_OP = "check.step"


# -- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One verdict. ``ok`` False fails the run; ``kind`` only changes the label of a
    passing check (``warn``/``info``/``skip`` do not fail it)."""

    name: str
    ok: bool
    detail: str
    fix: str | None = None
    kind: CheckKind = "check"

    @property
    def label(self) -> str:
        return "FAIL" if not self.ok else _LABELS[self.kind]

    def line(self) -> str:
        """``PASS name: detail``; the fix is appended unless the check passed plainly."""
        text = f"{self.label} {self.name}: {self.detail}"
        if self.fix and (not self.ok or self.kind != "check"):
            text += f"; fix: {self.fix}"
        return text


@dataclass
class DeliveryReport:
    """Every check of one run, in order, for the (redacted) DSN it went to."""

    target: str
    checks: list[Check] = field(default_factory=list)
    #: the API events were read back through: "bugsink", "sentry" or None
    api: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def failed(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]

    def summary(self) -> str:
        counts: dict[str, int] = {}
        for check in self.checks:
            counts[check.label] = counts.get(check.label, 0) + 1
        parts = [f"{counts[label]} {word}" for label, word in (
            ("PASS", "passed"), ("FAIL", "failed"), ("WARN", "warned"), ("SKIP", "skipped"),
        ) if counts.get(label)]
        verdict = "is receiving data" if self.ok else "is NOT receiving everything"
        return f"{', '.join(parts)} in {self.seconds:.1f} s: {self.target} {verdict}"


# -- DSN ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DsnParts:
    """The parts of a DSN this module needs."""

    scheme: str
    host: str
    port: int
    netloc: str  # host[:port] as written, without the keys
    prefix: str  # path before the project id ("" usually)
    project_id: str
    public_key: str
    secret_key: str | None

    @classmethod
    def parse(cls, dsn: str) -> DsnParts:
        """Parse a DSN; raises `ConfigError` (without the key) when it is malformed."""
        try:
            dsn = validate_dsn(dsn)
            parts = urllib.parse.urlsplit(dsn)
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            shown = redact_dsn(dsn) if "@" in dsn else repr(dsn)
            raise ConfigError(
                f"SENTRY_DSN={shown} is invalid: expected a Sentry DSN such as "
                "https://<public_key>@<host>/<project_id>"
            ) from None
        path = parts.path.rstrip("/")
        prefix, _, project_id = path.rpartition("/")
        return cls(
            scheme=parts.scheme,
            host=parts.hostname or "",
            port=port,
            netloc=parts.netloc.rsplit("@", 1)[1],
            prefix=prefix,
            project_id=project_id,
            public_key=parts.username or "",
            secret_key=parts.password,
        )

    @property
    def base_url(self) -> str:
        """``scheme://host[:port][prefix]``: where the server's web/API side lives."""
        return f"{self.scheme}://{self.netloc}{self.prefix}"

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def is_sentry_saas(self) -> bool:
        return self.host == "sentry.io" or self.host.endswith(".sentry.io")


def sentry_api_url(parts: DsnParts) -> str:
    """Sentry's web API for a DSN: ``o123.ingest[.region].sentry.io`` → ``https://[region.]sentry.io``."""
    match = re.match(r"^o\d+\.ingest\.(?P<rest>.+)$", parts.host)
    if match:
        return f"https://{match['rest']}"
    return parts.base_url


class _Redactor:
    """Cuts the DSN keys, the API token and any URL userinfo out of texts."""

    def __init__(self, *secrets: str | None) -> None:
        self._secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        text = redact_dsn(text)
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text


# -- the transport -----------------------------------------------------------------------


@dataclass
class Delivery:
    """What became of one envelope handed to the transport."""

    event_id: str | None
    item_types: tuple[str, ...]
    spans: int | None = None
    sent_types: tuple[str, ...] = ()
    status: int | None = None
    body: str = ""
    rate_limits: str | None = None
    retry_after: str | None = None
    error: str | None = None
    error_fix: str | None = None
    #: reasons the SDK (or this transport) dropped items: "ratelimit_backoff", ...
    dropped: list[str] = field(default_factory=list)
    done: bool = False


class RecordingTransport(HttpTransport):
    """sentry-sdk's HTTP transport, recording per envelope what happened to it.

    Override points (sentry-sdk 2.7x ``BaseHttpTransport``): ``capture_envelope`` (queued;
    a full queue reports ``queue_overflow`` there), ``_send_envelope`` (runs in the worker;
    rate-limited items are removed in ``_prepare_envelope`` and reported through
    ``record_lost_event``; network errors escape ``_send_request``), ``_send_request``
    (what is actually posted) and ``_request`` (the urllib3 response). After a network
    failure (refused, timeout, reset), later envelopes are not attempted, so an outage
    costs one timeout, not one per envelope. ``TIMEOUT`` is the per-request timeout.
    """

    TIMEOUT: float = 10.0

    def __init__(self, options: dict[str, Any]) -> None:
        self.deliveries: list[Delivery] = []
        self.network_failure: str | None = None
        self._pending: dict[int, tuple[Envelope, Delivery]] = {}
        self._lock = threading.Lock()
        self._local = threading.local()
        super().__init__(options)

    @classmethod
    def with_timeout(cls, timeout: float) -> type[RecordingTransport]:
        """A subclass whose requests give up after ``timeout`` seconds."""
        return type(cls.__name__, (cls,), {"TIMEOUT": float(timeout)})

    # -- recording -------------------------------------------------------------------

    def _current(self) -> Delivery | None:
        return getattr(self._local, "current", None)

    @contextmanager
    def _recording(self, delivery: Delivery | None) -> Iterator[None]:
        previous = self._current()
        self._local.current = delivery
        try:
            yield
        finally:
            self._local.current = previous

    def delivery_for(self, event_id: str | None) -> Delivery | None:
        """The delivery of the envelope carrying ``event_id``."""
        if event_id is None:
            return None
        with self._lock:
            return next((d for d in self.deliveries if d.event_id == event_id), None)

    def all_done(self) -> bool:
        with self._lock:
            return all(d.done for d in self.deliveries)

    # -- overrides -------------------------------------------------------------------

    def capture_envelope(self, envelope: Envelope) -> None:
        delivery = Delivery(
            event_id=envelope.headers.get("event_id"),
            item_types=tuple(str(item.type) for item in envelope.items),
            spans=_span_count(envelope.items),
        )
        with self._lock:
            self.deliveries.append(delivery)
            self._pending[id(envelope)] = (envelope, delivery)
        with self._recording(delivery):
            super().capture_envelope(envelope)
        if "queue_overflow" in delivery.dropped:
            delivery.done = True

    def _send_envelope(self, envelope: Envelope) -> None:
        with self._lock:
            entry = self._pending.pop(id(envelope), None)
        delivery = entry[1] if entry else None
        with self._recording(delivery):
            try:
                if self.network_failure is not None:
                    if delivery is not None:
                        delivery.dropped.append("not attempted")
                    return
                super()._send_envelope(envelope)
            except Exception as exc:
                detail, fix, network = describe_send_error(exc, self.TIMEOUT, self._where())
                if delivery is not None:
                    delivery.error, delivery.error_fix = detail, fix
                if network:
                    self.network_failure = detail
            finally:
                if delivery is not None:
                    delivery.done = True

    def _send_request(
        self,
        body: bytes,
        headers: dict[str, str],
        endpoint_type: Any,
        envelope: Envelope | None = None,
    ) -> None:
        delivery = self._current()
        if delivery is not None and envelope is not None:
            delivery.sent_types = tuple(str(item.type) for item in envelope.items)
        super()._send_request(body, headers, endpoint_type, envelope)

    def _request(self, method: str, endpoint_type: Any, body: Any, headers: Any) -> Any:
        response = super()._request(method, endpoint_type, body, headers)
        delivery = self._current()
        if delivery is not None:
            delivery.status = int(response.status)
            delivery.rate_limits = response.headers.get("x-sentry-rate-limits")
            delivery.retry_after = response.headers.get("retry-after")
            if not 200 <= response.status < 300:
                data = getattr(response, "data", b"") or b""
                delivery.body = data[:300].decode("utf-8", "replace").strip()
        return response

    def record_lost_event(
        self,
        reason: str,
        data_category: Any = None,
        item: Item | None = None,
        *,
        quantity: int = 1,
    ) -> None:
        delivery = self._current()
        if delivery is not None and reason not in delivery.dropped:
            delivery.dropped.append(reason)
        super().record_lost_event(reason, data_category, item, quantity=quantity)

    def _where(self) -> str:
        dsn = self.parsed_dsn
        if dsn is None:
            return "the server"
        return f"{dsn.host}:{dsn.port}"


def _span_count(items: list[Item]) -> int | None:
    for item in items:
        if item.type == "transaction":
            event = item.get_transaction_event() or {}
            return len(event.get("spans") or [])
    return None


def describe_send_error(exc: BaseException, timeout: float, where: str) -> tuple[str, str, bool]:
    """``(detail, fix, is_network_failure)`` for an exception raised while posting."""
    reason: BaseException = exc
    if isinstance(exc, urllib3.exceptions.MaxRetryError) and exc.reason is not None:
        reason = exc.reason
    chain = _chain(reason)
    # urllib3's NewConnectionError subclasses ConnectTimeoutError: look at it first.
    if isinstance(reason, urllib3.exceptions.NameResolutionError) or any(
        isinstance(e, socket.gaierror) for e in chain
    ):
        return (f"cannot resolve {where.rsplit(':', 1)[0]}",
                "check the DSN's host name and your DNS/network (offline?)", True)
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in str(reason):
        return (f"connection refused at {where}",
                "nothing listens there: start the server, or fix the DSN's host and port", True)
    if isinstance(reason, urllib3.exceptions.NewConnectionError):
        return (f"cannot connect to {where}: {short_error(reason)}",
                "check the DSN's host and port, your network, firewall or proxy", True)
    if isinstance(reason, urllib3.exceptions.ConnectTimeoutError):
        return (f"could not connect to {where} within {timeout:g} s",
                "check the DSN's host and port, your network, firewall or proxy", True)
    if isinstance(reason, urllib3.exceptions.TimeoutError | TimeoutError):
        return (f"no answer from {where} within {timeout:g} s (timed out)",
                "the server accepted the connection but never answered: is it overloaded, "
                "or is a proxy/firewall holding the request? try a longer --timeout", True)
    if isinstance(reason, urllib3.exceptions.SSLError):
        return (f"TLS error talking to {where}: {short_error(reason)}",
                "check the certificate (SSL_CERT_FILE / ca_certs) or use the right scheme", True)
    if isinstance(reason, urllib3.exceptions.ProxyError):
        return (f"the proxy failed for {where}: {short_error(reason)}",
                "check HTTPS_PROXY/HTTP_PROXY/NO_PROXY", True)
    if isinstance(reason, urllib3.exceptions.ProtocolError | ConnectionError):
        return (f"{where} closed the connection without an answer",
                "the server dropped the request: is it a Sentry ingestion endpoint? check "
                "its logs, or a proxy in between", True)
    return (f"{type(reason).__name__}: {short_error(reason)}",
            "set SENTRY_DEBUG=true and run again to see the SDK's transport log", False)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 10:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def short_error(exc: BaseException) -> str:
    text = re.sub(r"<[^>]* object at 0x[0-9a-f]+>:?\s*", "", str(exc)).strip()
    return text[:200] or type(exc).__name__


_STATUS_FIX: dict[int, str] = {
    400: "the server rejected the envelope as malformed: is a proxy rewriting requests?",
    401: "the DSN's key is wrong or revoked: copy the DSN again from Project Settings > "
         "Client Keys (DSN)",
    403: "the DSN's key is wrong, revoked or of another project: copy the DSN again from "
         "Project Settings > Client Keys (DSN)",
    404: "no such project or endpoint at this host: check the DSN's host and project id",
    413: "the envelope is larger than the server accepts",
}


def _status_fix(status: int, retry_after: str | None) -> str:
    if status == 429:
        wait = f" (Retry-After {retry_after} s)" if retry_after else ""
        return (f"the project is rate-limited or out of quota{wait}: wait, raise the quota "
                "or spike protection, or lower SENTRY_TRACES_SAMPLE_RATE")
    if status >= 500:
        return "the server failed: try again later; on self-hosted Sentry or Bugsink check its logs"
    return _STATUS_FIX.get(status, "check that the DSN points at a Sentry ingestion endpoint")


_DROP_REASONS: dict[str, str] = {
    "ratelimit_backoff": "dropped by the SDK: the server rate-limited this category earlier "
                         "in this run (X-Sentry-Rate-Limits or HTTP 429)",
    "queue_overflow": "dropped by the SDK: its send queue was full",
}


def send_verdict(
    name: str,
    delivery: Delivery | None,
    item_type: str,
    *,
    event_id: str | None,
    flush_wait: float,
    redact: Callable[[str], str],
) -> Check:
    """The send check for one payload, from what the transport recorded."""
    if event_id is None or delivery is None:
        return Check(name, False, "not sent: dropped before reaching the transport "
                     "(a before_send hook or sampling)",
                     "check before_send / before_send_transaction hooks and sample rates")
    short_id = event_id[:12]
    if delivery.status is not None and item_type in delivery.sent_types:
        status = delivery.status
        if 200 <= status < 300:
            spans = f" with {delivery.spans} spans" if delivery.spans is not None else ""
            return Check(name, True, f"accepted (HTTP {status}), event {event_id}{spans}")
        body = f": {redact(delivery.body)}" if delivery.body else ""
        retry = f", Retry-After {delivery.retry_after} s" if delivery.retry_after else ""
        return Check(name, False, f"HTTP {status}{retry}{body} (event {short_id})",
                     _status_fix(status, delivery.retry_after))
    if delivery.error is not None:
        return Check(name, False, redact(delivery.error), delivery.error_fix)
    for reason in delivery.dropped:
        if reason in _DROP_REASONS:
            limits = f" [{delivery.rate_limits}]" if delivery.rate_limits else ""
            return Check(name, False, _DROP_REASONS[reason] + limits,
                         "wait for the rate limit to expire, or raise the project's quota")
        if reason == "not attempted":
            return Check(name, False, "not attempted: an earlier envelope already failed "
                         "on the network (see above)", "fix that failure first")
    if not delivery.done:
        return Check(name, False, f"still queued after waiting {flush_wait:g} s",
                     "the server is slow: try a longer --timeout")
    return Check(name, False, f"no {item_type} was posted (dropped: "
                 f"{', '.join(delivery.dropped) or 'unknown'})",
                 "set SENTRY_DEBUG=true and run again to see the SDK's transport log")


# -- sending -----------------------------------------------------------------------------


@dataclass
class _Sent:
    name: str
    item_type: str
    event_id: str | None
    #: strings that must appear in the stored event
    markers: tuple[str, ...]


@contextmanager
def _recording_sentry(dsn: str, timeout: float, **options: Any) -> Iterator[RecordingTransport]:
    """``init_sentry`` with a `RecordingTransport`; Sentry is shut down on exit."""
    init_sentry(
        dsn=dsn,
        transport=RecordingTransport.with_timeout(timeout),
        traces_sample_rate=1.0,
        profiles_sample_rate=0.0,
        **options,
    )
    try:
        transport = sentry_sdk.get_client().transport
        if not isinstance(transport, RecordingTransport):  # pragma: no cover - defensive
            raise RuntimeError("init_sentry did not use the RecordingTransport")
        yield transport
    finally:
        shutdown_sentry(timeout=min(timeout, 1.0))


def _flush_wait(transport: RecordingTransport, budget: float) -> None:
    flush(timeout=budget)
    deadline = time.monotonic() + 0.2
    while not transport.all_done() and time.monotonic() < deadline:
        time.sleep(0.02)


def _send_payloads(run_id: str, tx_ids: list[str]) -> list[_Sent]:
    tags = {"narra_forge.check": "delivery", "check_run": run_id}
    sent: list[_Sent] = []

    tx_name = f"narra-forge delivery check {run_id}"
    with SentryTransaction(op="narra_forge.check", name=tx_name) as tx:
        tx.set_tag("check_run", run_id)
        for step in range(1, 4):
            with SentrySpan(op=SPAN_OP, description=f"step {step} of 3 ({run_id})"):
                time.sleep(0.001)
    sent.append(_Sent("test transaction", "transaction", tx_ids[0] if tx_ids else None,
                      (run_id,)))

    try:
        raise RuntimeError(f"NARRA_FORGE delivery check: test error ({run_id})")
    except RuntimeError as exc:
        event_id = capture_exception(exc, tags=tags)
    sent.append(_Sent("test error", "event", event_id, (f"test error ({run_id})",)))

    event_id = capture_message(f"NARRA_FORGE delivery check: test message ({run_id})",
                               level="info", tags=tags)
    sent.append(_Sent("test message", "event", event_id, (f"test message ({run_id})",)))

    crumbs = tuple(f"delivery check breadcrumb {i} of 3 ({run_id})" for i in range(1, 4))
    with isolation_scope():
        for crumb in crumbs:
            add_breadcrumb(message=crumb, category="narra_forge.check", level="info",
                           data={"run": run_id})
        try:
            raise RuntimeError(f"NARRA_FORGE delivery check: error with breadcrumbs ({run_id})")
        except RuntimeError as exc:
            event_id = capture_exception(exc, tags=tags)
    sent.append(_Sent("error with breadcrumbs", "event", event_id, crumbs))

    context_marker = f"context of check {run_id}"
    with isolation_scope():
        set_context(CONTEXT_NAME, {"run": run_id, "purpose": context_marker})
        try:
            raise RuntimeError(f"NARRA_FORGE delivery check: error with context ({run_id})")
        except RuntimeError as exc:
            event_id = capture_exception(exc, tags=tags)
    sent.append(_Sent("error with context", "event", event_id, (CONTEXT_NAME, context_marker)))
    return sent


def run_delivery_check(
    dsn: str,
    *,
    auth_token: str | None,
    org: str | None,
    project: str | None,
    api_url: str | None = None,
    timeout: float = 10,
    readback_timeout: float | None = None,
) -> DeliveryReport:
    """Send the five test payloads to ``dsn``, check each was accepted, read them back.

    ``timeout``: seconds per HTTP request. ``readback_timeout`` (default ``3 * timeout``,
    at least 10 s): how long to keep polling the API for events that are not stored yet.
    Raises `ConfigError` for a malformed DSN and `InputError` for a bad timeout.
    """
    if not timeout > 0:
        raise InputError(f"timeout must be a number of seconds > 0, not {timeout!r}")
    parts = DsnParts.parse(dsn)
    redact = _Redactor(parts.public_key, parts.secret_key, auth_token)
    report = DeliveryReport(target=redact_dsn(dsn.strip()))
    started = time.monotonic()
    run_id = uuid.uuid4().hex[:12]
    tx_ids: list[str] = []

    def remember_transaction(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
        if run_id in str(event.get("transaction", "")):
            tx_ids.append(str(event.get("event_id")))
        return event

    flush_wait = timeout * 3 + 1
    with _recording_sentry(dsn, timeout, before_send_transaction=remember_transaction) as transport:
        sent = _send_payloads(run_id, tx_ids)
        _flush_wait(transport, flush_wait)
        for item in sent:
            report.checks.append(send_verdict(
                item.name, transport.delivery_for(item.event_id), item.item_type,
                event_id=item.event_id, flush_wait=flush_wait, redact=redact,
            ))

    accepted = [item for item, check in zip(sent, report.checks, strict=True) if check.ok]
    report.checks.extend(_read_back(
        parts, accepted, auth_token=auth_token, org=org, project=project, api_url=api_url,
        timeout=timeout, wait=readback_timeout if readback_timeout is not None
        else max(10.0, 3 * timeout), redact=redact, report=report,
    ))
    report.seconds = time.monotonic() - started
    return report


def send_test_event(dsn: str, *, timeout: float = 5) -> Check:
    """Send one test message and report whether it was accepted (2xx): doctor's last check."""
    parts = DsnParts.parse(dsn)
    redact = _Redactor(parts.public_key, parts.secret_key)
    flush_wait = timeout * 2 + 1
    with _recording_sentry(dsn, timeout) as transport:
        event_id = capture_message("NARRA_FORGE doctor: test event", level="info",
                                   tags={"narra_forge.check": "doctor"})
        _flush_wait(transport, flush_wait)
        return send_verdict("test event", transport.delivery_for(event_id), "event",
                            event_id=event_id, flush_wait=flush_wait, redact=redact)


# -- reading back ------------------------------------------------------------------------


def _get_json(url: str, token: str, timeout: float) -> tuple[int | None, Any, str]:
    """``(status, parsed JSON or None, error text)``; status None when nothing answered."""
    request = urllib.request.Request(url, headers={
        "Authorization": f"Bearer {token}", "Accept": "application/json",
    })
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            raw = response.read()
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, None, exc.read()[:200].decode("utf-8", "replace").strip()
    except (OSError, ValueError) as exc:
        return None, None, short_error(exc)
    try:
        return status, json.loads(raw), ""
    except ValueError:
        return status, None, "the answer is not JSON"


@dataclass(frozen=True)
class _Api:
    kind: str  # "bugsink" | "sentry"
    base: str
    event_url: Callable[[str], str]


def _detect_api(
    parts: DsnParts,
    token: str,
    org: str | None,
    project: str | None,
    api_url: str | None,
    timeout: float,
) -> _Api | Check:
    """Which API to read events from (module docstring), or a check saying why none."""
    base = (api_url or parts.base_url).rstrip("/")
    if not parts.is_sentry_saas:
        status, data, _ = _get_json(f"{base}/api/canonical/0/", token, timeout)
        if status == 200 and isinstance(data, dict) and "events" in data:
            project_id = parts.project_id
            return _Api("bugsink", base, lambda event_id: (
                f"{base}/api/canonical/0/events/lookup/?"
                + urllib.parse.urlencode({"project": project_id, "event_id": event_id})
            ))
    if not (org and project):
        return Check("read back", True,
                     "SENTRY_AUTH_TOKEN is set but SENTRY_ORG and SENTRY_PROJECT are "
                     "not, and the server has no Bugsink API", kind="skip",
                     fix="set SENTRY_ORG and SENTRY_PROJECT (slugs) to read events back")
    sentry_base = (api_url or sentry_api_url(parts)).rstrip("/")
    org_q, project_q = urllib.parse.quote(org, safe=""), urllib.parse.quote(project, safe="")
    return _Api("sentry", sentry_base, lambda event_id: (
        f"{sentry_base}/api/0/projects/{org_q}/{project_q}/events/{event_id}/"
    ))


def _read_back(
    parts: DsnParts,
    accepted: list[_Sent],
    *,
    auth_token: str | None,
    org: str | None,
    project: str | None,
    api_url: str | None,
    timeout: float,
    wait: float,
    redact: Callable[[str], str],
    report: DeliveryReport,
) -> list[Check]:
    if not auth_token:
        return [Check("read back", True,
                      "no SENTRY_AUTH_TOKEN, so delivery is proven by HTTP 2xx only",
                      kind="skip",
                      fix="set SENTRY_AUTH_TOKEN (and SENTRY_ORG, SENTRY_PROJECT for Sentry) "
                          "to read the events back")]
    if not accepted:
        return []
    api = _detect_api(parts, auth_token, org, project, api_url, timeout)
    if isinstance(api, Check):
        return [api]
    report.api = api.kind
    checks: dict[str, Check] = {}
    pending: dict[str, _Sent] = {}
    for item in accepted:
        if api.kind == "bugsink" and item.item_type == "transaction":
            checks[item.name] = Check(f"{item.name} stored", True,
                                      "Bugsink stores no transactions", kind="skip")
        elif item.event_id:
            pending[item.name] = item
    label = "Bugsink" if api.kind == "bugsink" else "Sentry"
    last: dict[str, str] = {}
    deadline = time.monotonic() + wait
    delay = 0.25
    while pending:
        for name, item in list(pending.items()):
            assert item.event_id is not None
            status, data, error = _get_json(api.event_url(item.event_id), auth_token, timeout)
            if status == 200:
                text = json.dumps(data)
                missing = [m for m in item.markers if m not in text]
                checks[name] = Check(f"{name} stored", not missing, (
                    f"found via the {label} API at {redact(api.base)}" if not missing
                    else f"stored, but without {missing[0]!r}"
                ), None if not missing else
                    "a before_send/before_breadcrumb hook or server-side scrubbing removed it")
                del pending[name]
            elif status in (401, 403):
                fix = ("give the token the event:read (project:read) scope, for organization "
                       f"{org!r}" if api.kind == "sentry" else "create a new Bugsink auth token")
                for other, _ in list(pending.items()):
                    checks[other] = Check(f"{other} stored", False,
                                          f"the {label} API refused SENTRY_AUTH_TOKEN "
                                          f"(HTTP {status})", fix)
                pending.clear()
            else:
                last[name] = f"HTTP {status}" if status is not None else redact(error)
        if not pending or time.monotonic() + delay > deadline:
            break
        time.sleep(delay)
        delay = min(delay * 2, 4.0)
    for name, item in pending.items():
        checks[name] = Check(
            f"{name} stored", False,
            f"not found via the {label} API after {wait:g} s ({last.get(name, 'no answer')}, "
            f"event {item.event_id})",
            "ingestion can lag: run again; check the project's inbound filters and quota"
            + (f", and that SENTRY_ORG={org} / SENTRY_PROJECT={project} match the DSN's project"
               if api.kind == "sentry" else ""),
        )
    return [checks[item.name] for item in accepted if item.name in checks]


__all__ = [
    "SEND_CHECKS",
    "Check",
    "Delivery",
    "DeliveryReport",
    "DsnParts",
    "RecordingTransport",
    "describe_send_error",
    "run_delivery_check",
    "send_test_event",
    "send_verdict",
    "sentry_api_url",
    "short_error",
]
