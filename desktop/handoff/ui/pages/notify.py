"""Page 7: the note to the next technician and the message to the user.

Both are generated from the other pages' fields (the session regenerates them on
every change while ``edited`` is false).  The moment the engineer types in one, it
is theirs: ``edited`` becomes true and field changes no longer overwrite it, until
they choose "Regenerate from fields" (which asks first, since it drops their words).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QMessageBox, QTabWidget

from handoff.lint import Section
from handoff.model import GeneratedText
from handoff.notes import NOT_NEEDED_TEXT
from handoff.ui.pages.base import HandoffPage
from handoff.ui.session import DraftSession
from handoff.ui.widgets.forms import chain_tab_order, describe, sync_checked
from handoff.ui.widgets.generated_text import GeneratedTextEditor

Confirm = Callable[[str], bool]
"""Asks a yes/no question; True means go ahead."""


class NotifyPage(HandoffPage):
    """Two generated texts (each with Regenerate and a preview) and "not needed".

    Object names: ``notify_tabs``, ``next_tech_note``, ``regenerate_next_tech_note``,
    ``next_tech_note_preview``, ``user_message``, ``regenerate_user_message``,
    ``user_message_preview``, ``user_message_not_needed``.  :attr:`confirm` asks
    before regenerating an edited text (tests replace it).
    """

    section = Section.NOTIFY

    def __init__(self, session: DraftSession, *, confirm: Confirm | None = None) -> None:
        super().__init__(
            session,
            self.tr("Notify & communicate"),
            self.tr("The note for the next technician and the update for the user."),
        )
        self.confirm: Confirm = confirm or self._ask
        self.note = GeneratedTextEditor(
            "next_tech_note",
            self.tr("Note to the next technician"),
            self.tr("&Regenerate from fields"),
            self,
        )
        self.message = GeneratedTextEditor(
            "user_message", self.tr("Message to the user"), self.tr("Re&generate from fields"), self
        )
        self.not_needed = self._not_needed_box()
        self.message.add_widget(self.not_needed)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("notify_tabs")
        self.tabs.addTab(self.note, self.tr("Note to the next &technician"))
        self.tabs.addTab(self.message, self.tr("Message to the &user"))
        self.body.addWidget(self.tabs, 1)
        self._connect()
        note, message = self.note, self.message
        order = [self.tabs, note.edit, note.regenerate, message.edit, message.regenerate]
        chain_tab_order([*order, self.not_needed])

    def _not_needed_box(self) -> QCheckBox:
        box = QCheckBox(self.tr("User message not nee&ded"), self.message)
        describe(
            box,
            "user_message_not_needed",
            self.tr("User message not needed"),
            self.tr("Tick when the user does not need an update with this handoff."),
        )
        return box

    def _connect(self) -> None:
        # Look the texts up on every call: the session may have replaced the handoff.
        session = self.session
        self.note.user_edited.connect(lambda t: self._edited(session.handoff.next_tech_note, t))
        self.message.user_edited.connect(lambda t: self._edited(session.handoff.user_message, t))
        self.note.regenerate_requested.connect(
            lambda: self._regenerate(session.handoff.next_tech_note)
        )
        self.message.regenerate_requested.connect(
            lambda: self._regenerate(session.handoff.user_message)
        )
        self.not_needed.toggled.connect(self._set_not_needed)
        # Every change and every replaced handoff regenerates, re-lints and lands here.
        self.session.findings_changed.connect(lambda _findings: self.render_texts())

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Regenerate"), question)
        return answer == QMessageBox.StandardButton.Yes

    def _edited(self, generated: GeneratedText, text: str) -> None:
        generated.text = text
        generated.edited = True
        self.session.mark_changed()

    def _regenerate(self, generated: GeneratedText) -> None:
        question = self.tr("Replace your edited text with one written from the fields?")
        if generated.edited and not self.confirm(question):
            return
        generated.edited = False
        self.session.mark_changed()  # regenerates every unedited text, then we re-render

    def _set_not_needed(self, checked: bool) -> None:
        self.session.handoff.user_message.needed = not checked
        self.session.mark_changed()

    def render_texts(self) -> None:
        """Show the current texts; an unchanged text is left alone (cursor, undo)."""
        handoff = self.session.handoff
        note, message = handoff.next_tech_note, handoff.user_message
        self.note.show_text(note.text, note.edited)
        preview = None if message.needed else NOT_NEEDED_TEXT
        self.message.show_text(message.text, message.edited, preview)
        self.message.set_available(message.needed)
        sync_checked(self.not_needed, not message.needed)

    def load(self) -> None:
        self.render_texts()
