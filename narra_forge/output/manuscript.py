"""The manuscript as markdown and plain text, and markdown read back (for ``check``)."""

from __future__ import annotations

import re

from narra_forge.core.types import Manuscript, Segment

_HEADING = re.compile(r"^## (\d+)\. (.*)$", re.M)


def render_markdown(title: str, manuscript: Manuscript) -> str:
    parts = [f"# {title}\n"]
    for segment in manuscript.segments:
        parts.append(f"## {segment.index + 1}. {segment.title}\n\n{segment.text.strip()}\n")
    return "\n".join(parts)


def render_text(title: str, manuscript: Manuscript) -> str:
    parts = [title.upper(), ""]
    for segment in manuscript.segments:
        parts += [f"{segment.index + 1}. {segment.title}", "", segment.text.strip(), "", ""]
    return "\n".join(parts).rstrip() + "\n"


def parse_markdown(text: str) -> Manuscript:
    """Segments from ``narrative.md`` as it is on disk (an editor may have changed it)."""
    matches = list(_HEADING.finditer(text))
    segments = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        segments.append(Segment(index=int(match.group(1)) - 1, title=match.group(2).strip(),
                                text=text[match.end():end].strip()))
    return Manuscript(segments=segments)
