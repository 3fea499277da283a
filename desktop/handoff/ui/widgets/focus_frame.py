"""A clearly visible keyboard focus frame on every input, on top of the Fusion style.

Fusion marks focus on line edits and buttons, but a focused text area, table or
drop-down list looks almost the same as an unfocused one: an engineer working by
keyboard cannot see where their typing goes.  This proxy style draws a two-pixel
frame in the palette's highlight colour round those inputs while they have focus (and a solid one
instead of the faint focus rectangle round a check box's label),
and repaints them when focus comes or goes (Qt does not repaint a frame on focus).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QPlainTextEdit,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionComplex,
    QTextEdit,
    QWidget,
)

FRAME_WIDTH = 2

_FRAMED = (QPlainTextEdit, QTextEdit, QAbstractItemView, QComboBox, QAbstractSpinBox)
"""Inputs whose focus Fusion shows too faintly."""


def _repaint(old: QWidget | None, new: QWidget | None) -> None:
    for widget in (old, new):
        if isinstance(widget, _FRAMED):
            widget.update()


def repaint_on_focus_change(app: QApplication) -> None:
    """Repaint a framed input when it gains or loses focus (once per application)."""
    if not app.property("handoff_focus_repaint"):
        app.setProperty("handoff_focus_repaint", True)
        app.focusChanged.connect(_repaint)


class FocusFrameStyle(QProxyStyle):
    """Fusion (or ``base``) plus a highlight-coloured frame round focused inputs."""

    def drawPrimitive(  # noqa: N802 - Qt API
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        """Check boxes' and radio buttons' dotted focus rectangle: a solid frame instead."""
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            _draw_frame(option, painter)
            return
        super().drawPrimitive(element, option, painter, widget)

    def drawControl(  # noqa: N802 - Qt API
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawControl(element, option, painter, widget)
        if element == QStyle.ControlElement.CE_ShapedFrame and _wants_frame(widget):
            _draw_frame(option, painter)

    def drawComplexControl(  # noqa: N802 - Qt API
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawComplexControl(control, option, painter, widget)
        framed = (QStyle.ComplexControl.CC_ComboBox, QStyle.ComplexControl.CC_SpinBox)
        if control in framed and _wants_frame(widget):
            _draw_frame(option, painter)


def _wants_frame(widget: QWidget | None) -> bool:
    return isinstance(widget, _FRAMED) and widget.hasFocus()


def _draw_frame(option: QStyleOption, painter: QPainter) -> None:
    painter.save()
    colour = option.palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Highlight)
    pen = QPen(colour, FRAME_WIDTH)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    half = FRAME_WIDTH // 2
    painter.drawRect(option.rect.adjusted(half, half, -half, -half))
    painter.restore()
