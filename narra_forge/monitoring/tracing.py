"""``SentryTransaction`` and ``SentrySpan``: ``with``/``async with`` wrappers over sentry-sdk.

Kept thin on purpose: a span costs what ``sentry_sdk.start_span`` costs plus one flag
check. Disabled, or outside any transaction, they yield a shared no-op span.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import sentry_sdk

from narra_forge.monitoring import _state


class NoopSpan:
    """Stands in for a span when nothing is recorded; accepts the same calls."""

    __slots__ = ()
    trace_id: str | None = None
    span_id: str | None = None
    sampled = False

    def set_tag(self, key: str, value: Any) -> None:
        pass

    def set_data(self, key: str, value: Any) -> None:
        pass

    def set_status(self, status: str) -> None:
        pass

    def set_measurement(self, name: str, value: float, unit: str = "") -> None:
        pass


NOOP_SPAN = NoopSpan()


class _SpanContext:
    __slots__ = ("_data", "_kwargs", "_span", "description", "op")

    def __init__(
        self,
        op: str,
        description: str | None = None,
        data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self.op = op
        self.description = description
        self._data = data
        self._kwargs = kwargs
        self._span: Any = NOOP_SPAN

    def _start(self) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError

    def __enter__(self) -> Any:
        if not _state.active:
            return NOOP_SPAN
        span = self._start()
        if span is None:
            return NOOP_SPAN
        span.__enter__()
        if self._data:
            for key, value in self._data.items():
                span.set_data(key, value)
        self._span = span
        return span

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        span = self._span
        if span is NOOP_SPAN:
            return
        self._span = NOOP_SPAN
        if exc is not None:
            span.set_status("internal_error")
        span.__exit__(exc_type, exc, tb)

    async def __aenter__(self) -> Any:
        return self.__enter__()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.__exit__(exc_type, exc, tb)


class SentryTransaction(_SpanContext):
    """A transaction: the root of one trace (one per job)."""

    __slots__ = ("name",)

    def __init__(
        self,
        op: str,
        name: str,
        description: str | None = None,
        data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        self.op = op
        self.name = name
        self.description = description
        self._data = data
        self._kwargs = kwargs
        self._span = NOOP_SPAN

    def _start(self) -> Any:
        if self.description is not None:
            self._kwargs.setdefault("description", self.description)
        return sentry_sdk.start_transaction(op=self.op, name=self.name, **self._kwargs)


class SentrySpan(_SpanContext):
    """A child of the current span; a no-op when no transaction is running."""

    __slots__ = ()

    def _start(self) -> Any:
        # ``Span.start_child`` on the current span is what ``scope.start_span`` ends up
        # calling, minus the scope fork it makes around it.
        scope = sentry_sdk.get_current_scope()
        parent = scope.span
        if parent is None:
            return None
        return parent.start_child(op=self.op, name=self.description, scope=scope, **self._kwargs)


#: spans a transaction keeps in sentry-sdk's default (transaction) mode
DEFAULT_MAX_SPANS = 1000


def span_room() -> int | None:
    """How many more spans the running transaction can record, or None when unknown/off.

    sentry-sdk silently drops spans past its per-transaction cap; a caller about to make
    many (a book-length stage) asks first and moves them to a ``LinkedTransaction``.
    """
    if not _state.active:
        return None
    span = sentry_sdk.get_current_span()
    if span is None or not span.sampled:
        return None
    recorder = getattr(span.containing_transaction, "_span_recorder", None)
    if recorder is None:
        return None
    options = sentry_sdk.get_client().options
    cap = (options.get("_experiments") or {}).get("max_spans") or DEFAULT_MAX_SPANS
    return max(0, cap - 1 - len(recorder.spans))


class LinkedTransaction(SentryTransaction):
    """A transaction that continues the current span's trace as its child.

    Sentry shows it inside the same trace, under that span: one job's spans can be spread
    over several transactions without any being dropped.
    """

    __slots__ = ()

    def _start(self) -> Any:
        parent = sentry_sdk.get_current_span()
        if parent is not None:
            self._kwargs.setdefault("trace_id", parent.trace_id)
            self._kwargs.setdefault("parent_span_id", parent.span_id)
            self._kwargs.setdefault("same_process_as_parent", True)
            self._kwargs.setdefault("sampled", parent.sampled)
        return super()._start()
