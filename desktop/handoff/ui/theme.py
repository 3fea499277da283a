"""Colours and palette: follow the OS light or dark scheme, with readable contrast.

Every widget that needs a status colour asks here instead of hard-coding one, so a
dark palette never shows dark-red text on a dark background.  The app uses the
Fusion style everywhere (one look, a visible focus frame on every OS) with one of
two explicit palettes whose text roles all reach WCAG AA contrast (4.5:1; checked by
``tests/ui/test_theme.py``).  The scheme follows the OS (``colorScheme()``, and
``colorSchemeChanged`` while running); ``HANDOFF_COLOR_SCHEME=dark|light`` overrides
it, for screenshots, tests and an engineer whose OS reports nothing.
"""

from __future__ import annotations

import os
from enum import Enum

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from handoff.ui.widgets.focus_frame import FocusFrameStyle, repaint_on_focus_change

SCHEME_ENV = "HANDOFF_COLOR_SCHEME"
"""``dark`` or ``light``: use that palette whatever the OS says."""


class Scheme(Enum):
    LIGHT = "light"
    DARK = "dark"


Role = QPalette.ColorRole

_PALETTES: dict[Scheme, dict[QPalette.ColorRole, str]] = {
    Scheme.LIGHT: {
        Role.Window: "#efefef", Role.WindowText: "#1a1a1a",
        Role.Base: "#ffffff", Role.AlternateBase: "#f5f5f5", Role.Text: "#1a1a1a",
        Role.Button: "#e4e4e4", Role.ButtonText: "#1a1a1a", Role.BrightText: "#ffffff",
        Role.ToolTipBase: "#ffffdc", Role.ToolTipText: "#1a1a1a",
        Role.Highlight: "#1f5fa8", Role.HighlightedText: "#ffffff",
        Role.Link: "#0b57b0", Role.LinkVisited: "#6a1b9a", Role.PlaceholderText: "#6b6b6b",
        Role.Light: "#ffffff", Role.Midlight: "#f0f0f0", Role.Mid: "#a0a0a0",
        Role.Dark: "#7a7a7a", Role.Shadow: "#3c3c3c", Role.Accent: "#1f5fa8",
    },
    Scheme.DARK: {
        Role.Window: "#2b2b2b", Role.WindowText: "#ececec",
        Role.Base: "#1e1e1e", Role.AlternateBase: "#262626", Role.Text: "#ececec",
        Role.Button: "#3a3a3a", Role.ButtonText: "#ececec", Role.BrightText: "#ffffff",
        Role.ToolTipBase: "#3f3f3f", Role.ToolTipText: "#f2f2f2",
        Role.Highlight: "#2f6fbf", Role.HighlightedText: "#ffffff",
        Role.Link: "#8ab8ff", Role.LinkVisited: "#d1a6ff", Role.PlaceholderText: "#9a9a9a",
        Role.Light: "#505050", Role.Midlight: "#444444", Role.Mid: "#303030",
        Role.Dark: "#1a1a1a", Role.Shadow: "#0a0a0a", Role.Accent: "#2f6fbf",
    },
}  # fmt: skip
"""The two palettes (Active and Inactive groups; Disabled text is dimmed in :func:`palette`)."""

_DISABLED_TEXT = {Scheme.LIGHT: "#8a8a8a", Scheme.DARK: "#7f7f7f"}

_STATUS: dict[str, dict[Scheme, str]] = {
    "error": {Scheme.LIGHT: "#b00020", Scheme.DARK: "#ff8a80"},
    "ok": {Scheme.LIGHT: "#1b5e20", Scheme.DARK: "#81c784"},
    "mention": {Scheme.LIGHT: "#1565c0", Scheme.DARK: "#90caf9"},
}
"""Status text colours per scheme: each reaches 4.5:1 on that scheme's Window and Base."""


def os_scheme() -> Scheme:
    """What the OS asks for (light when it says nothing: Xvfb, older desktops)."""
    hints = QGuiApplication.styleHints()
    if hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark:
        return Scheme.DARK
    return Scheme.LIGHT


def wanted_scheme() -> Scheme:
    """The override from :data:`SCHEME_ENV` if set and valid, else the OS scheme."""
    override = os.environ.get(SCHEME_ENV, "").strip().lower()
    if override in {scheme.value for scheme in Scheme}:
        return Scheme(override)
    return os_scheme()


def palette(scheme: Scheme) -> QPalette:
    """The full palette for ``scheme``."""
    result = QPalette()
    for role, colour in _PALETTES[scheme].items():
        result.setColor(role, QColor(colour))
    dimmed = QColor(_DISABLED_TEXT[scheme])
    for role in (Role.WindowText, Role.Text, Role.ButtonText, Role.PlaceholderText):
        result.setColor(QPalette.ColorGroup.Disabled, role, dimmed)
    return result


def current_scheme() -> Scheme:
    """The scheme of the palette in use (by the lightness of its window colour)."""
    window = QGuiApplication.palette().color(Role.Window)
    return Scheme.DARK if window.lightness() < 128 else Scheme.LIGHT


def apply(app: QApplication, scheme: Scheme | None = None) -> None:
    """Fusion style and the palette for ``scheme`` (default: :func:`wanted_scheme`).

    Called once from ``ui.app.application``; it then follows the OS when the
    engineer switches between light and dark while the app runs.
    """
    app.setStyle(FocusFrameStyle(QStyleFactory.create("Fusion")))
    repaint_on_focus_change(app)
    app.setPalette(palette(scheme or wanted_scheme()))
    hints = QGuiApplication.styleHints()
    if hints is not None and not app.property("handoff_follows_scheme"):
        app.setProperty("handoff_follows_scheme", True)
        hints.colorSchemeChanged.connect(_on_os_scheme_changed)


def _on_os_scheme_changed(_scheme: Qt.ColorScheme) -> None:
    app = QCoreApplication.instance()
    if isinstance(app, QApplication):
        app.setPalette(palette(wanted_scheme()))


def status_color(kind: str, scheme: Scheme | None = None) -> QColor:
    """``error``, ``ok`` or ``mention`` in ``scheme`` (default: the palette in use)."""
    return QColor(_STATUS[kind][scheme or current_scheme()])


def error_color() -> QColor:
    """Text colour for problems (failed save, failed post), readable on the window colour."""
    return status_color("error")


def ok_color() -> QColor:
    """Text colour for success (package intact)."""
    return status_color("ok")


def mention_color() -> QColor:
    """Colour of an @mention in the rendered note."""
    return status_color("mention")


def error_style(*, bold: bool = False) -> str:
    """A style sheet fragment for a label showing a problem."""
    weight = " font-weight: bold;" if bold else ""
    return f"color: {error_color().name()};{weight}"


def ok_style(*, bold: bool = False) -> str:
    """A style sheet fragment for a label showing success."""
    weight = " font-weight: bold;" if bold else ""
    return f"color: {ok_color().name()};{weight}"


def contrast(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio of two colours (1 to 21)."""

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in (colour.redF(), colour.greenF(), colour.blueF()))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
