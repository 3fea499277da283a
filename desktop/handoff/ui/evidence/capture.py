"""Screen capture with Handoff out of the way: every screen, a window, or a dragged region.

:class:`ScreenCapturer` hides the main window, optionally counts down
(3/5/10 s, a small click-to-cancel label), waits a short moment so the
compositor and the windows underneath repaint (a QTimer plus ``processEvents``,
never a sleep), grabs, and shows the window again.  Grabbing itself is
injectable (``grab``, ``window_at``, ``cursor``) so tests run offscreen with fakes.

Multi-monitor, mixed DPI: *full screen* is one image of the whole virtual
desktop.  Each screen is grabbed with ``QScreen.grabWindow(0)`` in its own
physical pixels and drawn at its logical geometry scaled to the HIGHEST device
pixel ratio of all screens, so positions are right and no monitor loses detail
(a low-DPI monitor is upscaled; gaps between screens stay black).  A *region*
is cut from the one screen under the cursor, at that screen's own pixels; a
*window* is cut from the composed desktop, since a window may span screens.

The capture stays in memory until the editor saves the edited result: the
unredacted original is never written to disk.  A grab stays the QImage Qt made:
the editor shows it as it is, and the Pillow copy the save needs is made on the
save's worker thread (:attr:`Capture.image`), so nothing is converted while the
engineer waits.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QEventLoop, QObject, QPoint, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QCursor, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import QApplication, QWidget

from handoff.evidence import images
from handoff.model import utc_now
from handoff.ui.evidence.region_overlay import Countdown, RegionOverlay
from handoff.ui.evidence.window_at import window_at_cursor

SETTLE_MS = 200
"""Wait after hiding Handoff: long enough for a compositor's fade-out and for the
windows underneath to repaint the area Handoff uncovered."""
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"})


class CaptureError(Exception):
    """Capturing is impossible here (Wayland refuses grabs, no screen); one-line ``str()``."""


class CaptureMode(StrEnum):
    SCREEN = "screen"
    WINDOW = "window"
    REGION = "region"


@dataclass(frozen=True)
class ScreenGrab:
    """One screen's pixels: ``geometry`` is logical (virtual desktop), ``image`` physical."""

    geometry: QRect
    image: QImage

    @property
    def ratio(self) -> float:
        """Physical pixels per logical pixel, measured on the grab itself."""
        return self.image.width() / max(1, self.geometry.width())


@dataclass(frozen=True, eq=False)
class Capture:
    """A captured or pasted image, in memory only, and when it was taken."""

    pixels: QImage | Image.Image
    """As taken: the grab's (or the clipboard's) QImage, or a Pillow image for a file."""
    captured_at: datetime
    origin: str
    """What it is, for the file name: ``screen``, ``window``, ``region``, ``clipboard``, a file."""

    @cached_property
    def image(self) -> Image.Image:
        """A Pillow RGB image, for the save (converted on first use, on the thread
        that uses it: the save's worker)."""
        return to_pil(self.pixels) if isinstance(self.pixels, QImage) else self.pixels

    @cached_property
    def qimage(self) -> QImage:
        """The pixels as a QImage, for the editor's canvas and the quick thumbnail."""
        return self.pixels if isinstance(self.pixels, QImage) else from_pil(self.pixels)


GrabScreens = Callable[[], list[ScreenGrab]]
WindowAt = Callable[[QPoint], QRect | None]
CursorPos = Callable[[], QPoint]


def grab_screens() -> list[ScreenGrab]:
    """Every screen, grabbed with ``QScreen.grabWindow(0)``; :class:`CaptureError` if refused."""
    grabs = []
    for screen in QGuiApplication.screens():
        pixmap = screen.grabWindow(0)
        if pixmap.isNull():
            raise CaptureError(
                "this desktop does not allow screen capture (Wayland?): take the screenshot "
                "with the system tool and paste it (Ctrl+Shift+V)"
            )
        grabs.append(ScreenGrab(screen.geometry(), pixmap.toImage()))
    if not grabs:
        raise CaptureError("no screen to capture")
    return grabs


@dataclass(frozen=True)
class Desktop:
    """The composed virtual desktop: ``image`` pixel (0, 0) is logical ``origin``."""

    image: QImage
    origin: QPoint
    ratio: float

    def pixel_rect(self, logical: QRect) -> images.Rect:
        """A logical global rectangle in this image's pixels, clipped to it."""
        x0, y0 = logical.x() - self.origin.x(), logical.y() - self.origin.y()
        r = self.ratio
        rect = images.Rect.from_points(
            x0 * r, y0 * r, (x0 + logical.width()) * r, (y0 + logical.height()) * r
        )
        return rect.clamped((self.image.width(), self.image.height()))


