"""The Sentry facade of the guide: init, capture, scopes, spans, scrubbing, filters.

Everything else in NARRA_FORGE talks to Sentry through this package and never imports
``sentry_sdk`` itself. It knows nothing about agents or engines.
"""

from narra_forge.monitoring.api import (
    add_breadcrumb,
    capture_exception,
    capture_message,
    current_trace_id,
    flush,
    isolation_scope,
    mark_reported,
    set_context,
    set_tag,
    set_user,
)
from narra_forge.monitoring.filters import before_send_hook
from narra_forge.monitoring.scrubbing import register_secret
from narra_forge.monitoring.setup import init_sentry, is_enabled, shutdown_sentry
from narra_forge.monitoring.tracing import SentrySpan, SentryTransaction

__all__ = [
    "SentrySpan",
    "SentryTransaction",
    "add_breadcrumb",
    "before_send_hook",
    "capture_exception",
    "capture_message",
    "current_trace_id",
    "flush",
    "init_sentry",
    "is_enabled",
    "isolation_scope",
    "mark_reported",
    "register_secret",
    "set_context",
    "set_tag",
    "set_user",
    "shutdown_sentry",
]
