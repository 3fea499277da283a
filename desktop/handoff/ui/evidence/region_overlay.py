"""The full-screen region picker and the capture countdown: two small top-level widgets.

The picker shows the *frozen* screen (grabbed a moment before, with Handoff
hidden) under a dark translucent veil and lets the engineer drag a rectangle;
Escape cancels.  Drawing the veil over a still image rather than making a
see-through window means it works without a compositor (plain X11, Xvfb, RDP
sessions), and what the engineer selects is exactly what is saved — nothing
that moves on screen in the meantime.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QRegion,
)
from PySide6.QtWidgets import QLabel, QWidget

from handoff.ui.dialogs import tr

MIN_DRAG_PX = 4
"""A press and release closer than this is a click, not a selection."""
_VEIL = QColor(0, 0, 0, 110)
_EDGE = QColor(0, 160, 255)


class RegionOverlay(QWidget):
    """Covers one screen with its frozen image; emits ``selected`` (logical rect) or ``cancelled``.

    Object name ``region_overlay``.  The rectangle is in the widget's own
    logical pixels, which are the screen's: (0, 0) is the screen's top-left.
    """

    selected = Signal(QRect)
    cancelled = Signal()

    def __init__(self, frozen: QImage, geometry: QRect) -> None:
        super().__init__(None)
        self.setObjectName("region_overlay")
        self.setWindowFlags(
            Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.Tool
        )
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName(tr("Screen region picker"))
        self.setAccessibleDescription(tr("Drag a rectangle to capture it; Escape cancels."))
        self._frozen = QImage(frozen)
        self._frozen.setDevicePixelRatio(frozen.width() / max(1, geometry.width()))
        self._area = QRect(geometry)
        self._anchor: QPoint | None = None
        self._current = QPoint()

    def start(self) -> None:
        """Cover the screen and take the keyboard (Escape must work without a click)."""
        self.setGeometry(self._area)
        self.showFullScreen()
        self.raise_()
        self.activateWindow()
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        if QGuiApplication.platformName() != "offscreen":  # it has no keyboard to grab
            self.grabKeyboard()

    def selection(self) -> QRect:
        """The rectangle being dragged (empty when none), clipped to the screen."""
        if self._anchor is None:
            return QRect()
        left, right = sorted((self._anchor.x(), self._current.x()))
        top, bottom = sorted((self._anchor.y(), self._current.y()))
        # A drag from x=10 to x=60 selects 50 pixels: the release point is not included.
        return QRect(left, top, right - left, bottom - top).intersected(self.rect())

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        if QGuiApplication.platformName() != "offscreen":
            self.releaseKeyboard()
        super().closeEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.drawImage(self.rect(), self._frozen)
        chosen = self.selection()
        veil = QRect(self.rect())
        painter.setClipping(True)
        painter.setClipRegion(self._outside(veil, chosen))
        painter.fillRect(veil, _VEIL)
        painter.setClipping(False)
        if not chosen.isEmpty():
            painter.setPen(QPen(_EDGE, 1, Qt.PenStyle.DashLine))
            painter.drawRect(chosen.adjusted(0, 0, -1, -1))
            label = f"{chosen.width()} \u00d7 {chosen.height()}"
            painter.drawText(chosen.bottomLeft() + QPoint(4, 16), label)
        else:
            painter.setPen(Qt.GlobalColor.white)
            hint = tr("Drag to select a region \u2014 Esc cancels")
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, hint)
        painter.end()

    @staticmethod
    def _outside(whole: QRect, hole: QRect) -> QRegion:
        region = QRegion(whole)
        return region.subtracted(QRegion(hole)) if not hole.isEmpty() else region

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton:
            self._anchor = event.position().toPoint()
            self._current = QPoint(self._anchor)
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self._anchor is not None:
            self._current = event.position().toPoint()
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() != Qt.MouseButton.LeftButton or self._anchor is None:
            return
        self._current = event.position().toPoint()
        moved = self._current - self._anchor
        if max(abs(moved.x()), abs(moved.y())) < MIN_DRAG_PX:
            self._anchor = None  # a click: keep waiting for a drag
            self.update()
            return
        self.selected.emit(self.selection())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)


class Countdown(QLabel):
    """ "Capturing in 3 s — click to cancel", in the corner of the primary screen.

    It is closed before the settle wait, so it never appears in the screenshot.
    Object name ``capture_countdown``.
    """

    def __init__(self, on_cancel: Callable[[], None]) -> None:
        super().__init__(None)
        self.setObjectName("capture_countdown")
        self.setWindowFlags(
            Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint
            | Qt.WindowType.ToolTip
        )
        self.setStyleSheet("background: #202020; color: white; padding: 10px; font-size: 15px;")
        self._on_cancel = on_cancel

    def show_seconds(self, seconds: int) -> None:
        self.setText(tr("Capturing in {s} s \u2014 click to cancel").format(s=seconds))
        self.adjustSize()
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            self.move(area.right() - self.width() - 24, area.bottom() - self.height() - 24)
        self.show()
        self.raise_()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton:
            self._on_cancel()
