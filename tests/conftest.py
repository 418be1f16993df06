"""Shared fixtures: in-process Sentry capture, and isolation from the developer's settings."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from narra_forge.core import NarraForgeConfig
from narra_forge.monitoring import shutdown_sentry
from tests.support.capture import SentryCapture, normalize


@pytest.fixture
def sentry() -> Iterator[SentryCapture]:
    capture = SentryCapture()
    try:
        yield capture
    finally:
        shutdown_sentry()
        for payload in capture.events() + capture.transactions():
            normalize(payload)


@pytest.fixture(autouse=True)
def _isolated_settings(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test reads the developer's environment or .env, or writes into the checkout."""
    settings = {field.upper() for field in NarraForgeConfig.model_fields}
    for name in list(os.environ):
        if name in settings or name.startswith(("SENTRY_", "OPENAI_", "NARRA_")):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path_factory.mktemp("cwd"))


@pytest.fixture(autouse=True)
def _inline_cpu_work() -> Iterator[None]:
    """A batch starts a worker pool for the process; no test inherits another's."""
    from narra_forge.core.cpu import set_cpu_workers

    yield
    set_cpu_workers(0)
