"""Which events are worth sending: the guide's ``before_send_hook``."""

from __future__ import annotations

import asyncio
from typing import Any

from narra_forge.core.errors import RateLimitError

#: set on an exception once it was sent, so it is never sent twice
REPORTED_ATTR = "__narra_forge_reported__"

Event = dict[str, Any]
Hint = dict[str, Any]


def _is_rate_limit(exc: BaseException) -> bool:
    if isinstance(exc, RateLimitError):
        return True
    # A provider SDK's own error (openai.RateLimitError) that escaped translation.
    return getattr(exc, "status_code", None) == 429 or any(
        cls.__name__ == "RateLimitError" for cls in type(exc).__mro__
    )


def _retries_exhausted(exc: BaseException, event: Event) -> bool:
    extra = event.get("extra") or {}
    return extra.get("retry_attempt") is not None or bool(getattr(exc, "retries_exhausted", False))


def before_send_hook(event: Event, hint: Hint) -> Event | None:
    """Drop noise, keep the rest.

    Dropped: an exception already sent (re-raised to an excepthook or logger),
    KeyboardInterrupt, ``asyncio.CancelledError``, ``SystemExit(0)`` (a normal
    exit), and provider rate-limit errors while they are still being retried; a rate-limit
    error whose retries ran out carries extra ``retry_attempt`` and is kept.
    """
    exc_info = hint.get("exc_info") if hint else None
    exc = exc_info[1] if exc_info else None
    if exc is None:
        return event
    if getattr(exc, REPORTED_ATTR, False):
        return None
    if isinstance(exc, KeyboardInterrupt | asyncio.CancelledError):
        return None
    if isinstance(exc, SystemExit) and exc.code in (0, None):
        return None
    if _is_rate_limit(exc) and not _retries_exhausted(exc, event):
        return None
    return event