def compose(grabs: list[ScreenGrab]) -> Desktop:
    """All screens in one image at the highest DPR (see the module doc for why)."""
    virtual = QRect(grabs[0].geometry)
    for grab in grabs[1:]:
        virtual = virtual.united(grab.geometry)
    if len(grabs) == 1:
        return Desktop(grabs[0].image, virtual.topLeft(), grabs[0].ratio)
    ratio = max(grab.ratio for grab in grabs)
    size = (math.ceil(virtual.width() * ratio), math.ceil(virtual.height() * ratio))
    canvas = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    canvas.fill(Qt.GlobalColor.black)
    painter = QPainter(canvas)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    for grab in grabs:
        g = grab.geometry
        target = QRectF(
            (g.x() - virtual.x()) * ratio, (g.y() - virtual.y()) * ratio,
            g.width() * ratio, g.height() * ratio,
        )  # fmt: skip
        painter.drawImage(target, grab.image, QRectF(grab.image.rect()))
    painter.end()
    return Desktop(canvas, virtual.topLeft(), ratio)


def cut(image: QImage, part: images.Rect | None) -> QImage:
    """``part`` of ``image`` (a copy), or ``image`` itself when there is no part."""
    return image if part is None else image.copy(part.left, part.top, part.width, part.height)


def to_pil(image: QImage, part: images.Rect | None = None) -> Image.Image:
    """A Pillow RGB copy of ``image`` (or of ``part`` of it), with no Qt memory shared.

    Only reads ``image``, so it may run on a worker thread while the GUI shows it."""
    image = cut(image, part)
    if image.format() != QImage.Format.Format_RGB32:
        image = image.convertToFormat(QImage.Format.Format_RGB32)
    raw = "BGRX" if sys.byteorder == "little" else "XRGB"
    size = (image.width(), image.height())
    data = bytes(image.constBits())
    return Image.frombytes("RGB", size, data, "raw", raw, image.bytesPerLine())


def from_pil(image: Image.Image) -> QImage:
    """A QImage that owns a copy of a Pillow RGB image's pixels (for showing it)."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    data = rgb.tobytes("raw", "RGB")
    view = QImage(data, rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888)
    return view.convertToFormat(QImage.Format.Format_RGB32)


def is_image_file(path: Path) -> bool:
    """Whether a dropped file should open in the screenshot editor (by extension)."""
    return path.suffix.lower() in IMAGE_SUFFIXES and path.is_file()


def file_capture(path: Path) -> Capture:
    """A dropped image file, for the editor; the file itself is only read.

    The capture time is the file's modification time: the best guess at when the
    picture was taken.  :class:`handoff.evidence.images.ImageError` if unreadable.
    """
    image = images.load_image(path)
    taken = datetime.fromtimestamp(path.stat().st_mtime).astimezone().replace(microsecond=0)
    return Capture(image, taken, path.stem)


def clipboard_capture(clipboard: QClipboard | None = None) -> Capture:
    """The clipboard's image (or the first image file copied in a file manager)."""
    board = clipboard or QGuiApplication.clipboard()
    data = board.mimeData()
    if data is not None and data.hasImage():
        image = board.image()
        if not image.isNull():
            return Capture(image, utc_now(), "clipboard")
    if data is not None and data.hasUrls():
        for url in data.urls():
            path = Path(url.toLocalFile())
            if url.isLocalFile() and is_image_file(path):
                return file_capture(path)
    raise CaptureError("the clipboard holds no image")


