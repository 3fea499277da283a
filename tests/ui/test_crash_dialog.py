"""An uncaught error in a real slot: draft saved, a calm dialog, diagnostics that hold the story."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit

from handoff import applog
from handoff.ui.crash_dialog import CrashDialog, install_excepthook
from handoff.ui.main_window import MainWindow
from tests.helpers.app_log import configured_log
from tests.ui.conftest import FakePrompts

NEVER_MS = 3_600_000
TYPED = "Gateway answers; auth fails after MFA"
LEAKY = "tok-9f8e7d6c5b4a"


class Bomb(Exception):  # noqa: N818 - named for what it does
    """What the slot raises (a bug the app did not anticipate)."""


@pytest.fixture
def logfile(data_dir: Path) -> Iterator[Path]:
    with configured_log(logging.INFO) as path:
        yield path


@pytest.fixture
def hooked(make_window: Callable[..., MainWindow]) -> Iterator[MainWindow]:
    window = make_window(autosave_delay_ms=NEVER_MS)
    previous = install_excepthook(window)
    yield window
    sys.excepthook = previous


def summary_of(window: MainWindow) -> QPlainTextEdit:
    edit = window.findChild(QPlainTextEdit, "summary")
    assert edit is not None
    return edit


def crash_in_a_slot(qtbot: Any, window: MainWindow, message: str) -> CrashDialog:
    """Raise ``Bomb(message)`` from a real timer slot and wait for the dialog."""

    def slot() -> None:
        raise Bomb(message)

    QTimer.singleShot(0, window, slot)
    qtbot.waitUntil(lambda: dialog_of(window) is not None, timeout=5000)
    found = dialog_of(window)
    assert found is not None
    return found


def dialog_of(window: MainWindow) -> CrashDialog | None:
    shown = [d for d in window.findChildren(CrashDialog) if d.isVisible()]
    assert len(shown) <= 1, "one dialog, however many errors"
    return shown[0] if shown else None


def test_a_crash_keeps_the_typed_text_and_diagnostics_hold_the_traceback(
    qtbot: Any, hooked: MainWindow, fake_prompts: FakePrompts, logfile: Path, tmp_path: Path
) -> None:
    window = hooked
    qtbot.keyClicks(summary_of(window), TYPED)
    draft = window.store.path_for(window.session.handoff.id)
    assert not draft.exists(), "nothing saved yet: only the crash handler can save it"
    applog.register_secret(LEAKY)

    dialog = crash_in_a_slot(qtbot, window, f"unexpected state after posting with {LEAKY}")

    assert TYPED in draft.read_text(encoding="utf-8")
    assert "draft was saved" in dialog.draft_state.text()
    assert not dialog.details.isVisible()
    qtbot.mouseClick(dialog.details_button, Qt.MouseButton.LeftButton)
    assert dialog.details.isVisible() and "Bomb" in dialog.details.toPlainText()

    fake_prompts.save_to = tmp_path / "diag.zip"
    qtbot.mouseClick(dialog.diagnostics_button, Qt.MouseButton.LeftButton)
    with zipfile.ZipFile(tmp_path / "diag.zip") as archive:
        log_text = archive.read("logs/handoff.log").decode("utf-8")
        versions = archive.read("versions.txt").decode("utf-8")
    assert "Traceback (most recent call last)" in log_text and "Bomb: unexpected state" in log_text
    assert "in slot" in log_text, "the traceback names the slot that failed"
    assert LEAKY not in log_text and LEAKY not in logfile.read_text(encoding="utf-8")
    assert "PySide6" in versions and "Screen 1" in versions

    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog_of(window) is None)
    qtbot.keyClicks(summary_of(window), " and more")
    assert summary_of(window).toPlainText() == TYPED + " and more", "the app carries on"


def test_a_second_error_adds_to_the_open_dialog(
    qtbot: Any, hooked: MainWindow, logfile: Path
) -> None:
    dialog = crash_in_a_slot(qtbot, hooked, "first")
    sys.excepthook(Bomb, Bomb("second"), None)
    assert dialog_of(hooked) is dialog
    assert "Bomb: second" in dialog.details.toPlainText()
    dialog.reject()


def test_when_the_draft_cannot_be_saved_the_dialog_says_what_to_do(
    qtbot: Any, hooked: MainWindow, monkeypatch: pytest.MonkeyPatch, logfile: Path
) -> None:
    monkeypatch.setattr(hooked, "emergency_save", lambda: False)
    dialog = crash_in_a_slot(qtbot, hooked, "disk gone")
    assert "could not be saved" in dialog.draft_state.text()
    assert "copy anything important" in dialog.draft_state.text()
    dialog.reject()


def test_an_error_inside_the_handler_does_not_recurse(
    qtbot: Any, hooked: MainWindow, monkeypatch: pytest.MonkeyPatch, logfile: Path
) -> None:
    calls: list[str] = []

    def broken_save() -> bool:
        calls.append("save")
        raise OSError("the handler itself fails")

    monkeypatch.setattr(hooked, "emergency_save", broken_save)
    sys.excepthook(Bomb, Bomb("outer"), None)
    assert calls == ["save"]
    [box] = [b for b in hooked.findChildren(QMessageBox) if b.isVisible()]
    assert box.text() == "Something went wrong: outer"
    assert "the crash handler failed" in logfile.read_text(encoding="utf-8")
    box.close()


def test_the_real_app_writes_its_log_in_the_data_folder(tmp_path: Path) -> None:
    """``handoff`` as the engineer starts it: the log file appears, with the versions."""
    env = {**os.environ, "HANDOFF_EXIT_AFTER_SHOWN": "1", "QT_QPA_PLATFORM": "offscreen"}
    env.pop("HANDOFF_DATA_DIR", None)
    done = subprocess.run(
        [sys.executable, "-m", "handoff", "--data-dir", str(tmp_path)],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    text = (tmp_path / "logs" / "handoff.log").read_text(encoding="utf-8")
    assert "Handoff 0.1.0 starting; Qt 6." in text and str(tmp_path) in text
