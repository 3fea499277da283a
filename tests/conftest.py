"""Fixtures shared by every test: an isolated data folder, the worked example, the one RT."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from handoff import paths
from handoff.example import example_handoff
from handoff.model import Handoff
from tests.helpers.environment import require
from tests.helpers.rt_server import RtServer, rt_installed, start_rt

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


_rt_starts: list[Path] = []


@pytest.fixture(scope="session")
def rt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RtServer]:
    """The one real Request Tracker 5 of the whole run (tests/delivery and tests/ui).

    RT takes about 4 s to start and 230 MiB to run, so every test shares it and isolates
    itself with its own ticket.  Pytest keeps one session fixture per place it is
    *defined*: a test module that re-exports this one (``rt = conftest.rt``) would start
    a second server, so that fails here.  Skipped without RT installed; with ``CI=true``
    a missing RT fails instead.
    """
    require(rt_installed(), "Request Tracker 5 is not installed (request-tracker5, rt5-db-sqlite)")
    assert not _rt_starts, f"a second RT in one run (the first is in {_rt_starts[0]})"
    folder = tmp_path_factory.mktemp("rt")
    _rt_starts.append(folder)
    server = start_rt(folder)
    yield server
    server.stop()
