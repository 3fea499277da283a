"""Everything by keyboard: shortcuts, a Tab order that follows reading order, mnemonics.

The walks are generic (every widget under a page or dialog), so what is added
later is checked too.  Tab is pressed for real (``qtbot.keyClick``), so a text
area that eats Tab, or a widget that cannot be reached, fails here.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from handoff.ui.main_window import MainWindow
from handoff.ui.wizard import PageId
from tests.ui import surfaces

PAGES = [page.name.lower() for page in PageId]
ROW_TOLERANCE = 12
"""Pixels two widgets' tops may differ by and still count as one row."""
MAX_STEPS = 300


@pytest.fixture
def window(make_window: Callable[..., MainWindow], qtbot: Any) -> Iterator[MainWindow]:
    with surfaces.ready_window(make_window, qtbot) as window:
        yield window


# -- shortcuts ------------------------------------------------------------------------------


def test_ctrl_enter_goes_to_the_next_page_from_a_text_area(window: MainWindow, qtbot: Any) -> None:
    summary = window.findChild(QPlainTextEdit, "summary")
    assert summary is not None
    summary.setFocus()
    qtbot.waitUntil(summary.hasFocus)
    qtbot.keyClick(summary, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.wizard.currentId() == PageId.STEPS
    focused = QApplication.focusWidget()
    assert focused is not None
    keypad = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.KeypadModifier
    qtbot.keyClick(focused, Qt.Key.Key_Enter, keypad)
    assert window.wizard.currentId() == PageId.ROOT_CAUSE
    assert "\n" not in window.session.handoff.summary  # no new line was typed


def test_ctrl_enter_on_the_last_page_does_nothing(window: MainWindow, qtbot: Any) -> None:
    window.wizard.go_to(PageId.REVIEW)
    target = QApplication.focusWidget() or window.wizard
    qtbot.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.wizard.currentId() == PageId.REVIEW


def test_standard_shortcuts_are_bound(window: MainWindow) -> None:
    portable = QKeySequence.SequenceFormat.PortableText
    shortcuts = {action.shortcut().toString(portable): action
                 for action in window.findChildren(QAction)}  # fmt: skip
    for keys in ("Ctrl+S", "Ctrl+E", "Ctrl+O", "Ctrl+N", "Ctrl+Q", "Ctrl+Shift+S"):
        assert keys in shortcuts, f"nothing on {keys}"
        assert shortcuts[keys].isEnabled()
    assert shortcuts["Ctrl+S"] is window.actions_by_name["save"]
    assert shortcuts["Ctrl+E"] is window.actions_by_name["export"]


def test_ctrl_s_saves_from_a_field(window: MainWindow, qtbot: Any) -> None:
    title = window.findChild(QWidget, "ticket_title")
    assert title is not None
    title.setFocus()
    qtbot.waitUntil(title.hasFocus)
    qtbot.keyClicks(title, " by keyboard")
    with qtbot.waitSignal(window.autosaver.saved, timeout=5000):
        qtbot.keyClick(title, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert window.store.load(window.session.handoff.id).ticket.title.endswith("by keyboard")


# -- tab order ------------------------------------------------------------------------------


def _inside_compound(widget: QWidget, top: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        if isinstance(parent, QComboBox | QAbstractSpinBox):
            return True
        parent = parent.parentWidget()
    return False


def tab_stops(area: QWidget, top: QWidget) -> list[QWidget]:
    """What Tab must reach inside ``area``: visible, enabled, Tab-focusable widgets."""
    return [
        widget for widget in area.findChildren(QWidget)
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        and widget.isVisible() and widget.isEnabled() and widget.window() is top
        and widget.focusProxy() is None and not _inside_compound(widget, top)
        and not isinstance(widget, QMenuBar)
    ]  # fmt: skip


def _owner(widget: QWidget, stops: list[QWidget]) -> QWidget:
    """The tab stop that holds focus for ``widget`` (a combo box for its line edit)."""
    current: QWidget | None = widget
    while current is not None:
        if current in stops:
            return current
        current = current.parentWidget()
    return widget


def walk_tab(qtbot: Any, top: QWidget, start: QWidget, stops: list[QWidget]) -> list[QWidget]:
    """Press Tab from ``start`` until focus comes back to it; the widgets in order."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(start.hasFocus)
    order = [start]
    stays = 0
    for _ in range(MAX_STEPS):
        focused = QApplication.focusWidget()
        assert focused is not None, "focus left the window"
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None and now.window() is top, "Tab left the window"
        now = _owner(now, stops)
        if now is start:
            return order
        if now is focused or now is order[-1]:
            # A date editor's Tab first walks its sections (day, month, ...), then leaves.
            sections = now.sectionCount() if isinstance(now, QDateTimeEdit) else 0
            stays += 1
            if stays > sections:
                raise AssertionError(f"Tab is trapped in {_name(now)}")
            continue
        stays = 0
        order.append(now)
    raise AssertionError(f"Tab never came back to the start in {MAX_STEPS} steps")


def _name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton | QLabel) else ""
    return f"{type(widget).__name__} {widget.objectName() or text!r}"


def out_of_reading_order(order: list[QWidget], area: QWidget) -> list[str]:
    """Steps that go back up and to the left (reading order allows down, or right)."""
    wrong = []
    area_widgets = [w for w in order if area.isAncestorOf(w)]
    for before, after in itertools.pairwise(area_widgets):
        a = before.mapTo(area, QPoint(0, 0))
        b = after.mapTo(area, QPoint(0, 0))
        same_row = abs(a.y() - b.y()) <= ROW_TOLERANCE
        down = b.y() > a.y() + ROW_TOLERANCE
        next_column = b.x() >= a.x() + before.width() - ROW_TOLERANCE
        if not (down or next_column or (same_row and b.x() > a.x())):
            wrong.append(f"{_name(before)} -> {_name(after)}")
    return wrong


def _group_reached(widget: QWidget, order: list[QWidget]) -> bool:
    """Radio buttons of one group are one Tab stop (arrow keys move inside the group)."""
    if not isinstance(widget, QRadioButton) or not widget.autoExclusive():
        return False
    return any(isinstance(w, QRadioButton) and w.parentWidget() is widget.parentWidget()
               for w in order)  # fmt: skip


def check_tab_order(qtbot: Any, top: QWidget, area: QWidget, where: str) -> None:
    stops = tab_stops(area, top)
    assert stops, f"{where}: nothing to tab to"
    first = min(stops, key=lambda w: (w.mapTo(area, QPoint(0, 0)).y() // 20,
                                      w.mapTo(area, QPoint(0, 0)).x()))  # fmt: skip
    order = walk_tab(qtbot, top, first, tab_stops(top, top))
    missing = [_name(w) for w in stops if w not in order and not _group_reached(w, order)]
    twice = {_name(w) for w in order if order.count(w) > 1}
    wrong = out_of_reading_order(order, area)
    problems = [f"unreachable by Tab: {missing}"] if missing else []
    problems += [f"reached twice per cycle: {sorted(twice)}"] if twice else []
    if wrong:
        problems.append(f"against reading order: {wrong} (Tab order: {[_name(w) for w in order]})")
    assert not problems, f"{where}: " + "; ".join(problems)


@pytest.mark.parametrize("page", PAGES)
def test_tab_reaches_every_input_on_the_page_in_reading_order(
    window: MainWindow, qtbot: Any, page: str
) -> None:
    window.wizard.go_to(PageId[page.upper()])
    check_tab_order(qtbot, window, window.wizard.currentPage(), f"page {page}")


@pytest.mark.parametrize("dialog", list(surfaces.DIALOGS))
def test_tab_reaches_every_input_in_the_dialog_in_reading_order(
    window: MainWindow, qtbot: Any, dialog: str, tmp_path: Path
) -> None:
    with surfaces.opened(dialog, window, tmp_path) as shown:
        check_tab_order(qtbot, shown, shown, dialog)


def test_the_tab_walk_catches_a_trap(qtbot: Any) -> None:
    """The check can fail: a text area that takes Tab as a character is a trap."""
    top = QWidget()
    qtbot.addWidget(top)
    layout = QVBoxLayout(top)
    trap = QPlainTextEdit(top)
    trap.setObjectName("trap")
    layout.addWidget(trap)
    layout.addWidget(QLineEdit(top))
    with qtbot.waitActive(top):
        top.show()
        top.activateWindow()
    with pytest.raises(AssertionError, match=r"trapped|unreachable"):
        check_tab_order(qtbot, top, top, "test")


# -- mnemonics ------------------------------------------------------------------------------

_MNEMONIC = re.compile(r"&([^&\s])")


def mnemonic(text: str) -> str | None:
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def _exempt(button: QAbstractButton) -> bool:
    """OK/Cancel-type buttons (Enter and Escape reach them) and toolbar buttons (their
    action's shortcut or Tab reaches them; Qt strips the & from a tool button's text)."""
    if isinstance(button, QToolButton):
        return True
    box = button.parentWidget()
    if isinstance(box, QDialogButtonBox):
        role = box.buttonRole(button)
        return role in (QDialogButtonBox.ButtonRole.AcceptRole,
                        QDialogButtonBox.ButtonRole.RejectRole)  # fmt: skip
    return False


def mnemonic_problems(top: QWidget, area: QWidget, extra: dict[str, str]) -> list[str]:
    """Buttons and check boxes with text but no mnemonic, and clashing mnemonics."""
    owners: dict[str, list[str]] = {key: [name] for key, name in extra.items()}
    problems = []
    for widget in area.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not top:
            continue
        if isinstance(widget, QAbstractButton) and widget.text().strip() and not _exempt(widget):
            key = mnemonic(widget.text())
            if key is None:
                problems.append(f"no mnemonic: {_name(widget)}")
                continue
            owners.setdefault(key, []).append(_name(widget))
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            key = mnemonic(widget.text())
            if key is not None:
                owners.setdefault(key, []).append(_name(widget))
    problems += [f"'&{key}' used by {names}" for key, names in owners.items() if len(names) > 1]
    return problems


def window_level_mnemonics(window: MainWindow) -> dict[str, str]:
    """The menu titles and the wizard's Back/Next: on every page, so nothing may clash."""
    found = {}
    for action in window.menuBar().actions():
        if (key := mnemonic(action.text())) is not None:
            found[key] = f"menu {action.text()!r}"
    for button in window.wizard.findChildren(QAbstractButton):
        outside = not window.wizard.currentPage().isAncestorOf(button)
        if button.isVisible() and outside and (key := mnemonic(button.text())) is not None:
            found[key] = f"wizard button {button.text()!r}"
    return found


@pytest.mark.parametrize("page", PAGES)
def test_buttons_on_the_page_have_unique_mnemonics(window: MainWindow, page: str) -> None:
    window.wizard.go_to(PageId[page.upper()])
    problems = mnemonic_problems(
        window, window.wizard.currentPage(), window_level_mnemonics(window)
    )
    assert not problems, f"page {page}:\n" + "\n".join(problems)


@pytest.mark.parametrize("dialog", list(surfaces.DIALOGS))
def test_buttons_in_the_dialog_have_unique_mnemonics(
    window: MainWindow, dialog: str, tmp_path: Path
) -> None:
    with surfaces.opened(dialog, window, tmp_path) as shown:
        problems = mnemonic_problems(shown, shown, {})
    assert not problems, f"{dialog}:\n" + "\n".join(problems)
