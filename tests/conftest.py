"""Fixtures shared by every test: an isolated data folder and the worked example."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from handoff import paths
from handoff.example import example_handoff
from handoff.model import Handoff

# Widgets in the test process render offscreen: deterministic, no window manager, and
# `uv run pytest` works on a machine without a display.  Tests that need a real X
# window (screen grabs, the screenshot script) start a subprocess on xcb themselves.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Every test gets its own data folder; nothing touches the real profile."""
    folder = tmp_path_factory.mktemp("handoff-data")
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(folder))
    paths.set_data_dir(None)
    yield folder
    paths.set_data_dir(None)


@pytest.fixture
def example() -> Handoff:
    return example_handoff()
