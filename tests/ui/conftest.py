"""Leak detectors for the Qt tests, and fakes for the questions the app asks.

A GUI test that leaves a window open, a worker running or a timer armed does not
fail itself: it crashes or flakes a later, unrelated test.  So every test here
fails at teardown if it left behind, created by our code (the app or the tests):

* a parentless top-level widget that is still alive (registered widgets are
  closed and deleted by pytest-qt first, so only forgotten ones remain);
* a QThreadPool task still running, a QThread still running;
* an active QTimer.

Each report names the file and line where the thing was created or started.
The idea is napari's (``napari/conftest.py``); this is our own, smaller version.
"""

from __future__ import annotations

import sys
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QThread, QThreadPool, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QWidget,
    QWizard,
)

from handoff.drafts import DraftStore
from handoff.ui.dialogs import Prompts
from handoff.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
_OURS = (str(ROOT / "desktop"), str(ROOT / "tests"))
_THIS_FILE = str(Path(__file__).resolve())
# On PySide each class has its own __init__ (no MRO chain through QWidget), so
# every base a top-level window can be built from is patched separately.
_WIDGET_BASES = (QWidget, QMainWindow, QDialog, QMessageBox, QProgressDialog, QFileDialog, QWizard)
_POOL_GRACE_MS = 2000  # a task that emitted its last signal is returning from run()


def _ours(frame: FrameType | None) -> bool:
    if frame is None:
        return False
    name = frame.f_code.co_filename
    return name.startswith(_OURS) and name != _THIS_FILE


def _where(frame: FrameType) -> str:
    return f"{Path(frame.f_code.co_filename).relative_to(ROOT)}:{frame.f_lineno}"


def _place(frame: FrameType | None) -> str:
    """``file:line`` of ``frame``, plus the nearest test line that led there."""
    assert frame is not None
    text = _where(frame)
    caller = frame.f_back
    while caller is not None:
        if caller.f_code.co_filename.startswith(str(ROOT / "tests")) and _ours(caller):
            if caller is not frame:
                text += f" (from {_where(caller)})"
            break
        caller = caller.f_back
    return text


def _caller(depth: int = 2) -> FrameType | None:
    """The frame that called the patched Qt method (None when that was not our code)."""
    frame = sys._getframe(depth)
    return frame if _ours(frame) else None


@dataclass
class _Tracked:
    widgets: weakref.WeakKeyDictionary[QWidget, str] = field(
        default_factory=weakref.WeakKeyDictionary
    )
    timers: weakref.WeakKeyDictionary[QTimer, str] = field(
        default_factory=weakref.WeakKeyDictionary
    )
    threads: weakref.WeakKeyDictionary[QThread, str] = field(
        default_factory=weakref.WeakKeyDictionary
    )
    pools: dict[int, tuple[QThreadPool, list[str]]] = field(default_factory=dict)


def _patch_widgets(monkeypatch: pytest.MonkeyPatch, tracked: _Tracked) -> None:
    def tracking(base_init: Callable[..., None]) -> Callable[..., None]:
        def init(self: QWidget, *args: Any, **kwargs: Any) -> None:
            base_init(self, *args, **kwargs)
            frame: FrameType | None = sys._getframe(1)
            # Skip library frames and the widget's own (sub)class constructors.
            while frame is not None and (not _ours(frame) or frame.f_locals.get("self") is self):
                frame = frame.f_back
            if frame is not None and self not in tracked.widgets:
                tracked.widgets[self] = _place(frame)

        return init

    for klass in _WIDGET_BASES:
        monkeypatch.setattr(klass, "__init__", tracking(klass.__init__))


