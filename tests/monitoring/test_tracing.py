"""SentryTransaction and SentrySpan: with/async with, status on error, no-op outside."""

from __future__ import annotations

import pytest

from narra_forge.monitoring import SentrySpan, SentryTransaction, capture_message, current_trace_id
from narra_forge.monitoring.tracing import NOOP_SPAN
from tests.support.capture import SentryCapture


def test_transaction_with_spans_tags_and_data(sentry: SentryCapture) -> None:
    sentry.init()
    with SentryTransaction(op="pipeline.execute", name="short_story_generation",
                           description="Generate 5k word fantasy story") as tx:
        tx.set_tag("genre", "fantasy")
        tx.set_data("word_count", 5000)
        with SentrySpan(op="stage.execute", description="World Architect") as span:
            span.set_data("tokens", 10)
            with SentrySpan(op="gen_ai.chat", description="chat m") as inner:
                inner.set_tag("model", "m")
        trace_id = current_trace_id()
    [event] = sentry.transactions()
    assert event["transaction"] == "short_story_generation"
    assert event["contexts"]["trace"]["op"] == "pipeline.execute"
    assert event["contexts"]["trace"]["description"] == "Generate 5k word fantasy story"
    assert event["contexts"]["trace"]["trace_id"] == trace_id
    assert event["tags"]["genre"] == "fantasy"
    assert event["contexts"]["trace"]["data"]["word_count"] == 5000
    stage, chat = sorted(event["spans"], key=lambda s: s["start_timestamp"])
    assert (stage["op"], stage["description"], stage["data"]["tokens"]) == (
        "stage.execute", "World Architect", 10)
    assert chat["parent_span_id"] == stage["span_id"]
    assert chat["tags"] == {"model": "m"}


async def test_async_with_and_exception_marks_internal_error(sentry: SentryCapture) -> None:
    sentry.init()
    with pytest.raises(ZeroDivisionError):
        async with SentryTransaction(op="pipeline.execute", name="failing"):
            async with SentrySpan(op="stage.execute", description="Sequential Generator"):
                _ = 1 / 0
    [event] = sentry.transactions()
    assert event["contexts"]["trace"]["status"] == "internal_error"
    assert event["spans"][0]["status"] == "internal_error"


def test_span_outside_transaction_is_noop(sentry: SentryCapture) -> None:
    sentry.init()
    with SentrySpan(op="stage.execute", description="orphan") as span:
        assert span is NOOP_SPAN
        span.set_data("x", 1)
        span.set_tag("y", "z")
        span.set_status("ok")
    capture_message("after")
    assert sentry.transactions() == []
    assert len(sentry.events()) == 1


def test_status_set_inside_is_kept(sentry: SentryCapture) -> None:
    sentry.init()
    with SentryTransaction(op="pipeline.execute", name="t") as tx:
        tx.set_status("cancelled")
    assert sentry.transactions()[0]["contexts"]["trace"]["status"] == "cancelled"


def test_unsampled_transaction_sends_nothing(sentry: SentryCapture) -> None:
    sentry.init(traces_sample_rate=0.0)
    with SentryTransaction(op="pipeline.execute", name="t"):
        with SentrySpan(op="stage.execute", description="s"):
            assert current_trace_id() is None
    assert sentry.transactions() == []
