"""Builds the engine stack a config asks for: provider, then the wrappers around it."""

from __future__ import annotations

from narra_forge.core.config import NarraForgeConfig
from narra_forge.engines.base import Engine
from narra_forge.engines.instrumented import InstrumentedEngine


def build_engine(config: NarraForgeConfig) -> Engine:
    """The job-independent engine: a provider wrapped in instrumentation (and, for
    network providers, retries and rate limits)."""
    if config.narra_engine == "offline":
        from narra_forge.engines.offline import OfflineEngine

        provider: Engine = OfflineEngine()
    else:
        from narra_forge.engines.openai_stack import build_openai_engine

        provider = build_openai_engine(config)
    return InstrumentedEngine(provider, record_prompts=config.sentry_record_prompts)


def model_for(agent_id: str, tier: str | None, config: NarraForgeConfig, engine: Engine) -> str:
    """Per-stage override (``STAGE_MODELS`` by full or short id), else the tier's default."""
    for key in (agent_id, agent_id.split("_", 1)[0]):
        if key in config.stage_models:
            return config.stage_models[key]
    if config.narra_engine == "offline":
        return engine.default_model
    return config.default_gpt4_model if tier == "gpt4" else config.default_mini_model