def _patch_starts(monkeypatch: pytest.MonkeyPatch, tracked: _Tracked) -> None:
    timer_start, thread_start, pool_start = QTimer.start, QThread.start, QThreadPool.start

    def start_timer(self: QTimer, *args: Any) -> None:
        if (frame := _caller()) is not None:
            tracked.timers[self] = _place(frame)
        timer_start(self, *args)

    def start_thread(self: QThread, *args: Any) -> None:
        if (frame := _caller()) is not None:
            tracked.threads[self] = _place(frame)
        thread_start(self, *args)

    def start_pool(self: QThreadPool, runnable: Any, priority: int = 0) -> None:
        if (frame := _caller()) is not None:
            tracked.pools.setdefault(id(self), (self, []))[1].append(_place(frame))
        pool_start(self, runnable, priority)

    monkeypatch.setattr(QTimer, "start", start_timer)
    monkeypatch.setattr(QThread, "start", start_thread)
    monkeypatch.setattr(QThreadPool, "start", start_pool)


def _alive(check: Callable[[], bool]) -> bool:
    try:
        return check()
    except RuntimeError:  # the C++ object is already gone: not a leak
        return False


def _dangling_widgets(tracked: _Tracked) -> list[str]:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    found = []
    for widget in QApplication.topLevelWidgets():
        place = tracked.widgets.get(widget)
        if place is None or widget.parent() is not None:
            continue
        state = "open" if widget.isVisible() else "hidden but not deleted"
        found.append(f"{type(widget).__name__} {widget.objectName()!r} ({state}), built at {place}")
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return found


def _dangling_workers(tracked: _Tracked) -> list[str]:
    found = []
    for pool, places in tracked.pools.values():
        if not pool.waitForDone(_POOL_GRACE_MS):
            found.append("QThreadPool task still running; started at " + "; ".join(places))
    for thread, place in list(tracked.threads.items()):
        if _alive(thread.isRunning):
            found.append(f"QThread still running; started at {place}")
            thread.quit()
            thread.wait(2000)
    for timer, place in list(tracked.timers.items()):
        if _alive(timer.isActive):
            found.append(f"QTimer {timer.objectName()!r} still active; started at {place}")
            timer.stop()
    return found


@pytest.fixture(autouse=True)
def qt_leak_detector(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail the test that leaves a window, worker, thread or timer behind (see module doc)."""
    tracked = _Tracked()
    _patch_widgets(monkeypatch, tracked)
    _patch_starts(monkeypatch, tracked)
    yield
    # pytest-qt has closed (and queued the deletion of) every qtbot.addWidget window.
    leaks = _dangling_workers(tracked) + _dangling_widgets(tracked)
    assert not leaks, "The test left Qt objects behind:\n  " + "\n  ".join(leaks)


@dataclass
class FakePrompts:
    """Answers the app's questions without a modal dialog, and records what it was told."""

    save_to: Path | None = None
    open_from: Path | None = None
    answer: bool = True
    redact_answer: bool = True
    """What the "redact before export?" offer answers (True: go on)."""
    errors: list[str] = field(default_factory=list)
    exported: list[Path] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)

    def prompts(self) -> Prompts:
        return Prompts(
            save_path=lambda _parent, _title, suggested: self.save_to or suggested,
            open_path=lambda _parent, _title, _folder: self.open_from,
            confirm=self._confirm,
            error=lambda _parent, text: self.errors.append(text),
            exported=lambda _parent, path: self.exported.append(path),
            redact=lambda _parent, _session: self.redact_answer,
        )

    def _confirm(self, _parent: QWidget, _title: str, text: str) -> bool:
        self.questions.append(text)
        return self.answer


@pytest.fixture
def fake_prompts() -> FakePrompts:
    return FakePrompts()


AUTHOR = "Dana Onsite"


@pytest.fixture
def make_window(qtbot: Any, fake_prompts: FakePrompts) -> Callable[..., MainWindow]:
    """Build a shown main window on the isolated data folder, closed after the test."""

    def make(**options: Any) -> MainWindow:
        options.setdefault("prompts", fake_prompts.prompts())
        options.setdefault("user", lambda: AUTHOR)
        window = MainWindow(options.pop("store", None) or DraftStore(), **options)
        qtbot.addWidget(window)
        with qtbot.waitActive(window):  # keyboard focus and shortcuts need an active window
            window.show()
            window.activateWindow()
        return window

    return make
