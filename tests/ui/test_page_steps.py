"""The steps page: building the table from the keyboard, presets that ask for the result."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from handoff.example import example_handoff
from handoff.model import Handoff, Step, StepKind
from handoff.ui.pages import StepsPage
from handoff.ui.pages.steps import ACTION, COMMAND, KIND, RESULT
from handoff.ui.session import DraftSession
from handoff.ui.widgets.record_table import RecordTableView
from tests.ui.test_pages import child, shown


def steps_page(qtbot: QtBot, handoff: Handoff | None = None) -> StepsPage:
    return shown(qtbot, StepsPage(DraftSession(handoff or Handoff())))


def open_editor(qtbot: QtBot, view: RecordTableView, row: int, column: int) -> QWidget:
    """Select a cell and press Enter, as the engineer does; returns the open editor."""
    index = view.model().index(row, column)
    view.setCurrentIndex(index)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    return editor_at(view, index)


def editor_at(view: RecordTableView, index: QModelIndex) -> QWidget:
    assert view.state() == QAbstractItemView.State.EditingState
    editor = view.indexWidget(index)
    assert editor is not None
    return editor


def test_example_renders_every_step(qtbot: QtBot) -> None:
    example = example_handoff()
    page = steps_page(qtbot, example)
    model = page.table.model()
    assert model.rowCount() == len(example.steps_taken) == 8
    first = example.steps_taken[0]
    assert model.index(0, KIND).data() == StepKind.TEST.label
    assert model.index(0, ACTION).data() == first.action
    assert model.index(0, COMMAND).data() == first.command
    assert model.index(0, RESULT).data() == first.result
    assert model.index(7, KIND).data() == "Log reviewed"


def test_add_step_and_fill_it_with_the_keyboard(qtbot: QtBot) -> None:
    page = steps_page(qtbot)
    qtbot.mouseClick(child(page, QPushButton, "steps_add"), Qt.MouseButton.LeftButton)
    steps = page.session.handoff.steps_taken
    assert len(steps) == 1
    view = page.table
    editor = editor_at(view, view.model().index(0, ACTION))  # Add asks what was done
    qtbot.keyClicks(editor, "Restarted the print spooler")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    editor = editor_at(view, view.model().index(0, COMMAND))
    qtbot.keyClicks(editor, "Restart-Service Spooler")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    editor = editor_at(view, view.model().index(0, RESULT))
    qtbot.keyClicks(editor, "Queue cleared")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # Qt commits on Return from the event loop
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState)
    assert steps[0].kind is StepKind.ACTION
    assert steps[0].action == "Restarted the print spooler"
    assert steps[0].command == "Restart-Service Spooler"
    assert steps[0].result == "Queue cleared"


def test_kind_is_chosen_in_a_combo(qtbot: QtBot) -> None:
    page = steps_page(qtbot, Handoff(steps_taken=[Step(action="x")]))
    editor = open_editor(qtbot, page.table, 0, KIND)
    assert isinstance(editor, QComboBox)
    with qtbot.waitSignal(page.session.changed):
        qtbot.keyClick(editor, Qt.Key.Key_Down)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert page.session.handoff.steps_taken[0].kind is StepKind.COMMAND


def test_double_click_edits_in_place(qtbot: QtBot) -> None:
    page = steps_page(qtbot, Handoff(steps_taken=[Step(action="Pinged")]))
    view = page.table
    index = view.model().index(0, RESULT)
    centre = view.visualRect(index).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    editor = editor_at(view, index)
    qtbot.keyClicks(editor, "No reply")
    with qtbot.waitSignal(page.session.changed):
        qtbot.keyClick(editor, Qt.Key.Key_Enter)
    assert page.session.handoff.steps_taken[0].result == "No reply"


def test_delete_key_removes_and_buttons_move(qtbot: QtBot) -> None:
    steps = [Step(action=name) for name in ("one", "two", "three")]
    page = steps_page(qtbot, Handoff(steps_taken=steps))
    view = page.table
    view.setCurrentIndex(view.model().index(0, ACTION))
    qtbot.mouseClick(child(page, QPushButton, "steps_down"), Qt.MouseButton.LeftButton)
    actions = lambda: [s.action for s in page.session.handoff.steps_taken]  # noqa: E731
    assert actions() == ["two", "one", "three"]
    assert view.currentIndex().row() == 1
    qtbot.mouseClick(child(page, QPushButton, "steps_up"), Qt.MouseButton.LeftButton)
    assert actions() == ["one", "two", "three"]
    assert not child(page, QPushButton, "steps_up").isEnabled()
    view.setCurrentIndex(view.model().index(1, ACTION))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert actions() == ["one", "three"]
    qtbot.mouseClick(child(page, QPushButton, "steps_remove"), Qt.MouseButton.LeftButton)
    assert actions() == ["one"]


def test_preset_adds_a_step_and_asks_for_its_result(qtbot: QtBot) -> None:
    page = steps_page(qtbot)
    qtbot.mouseClick(child(page, QPushButton, "preset_ping"), Qt.MouseButton.LeftButton)
    step = page.session.handoff.steps_taken[-1]
    assert (step.kind, step.action, step.command, step.result) == (
        StepKind.TEST,
        "Pinged the gateway",
        "ping <host>",
        "",
    )
    view = page.table
    index = view.model().index(0, RESULT)
    assert view.currentIndex() == index
    editor = editor_at(view, index)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor)
    qtbot.keyClicks(editor, "Reply from 10.0.0.1, 2 ms")
    with qtbot.waitSignal(page.session.changed):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert step.result == "Reply from 10.0.0.1, 2 ms"


def test_every_preset_names_a_step_with_an_empty_result(qtbot: QtBot) -> None:
    page = steps_page(qtbot)
    expected = {
        "ping", "nslookup", "reboot", "reinstall", "clear_credentials", "reset_mfa",
        "ad_groups", "hotspot", "flush_dns", "event_logs", "other_user",
    }  # fmt: skip
    assert set(page.preset_buttons) == expected
    for number, key in enumerate(sorted(expected)):
        qtbot.mouseClick(child(page, QPushButton, f"preset_{key}"), Qt.MouseButton.LeftButton)
        assert page.table.currentIndex() == page.table.model().index(number, RESULT)
    steps = page.session.handoff.steps_taken
    assert len(steps) == len(expected)
    assert all(s.action and not s.result for s in steps)
    assert {s.kind for s in steps} == set(StepKind)
