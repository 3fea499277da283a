"""Colours and palette: follow the OS light or dark scheme, with readable contrast.

Seam module: every widget that needs a status colour asks here instead of
hard-coding one, so a dark palette never shows dark-red text on a dark background.
"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication


def apply(app: QApplication) -> None:
    """Style and palette for the whole app (called once, from ``ui.app.application``)."""


def error_color() -> QColor:
    """Text colour for problems (failed save, failed post), readable on the window colour."""
    return QColor("#b00020")


def ok_color() -> QColor:
    """Text colour for success (package intact)."""
    return QColor("#1b5e20")


def mention_color() -> QColor:
    """Colour of an @mention in the rendered note."""
    return QColor("#1565c0")


def error_style(*, bold: bool = False) -> str:
    """A style sheet fragment for a label showing a problem."""
    weight = " font-weight: bold;" if bold else ""
    return f"color: {error_color().name()};{weight}"
