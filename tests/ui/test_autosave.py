"""Autosave: what is typed reaches the disk, off the GUI thread, and survives errors.

The real threaded path is tested by waiting on the ``saved`` signal; the
synchronous switch is tested on its own.  Disk-full is simulated at the store
(``write_snapshot`` raising :class:`DraftError`), the one place the UI sees it.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPlainTextEdit, QWizard

from handoff.drafts import DraftError, DraftStore
from handoff.model import Handoff
from handoff.ui.autosave import Autosaver
from handoff.ui.crash_dialog import CrashDialog, install_excepthook
from handoff.ui.main_window import MainWindow
from handoff.ui.session import DraftSession
from handoff.ui.wizard import PageId
from tests.ui.conftest import FakePrompts

NEVER_MS = 3_600_000
"""An autosave delay no test waits out: only an explicit flush saves."""


def summary_of(window: MainWindow) -> QPlainTextEdit:
    edit = window.findChild(QPlainTextEdit, "summary")
    assert edit is not None
    return edit


def saved_summary(path: Path) -> str:
    return str(json.loads(path.read_text(encoding="utf-8"))["summary"])


def test_typing_is_saved_on_the_writer_thread(
    qtbot: Any, make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real_write = DraftStore.write_snapshot

    def recording_write(store: DraftStore, handoff_id: str, text: str) -> Path:
        threads.append(threading.current_thread())
        return real_write(store, handoff_id, text)

    monkeypatch.setattr(DraftStore, "write_snapshot", recording_write)
    window = make_window()
    with qtbot.waitSignal(window.autosaver.saved, timeout=10_000) as saved:
        qtbot.keyClicks(summary_of(window), "Gateway answers; auth fails after MFA")
    path = Path(saved.args[0])
    assert path == window.store.path_for(window.session.handoff.id)
    assert saved_summary(path) == "Gateway answers; auth fails after MFA"
    assert threads
    assert threading.main_thread() not in threads
    assert [p.name for p in path.parent.iterdir()] == [path.name], "temp files left behind"
    assert window.save_status.text().startswith("Saved ")


def test_a_busy_writer_only_writes_the_newest_snapshot_next(
    qtbot: Any, make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    entered, release = threading.Event(), threading.Event()
    written: list[str] = []
    real_write = DraftStore.write_snapshot

    def slow_write(store: DraftStore, handoff_id: str, text: str) -> Path:
        written.append(json.loads(text)["summary"])
        entered.set()
        release.wait(10)
        return real_write(store, handoff_id, text)

    monkeypatch.setattr(DraftStore, "write_snapshot", slow_write)
    window = make_window(autosave_delay_ms=NEVER_MS)
    edit = summary_of(window)
    qtbot.keyClicks(edit, "a")
    window.autosaver.flush()
    assert entered.wait(10), "the writer never started"
    for text in ("b", "c", "d"):
        qtbot.keyClicks(edit, text)
        window.autosaver.flush()
    with qtbot.waitSignals([window.autosaver.saved] * 2, timeout=10_000):
        release.set()
    assert written == ["a", "abcd"]
    assert saved_summary(window.store.path_for(window.session.handoff.id)) == "abcd"


def test_disk_full_is_told_once_and_a_later_save_recovers(
    qtbot: Any, make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(_store: DraftStore, _handoff_id: str, _text: str) -> Path:
        raise DraftError("could not save the draft: No space left on device")

    window = make_window()
    edit = summary_of(window)
    with monkeypatch.context() as patch:
        patch.setattr(DraftStore, "write_snapshot", disk_full)
        for text in ("first words", " and more"):
            with qtbot.waitSignal(window.autosaver.failed, timeout=10_000) as failed:
                qtbot.keyClicks(edit, text)
            assert failed.args == ["could not save the draft: No space left on device"]
        assert "No space left on device" in window.save_status.text()
        warnings = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
        assert len(warnings) == 1, "the warning is shown once, not per failed save"
        assert not warnings[0].isModal()
        assert "\n" not in warnings[0].text()
        assert window.autosaver.dirty
    with qtbot.waitSignal(window.autosaver.saved, timeout=10_000) as saved:
        qtbot.keyClicks(edit, "!")
    assert saved_summary(Path(saved.args[0])) == "first words and more!"
    assert window.save_status.text().startswith("Saved ")
    qtbot.mouseClick(warnings[0].button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_close_writes_what_the_timer_has_not_saved_yet(
    qtbot: Any, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window(autosave_delay_ms=NEVER_MS)
    qtbot.keyClicks(summary_of(window), "typed just before closing")
    path = window.store.path_for(window.session.handoff.id)
    assert not path.exists()
    assert window.close()
    assert saved_summary(path) == "typed just before closing"
    assert not window.autosaver.dirty


def test_ctrl_s_and_page_changes_flush_at_once(
    qtbot: Any, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window(autosave_delay_ms=NEVER_MS)
    edit = summary_of(window)
    path = window.store.path_for(window.session.handoff.id)
    qtbot.keyClicks(edit, "saved by Ctrl+S")
    with qtbot.waitSignal(window.autosaver.saved, timeout=10_000):
        qtbot.keyClick(edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved_summary(path) == "saved by Ctrl+S"
    qtbot.keyClicks(edit, ", then Next")
    with qtbot.waitSignal(window.autosaver.saved, timeout=10_000):
        qtbot.mouseClick(
            window.wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton
        )
    assert window.wizard.currentId() == PageId.STEPS
    assert saved_summary(path) == "saved by Ctrl+S, then Next"


def test_synchronous_switch_writes_inline(qtbot: Any) -> None:
    session = DraftSession(Handoff())
    store = DraftStore()
    saver = Autosaver(session, store, synchronous=True)
    with qtbot.waitSignal(saver.saved, timeout=1000):  # emitted inside mark_changed
        session.handoff.summary = "inline"
        session.mark_changed()
    assert saved_summary(store.path_for(session.handoff.id)) == "inline"
    assert not saver.dirty
    assert saver.flush_sync()


def test_an_uncaught_error_saves_the_draft_and_says_so(
    qtbot: Any, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window(autosave_delay_ms=NEVER_MS)
    qtbot.keyClicks(summary_of(window), "typed before the crash")
    previous = install_excepthook(window)
    try:
        error = RuntimeError("boom\nTraceback details nobody should see")
        sys.excepthook(RuntimeError, error, None)
    finally:
        sys.excepthook = previous
    path = window.store.path_for(window.session.handoff.id)
    assert saved_summary(path) == "typed before the crash"
    [dialog] = [d for d in window.findChildren(CrashDialog) if d.isVisible()]
    assert "draft was saved" in dialog.draft_state.text()
    qtbot.mouseClick(dialog.continue_button, Qt.MouseButton.LeftButton)


def test_closing_with_an_unsaveable_draft_asks_first(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    fake_prompts: FakePrompts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def read_only(_store: DraftStore, _handoff_id: str, _text: str) -> Path:
        raise DraftError("could not save the draft: Read-only file system")

    window = make_window(autosave_delay_ms=NEVER_MS)
    with monkeypatch.context() as patch:
        patch.setattr(DraftStore, "write_snapshot", read_only)
        qtbot.keyClicks(summary_of(window), "not on disk")
        fake_prompts.answer = False
        assert not window.close()
        assert window.isVisible()
        assert fake_prompts.questions == [
            "The draft could not be saved. Quit anyway and lose the latest changes?"
        ]
    assert window.close()
    assert saved_summary(window.store.path_for(window.session.handoff.id)) == "not on disk"
