"""The remaining-steps page: owners from suggestions, blockers, and explicit "no blockers"."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateTimeEdit, QPushButton
from pytestqt.qtbot import QtBot

from handoff.example import example_handoff
from handoff.model import Blocker, BlockerKind, Blockers, Handoff, RemainingStep
from handoff.ui.pages import RemainingPage
from handoff.ui.pages.remaining import WHEN_COLUMN
from handoff.ui.session import DraftSession
from tests.ui.test_page_steps import editor_at, open_editor
from tests.ui.test_pages import child, click_check, shown


def remaining_page(qtbot: QtBot, handoff: Handoff | None = None) -> RemainingPage:
    return shown(qtbot, RemainingPage(DraftSession(handoff or Handoff())))


def test_example_renders_remaining_steps_and_blockers(qtbot: QtBot) -> None:
    example = example_handoff()
    page = remaining_page(qtbot, example)
    steps, blockers = page.remaining.model, page.blockers.model
    assert steps.rowCount() == 2
    assert steps.index(0, 1).data() == "Networking team"
    assert steps.index(1, 0).data() == example.remaining_steps[1].action
    assert blockers.rowCount() == 2
    assert blockers.index(0, 0).data() == "Approval needed"
    assert blockers.index(1, 0).data() == "User availability"
    assert blockers.index(1, WHEN_COLUMN).data()  # shown in local time
    assert not child(page, QCheckBox, "no_blockers").isChecked()


def test_add_a_remaining_step_with_a_suggested_owner(qtbot: QtBot) -> None:
    page = remaining_page(qtbot)
    qtbot.mouseClick(child(page, QPushButton, "remaining_add"), Qt.MouseButton.LeftButton)
    view = page.remaining.view
    editor = editor_at(view, view.model().index(0, 0))
    qtbot.keyClicks(editor, "Call the vendor about the licence")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    owner = editor_at(view, view.model().index(0, 1))
    assert isinstance(owner, QComboBox)
    assert owner.isEditable()
    suggestions = [owner.itemText(i) for i in range(owner.count())]
    assert suggestions == [
        "Next available tech", "Escalation team", "Networking team", "Vendor", "The user",
    ]  # fmt: skip
    qtbot.keyClicks(owner.lineEdit(), "Vendor")
    with qtbot.waitSignal(page.session.changed):
        qtbot.keyClick(owner, Qt.Key.Key_Return)
    step = page.session.handoff.remaining_steps[0]
    assert (step.action, step.owner) == ("Call the vendor about the licence", "Vendor")


def test_no_blockers_is_explicit_and_disables_the_list(qtbot: QtBot) -> None:
    page = remaining_page(qtbot)
    box = child(page, QCheckBox, "no_blockers")
    blockers = page.session.handoff.blockers
    assert blockers.none is False
    click_check(qtbot, box)
    assert blockers.none is True
    assert not page.blockers.view.isEnabled()
    assert child(page, QPushButton, "blockers_add").isEnabled()
    qtbot.mouseClick(child(page, QPushButton, "blockers_add"), Qt.MouseButton.LeftButton)
    assert not box.isChecked()
    assert page.session.handoff.blockers.none is False
    assert len(page.session.handoff.blockers.items) == 1
    assert page.blockers.view.isEnabled()


def test_ticking_no_blockers_sets_listed_blockers_aside(qtbot: QtBot) -> None:
    page = remaining_page(qtbot, example_handoff())
    box = child(page, QCheckBox, "no_blockers")
    click_check(qtbot, box)
    assert page.session.handoff.blockers == Blockers(none=True, items=[])
    assert page.blockers.model.rowCount() == 0
    click_check(qtbot, box)
    assert page.session.handoff.blockers.none is False
    assert len(page.session.handoff.blockers.items) == 2


def test_loading_no_blockers_ticks_the_box(qtbot: QtBot) -> None:
    page = remaining_page(qtbot, Handoff(blockers=Blockers(none=True)))
    assert child(page, QCheckBox, "no_blockers").isChecked()
    assert not page.blockers.view.isEnabled()
    page.session.replace(example_handoff())
    assert not child(page, QCheckBox, "no_blockers").isChecked()
    assert page.blockers.view.isEnabled()


def test_user_availability_blocker_gets_a_time(qtbot: QtBot) -> None:
    handoff = Handoff(blockers=Blockers(items=[Blocker(description="User on site")]))
    page = remaining_page(qtbot, handoff)
    model = page.blockers.model
    assert not model.flags(model.index(0, WHEN_COLUMN)) & Qt.ItemFlag.ItemIsEditable
    kind = open_editor(qtbot, page.blockers.view, 0, 0)
    assert isinstance(kind, QComboBox)
    kind.setFocus()
    with qtbot.waitSignal(page.session.changed):
        qtbot.keyClicks(kind, "User")
        qtbot.keyClick(kind, Qt.Key.Key_Return)
    blocker = page.session.handoff.blockers.items[0]
    assert blocker.kind is BlockerKind.USER_AVAILABILITY
    when = open_editor(qtbot, page.blockers.view, 0, WHEN_COLUMN)
    assert isinstance(when, QDateTimeEdit)
    wanted = datetime(2026, 5, 4, 14, 0, tzinfo=UTC)
    when.setDateTime(QDateTime.fromSecsSinceEpoch(int(wanted.timestamp())))
    with qtbot.waitSignal(page.session.changed):
        qtbot.keyClick(when, Qt.Key.Key_Return)
    assert blocker.when == wanted
    assert blocker.when.utcoffset() is not None
    page.blockers.view.setCurrentIndex(model.index(0, 1))
    qtbot.mouseClick(child(page, QPushButton, "blockers_clear_time"), Qt.MouseButton.LeftButton)
    assert blocker.when is None


def test_remaining_rows_move_and_delete(qtbot: QtBot) -> None:
    steps = [RemainingStep(action="a"), RemainingStep(action="b")]
    page = remaining_page(qtbot, Handoff(remaining_steps=steps))
    view = page.remaining.view
    view.setCurrentIndex(view.model().index(1, 0))
    qtbot.mouseClick(child(page, QPushButton, "remaining_up"), Qt.MouseButton.LeftButton)
    assert [s.action for s in page.session.handoff.remaining_steps] == ["b", "a"]
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert [s.action for s in page.session.handoff.remaining_steps] == ["a"]
