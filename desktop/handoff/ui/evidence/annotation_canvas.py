"""The screenshot editor's canvas: shows the image, turns mouse drags into edits.

Edits are :mod:`handoff.evidence.images` dataclasses in the ORIGINAL image's
pixel coordinates, whatever the zoom or crop on screen; the canvas only paints
a preview of them with QPainter.  The saved file is made by Pillow from the same
list (:func:`images.apply_edits`), so what is saved never depends on the widget
size.  A redaction is painted as the same solid fill from the first pixel of the
drag: the engineer never sees a "soft" preview that might be mistaken for the result.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QWidget

from handoff.evidence import images
from handoff.evidence.images import Arrow, Box, Crop, Edit, PointF, Redact, Text
from handoff.ui.dialogs import tr

MIN_DRAG_PX = 4
"""A drag shorter than this (on screen) is a slip of the mouse, not an edit."""
SCREEN_LINE_PX = 3.0
SCREEN_TEXT_PX = 18.0
"""New annotations look this big on screen; stored in image pixels for the current zoom."""

AskText = Callable[[QWidget], str | None]


class Tool(StrEnum):
    CROP = "crop"
    BOX = "box"
    ARROW = "arrow"
    TEXT = "text"
    REDACT = "redact"

    @property
    def label(self) -> str:
        return {
            Tool.CROP: tr("&Crop"),
            Tool.BOX: tr("&Box"),
            Tool.ARROW: tr("&Arrow"),
            Tool.TEXT: tr("&Text"),
            Tool.REDACT: tr("&Redact"),
        }[self]


def _qcolour(colour: images.Colour) -> QColor:
    return QColor(*colour)


def _qrect(rect: images.Rect) -> QRectF:
    return QRectF(rect.left, rect.top, rect.width, rect.height)


def paint_edit(painter: QPainter, edit: Edit) -> None:
    """Preview one edit, in image coordinates, as Pillow will draw it."""
    painter.save()
    match edit:
        case Redact(rect=rect, fill=fill):
            painter.fillRect(_qrect(rect), _qcolour(fill))
        case Box(rect=rect, colour=colour, width=width):
            inset = width / 2  # Pillow draws the outline inside the rectangle
            painter.setPen(QPen(_qcolour(colour), width, j=Qt.PenJoinStyle.MiterJoin))
            painter.drawRect(_qrect(rect).adjusted(inset, inset, -inset, -inset))
        case Arrow():
            _paint_arrow(painter, edit)
        case Text():
            _paint_text(painter, edit)
        case Crop(rect=rect):
            painter.setPen(QPen(QColor(0, 160, 255), 0, Qt.PenStyle.DashLine))
            painter.drawRect(_qrect(rect))
    painter.restore()


def _paint_arrow(painter: QPainter, edit: Arrow) -> None:
    tip, left, right = images.arrow_head(edit.start, edit.end, edit.width)
    base = QPointF((left[0] + right[0]) / 2, (left[1] + right[1]) / 2)
    colour = _qcolour(edit.colour)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(colour, edit.width, c=Qt.PenCapStyle.FlatCap))
    painter.drawLine(QPointF(*edit.start), base)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawPolygon(QPolygonF([QPointF(*tip), QPointF(*left), QPointF(*right)]))


def _paint_text(painter: QPainter, edit: Text) -> None:
    font = QFont()
    font.setPixelSize(edit.size)
    path = QPainterPath()
    ascent = QFontMetricsF(font).ascent()
    path.addText(QPointF(edit.at[0], edit.at[1] + ascent), font, edit.text)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.strokePath(path, QPen(Qt.GlobalColor.white, 2 * max(1, edit.size // 10)))
    painter.fillPath(path, _qcolour(edit.colour))


class AnnotationCanvas(QWidget):
    """The image fitted to the widget, with its edits; drag to add one.

    Object name ``screenshot_canvas``.
    """

    edits_changed = Signal()

    def __init__(self, image: QImage, *, ask_text: AskText, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screenshot_canvas")
        self.setAccessibleName(tr("Screenshot"))
        self.setMinimumSize(320, 240)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.image = image
        self.edits: list[Edit] = []
        self.tool = Tool.REDACT
        self._ask_text = ask_text
        self._anchor: PointF | None = None
        self._point: PointF = (0.0, 0.0)

    @property
    def image_size(self) -> tuple[int, int]:
        return (self.image.width(), self.image.height())

    def view(self) -> images.Rect:
        """The part of the image shown: everything the crops keep."""
        return images.crop_rect(self.edits, self.image_size)

    def scale(self) -> float:
        """Screen pixels per image pixel at the current size and crop."""
        view = self.view()
        return min(self.width() / max(1, view.width), self.height() / max(1, view.height))

    def _offset(self) -> QPointF:
        view, s = self.view(), self.scale()
        return QPointF(
            (self.width() - view.width * s) / 2 - view.left * s,
            (self.height() - view.height * s) / 2 - view.top * s,
        )

    def to_widget(self, point: PointF) -> QPointF:
        """Where an image point is on the widget (tests drag to these points)."""
        return QPointF(point[0], point[1]) * self.scale() + self._offset()

    def to_image(self, pos: QPointF) -> PointF:
        """The image point under a widget position, kept inside the visible part."""
        image = (pos - self._offset()) / self.scale()
        view = self.view()
        return (
            min(max(image.x(), view.left), view.right),
            min(max(image.y(), view.top), view.bottom),
        )

    def add(self, edit: Edit) -> None:
        self.edits.append(edit)
        self.update()
        self.edits_changed.emit()

    def undo(self) -> bool:
        """Remove the last edit; False when there is none."""
        if not self.edits:
            return False
        self.edits.pop()
        self.update()
        self.edits_changed.emit()
        return True

    # -- turning a drag into an edit -------------------------------------------

    def _line_width(self) -> int:
        return max(2, round(SCREEN_LINE_PX / self.scale()))

    def _dragged(self) -> Edit | None:
        """The edit the current drag would make (None for a click or the text tool)."""
        if self._anchor is None or self.tool is Tool.TEXT:
            return None
        (x0, y0), (x1, y1) = self._anchor, self._point
        if max(abs(x1 - x0), abs(y1 - y0)) * self.scale() < MIN_DRAG_PX:
            return None
        rect = images.Rect.from_points(x0, y0, x1, y1).clamped(self.image_size)
        if self.tool is Tool.CROP:
            return Crop(rect)
        if self.tool is Tool.REDACT:
            return Redact(rect)
        if self.tool is Tool.BOX:
            return Box(rect, width=self._line_width())
        return Arrow((x0, y0), (x1, y1), width=self._line_width())

    def _place_text(self, at: PointF) -> None:
        text = (self._ask_text(self) or "").strip()
        if text:
            size = max(10, round(SCREEN_TEXT_PX / self.scale()))
            self.add(Text((round(at[0]), round(at[1])), text, size=size))

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton:
            self._anchor = self._point = self.to_image(event.position())
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self._anchor is not None:
            self._point = self.to_image(event.position())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() != Qt.MouseButton.LeftButton or self._anchor is None:
            return
        self._point = self.to_image(event.position())
        edit, anchor = self._dragged(), self._anchor
        self._anchor = None
        if edit is not None:
            self.add(edit)
        elif self.tool is Tool.TEXT:
            self._place_text(anchor)
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape and self._anchor is not None:
            self._anchor = None  # drop the drag in progress, keep the dialog open
            self.update()
            return
        super().keyPressEvent(event)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().dark())
        painter.translate(self._offset())
        painter.scale(self.scale(), self.scale())
        painter.setClipRect(_qrect(self.view()))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(QPointF(0, 0), self.image)
        for edit in self.edits:
            paint_edit(painter, edit)
        pending = self._dragged()
        if pending is not None:
            paint_edit(painter, pending)
        painter.end()