class ScreenCapturer(QObject):
    """Hide ``window`` → (countdown) → settle → grab → show ``window``; one capture at a time.

    Emits exactly one of ``captured`` (a :class:`Capture`), ``failed`` (one line)
    or ``cancelled`` per :meth:`start` that returned True.
    """

    captured = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    grabbed = Signal()
    """Right after the pixels were taken, before the window comes back (tests, benchmark)."""

    def __init__(
        self,
        window: QWidget,
        *,
        grab: GrabScreens = grab_screens,
        window_at: WindowAt = window_at_cursor,
        cursor: CursorPos = QCursor.pos,
        settle_ms: int = SETTLE_MS,
        tick_ms: int = 1000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.window = window
        self._grab, self._window_at, self._cursor = grab, window_at, cursor
        self._mode = CaptureMode.SCREEN
        self._busy = False
        self._hidden: list[tuple[QWidget, Qt.WindowState]] = []
        self._settle = self._timer(settle_ms, single=True, slot=self._take)
        self._tick = self._timer(tick_ms, single=False, slot=self._count_down)
        self._left = 0
        self.countdown: Countdown | None = None
        self.overlay: RegionOverlay | None = None

    def _timer(self, interval: int, *, single: bool, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(single)
        timer.setInterval(interval)
        timer.timeout.connect(slot)
        return timer

    @property
    def busy(self) -> bool:
        return self._busy

    def start(self, mode: CaptureMode, delay_s: int = 0) -> bool:
        """Begin a capture; False (and nothing happens) while one is in progress."""
        if self._busy:
            return False
        self._busy, self._mode = True, mode
        self._hide_windows()
        if delay_s > 0:
            self._left = delay_s
            self.countdown = Countdown(self.cancel)
            self.countdown.show_seconds(delay_s)
            self._tick.start()
        else:
            self._settle.start()
        return True

    def cancel(self) -> None:
        """Stop a countdown or a region selection; the window comes back."""
        if self._busy:
            self._finish(self.cancelled.emit)

    def _hide_windows(self) -> None:
        """Hide Handoff: the main window and its open tool windows (dialogs parented to it).

        Only windows that belong to ``window``: anything else on screen is what
        the engineer wants in the picture.
        """
        kinds = (Qt.WindowType.Window, Qt.WindowType.Dialog)
        tools = [
            widget
            for widget in QApplication.topLevelWidgets()
            if widget is not self.window and widget.isVisible()
            and widget.windowType() in kinds and self._belongs(widget)
        ]  # fmt: skip
        shown = [*tools, self.window] if self.window.isVisible() else tools
        self._hidden = [(widget, widget.windowState()) for widget in shown]
        for widget in shown:
            widget.hide()

    def _belongs(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None and parent is not self.window:
            parent = parent.parentWidget()
        return parent is self.window

    def _restore_windows(self) -> None:
        """Every hidden window back as it was (maximised stays maximised), tools in front."""
        for widget, state in reversed(self._hidden):
            widget.setWindowState(state)
            widget.show()
        if any(widget is self.window for widget, _ in self._hidden):
            self.window.activateWindow()
        self._hidden = []

    def _count_down(self) -> None:
        self._left -= 1
        if self._left > 0 and self.countdown is not None:
            self.countdown.show_seconds(self._left)
            return
        self._tick.stop()
        self._close_countdown()
        self._settle.start()  # the countdown label must be gone from the screen too

    def _take(self) -> None:
        flush_events()  # the repaints the settle wait made room for
        try:
            grabs = self._grab()
            if self._mode is CaptureMode.REGION:
                self._select_region(grabs)
                return
            capture = self._capture(grabs)
        except (CaptureError, images.ImageError) as exc:
            reason = str(exc)
            self._finish(lambda: self.failed.emit(reason))
            return
        self._finish(lambda: self.captured.emit(capture))

    def _capture(self, grabs: list[ScreenGrab]) -> Capture:
        desktop = compose(grabs)
        part = None
        if self._mode is CaptureMode.WINDOW:
            where = self._cursor()
            rect = self._window_at(where)
            if rect is None or rect.isEmpty():  # unknown here (Wayland, macOS): the screen
                rect = _screen_at(grabs, where).geometry
            part = desktop.pixel_rect(rect)
            if part.empty:
                raise CaptureError("the window under the cursor is off screen")
        self.grabbed.emit()
        return Capture(cut(desktop.image, part), utc_now(), self._mode.value)

    def _select_region(self, grabs: list[ScreenGrab]) -> None:
        """Show the frozen screen under the cursor; the engineer drags what to keep."""
        grab = _screen_at(grabs, self._cursor())
        self.grabbed.emit()
        taken = utc_now()
        overlay = RegionOverlay(grab.image, grab.geometry)
        overlay.selected.connect(lambda rect: self._region_chosen(grab, rect, taken))
        overlay.cancelled.connect(self.cancel)
        self.overlay = overlay
        overlay.start()

    def _region_chosen(self, grab: ScreenGrab, rect: QRect, taken: datetime) -> None:
        """``rect`` is in the overlay's logical pixels: cut it from the screen's own pixels."""
        r = grab.ratio
        part = images.Rect.from_points(
            rect.x() * r,
            rect.y() * r,
            (rect.x() + rect.width()) * r,
            (rect.y() + rect.height()) * r,
        ).clamped((grab.image.width(), grab.image.height()))
        if part.empty:
            self.cancel()
            return
        capture = Capture(cut(grab.image, part), taken, CaptureMode.REGION.value)
        self._finish(lambda: self.captured.emit(capture))

    def _close_countdown(self) -> None:
        if self.countdown is not None:
            self.countdown.close()
            self.countdown.deleteLater()
            self.countdown = None

    def _close_overlay(self) -> None:
        if self.overlay is not None:
            self.overlay.close()
            self.overlay.deleteLater()
            self.overlay = None

    def _finish(self, emit: Callable[[], None]) -> None:
        """Clean up, bring the window back exactly as it was, then report."""
        self._tick.stop()
        self._settle.stop()
        self._close_countdown()
        self._close_overlay()
        self._restore_windows()
        self._busy = False
        emit()


def flush_events() -> None:
    """Deliver pending paint and expose events now (user input waits).

    Through a QEventLoop instance on purpose: PySide6 6.12's *static*
    ``QCoreApplication.processEvents`` (and ``sendPostedEvents``) drop one
    reference to ``None`` per call on Python 3.11, and enough calls crash the
    interpreter ("deallocating None").
    """
    QEventLoop().processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)


def _screen_at(grabs: list[ScreenGrab], point: QPoint) -> ScreenGrab:
    """The grab of the screen containing ``point`` (the first screen if none does)."""
    return next((grab for grab in grabs if grab.geometry.contains(point)), grabs[0])
