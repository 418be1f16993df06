"""Capture what the SDK would send, in-process: for tests and for ``monitoring`` checks.

``CapturingTransport`` is a real ``sentry_sdk.transport.Transport``: every envelope the
client produces passes through the same serialization as on the wire.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport


class CapturingTransport(Transport):
    def __init__(self, options: dict[str, Any] | None = None) -> None:
        super().__init__(options)
        self._lock = threading.Lock()
        self.envelopes: list[Envelope] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        with self._lock:
            self.envelopes.append(envelope)

    def flush(self, timeout: float, callback: Any = None) -> None:
        pass

    def kill(self) -> None:
        pass

    def items(self, *types: str) -> list[dict[str, Any]]:
        """Payloads of the given item types, decoded from their wire bytes."""
        with self._lock:
            envelopes = list(self.envelopes)
        return [
            json.loads(item.get_bytes())
            for envelope in envelopes
            for item in envelope.items
            if item.type in types
        ]

    def events(self) -> list[dict[str, Any]]:
        return self.items("event")

    def transactions(self) -> list[dict[str, Any]]:
        return self.items("transaction")

    def raw(self) -> bytes:
        with self._lock:
            return b"\n".join(e.serialize() for e in self.envelopes)

    def clear(self) -> None:
        with self._lock:
            self.envelopes.clear()
