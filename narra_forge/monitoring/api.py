"""The guide's capture and scope calls: a thin facade over sentry-sdk's scopes.

Each call returns at once when Sentry is off. Tags and extras given to a capture call
belong to that one event (sentry-sdk's per-event scope keywords), never to later ones.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from contextlib import AbstractContextManager, suppress
from typing import Any, Literal

import sentry_sdk

from narra_forge.monitoring import _state
from narra_forge.monitoring.filters import REPORTED_ATTR

Level = Literal["fatal", "error", "warning", "info", "debug"]


def _scope_kwargs(**kwargs: Any) -> dict[str, Any]:
    return {k: v for k, v in kwargs.items() if v is not None}


def capture_exception(
    e: BaseException | None = None,
    tags: dict[str, Any] | None = None,
    extras: dict[str, Any] | None = None,
    *,
    contexts: dict[str, dict[str, Any]] | None = None,
    level: Level | None = None,
    fingerprint: list[str] | None = None,
) -> str | None:
    """Send one exception (the current one when ``e`` is None); the event id, or None."""
    if not _state.active:
        return None
    event_id = sentry_sdk.capture_exception(
        e, **_scope_kwargs(tags=tags, extras=extras, contexts=contexts, level=level,
                           fingerprint=fingerprint)
    )
    mark_reported(e if e is not None else sys.exc_info()[1])
    return event_id


def mark_reported(*errors: BaseException | None) -> None:
    """Remember that these errors reached Sentry, so re-raising them (to an excepthook,
    a logger or a caller's own capture) does not send them again."""
    for error in errors:
        if error is not None:
            with suppress(AttributeError):  # exceptions with __slots__
                setattr(error, REPORTED_ATTR, True)


def capture_message(
    message: str,
    level: Level = "info",
    tags: dict[str, Any] | None = None,
    extras: dict[str, Any] | None = None,
    *,
    contexts: dict[str, dict[str, Any]] | None = None,
    fingerprint: list[str] | None = None,
) -> str | None:
    """Send one message event; the event id, or None when disabled or dropped."""
    if not _state.active:
        return None
    return sentry_sdk.capture_message(
        message, level=level,
        **_scope_kwargs(tags=tags, extras=extras, contexts=contexts, fingerprint=fingerprint),
    )


def add_breadcrumb(
    message: str | None = None,
    category: str | None = None,
    level: Level = "info",
    data: dict[str, Any] | None = None,
    type: str | None = None,
) -> None:
    if not _state.active:
        return
    sentry_sdk.add_breadcrumb(
        **_scope_kwargs(message=message, category=category, level=level, data=data, type=type)
    )


def set_context(name: str, data: Mapping[str, Any] | Any) -> None:
    """Attach a context to later events of this job (isolation scope); scrubbed on send.

    Sentry contexts must be objects; anything else is wrapped as ``{"value": ...}``.
    """
    if not _state.active:
        return
    sentry_sdk.set_context(name, dict(data) if isinstance(data, Mapping) else {"value": data})


def set_tag(key: str, value: Any) -> None:
    if not _state.active:
        return
    sentry_sdk.set_tag(key, value)


def set_user(
    user_id: str | None = None,
    email: str | None = None,
    username: str | None = None,
    **other: Any,
) -> None:
    """Who hit the error; sent as given (it is the caller's explicit choice). All None clears."""
    if not _state.active:
        return
    user = _scope_kwargs(id=user_id, email=email, username=username, **other)
    sentry_sdk.set_user(user or None)


def flush(timeout: float | None = None) -> None:
    if not _state.active:
        return
    sentry_sdk.flush(timeout=timeout)


def isolation_scope() -> AbstractContextManager[Any]:
    """A fresh isolation scope (one per job): tags, contexts, users, breadcrumbs stay inside."""
    return sentry_sdk.isolation_scope()


def current_trace_id() -> str | None:
    """Trace id of the running transaction, if one is being recorded."""
    if not _state.active:
        return None
    span = sentry_sdk.get_current_span()
    return span.trace_id if span is not None and span.sampled else None
