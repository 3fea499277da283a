"""What the test machine offers: a real X display, chromium.

Outside CI a missing tool skips the tests that need it; with ``CI=true`` it is a
failure, because there the tests that need a real window or browser must run.
"""

from __future__ import annotations

import os
import shutil

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, reason: str) -> None:
    """Skip locally, fail in CI, when ``condition`` is false."""
    if condition:
        return
    if in_ci():
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def x_display() -> str | None:
    """The X display the tests can use: ``$DISPLAY`` (``.ci/run`` runs under xvfb-run)."""
    return os.environ.get("DISPLAY") or None
