"""NARRA_FORGE: a brief goes in, ten agents work, a finished manuscript comes out."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from narra_forge._version import __version__

if TYPE_CHECKING:
    from narra_forge.core.orchestrator import BatchOrchestrator

__all__ = ["BatchOrchestrator", "__version__"]


def __getattr__(name: str) -> Any:
    # Lazy, so `import narra_forge.monitoring` stays light and free of the pipeline.
    if name == "BatchOrchestrator":
        from narra_forge.core.orchestrator import BatchOrchestrator

        return BatchOrchestrator
    raise AttributeError(name)
