"""The app's file log, configured for one test and torn down after it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from handoff import applog


@contextmanager
def configured_log(level: int) -> Iterator[Path]:
    """``applog.configure(level)`` with no secrets remembered before or after; yields the file."""
    applog.forget_secrets()
    try:
        yield applog.configure(level)
    finally:
        applog.shutdown()
        applog.forget_secrets()
