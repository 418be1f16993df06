"""Quality: pure functions that turn text and plan into scores and findings.

No I/O, no engine, no monitoring: the agents call these and report what they return.
"""

from narra_forge.quality.coherence import check_coherence
from narra_forge.quality.editorial import review
from narra_forge.quality.stylize import stylize

__all__ = ["check_coherence", "review", "stylize"]
