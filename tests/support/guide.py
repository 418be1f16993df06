"""The guide's Python blocks, read from the guide itself so the tests run them as written."""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
from pathlib import Path
from typing import Any

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "SENTRY_GUIDE.md"

GUIDE_IMPORTS = (
    "import asyncio\n"
    "from narra_forge.monitoring import (init_sentry, capture_exception, capture_message,"
    " SentryTransaction, SentrySpan, add_breadcrumb, set_context, set_tag, set_user)\n"
)

_FENCE = re.compile(r"```python\n(.*?)```", re.S)


def _section(text: str, heading: str, level: int) -> str:
    """Lines under a heading, up to the next heading of that level or higher (fences skipped)."""
    lines = text.splitlines(keepends=True)
    marker = "#" * level + " " + heading
    out: list[str] = []
    inside = in_fence = False
    for line in lines:
        if line.startswith("```"):
            in_fence = not in_fence
        is_heading = not in_fence and re.match(rf"#{{1,{level}}} ", line) is not None
        if inside and is_heading:
            break
        if inside:
            out.append(line)
        elif is_heading and line.strip() == marker:
            inside = True
    assert inside, f"no section {marker!r} in {GUIDE}"
    return "".join(out)


def blocks(section: str, subsection: str | None = None) -> list[str]:
    """Python blocks under ``## section`` (and ``### subsection``), in order."""
    text = _section(GUIDE.read_text(), section, 2)
    if subsection is not None:
        text = _section(text, subsection, 3)
    found = _FENCE.findall(text)
    assert found, f"no python block under {section} / {subsection}"
    return found


def block(section: str, subsection: str | None = None) -> str:
    [only] = blocks(section, subsection)
    return only


def run(code: str, namespace: dict[str, Any] | None = None) -> dict[str, Any]:
    """Execute a block; top-level ``await`` (as in the guide's span example) is allowed."""
    namespace = {} if namespace is None else namespace
    # Later blocks use the names the guide's earlier blocks imported, as a reader would.
    exec(GUIDE_IMPORTS, namespace)
    compiled = compile(code, str(GUIDE), "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    if compiled.co_flags & inspect.CO_COROUTINE:
        asyncio.run(eval(compiled, namespace))
    else:
        exec(compiled, namespace)
    return namespace
