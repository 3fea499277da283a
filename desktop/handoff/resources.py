"""Read files from ``resources/`` (templates, icons) through one helper.

The same relative place works from a source checkout (``<repo>/resources``),
an installed wheel (``handoff/_resources``, see ``pyproject.toml``) and a frozen
build (``<bundle>/resources``).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_root() -> Path:
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    here = Path(__file__).resolve().parent
    candidates += [here / "_resources", here.parent.parent / "resources"]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"Handoff resources not found in any of: {candidates}")


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)


def read_text(*parts: str) -> str:
    return resource_path(*parts).read_text(encoding="utf-8")
