"""Settings, data models and the exception tree: the layer every other layer may use."""

from narra_forge.core.config import NarraForgeConfig
from narra_forge.core.errors import BriefError, ConfigError, NarraForgeError

__all__ = ["BriefError", "ConfigError", "NarraForgeConfig", "NarraForgeError"]
