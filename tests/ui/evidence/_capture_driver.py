"""Real capture on a real X display: used by ``test_capture_real`` (run it on xcb).

It shows a window with a known pattern and, partly over it, the real Handoff
main window with the screenshot tools installed.  Then, through the installed
tool exactly as an engineer would, it captures the full screen and the window
under the cursor, saves both from the editor, hides the main window, and prints
one JSON line with what it saw; then a dragged region (with xdotool when installed,
real X input).  It then waits for a line on stdin, so the test
can grab the same screen with ImageMagick while the pattern is still up.

Usage: ``python _capture_driver.py``; the data folder comes from ``HANDOFF_DATA_DIR``.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QCursor, QImage, QPainter, QPaintEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from handoff.drafts import DraftStore
from handoff.ui.evidence import screenshots
from handoff.ui.evidence.capture import CaptureMode
from handoff.ui.main_window import MainWindow
from handoff.ui.pages import AttachmentsPage
from handoff.ui.wizard import PageId

PATTERN_RECT = QRect(60, 80, 400, 300)
NOISE_RECT = QRect(820, 40, 320, 240)
REGION = QRect(700, 100, 300, 150)
"""Dragged on the region picker: across the noise window's edge, so a one-pixel slip shows."""
HANDOFF_RECT = QRect(300, 200, 760, 520)
"""Overlaps the pattern's lower-right part: it must be repainted once Handoff hides."""
CELL = 100
COLOURS = [
    (230, 25, 75), (60, 180, 75), (255, 225, 25), (0, 130, 200),
    (245, 130, 48), (145, 30, 180), (70, 240, 240), (240, 50, 230),
    (210, 245, 60), (250, 190, 212), (0, 128, 128), (170, 110, 40),
]  # fmt: skip
"""One colour per 100 x 100 cell, row by row (4 x 3 cells)."""


class NoiseWindow(QWidget):
    """Fine random detail: a grab that is shifted or rescaled by one pixel differs a lot."""

    def __init__(self) -> None:
        super().__init__()
        rng = random.Random(7)
        width, height = NOISE_RECT.width(), NOISE_RECT.height()
        self._data = bytes(rng.randrange(256) for _ in range(width * height * 3))
        self._image = QImage(self._data, width, height, width * 3, QImage.Format.Format_RGB888)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.drawImage(0, 0, self._image)
        painter.end()


class PatternWindow(QWidget):
    """Stands for the application the engineer wants to capture."""

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        for index, colour in enumerate(COLOURS):
            x, y = (index % 4) * CELL, (index // 4) * CELL
            painter.fillRect(x, y, CELL, CELL, QColor(*colour))
        painter.end()


def pump(seconds: float, until: Callable[[], bool] = lambda: False) -> bool:
    """Run the event loop for up to ``seconds``; True as soon as ``until()`` holds."""
    deadline, loop = time.monotonic() + seconds, QEventLoop()
    while time.monotonic() < deadline:
        # An instance's processEvents: the static one leaks references to None (PySide6 6.12).
        loop.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if until():
            return True
        time.sleep(0.01)
    return until()


def drag_region(tool: screenshots.ScreenshotTool) -> str:
    """Drag :data:`REGION` on the picker: real X input with xdotool, else Qt's own events."""
    if not pump(
        10, lambda: tool.capturer.overlay is not None and tool.capturer.overlay.isVisible()
    ):
        raise SystemExit("the region picker did not appear")
    pump(0.3)
    x0, y0, x1, y1 = REGION.left(), REGION.top(), REGION.right() + 1, REGION.bottom() + 1
    xdotool = shutil.which("xdotool")
    if xdotool is not None:
        subprocess.Popen([
            xdotool, "mousemove", str(x0), str(y0), "mousedown", "1",
            "mousemove", str((x0 + x1) // 2), str((y0 + y1) // 2),
            "mousemove", str(x1), str(y1), "mouseup", "1",
        ])  # fmt: skip
        return "xdotool"
    overlay = tool.capturer.overlay
    assert overlay is not None
    QTest.mousePress(overlay, Qt.MouseButton.LeftButton, pos=QPoint(x0, y0))
    QTest.mouseMove(overlay, QPoint(x1, y1))
    QTest.mouseRelease(overlay, Qt.MouseButton.LeftButton, pos=QPoint(x1, y1))
    return "qtest"


def capture_and_save(
    tool: screenshots.ScreenshotTool, window: MainWindow, mode: CaptureMode
) -> tuple[str, bool]:
    """Capture through the installed tool, save from the editor; (file, window shown after)."""
    if mode is CaptureMode.SCREEN:
        tool.actions["capture_screenshot"].trigger()  # the Ctrl+Shift+S action
    else:
        tool.capture(mode)
    if mode is CaptureMode.REGION:
        drag_region(tool)
    if not pump(15, lambda: tool.editor is not None):
        raise SystemExit(f"no editor after the {mode} capture")
    shown_after = window.isVisible()
    assert tool.editor is not None
    tool.editor.save()
    if not pump(15, lambda: tool.editor is None):
        raise SystemExit("the editor did not close after saving")
    source = window.session.handoff.attachments[-1].source
    assert source is not None
    return source, shown_after


def build() -> tuple[MainWindow, screenshots.ScreenshotTool, list[QWidget]]:
    """The pattern and noise windows, and Handoff on its attachments page with the tools."""
    others: list[QWidget] = [PatternWindow(), NoiseWindow()]
    for widget, rect in zip(others, (PATTERN_RECT, NOISE_RECT), strict=True):
        widget.setGeometry(rect)
        widget.show()
    window = MainWindow(DraftStore(), synchronous=True, user=lambda: "Driver", evidence_tools=None)
    window.setGeometry(HANDOFF_RECT)
    window.show()
    page = window.wizard.page(PageId.ATTACHMENTS)
    assert isinstance(page, AttachmentsPage)
    window.wizard.go_to(PageId.ATTACHMENTS)
    screenshots.install(page, window, synchronous=True)
    tool = screenshots.tool_for(page)
    assert tool is not None
    return window, tool, others


def as_list(rect: QRect) -> list[int]:
    return [rect.x(), rect.y(), rect.width(), rect.height()]


def main() -> int:
    app = QApplication(sys.argv[:1])
    window, tool, others = build()
    visible_during: list[bool] = []
    tool.capturer.grabbed.connect(lambda: visible_during.append(window.isVisible()))
    pump(1.0)
    shots, shown_after = {}, []
    for mode in (CaptureMode.SCREEN, CaptureMode.WINDOW, CaptureMode.REGION):
        if mode is CaptureMode.WINDOW:
            QCursor.setPos(PATTERN_RECT.center())
            pump(0.3)
        shots[mode.value], shown = capture_and_save(tool, window, mode)
        shown_after.append(shown)
    window.hide()  # the independent grab must see the same screen: Handoff away
    pump(0.8)
    size = app.primaryScreen().geometry().size()
    report = {
        "shots": shots,
        "visible_during_grab": visible_during,
        "visible_after": shown_after,
        "pattern": as_list(PATTERN_RECT),
        "region": as_list(REGION),
        "screen": [size.width(), size.height()],
    }
    print(json.dumps(report), flush=True)
    sys.stdin.readline()  # the test grabs the screen now
    for widget in (window, *others):
        widget.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
