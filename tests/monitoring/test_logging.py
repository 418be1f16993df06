"""Standard logging: INFO and up become breadcrumbs, ERROR and up become events."""

from __future__ import annotations

import logging

from narra_forge.monitoring import capture_message
from tests.support.capture import SentryCapture

log = logging.getLogger("narra_forge.test_logging")
log.setLevel(logging.DEBUG)  # the logger's own level decides which records exist at all


def test_default_levels(sentry: SentryCapture) -> None:
    sentry.init()
    log.debug("debug is ignored")
    log.info("stage started")
    log.warning("slow stage")
    log.error("stage failed: %s", "World Architect")
    capture_message("after logging")
    error_event, message_event = sentry.events()
    assert error_event["logentry"]["message"] == "stage failed: %s"
    assert error_event["level"] == "error"
    crumbs = [c["message"] for c in message_event["breadcrumbs"]["values"]]
    assert "stage started" in crumbs and "slow stage" in crumbs
    assert "debug is ignored" not in crumbs


def test_levels_are_configurable(sentry: SentryCapture) -> None:
    sentry.init(breadcrumb_level=logging.WARNING, event_level=logging.CRITICAL)
    log.info("not a breadcrumb now")
    log.warning("a breadcrumb")
    log.error("not an event now")
    capture_message("probe")
    [event] = sentry.events()
    crumbs = [c["message"] for c in event["breadcrumbs"]["values"]]
    assert crumbs == ["a breadcrumb", "not an event now"]
