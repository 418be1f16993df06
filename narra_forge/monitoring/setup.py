"""``init_sentry``: the one place where sentry-sdk is configured."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import sentry_sdk
from pydantic import SecretStr
from sentry_sdk.integrations.atexit import AtexitIntegration
from sentry_sdk.integrations.logging import LoggingIntegration

from narra_forge._version import __version__
from narra_forge.core.config import NarraForgeConfig, redact_dsn, validate_dsn
from narra_forge.core.errors import ConfigError
from narra_forge.monitoring import _state
from narra_forge.monitoring.filters import Event, Hint, before_send_hook
from narra_forge.monitoring.scrubbing import register_secret, scrub, scrub_event

logger = logging.getLogger("narra_forge.monitoring")

DEFAULT_RELEASE = f"narra-forge@{__version__}"

EventHook = Callable[[Event, Hint], Event | None]


def _settings() -> NarraForgeConfig:
    return NarraForgeConfig()


def init_sentry(
    dsn: str | SecretStr | None = None,
    environment: str | None = None,
    release: str | None = None,
    traces_sample_rate: float | None = None,
    profiles_sample_rate: float | None = None,
    debug: bool = False,
    **sdk_options: Any,
) -> bool:
    """Start (or restart) Sentry; returns whether it is active.

    Anything not given comes from ``NarraForgeConfig`` (environment and ``.env``). Without
    a DSN (and without Spotlight) Sentry stays off, one warning is logged and every facade
    call is a no-op; with only ``SENTRY_SPOTLIGHT`` everything goes to the local viewer.
    ``sdk_options`` go to ``sentry_sdk.init``; ``before_send``, ``before_send_transaction``
    and ``before_breadcrumb`` run after ours, and scrubbing always runs last.
    ``breadcrumb_level`` / ``event_level`` set which log records become breadcrumbs
    (default INFO) and events (default ERROR); ``send_default_pii`` keeps emails and IPs.
    """
    settings: NarraForgeConfig | None = None

    def setting(name: str) -> Any:
        nonlocal settings
        if settings is None:
            settings = _settings()
        return getattr(settings, name)

    raw_dsn = dsn.get_secret_value() if isinstance(dsn, SecretStr) else dsn
    if raw_dsn is None:
        raw_dsn = setting("sentry_dsn_value")
    shutdown_sentry()
    spotlight = sdk_options.pop("spotlight", None) or setting("sentry_spotlight")
    if not raw_dsn and not spotlight:
        logger.warning("Sentry is disabled: no DSN given and SENTRY_DSN is not set")
        return False
    if raw_dsn:
        try:
            raw_dsn = validate_dsn(raw_dsn)
        except ValueError:
            shown = redact_dsn(raw_dsn) if "@" in raw_dsn else repr(raw_dsn)
            raise ConfigError(
                f"init_sentry: dsn {shown} is not a valid Sentry DSN: expected https://"
                "<public_key>@<host>/<project_id> (copy it from Project Settings → Client Keys)"
            ) from None
        register_secret(raw_dsn)
        register_secret(raw_dsn.split("//", 1)[1].split("@", 1)[0].split(":", 1)[0])

    pii = bool(sdk_options.pop("send_default_pii", None) or (
        settings.sentry_send_default_pii if settings else False
    ))
    user_before_send: EventHook | None = sdk_options.pop("before_send", None)
    user_before_tx: EventHook | None = sdk_options.pop("before_send_transaction", None)
    user_before_crumb = sdk_options.pop("before_breadcrumb", None)
    breadcrumb_level = sdk_options.pop("breadcrumb_level", logging.INFO)
    event_level = sdk_options.pop("event_level", logging.ERROR)

    def _before_send(event: Event, hint: Hint) -> Event | None:
        kept = before_send_hook(event, hint)
        if kept is not None and user_before_send is not None:
            kept = user_before_send(kept, hint)
        return scrub_event(kept) if kept is not None else None

    def _before_send_transaction(event: Event, hint: Hint) -> Event | None:
        kept: Event | None = event
        if user_before_tx is not None:
            kept = user_before_tx(event, hint)
        return scrub_event(kept) if kept is not None else None

    def _before_breadcrumb(crumb: dict[str, Any], hint: Any) -> dict[str, Any] | None:
        if user_before_crumb is not None:
            crumb = user_before_crumb(crumb, hint)
            if crumb is None:
                return None
        return scrub(crumb)

    integrations = list(sdk_options.pop("integrations", []))
    if not any(isinstance(i, LoggingIntegration) for i in integrations):
        integrations.append(LoggingIntegration(level=breadcrumb_level, event_level=event_level))
    if not any(isinstance(i, AtexitIntegration) for i in integrations):
        # The exit flush waits quietly: its default prints "press Ctrl-C to quit" to stderr.
        integrations.append(AtexitIntegration(callback=_quiet_exit_flush))

    disabled = list(sdk_options.pop("disabled_integrations", []))
    disabled.extend(_double_recording_integrations())

    options: dict[str, Any] = {
        "environment": environment or setting("sentry_environment"),
        "release": release or DEFAULT_RELEASE,
        "traces_sample_rate": (
            traces_sample_rate
            if traces_sample_rate is not None
            else setting("sentry_traces_sample_rate")
        ),
        "profiles_sample_rate": (
            profiles_sample_rate
            if profiles_sample_rate is not None
            else setting("sentry_profiles_sample_rate")
        ),
        "debug": debug or bool(setting("sentry_debug")),
        "shutdown_timeout": setting("sentry_shutdown_timeout"),
        "integrations": integrations,
        "disabled_integrations": disabled,
        # Kent and other local servers decode gzip, not brotli.
        "_experiments": {"transport_compression_algo": "gzip"},
        # Keep gen_ai spans inside their transaction (one trace, readable by every
        # Sentry-protocol server) instead of the SDK's separate span-item format.
        "stream_gen_ai_spans": False,
        # No sentry-trace/baggage headers to third parties (the model provider) by default.
        "trace_propagation_targets": [],
    }
    if spotlight:  # Sentry's local viewer; with no DSN, the only place events go
        options["spotlight"] = (True if str(spotlight).lower() in ("1", "true", "yes")
                                else spotlight)
    options.update(sdk_options)
    options.update(
        dsn=raw_dsn,
        before_send=_before_send,
        before_send_transaction=_before_send_transaction,
        before_breadcrumb=_before_breadcrumb,
    )
    # The guide's profiles_sample_rate, on the SDK's non-deprecated continuous profiler:
    # a sampled session profiles while a transaction runs (transaction-based profiling
    # warns as deprecated).
    profiles = options.pop("profiles_sample_rate")
    if profiles:
        options.setdefault("profile_session_sample_rate", profiles)
        options.setdefault("profile_lifecycle", "trace")

    sentry_sdk.init(**options)
    _state.send_pii = pii
    _state.active = True
    return True


def _quiet_exit_flush(pending: int, timeout: float) -> None:
    logger.debug("flushing %d pending Sentry events (up to %.1f s)", pending, timeout)


def _double_recording_integrations() -> list[Any]:
    """sentry-sdk's own OpenAI integration would record every model call a second time:
    our engine wrapper is the one place that makes ``gen_ai.chat`` spans."""
    try:
        from sentry_sdk.integrations.openai import OpenAIIntegration
    except Exception:  # openai not installed: nothing to disable (DidNotEnable)
        return []
    return [OpenAIIntegration()]


def shutdown_sentry(timeout: float | None = None) -> None:
    """Flush and close the current client and forget scope data from earlier runs."""
    client = sentry_sdk.get_client()
    if client.is_active():
        client.close(timeout=timeout)
    _state.active = False
    _state.send_pii = False
    sentry_sdk.get_isolation_scope().clear()
    sentry_sdk.get_current_scope().clear()
    sentry_sdk.get_global_scope().clear()
    sentry_sdk.get_global_scope().set_client(None)


def is_enabled() -> bool:
    return _state.active
