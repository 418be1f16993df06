"""An in-process Sentry capture whose every payload Relay's normalizer must accept."""

from __future__ import annotations

import json
from typing import Any

from sentry_relay import StoreNormalizer

from narra_forge.monitoring import init_sentry
from narra_forge.monitoring.testing import CapturingTransport

#: a well-formed DSN for a host that is never contacted (the transport is in-process)
TEST_DSN = "https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.invalid/42"

_NORMALIZER = StoreNormalizer(project_id=1)


def normalize(payload: dict[str, Any]) -> dict[str, Any]:
    """Run a payload through Relay as Sentry's ingestion would; fail on any error."""
    result = _NORMALIZER.normalize_event(payload)
    assert not result.get("errors"), json.dumps(result.get("errors"), indent=1)
    return result


class SentryCapture:
    """Starts Sentry with an in-process transport; hands out what was 'sent'."""

    def __init__(self) -> None:
        self.transport = CapturingTransport()

    def init(self, **options: Any) -> CapturingTransport:
        options.setdefault("traces_sample_rate", 1.0)
        assert init_sentry(dsn=options.pop("dsn", TEST_DSN), transport=self.transport, **options)
        return self.transport

    def events(self) -> list[dict[str, Any]]:
        return self.transport.events()

    def transactions(self) -> list[dict[str, Any]]:
        return self.transport.transactions()

    def raw(self) -> bytes:
        return self.transport.raw()
