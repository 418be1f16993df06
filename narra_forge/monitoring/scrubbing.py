"""Keep secrets (and, unless allowed, emails and IPs) inside the process.

Sentry's own ``EventScrubber`` matches exact key names and misses compound ones such as
``openai_api_key``; it also skips tags and contexts. This scrubber walks the whole event:
keys that *contain* a secret-looking word lose their value, and secret-looking values
(OpenAI keys, DSN keys, bearer tokens, registered secrets) are cut out of every string,
messages and stack-frame source lines included. ``user`` is sent as the caller set it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from narra_forge.monitoring import _state

FILTERED = "[Filtered]"

#: a key containing any of these (case-insensitive) holds a secret
SECRET_KEY_PARTS: tuple[str, ...] = (
    "password", "passwd", "passphrase", "secret", "api_key", "apikey", "api-key",
    "dsn", "authorization", "auth_token", "access_key", "private_key", "credential",
    "cookie", "session_key", "sessionid", "sentry_key", "signature",
)
#: "token" as a word, but not the token *counts* the pipeline reports
_TOKEN_KEY = re.compile(r"token(?!s|_count|izer|_estimate)")
_EXACT_SECRET_KEYS = frozenset({"auth", "key", "pwd", "pass", "x-auth", "bearer"})

_SECRET_VALUE = re.compile(
    r"(?P<openai>\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{8,}|\bsk-[\w-]*\*{3,}\w*)"
    r"|(?P<userinfo>(?<=://)[^\s/@:'\"]+(?::[^\s/@'\"]*)?@)"
    r"|(?P<bearer>\b[Bb]earer\s+[A-Za-z0-9\-._~+/]{8,}=*)"
    r"|(?P<sentry_key>\bsentry_(?:key|secret)=[0-9a-fA-F]+)"
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
_OCTET = r"(?:25[0-5]|2[0-4]\d|1?\d?\d)"
_IPV4 = re.compile(rf"(?<![\d.])(?:{_OCTET}\.){{3}}{_OCTET}(?![\d.])")
_IPV6 = re.compile(r"(?<![:\w])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![:\w])")

#: top-level event keys that are SDK metadata or the caller's explicit choice
_UNTOUCHED_KEYS = frozenset({
    "user", "sdk", "modules", "release", "environment", "event_id", "timestamp",
    "start_timestamp", "platform", "type", "level", "dist", "_meta", "debug_meta",
})

_registered: set[str] = set()


def register_secret(value: str | None) -> None:
    """Remember a secret value (an API key from config) so it is cut wherever it shows up."""
    if value and len(value) >= 6:
        _registered.add(value)


@lru_cache(maxsize=4096)
def is_secret_key(key: str) -> bool:
    k = key.lower()
    return (
        k in _EXACT_SECRET_KEYS
        or any(part in k for part in SECRET_KEY_PARTS)
        or _TOKEN_KEY.search(k) is not None
    )


def _value_repl(match: re.Match[str]) -> str:
    if match.group("userinfo"):
        return f"{FILTERED}@"
    if match.group("bearer"):
        return f"Bearer {FILTERED}"
    return FILTERED


def scrub_text(text: str, *, pii: bool | None = None) -> str:
    """Cut secret-looking values (and emails/IPs unless PII is allowed) out of a string."""
    if len(text) < 6:
        return text
    for secret in _registered:
        if secret in text:
            text = text.replace(secret, FILTERED)
    if ("sk-" in text or "@" in text or "earer" in text or "sentry_" in text):
        text = _SECRET_VALUE.sub(_value_repl, text)
    if not (_state.send_pii if pii is None else pii):
        if "@" in text:
            text = _EMAIL.sub(FILTERED, text)
        if "." in text:
            text = _IPV4.sub(FILTERED, text)
        if ":" in text:
            text = _IPV6.sub(FILTERED, text)
    return text


def scrub(value: Any, *, pii: bool | None = None) -> Any:
    """Scrub a JSON-like value in place where possible; returns the scrubbed value."""
    if isinstance(value, str):
        return scrub_text(value, pii=pii)
    if isinstance(value, dict):
        for key in list(value):
            item = value[key]
            if isinstance(key, str) and is_secret_key(key) and item not in (None, "", FILTERED):
                value[key] = FILTERED
            elif isinstance(item, str | dict | list | tuple):
                value[key] = scrub(item, pii=pii)
        return value
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str | dict | list | tuple):
                value[i] = scrub(item, pii=pii)
        return _scrub_pairs(value)
    if isinstance(value, tuple):
        return tuple(scrub(list(value), pii=pii))
    return value


def _scrub_pairs(items: list[Any]) -> list[Any]:
    """Tags and headers sometimes travel as ``[[key, value], …]``: treat pairs like dict items."""
    for i, item in enumerate(items):
        if (
            isinstance(item, list | tuple)
            and len(item) == 2
            and isinstance(item[0], str)
            and is_secret_key(item[0])
            and item[1] not in (None, "")
        ):
            items[i] = [item[0], FILTERED]
    return items


def scrub_event(event: dict[str, Any], *, pii: bool | None = None) -> dict[str, Any]:
    """Scrub every part of an event or transaction but SDK metadata and ``user``."""
    for key in list(event):
        if key not in _UNTOUCHED_KEYS:
            event[key] = scrub(event[key], pii=pii)
    return event
