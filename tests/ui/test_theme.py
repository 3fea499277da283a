"""The light and dark palettes: readable contrast, the OS scheme followed, focus visible."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from handoff.ui import theme
from handoff.ui.theme import Role, Scheme
from handoff.ui.widgets.focus_frame import FocusFrameStyle

TEXT_PAIRS = [
    (Role.WindowText, Role.Window),
    (Role.Text, Role.Base),
    (Role.Text, Role.AlternateBase),
    (Role.ButtonText, Role.Button),
    (Role.HighlightedText, Role.Highlight),
    (Role.ToolTipText, Role.ToolTipBase),
    (Role.Link, Role.Base),
    (Role.Link, Role.Window),
]
AA = 4.5
PLACEHOLDER = 3.0


@pytest.fixture
def restore_look() -> Iterator[QApplication]:
    """Tests here change the app's style and palette: put the test run's own back."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style, palette = app.style().name(), QPalette(app.palette())
    yield app
    app.setStyle(style)
    app.setPalette(palette)


@pytest.mark.parametrize("scheme", list(Scheme))
def test_text_roles_reach_wcag_aa(scheme: Scheme) -> None:
    palette = theme.palette(scheme)
    weak = []
    for fore, back in TEXT_PAIRS:
        ratio = theme.contrast(palette.color(fore), palette.color(back))
        if ratio < AA:
            weak.append(f"{fore.name} on {back.name}: {ratio:.2f}")
    placeholder = theme.contrast(palette.color(Role.PlaceholderText), palette.color(Role.Base))
    if placeholder < PLACEHOLDER:
        weak.append(f"PlaceholderText on Base: {placeholder:.2f}")
    assert not weak, f"{scheme.value}: below contrast target: {weak}"


@pytest.mark.parametrize("scheme", list(Scheme))
@pytest.mark.parametrize("kind", ["error", "ok", "mention"])
def test_status_colours_readable_on_window_and_base(scheme: Scheme, kind: str) -> None:
    palette = theme.palette(scheme)
    colour = theme.status_color(kind, scheme)
    for back in (Role.Window, Role.Base):
        ratio = theme.contrast(colour, palette.color(back))
        assert ratio >= AA, f"{kind} on {back.name} in {scheme.value}: {ratio:.2f}"


def test_contrast_formula_matches_known_values() -> None:
    from PySide6.QtGui import QColor

    assert theme.contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert theme.contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)


def test_dark_palette_is_really_dark() -> None:
    dark, light = theme.palette(Scheme.DARK), theme.palette(Scheme.LIGHT)
    assert dark.color(Role.Window).lightness() < 64
    assert dark.color(Role.Base).lightness() < 64
    assert light.color(Role.Window).lightness() > 200


@pytest.mark.parametrize("scheme", list(Scheme))
def test_apply_sets_fusion_and_the_palette_and_status_colours_follow(
    restore_look: QApplication, scheme: Scheme
) -> None:
    theme.apply(restore_look, scheme)
    style = restore_look.style()
    assert isinstance(style, FocusFrameStyle)
    assert style.baseStyle().name().lower() == "fusion"
    assert restore_look.palette().color(Role.Window) == theme.palette(scheme).color(Role.Window)
    assert theme.current_scheme() is scheme
    assert theme.error_color() == theme.status_color("error", scheme)
    assert theme.error_color().name() in theme.error_style()


def test_override_env_wins_and_os_change_is_followed(
    restore_look: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(theme.SCHEME_ENV, "dark")
    assert theme.wanted_scheme() is Scheme.DARK
    monkeypatch.setenv(theme.SCHEME_ENV, "nonsense")
    assert theme.wanted_scheme() is theme.os_scheme()
    theme.apply(restore_look, Scheme.LIGHT)
    monkeypatch.setenv(theme.SCHEME_ENV, "dark")
    hints = QGuiApplication.styleHints()
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # what the OS sends on a switch
    assert theme.current_scheme() is Scheme.DARK
    monkeypatch.setenv(theme.SCHEME_ENV, "light")
    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert theme.current_scheme() is Scheme.LIGHT


def _difference(first: QImage, second: QImage) -> int:
    """How many pixels differ noticeably (any channel by more than 40)."""
    assert first.size() == second.size()
    changed = 0
    for y in range(first.height()):
        for x in range(first.width()):
            a, b = first.pixelColor(x, y), second.pixelColor(x, y)
            if max(abs(a.red() - b.red()), abs(a.green() - b.green()),
                   abs(a.blue() - b.blue())) > 40:  # fmt: skip
                changed += 1
    return changed


INPUTS = [QLineEdit, QComboBox, QPlainTextEdit, QTableView, QDateTimeEdit, QPushButton, QCheckBox]


@pytest.mark.parametrize("scheme", list(Scheme))
@pytest.mark.parametrize("kind", INPUTS)
def test_focus_is_visible(
    qtbot: Any, restore_look: QApplication, scheme: Scheme, kind: type[QWidget]
) -> None:
    """A focused input looks different from an unfocused one: a focus frame is drawn."""
    theme.apply(restore_look, scheme)
    holder = QWidget()
    qtbot.addWidget(holder)
    layout = QVBoxLayout(holder)
    probe, other = kind(holder), QLineEdit(holder)
    if isinstance(probe, QPlainTextEdit | QTableView):
        probe.setFixedHeight(60)
    if isinstance(probe, QPushButton | QCheckBox):
        probe.setText("&Label")
    layout.addWidget(probe)
    layout.addWidget(other)
    with qtbot.waitActive(holder):
        holder.show()
        holder.activateWindow()
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)
    plain = probe.grab().toImage()
    qtbot.keyClick(other, Qt.Key.Key_Backtab)  # by keyboard: buttons show focus only then
    qtbot.waitUntil(probe.hasFocus)
    focused = probe.grab().toImage()
    changed = _difference(plain, focused)
    # A frame round the widget (or round a check box's label) changes a good many pixels.
    outline = probe.width() if isinstance(probe, QCheckBox) else probe.width() + probe.height()
    assert changed >= outline // 2, f"focus barely visible: {changed} pixels changed"
