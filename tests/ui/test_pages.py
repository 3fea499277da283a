"""Every editing page: built on a DraftSession, driven with real key and mouse input.

Tests for the table pages live in ``test_page_steps.py``, ``test_page_remaining.py``
and ``test_page_attachments.py``; this module covers the form pages and what all
seven pages share (accessibility, loading without writing back).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TypeVar

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from handoff import notes
from handoff.example import example_handoff
from handoff.lint import for_section
from handoff.model import AssigneeKind, Certainty, Handoff, Priority, Status
from handoff.ui.pages import (
    AttachmentsPage,
    NotifyPage,
    RemainingPage,
    RootCausePage,
    StatusPage,
    StepsPage,
    TicketPage,
)
from handoff.ui.pages.base import HandoffPage
from handoff.ui.session import DraftSession

ALL_PAGES = [
    TicketPage,
    StepsPage,
    RootCausePage,
    RemainingPage,
    AttachmentsPage,
    StatusPage,
    NotifyPage,
]
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
P = TypeVar("P", bound=HandoffPage)
W = TypeVar("W", bound=QWidget)


def shown(qtbot: QtBot, page: P) -> P:
    """Register, show, activate and render ``page`` the way the wizard does."""
    qtbot.addWidget(page)
    page.initializePage()
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def click_check(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a check box / radio button on its indicator (its centre may be past the text)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))


def child(page: QWidget, kind: type[W], name: str) -> W:
    widget = page.findChild(kind, name)
    assert widget is not None, name
    return widget


# -- shared by every page -------------------------------------------------------


@pytest.mark.parametrize("page_class", ALL_PAGES)
def test_load_of_the_example_writes_nothing_back(
    qtbot: QtBot, page_class: type[HandoffPage]
) -> None:
    session = DraftSession(example_handoff())
    before = session.handoff.model_dump()
    page = page_class(session)
    qtbot.addWidget(page)
    with qtbot.assertNotEmitted(session.changed):
        page.initializePage()
        page.load()
    assert session.handoff.model_dump() == before


@pytest.mark.parametrize("page_class", ALL_PAGES)
def test_every_input_is_named_described_and_buttons_have_mnemonics(
    qtbot: QtBot, page_class: type[HandoffPage]
) -> None:
    page = shown(qtbot, page_class(DraftSession(Handoff())))
    inputs = (QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QTableView)
    for widget in page.findChildren(QWidget):
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parent(), (QComboBox, QAbstractSpinBox)
        ):
            continue  # the line edit inside a combo or date editor
        if isinstance(widget, (*inputs, QCheckBox)) or type(widget).__name__ == "QRadioButton":
            assert widget.objectName(), widget
            assert widget.accessibleName(), widget.objectName()
        if isinstance(widget, (QPushButton, QCheckBox)) and widget.text():
            assert "&" in widget.text(), widget.text()


@pytest.mark.parametrize("page_class", ALL_PAGES)
def test_page_follows_a_replaced_handoff(qtbot: QtBot, page_class: type[HandoffPage]) -> None:
    session = DraftSession(example_handoff())
    page = shown(qtbot, page_class(session))
    with qtbot.assertNotEmitted(session.changed):
        session.replace(Handoff())
    assert page.section is not None
    expected = for_section(session.findings, page.section)
    assert page.findings_box.isVisible() == bool(expected)
    if expected:
        assert expected[0].message in page.findings_box.text()


# -- ticket & summary -------------------------------------------------------------


def test_ticket_fields_typed_land_in_the_model(qtbot: QtBot) -> None:
    session = DraftSession(Handoff())
    page = shown(qtbot, TicketPage(session))
    typed = {
        "ticket_id": "T-1",
        "ticket_title": "Printer offline",
        "ticket_client": "Acme",
        "ticket_site": "HQ",
        "ticket_contact": "Bob, x123",
        "author": "Dana",
    }
    with qtbot.waitSignal(session.changed):
        for name, text in typed.items():
            qtbot.keyClicks(child(page, QLineEdit, name), text)
    summary = child(page, QPlainTextEdit, "summary")
    qtbot.keyClicks(summary, "Printer is offline. Found a bad cable.")
    h = session.handoff
    assert (h.ticket.id, h.ticket.title, h.ticket.client) == ("T-1", "Printer offline", "Acme")
    assert (h.ticket.site, h.ticket.contact, h.author) == ("HQ", "Bob, x123", "Dana")
    assert h.summary == "Printer is offline. Found a bad cable."
    hint = summary.placeholderText().lower()
    assert all(part in hint for part in ("what is wrong", "you found", "where it stands"))


def test_ticket_page_renders_the_example_and_keeps_the_cursor(qtbot: QtBot) -> None:
    example = example_handoff()
    session = DraftSession(example)
    page = shown(qtbot, TicketPage(session))
    for attr in ("id", "title", "client", "site", "contact"):
        assert child(page, QLineEdit, f"ticket_{attr}").text() == getattr(example.ticket, attr)
    assert child(page, QLineEdit, "author").text() == "Dana Onsite"
    summary = child(page, QPlainTextEdit, "summary")
    assert summary.toPlainText() == example.summary
    cursor = summary.textCursor()
    cursor.setPosition(10)
    summary.setTextCursor(cursor)
    page.load()
    assert summary.textCursor().position() == 10


def test_ticket_tab_order_follows_the_form(qtbot: QtBot) -> None:
    page = shown(qtbot, TicketPage(DraftSession(Handoff())))
    names = ["ticket_id", "ticket_title", "ticket_client", "ticket_site", "ticket_contact"]
    names += ["author", "summary"]
    first = child(page, QLineEdit, "ticket_id")
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    seen = []
    for _ in names:
        focus = QApplication.focusWidget()
        assert focus is not None
        seen.append(focus.objectName())
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
    assert seen == names


# -- root cause -------------------------------------------------------------------


def test_root_cause_unknown_is_an_explicit_choice(qtbot: QtBot) -> None:
    session = DraftSession(Handoff())
    page = shown(qtbot, RootCausePage(session))
    assert all(not b.isChecked() for b in page.certainty_buttons.values())
    assert session.handoff.root_cause.certainty is None
    click_check(qtbot, child(page, QAbstractButton, "certainty_unknown"))
    assert session.handoff.root_cause.certainty is Certainty.UNKNOWN
    text = child(page, QPlainTextEdit, "root_cause_text")
    assert text.isEnabled()
    assert "ruled out" in text.placeholderText().lower()
    qtbot.keyClicks(text, "Ruled out: DNS, client install")
    assert session.handoff.root_cause.text == "Ruled out: DNS, client install"


def test_root_cause_renders_and_clears_certainty(qtbot: QtBot) -> None:
    session = DraftSession(example_handoff())
    page = shown(qtbot, RootCausePage(session))
    assert page.certainty_buttons[Certainty.SUSPECTED].isChecked()
    assert "VPN-Users" in child(page, QPlainTextEdit, "root_cause_text").toPlainText()
    click_check(qtbot, page.certainty_buttons[Certainty.CONFIRMED])
    assert session.handoff.root_cause.certainty is Certainty.CONFIRMED
    session.replace(Handoff())
    assert page.certainty_group.checkedButton() is None


# -- status, assignment & urgency --------------------------------------------------


def status_page(qtbot: QtBot, handoff: Handoff, now: datetime = NOW) -> StatusPage:
    return shown(qtbot, StatusPage(DraftSession(handoff), clock=lambda: now))


def test_status_page_writes_every_field(qtbot: QtBot) -> None:
    page = status_page(qtbot, Handoff())
    h = page.session.handoff
    click_check(qtbot, child(page, QAbstractButton, "status_waiting_on_user"))
    assert h.status is Status.WAITING_ON_USER
    kind = child(page, QComboBox, "assignee_kind")
    kind.setFocus()
    qtbot.keyClicks(kind, "Named")
    assert h.assignee.kind is AssigneeKind.PERSON
    assert "required" in page.name_label.text()
    qtbot.keyClicks(child(page, QLineEdit, "assignee_name"), "Jo Smith")
    qtbot.keyClicks(child(page, QLineEdit, "assignee_mention"), "@jsmith")
    assert (h.assignee.name, h.assignee.mention) == ("Jo Smith", "jsmith")
    qtbot.keyClicks(child(page, QComboBox, "priority"), "High")
    assert h.urgency.priority is Priority.HIGH
    assert not child(page, QWidget, "sla_due").isEnabled()
    click_check(qtbot, child(page, QCheckBox, "has_sla"))
    assert h.urgency.sla_due is not None
    assert h.urgency.sla_due.tzinfo is not None
    assert child(page, QWidget, "sla_due").isEnabled()


def test_status_page_shows_time_left_and_warns_under_two_hours(qtbot: QtBot) -> None:
    handoff = example_handoff(now=NOW)
    handoff.urgency.sla_due = NOW + timedelta(hours=5, minutes=20)
    page = status_page(qtbot, handoff)
    assert page.status_buttons[Status.WAITING_ON_ESCALATION].isChecked()
    assert child(page, QComboBox, "priority").currentText() == "High"
    assert child(page, QLineEdit, "assignee_mention").text() == "netops"
    assert child(page, QComboBox, "assignee_kind").currentText() == "Networking team"
    assert child(page, QCheckBox, "has_sla").isChecked()
    due = child(page, QDateTimeEdit, "sla_due")
    assert due.isEnabled()
    assert due.dateTime().toSecsSinceEpoch() == int(handoff.urgency.sla_due.timestamp())
    label = page.time_left
    assert label.text() == "5 h 20 min left"
    assert label.property("warning") is False
    page.session.handoff.urgency.sla_due = NOW - timedelta(minutes=10)
    page.load()
    assert label.text() == "overdue by 10 min"
    assert label.property("warning") is True


def test_status_time_left_ticks_only_while_shown(qtbot: QtBot) -> None:
    handoff = example_handoff(now=NOW)
    handoff.urgency.sla_due = NOW + timedelta(hours=3)
    now = [NOW]
    page = shown(qtbot, StatusPage(DraftSession(handoff), clock=lambda: now[0]))
    assert page.timer.isActive()
    assert page.time_left.text() == "3 h left"
    now[0] = NOW + timedelta(hours=1, minutes=30)
    page.timer.setInterval(1)
    qtbot.waitUntil(lambda: page.time_left.text() == "1 h 30 min left")
    assert page.time_left.property("warning") is True
    page.hide()
    assert not page.timer.isActive()


# -- notify & communicate -------------------------------------------------------------


def test_notify_texts_are_generated_and_follow_the_fields(qtbot: QtBot) -> None:
    session = DraftSession(Handoff())
    page = shown(qtbot, NotifyPage(session))
    ticket = shown(qtbot, TicketPage(session))
    note = child(page, QPlainTextEdit, "next_tech_note")
    message = child(page, QPlainTextEdit, "user_message")
    assert note.toPlainText() == session.handoff.next_tech_note.text
    assert "an unnumbered ticket" in note.toPlainText()
    qtbot.keyClicks(child(ticket, QLineEdit, "ticket_id"), "T-77")
    assert "Handoff of T-77" in note.toPlainText()
    assert "(reference T-77)" in message.toPlainText()
    assert "T-77" in page.note.preview.toPlainText()


def test_notify_renders_the_example(qtbot: QtBot) -> None:
    session = DraftSession(example_handoff())
    page = shown(qtbot, NotifyPage(session))
    note = child(page, QPlainTextEdit, "next_tech_note").toPlainText()
    assert note == session.handoff.next_tech_note.text
    assert note.startswith("@netops Handoff of T-20418")
    message = child(page, QPlainTextEdit, "user_message").toPlainText()
    assert message == session.handoff.user_message.text
    assert message.startswith("Hello Maria")
    assert not child(page, QCheckBox, "user_message_not_needed").isChecked()
    assert "Generated" not in page.note.state.text()
    assert "@netops" in page.note.preview.toPlainText()


def test_notify_edited_text_is_kept_and_regenerate_restores(qtbot: QtBot) -> None:
    session = DraftSession(Handoff())
    questions: list[str] = []
    answers = [False, True]
    page = shown(
        qtbot, NotifyPage(session, confirm=lambda q: questions.append(q) or answers.pop(0))
    )
    ticket = shown(qtbot, TicketPage(session))
    note = child(page, QPlainTextEdit, "next_tech_note")
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    note.selectAll()
    qtbot.keyClicks(note, "My own words")
    assert session.handoff.next_tech_note.edited is True
    assert session.handoff.next_tech_note.text == "My own words"
    qtbot.keyClicks(child(ticket, QLineEdit, "ticket_id"), "T-9")
    assert note.toPlainText() == "My own words"
    assert session.handoff.next_tech_note.text == "My own words"
    assert "T-9" in child(page, QPlainTextEdit, "user_message").toPlainText()
    regenerate = child(page, QPushButton, "regenerate_next_tech_note")
    qtbot.mouseClick(regenerate, Qt.MouseButton.LeftButton)  # declined
    assert len(questions) == 1
    assert session.handoff.next_tech_note.edited is True
    qtbot.mouseClick(regenerate, Qt.MouseButton.LeftButton)  # confirmed
    assert session.handoff.next_tech_note.edited is False
    assert note.toPlainText() == session.handoff.next_tech_note.text
    assert "Handoff of T-9" in note.toPlainText()
    assert "Written from the fields" in page.note.state.text()


def test_regenerating_an_unedited_text_does_not_ask(qtbot: QtBot) -> None:
    session = DraftSession(Handoff())
    page = shown(qtbot, NotifyPage(session, confirm=pytest.fail))
    qtbot.mouseClick(child(page, QPushButton, "regenerate_user_message"), Qt.MouseButton.LeftButton)
    assert session.handoff.user_message.text == notes.render_user_message(session.handoff)


def test_user_message_not_needed(qtbot: QtBot) -> None:
    session = DraftSession(Handoff())
    page = shown(qtbot, NotifyPage(session))
    page.tabs.setCurrentWidget(page.message)
    box = child(page, QCheckBox, "user_message_not_needed")
    qtbot.waitUntil(box.isVisible)
    click_check(qtbot, box)
    assert session.handoff.user_message.needed is False
    assert not child(page, QPlainTextEdit, "user_message").isEnabled()
    assert not child(page, QPushButton, "regenerate_user_message").isEnabled()
    assert "not needed" in page.message.preview.toPlainText()
    click_check(qtbot, box)
    assert session.handoff.user_message.needed is True
    assert child(page, QPlainTextEdit, "user_message").isEnabled()
