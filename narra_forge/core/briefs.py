"""Reading briefs from JSON Lines: one ``ProductionBrief`` per line, errors by line number."""

from __future__ import annotations

import json
from pathlib import Path

from narra_forge.core.errors import BriefError, InputError
from narra_forge.core.types import ProductionBrief


def read_briefs_jsonl(path: Path) -> tuple[list[tuple[int, ProductionBrief]], list[BriefError]]:
    """The valid briefs with their line numbers, and one ``BriefError`` per bad line.

    Blank lines and lines starting with ``#`` are skipped. A file that cannot be read at
    all, or holds no brief, is an ``InputError``.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read briefs from {path}: {getattr(exc, 'strerror', None) or exc}"
                         ) from None
    briefs: list[tuple[int, ProductionBrief]] = []
    errors: list[BriefError] = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(BriefError(f"{path}:{number}: not valid JSON ({exc.msg})"))
            continue
        if not isinstance(data, dict):
            errors.append(BriefError(f"{path}:{number}: expected a JSON object with the "
                                     "fields of ProductionBrief"))
            continue
        try:
            briefs.append((number, ProductionBrief(**data)))
        except BriefError as exc:
            errors.append(BriefError(f"{path}:{number}: {exc}"))
        except TypeError:
            errors.append(BriefError(f"{path}:{number}: field names must be strings"))
    if not briefs and not errors:
        raise InputError(f"{path} holds no briefs (one JSON object per line)")
    return briefs, errors
