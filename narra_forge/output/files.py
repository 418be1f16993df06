"""Writing a job's files all at once or not at all."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from narra_forge.core.errors import OutputError


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def check_writable(root: Path) -> None:
    """Fail before any work is done when the output root cannot be written."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=root, prefix=".probe-"):
            pass
    except OSError as exc:
        raise OutputError(f"output directory {root} is not writable: {exc.strerror}") from None


def write_atomically(root: Path, name: str, files: dict[str, str]) -> dict[str, Path]:
    """Write ``files`` into ``root/name`` via a staging directory renamed into place."""
    target = root / name
    try:
        root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=root, prefix=f".{name}."))
        try:
            for filename, content in files.items():
                (staging / filename).write_text(content, encoding="utf-8")
            if target.exists():
                shutil.rmtree(target)
            os.replace(staging, target)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    return {filename: target / filename for filename in files}
