"""Every Python block of the guide's Manual Initialization, Features, Best Practices and
Troubleshooting sections runs as written and yields the events the guide says it yields.

Placeholders the guide leaves to the reader (``risky_operation``, ``world_architect`` …)
get small local definitions. Feature 1 (an uncaught exception) runs in a subprocess in
``test_uncaught.py``, taken from the guide too.
"""

from __future__ import annotations

from typing import Any

import pytest
import sentry_sdk

from narra_forge.core.errors import ConfigError
from narra_forge.monitoring import capture_exception, capture_message, is_enabled
from narra_forge.monitoring.scrubbing import FILTERED
from tests.support import guide
from tests.support.capture import TEST_DSN, SentryCapture


def _options() -> dict[str, Any]:
    return sentry_sdk.get_client().options


def test_manual_initialization(sentry: SentryCapture) -> None:
    guide.run(guide.block("Manual Initialization"))
    assert is_enabled()
    options = _options()
    assert options["dsn"] == "https://your-dsn@o123.ingest.sentry.io/456"
    assert (options["environment"], options["release"]) == ("production", "narra-forge@2.0.0")
    assert options["traces_sample_rate"] == 0.2


def test_feature_2_manual_error_capture(sentry: SentryCapture) -> None:
    sentry.init()

    def risky_operation() -> None:
        raise ConnectionError("model endpoint unreachable")

    guide.run(guide.block("Features", "2. Manual Error Capture"),
              {"risky_operation": risky_operation, "input_data": {"prompt": "a dragon"}})
    capture_message("a later, unrelated event")
    handled, later = sentry.events()
    assert handled["exception"]["values"][0]["type"] == "ConnectionError"
    assert handled["tags"] == {"agent_id": "a06", "production_type": "short_story"}
    assert handled["extra"]["user_input"] == {"prompt": "a dragon"}
    assert "agent_id" not in later.get("tags", {})
    assert "user_input" not in later.get("extra", {})


def test_feature_3_performance_monitoring(sentry: SentryCapture) -> None:
    sentry.init()

    class Agent:
        def __init__(self, result: str) -> None:
            self.result = result

        async def execute(self, _: Any) -> str:
            return self.result

    namespace = guide.run(
        guide.block("Features", "3. Performance Monitoring"),
        {"world_architect": Agent("world"), "generator": Agent("narrative"), "brief": {}},
    )
    assert namespace["narrative"] == "narrative"
    [tx] = sentry.transactions()
    assert tx["transaction"] == "short_story_generation"
    trace = tx["contexts"]["trace"]
    assert (trace["op"], trace["description"]) == ("pipeline.execute",
                                                   "Generate 5k word fantasy story")
    assert tx["tags"] == {"production_type": "short_story", "genre": "fantasy"}
    assert [(s["op"], s["description"]) for s in tx["spans"]] == [
        ("agent.execute", "World Architect"), ("agent.execute", "Sequential Generator")]


def test_feature_4_breadcrumbs(sentry: SentryCapture) -> None:
    sentry.init()
    guide.run(guide.block("Features", "4. Breadcrumbs"))
    capture_exception(RuntimeError("error after the breadcrumbs"))
    crumbs = sentry.events()[0]["breadcrumbs"]["values"]
    assert [(c["message"], c["category"], c["level"], c["data"]) for c in crumbs[-2:]] == [
        ("Starting pipeline execution", "pipeline", "info",
         {"production_type": "short_story", "genre": "fantasy"}),
        ("Agent A02 completed", "agent", "info", {"duration": 12.5, "tokens_used": 1500}),
    ]


def test_feature_5_custom_context(sentry: SentryCapture) -> None:
    sentry.init()
    guide.run(guide.block("Features", "5. Custom Context"))
    capture_exception(RuntimeError("with context"))
    event = sentry.events()[0]
    assert event["contexts"]["job"] == {"job_id": "job_123", "production_type": "novella",
                                        "genre": "scifi", "word_count_target": 25000}
    assert event["tags"] == {"production_type": "novella",
                             "agent_id": "a06_sequential_generator", "model": "gpt-4o"}


def test_feature_6_user_tracking(sentry: SentryCapture) -> None:
    sentry.init()
    guide.run(guide.block("Features", "6. User Tracking"))
    capture_exception(RuntimeError("user-facing"))
    assert sentry.events()[0]["user"] == {"id": "user_123", "email": "user@example.com",
                                          "username": "john_doe"}


