"""Secrets never leave the process; emails and IPs only when PII sending is enabled."""

from __future__ import annotations

import logging
from typing import Any

import pytest
import sentry_sdk

from narra_forge.monitoring import (
    SentrySpan,
    SentryTransaction,
    add_breadcrumb,
    capture_exception,
    capture_message,
    register_secret,
    set_context,
    set_tag,
    set_user,
)
from narra_forge.monitoring.scrubbing import FILTERED, is_secret_key, scrub_text
from tests.support.capture import SentryCapture

OPENAI_KEY = "sk-proj-PLANTEDkey0123456789abcdef"
DSN_KEY = "0123456789abcdef0123456789abcdef"  # the TEST_DSN public key
BEARER = "Bearer PLANTEDbearer.token-value"
EMAIL = "reader@example.com"
IP = "203.0.113.77"
SECRET_WORD = "PLANTED-opaque-value"


@pytest.mark.parametrize(
    "key",
    ["api_key", "OPENAI_API_KEY", "openai_api_key", "client_secret", "secret_key",
     "access_token", "Password", "db_password", "dsn", "SENTRY_DSN", "Authorization",
     "x-api-key", "refresh_token", "auth", "cookie", "private_key"],
)
def test_secret_keys_match_by_substring(key: str) -> None:
    assert is_secret_key(key)


@pytest.mark.parametrize(
    "key",
    ["model", "tokens", "tokens_used", "max_tokens", "gen_ai.usage.input_tokens",
     "total_tokens", "author", "word_count", "retry_attempt", "wait_time", "job_id"],
)
def test_ordinary_keys_are_not_secret(key: str) -> None:
    assert not is_secret_key(key)


def test_values_are_redacted_in_text() -> None:
    text = (f"key={OPENAI_KEY} dsn=https://{DSN_KEY}@o1.ingest.sentry.io/42 "
            f"header: {BEARER} sentry_key={DSN_KEY}")
    out = scrub_text(text, pii=True)
    assert OPENAI_KEY not in out and DSN_KEY not in out and "PLANTEDbearer" not in out
    assert "o1.ingest.sentry.io/42" in out
    masked = scrub_text("Incorrect API key provided: sk-proj-***********************wxyz.")
    assert "wxyz" not in masked and "***" not in masked
    assert scrub_text(f"mail {EMAIL} from {IP}", pii=False) == f"mail {FILTERED} from {FILTERED}"
    assert scrub_text(f"mail {EMAIL} from {IP}", pii=True) == f"mail {EMAIL} from {IP}"


def _fail_with_secret_locals() -> None:
    openai_api_key = OPENAI_KEY  # noqa: F841 - a frame local with a compound secret name
    settings = {"client_secret": SECRET_WORD, "model": "gpt-4o"}  # noqa: F841
    contact = EMAIL  # noqa: F841
    raise RuntimeError(f"request failed for key sk-proj-PLANTEDkey0123456789abcdef from {IP}")


def _everything_planted(sentry: SentryCapture) -> None:
    def add_request(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
        event["request"] = {
            "url": "https://api.example.com/v1",
            "headers": {"Authorization": BEARER, "X-Api-Key": SECRET_WORD, "Accept": "json"},
            "data": {"password": SECRET_WORD, "prompt": "hello"},
        }
        return event

    sentry_sdk.get_isolation_scope().add_event_processor(add_request)
    set_tag("access_token", SECRET_WORD)
    set_context("api", {"api_key": "sk-...", "model": "gpt-4o", "tokens": 5000})
    set_context("deep", {"level1": {"level2": {"openai_api_key": SECRET_WORD, "tokens_used": 9}}})
    add_breadcrumb(message=f"called with {OPENAI_KEY}", category="api",
                   data={"secret_key": SECRET_WORD, "tokens_used": 1500, "ip": IP})
    logging.getLogger("narra_forge.test").info("connecting with %s", BEARER)
    with SentryTransaction(op="pipeline.execute", name="t"):
        with SentrySpan(op="gen_ai.chat", description="chat gpt-4o") as span:
            span.set_data("authorization", BEARER)
            span.set_data("gen_ai.usage.input_tokens", 12)
    try:
        _fail_with_secret_locals()
    except RuntimeError as exc:
        capture_exception(exc, extras={"openai_api_key": OPENAI_KEY, "email": EMAIL,
                                       "nested": {"dsn": f"https://{DSN_KEY}@h/1"}})
    capture_message(f"message mentions {OPENAI_KEY} and {EMAIL}")


def test_nothing_secret_reaches_any_envelope(sentry: SentryCapture) -> None:
    sentry.init()
    _everything_planted(sentry)
    raw = sentry.raw().decode()
    for planted in (OPENAI_KEY, DSN_KEY, "PLANTEDbearer", SECRET_WORD, EMAIL, IP):
        assert planted not in raw, planted
    exc_event, msg_event = sentry.events()
    assert OPENAI_KEY not in msg_event["message"] and EMAIL not in msg_event["message"]
    [tx] = sentry.transactions()
    frame = exc_event["exception"]["values"][0]["stacktrace"]["frames"][-1]
    assert frame["vars"]["openai_api_key"] == FILTERED
    assert "sk-proj" not in frame["context_line"]
    assert exc_event["tags"]["access_token"] == FILTERED
    assert exc_event["contexts"]["deep"]["level1"]["level2"] == {
        "openai_api_key": FILTERED, "tokens_used": 9}
    assert exc_event["request"]["headers"]["Accept"] == "json"
    assert exc_event["request"]["data"]["prompt"] == "hello"
    crumbs = exc_event["breadcrumbs"]["values"]
    api_crumb = next(c for c in crumbs if c.get("category") == "api")
    assert api_crumb["data"]["tokens_used"] == 1500
    chat = tx["spans"][0]
    assert chat["data"]["authorization"] == FILTERED
    assert chat["data"]["gen_ai.usage.input_tokens"] == 12


def test_guide_bad_context_loses_key_but_keeps_fields(sentry: SentryCapture) -> None:
    sentry.init()
    set_context("api", {"api_key": "sk-...", "model": "gpt-4o"})
    capture_message("x")
    assert sentry.events()[0]["contexts"]["api"] == {"api_key": FILTERED, "model": "gpt-4o"}


def test_pii_kept_only_when_enabled(sentry: SentryCapture) -> None:
    sentry.init(send_default_pii=True)
    capture_message(f"reader {EMAIL} at {IP}", extras={"contact": EMAIL})
    event = sentry.events()[0]
    assert event["message"] == f"reader {EMAIL} at {IP}"
    assert event["extra"]["contact"] == EMAIL


def test_set_user_is_sent_as_given(sentry: SentryCapture) -> None:
    sentry.init()
    set_user(user_id="user_123", email="user@example.com", username="john_doe")
    capture_message(f"no pii here: {EMAIL}")
    event = sentry.events()[0]
    assert event["user"] == {"id": "user_123", "email": "user@example.com", "username": "john_doe"}
    assert EMAIL not in event["message"]


def test_registered_secret_is_cut_anywhere(sentry: SentryCapture) -> None:
    sentry.init()
    register_secret("opaque-corporate-key-998877")
    capture_message("proxy rejected opaque-corporate-key-998877")
    assert "998877" not in sentry.raw().decode()
