"""The OpenAI provider with its wrappers, in the one order that is correct.

Retries outside the limiter, so every retry waits for a slot like any other call; the
limiter outside the provider, which admits each of its HTTP calls (repairs included).
``factory.build_engine`` adds ``InstrumentedEngine`` around the whole stack, so one
``gen_ai.chat`` span covers a request with all its retries.
"""

from __future__ import annotations

from narra_forge.core.config import NarraForgeConfig
from narra_forge.core.errors import ConfigError
from narra_forge.engines.base import Engine
from narra_forge.engines.openai_engine import MISSING_KEY_MESSAGE, OpenAIEngine
from narra_forge.engines.rate_limit import RateLimitedEngine
from narra_forge.engines.retrying import RetryingEngine


def build_openai_engine(config: NarraForgeConfig) -> Engine:
    """``RetryingEngine(RateLimitedEngine(OpenAIEngine))`` from the settings."""
    key = config.openai_api_key.get_secret_value() if config.openai_api_key else ""
    if not key.strip():
        raise ConfigError(MISSING_KEY_MESSAGE)
    return RetryingEngine(RateLimitedEngine(OpenAIEngine(config), config),
                          max_retries=config.max_retries)