def test_feature_7_custom_messages(sentry: SentryCapture) -> None:
    sentry.init()
    guide.run(guide.block("Features", "7. Custom Messages"))
    [event] = sentry.events()
    assert event["message"] == "Pipeline completed with quality score below threshold"
    assert event["level"] == "warning"
    assert event["tags"] == {"coherence_score": "0.82", "threshold": "0.85"}


def test_best_practice_1_sample_rates(monkeypatch: pytest.MonkeyPatch, sentry: SentryCapture) -> None:
    monkeypatch.setenv("SENTRY_DSN", TEST_DSN)
    guide.run(guide.block("Best Practices", "1. Sample Rates"))
    assert is_enabled()
    assert _options()["traces_sample_rate"] == 0.1


def test_best_practice_2_filter_sensitive_data(sentry: SentryCapture) -> None:
    sentry.init()
    code = guide.block("Best Practices", "2. Filter Sensitive Data")
    good = code.split("# Bad")[0]
    guide.run(good)
    capture_message("good")
    guide.run(code)
    capture_message("good then bad")
    good_event, bad_event = sentry.events()
    assert good_event["contexts"]["api"] == {"model": "gpt-4o", "tokens": 5000}
    assert bad_event["contexts"]["api"] == {"api_key": FILTERED, "model": "gpt-4o"}
    assert "sk-..." not in sentry.raw().decode()


def test_best_practice_3_tags(sentry: SentryCapture) -> None:
    sentry.init()
    guide.run(guide.block("Best Practices", "3. Use Tags for Searchability"))
    capture_message("tagged")
    assert sentry.events()[0]["tags"] == {
        "production_type": "short_story", "genre": "fantasy", "agent_id": "a06",
        "model": "gpt-4o", "timestamp": "2024-01-17T10:30:00"}


def test_best_practice_4_transaction_names(sentry: SentryCapture) -> None:
    sentry.init()
    code = guide.block("Best Practices", "4. Meaningful Transaction Names")
    guide.run(code)  # constructing them starts nothing
    assert sentry.transactions() == []
    good = code.split("# Bad")[0].strip().splitlines()[-1]
    with eval(good, guide.run("from narra_forge.monitoring import SentryTransaction")):
        pass
    assert sentry.transactions()[0]["transaction"] == "short_story_fantasy_5k"


def test_best_practice_5_breadcrumbs(sentry: SentryCapture) -> None:
    sentry.init()
    guide.run(guide.block("Best Practices", "5. Contextual Breadcrumbs"))
    capture_message("after crumbs")
    crumbs = sentry.events()[0]["breadcrumbs"]["values"]
    assert (crumbs[-2]["message"], crumbs[-2]["category"], crumbs[-2]["level"],
            crumbs[-2]["data"]) == ("API rate limit encountered", "api", "warning",
                                    {"retry_attempt": 2, "wait_time": 5})
    assert (crumbs[-1]["message"], crumbs[-1]["category"]) == ("Thing happened", "misc")


def test_troubleshooting_debug_with_placeholder_dsn_is_a_clear_error() -> None:
    code = guide.blocks("Troubleshooting")[0]
    assert 'dsn="..."' in code
    with pytest.raises(ConfigError, match="not a valid Sentry DSN"):
        guide.run(code)
    assert not is_enabled()


def test_troubleshooting_debug_with_real_dsn(sentry: SentryCapture) -> None:
    code = guide.blocks("Troubleshooting")[0].replace('"..."', repr(TEST_DSN))
    guide.run(code)
    assert _options()["debug"] is True


def test_troubleshooting_reduce_sample_rates(monkeypatch: pytest.MonkeyPatch, sentry: SentryCapture) -> None:
    monkeypatch.setenv("SENTRY_DSN", TEST_DSN)
    guide.run(guide.blocks("Troubleshooting")[1])
    options = _options()
    assert (options["traces_sample_rate"], options["profile_session_sample_rate"]) == (0.05, 0.02)
    assert options["profile_lifecycle"] == "trace"


def test_troubleshooting_set_context_early(sentry: SentryCapture) -> None:
    sentry.init()

    async def execute_pipeline() -> None:
        raise RuntimeError("pipeline failed after context was set")

    with pytest.raises(RuntimeError) as info:
        guide.run(guide.blocks("Troubleshooting")[2], {"execute_pipeline": execute_pipeline})
    capture_exception(info.value)
    event = sentry.events()[0]
    assert event["contexts"]["job"] == {"value": ["Ellipsis"]}
    assert event["tags"]["production_type"] == "..."
