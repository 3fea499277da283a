"""Show every wizard page at the scale in ``QT_SCALE_FACTOR`` and report clipped text as JSON.

Run by ``test_scaling`` in a subprocess on a real X server (the scale factor must be
set before the QApplication exists).  Usage: ``_scaling_driver.py OUT_DIR``.  Prints
one JSON object: the scale, the window's minimum size, the screenshots written and
every problem found (text wider than its widget, a widget outside the window).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import QEventLoop, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QGroupBox,
    QLabel,
    QPushButton,
    QRadioButton,
    QTabBar,
    QWidget,
)

from handoff.drafts import DraftStore
from handoff.example import example_handoff
from handoff.ui.app import application
from handoff.ui.dialogs import Prompts
from handoff.ui.main_window import MainWindow
from handoff.ui.wizard import PageId

LAPTOP = (1280, 720)
"""A small laptop screen, in logical pixels: the window must fit it at every scale."""
SLACK = 1
"""Pixels of rounding tolerated between a text's advance and its box."""


def settle(ms: int = 80) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _scrolled(widget: QWidget, top: QWidget) -> bool:
    """Inside a scroll area's viewport: it may legitimately lie outside the view."""
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent.parentWidget(), QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _label_width(label: QLabel) -> int:
    text = label.text()
    if QtGui.Qt.mightBeRichText(text) or label.textFormat() == Qt.TextFormat.RichText:
        document = QTextDocument()
        document.setDefaultFont(label.font())
        document.setHtml(text)
        document.setDocumentMargin(0)
        return int(document.idealWidth())
    metrics = label.fontMetrics()
    return max(metrics.horizontalAdvance(line) for line in _plain(text).splitlines() or [""])


def clipped(widget: QWidget) -> str | None:
    """Why ``widget``'s text does not fit, or None."""
    if isinstance(widget, QLabel) and widget.text() and not widget.wordWrap():
        if widget.pixmap() is not None and not widget.pixmap().isNull():
            return None
        need, have = _label_width(widget), widget.contentsRect().width()
        if need > have + SLACK:
            return f"label needs {need} px, has {have}"
    if isinstance(widget, QPushButton | QCheckBox | QRadioButton) and widget.text():
        need, have = widget.minimumSizeHint().width(), widget.width()
        if need > have + SLACK:
            return f"button needs {need} px, has {have}"
    if isinstance(widget, QGroupBox) and widget.title():
        need = widget.fontMetrics().horizontalAdvance(_plain(widget.title())) + 16
        if need > widget.width() + SLACK:
            return f"group box title needs {need} px, has {widget.width()}"
    if isinstance(widget, QTabBar):
        for index in range(widget.count()):
            need = widget.fontMetrics().horizontalAdvance(_plain(widget.tabText(index)))
            if need > widget.tabRect(index).width():
                return f"tab {index} needs {need} px"
    return None


def problems_in(top: QWidget, where: str) -> list[str]:
    found = []
    bounds = top.rect()
    for widget in top.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not top:
            continue
        name = f"{where}: {type(widget).__name__} {widget.objectName()!r}"
        text = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
        if (why := clipped(widget)) is not None:
            found.append(f"{name} {text[:40]!r}: {why}")
        if not _scrolled(widget, top):
            box = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
            if not bounds.contains(box):
                found.append(f"{name}: outside the window ({box.getRect()} not in "
                             f"{bounds.getRect()})")  # fmt: skip
    return found


def grab(widget: QWidget, target: Path) -> str:
    screen = widget.screen()
    pixmap = screen.grabWindow(widget.winId())
    if pixmap.isNull() or not pixmap.save(str(target), "PNG"):
        raise OSError(f"could not grab {target}")
    return str(target)


def main() -> int:
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    app = application([sys.argv[0]])
    window = MainWindow(DraftStore(), prompts=Prompts(), synchronous=True, evidence_tools=None,
                        user=lambda: "Dana Onsite")  # fmt: skip
    window.load_handoff(example_handoff())
    window.resize(*LAPTOP)
    window.show()
    settle(300)
    report: dict[str, object] = {
        "scale": window.devicePixelRatio(),
        "minimum": [window.minimumSizeHint().width(), window.minimumSizeHint().height()],
        "size": [window.width(), window.height()],
    }
    problems: list[str] = []
    shots = []
    for page in PageId:
        window.wizard.go_to(page)
        settle()
        problems += problems_in(window, f"page {page.name.lower()}")
        shots.append(grab(window, out / f"{page.value + 1:02d}-{page.name.lower()}.png"))
    report["problems"] = problems
    report["shots"] = shots
    print(json.dumps(report))
    window.close()
    window.deleteLater()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
