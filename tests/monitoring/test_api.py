"""Capture calls: per-event tags and extras, return values, disabled no-ops, re-init."""

from __future__ import annotations

import logging
import warnings

import pytest
import sentry_sdk

from narra_forge.core.errors import ConfigError
from narra_forge.monitoring import (
    SentrySpan,
    SentryTransaction,
    add_breadcrumb,
    capture_exception,
    capture_message,
    init_sentry,
    is_enabled,
    set_context,
    set_tag,
    set_user,
)
from tests.support.capture import TEST_DSN, SentryCapture


def test_capture_returns_event_ids(sentry: SentryCapture) -> None:
    sentry.init()
    try:
        raise ValueError("boom")
    except ValueError as exc:
        exc_id = capture_exception(exc)
    msg_id = capture_message("hello", level="warning")
    events = sentry.events()
    assert [e["event_id"] for e in events] == [exc_id, msg_id]
    assert events[0]["exception"]["values"][0]["type"] == "ValueError"
    assert events[1]["level"] == "warning"
    assert events[1]["message"] == "hello"


def test_capture_exception_without_argument_uses_current_exception(sentry: SentryCapture) -> None:
    sentry.init()
    try:
        raise KeyError("current")
    except KeyError:
        assert capture_exception() is not None
    assert sentry.events()[0]["exception"]["values"][0]["type"] == "KeyError"


def test_tags_and_extras_belong_to_that_event_only(sentry: SentryCapture) -> None:
    """The original API leaked them into every later event through the global set_tag."""
    sentry.init()
    capture_exception(RuntimeError("first"), tags={"agent_id": "a06"}, extras={"user_input": "x"})
    capture_message("first message", tags={"coherence_score": "0.82"}, extras={"attempt": 1})
    capture_message("later")
    capture_exception(RuntimeError("later"))
    first_exc, first_msg, later_msg, later_exc = sentry.events()
    assert first_exc["tags"] == {"agent_id": "a06"}
    assert first_exc["extra"]["user_input"] == "x"
    assert first_msg["tags"] == {"coherence_score": "0.82"}
    for later in (later_msg, later_exc):
        assert "agent_id" not in later.get("tags", {})
        assert "coherence_score" not in later.get("tags", {})
        assert "user_input" not in later.get("extra", {})
        assert "attempt" not in later.get("extra", {})


def test_scope_calls_apply_to_later_events(sentry: SentryCapture) -> None:
    sentry.init()
    set_tag("production_type", "novella")
    set_context("job", {"job_id": "job_123"})
    set_user(user_id="user_123", email="user@example.com", username="john_doe")
    add_breadcrumb(message="step", category="pipeline", data={"n": 1})
    capture_message("with scope")
    event = sentry.events()[0]
    assert event["tags"]["production_type"] == "novella"
    assert event["contexts"]["job"] == {"job_id": "job_123"}
    assert event["user"] == {"id": "user_123", "email": "user@example.com", "username": "john_doe"}
    crumb = event["breadcrumbs"]["values"][-1]
    assert (crumb["message"], crumb["category"], crumb["data"]) == ("step", "pipeline", {"n": 1})


def test_non_mapping_context_is_wrapped(sentry: SentryCapture) -> None:
    sentry.init()
    set_context("job", {...})
    capture_message("x")
    assert sentry.events()[0]["contexts"]["job"] == {"value": ["Ellipsis"]}


def test_disabled_calls_are_silent_noops(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="narra_forge.monitoring"):
        assert init_sentry() is False
    warnings_logged = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings_logged) == 1
    assert "SENTRY_DSN" in warnings_logged[0].getMessage()
    assert not is_enabled()
    assert capture_exception(ValueError("x")) is None
    assert capture_message("x") is None
    add_breadcrumb(message="x")
    set_tag("a", "b")
    set_context("c", {"d": 1})
    set_user(user_id="u")
    with SentryTransaction(op="pipeline.execute", name="n") as tx:
        tx.set_tag("a", "b")
        tx.set_data("a", 1)
        tx.set_status("ok")
        with SentrySpan(op="stage.execute", description="s") as span:
            span.set_data("x", 1)
    assert not sentry_sdk.get_client().is_active()


def test_dsn_falls_back_to_environment(monkeypatch: pytest.MonkeyPatch, sentry: SentryCapture) -> None:
    monkeypatch.setenv("SENTRY_DSN", TEST_DSN)
    monkeypatch.setenv("SENTRY_ENVIRONMENT", "staging")
    assert init_sentry(transport=sentry.transport)
    options = sentry_sdk.get_client().options
    assert options["dsn"] == TEST_DSN
    assert options["environment"] == "staging"
    assert options["release"] == "narra-forge@2.0.0"


def test_release_defaults_to_package_version(sentry: SentryCapture) -> None:
    from narra_forge import __version__

    sentry.init()
    capture_message("release?")
    assert sentry.events()[0]["release"] == f"narra-forge@{__version__}"


@pytest.mark.parametrize("dsn", ["...", "not-a-dsn", "https://host-without-key/1", "https://k@h/x"])
def test_malformed_dsn_is_a_clear_config_error(dsn: str) -> None:
    with pytest.raises(ConfigError) as info:
        init_sentry(dsn=dsn, debug=True)
    message = str(info.value)
    assert "not a valid Sentry DSN" in message
    assert "\n" not in message
    assert not is_enabled()


def test_reinit_is_clean(sentry: SentryCapture) -> None:
    sentry.init(environment="first")
    set_tag("from_first_run", "yes")
    first_client = sentry_sdk.get_client()
    sentry.init(environment="second")
    assert sentry_sdk.get_client() is not first_client
    capture_message("after reinit")
    event = sentry.events()[-1]
    assert event["environment"] == "second"
    assert "from_first_run" not in event.get("tags", {})


def test_no_deprecation_warnings_from_the_facade(sentry: SentryCapture) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sentry.init(send_default_pii=False)
        with SentryTransaction(op="pipeline.execute", name="n", description="d"):
            with SentrySpan(op="stage.execute", description="World Architect"):
                add_breadcrumb(message="m")
        capture_message("ok")
