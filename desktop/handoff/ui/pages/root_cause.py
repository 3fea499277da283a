"""Page 3: the root cause and how sure the engineer is of it.

Certainty starts unanswered: "Unknown" is a finding in itself and must be chosen,
not defaulted.  With "Unknown" the text stays editable, because what has been
*ruled out* is exactly what stops the next technician from repeating it.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
)

from handoff.lint import Section
from handoff.model import Certainty
from handoff.ui.pages.base import HandoffPage
from handoff.ui.session import DraftSession
from handoff.ui.widgets.forms import chain_tab_order, describe, sync_plain


class RootCausePage(HandoffPage):
    """Certainty radio buttons and the root-cause text.

    Object names: ``certainty_confirmed``, ``certainty_suspected``,
    ``certainty_unknown`` (in :attr:`certainty_buttons`), ``root_cause_text``.
    """

    section = Section.ROOT_CAUSE

    def __init__(self, session: DraftSession) -> None:
        super().__init__(
            session,
            self.tr("Root cause"),
            self.tr("What causes the problem, and how sure you are."),
        )
        self.certainty_group = QButtonGroup(self)
        self.certainty_buttons: dict[Certainty, QRadioButton] = {}
        row = self._certainty_row()
        self.text = QPlainTextEdit(self)
        describe(
            self.text,
            "root_cause_text",
            self.tr("Root cause"),
            self.tr("The cause, or (if unknown) what you have ruled out."),
        )
        self.text.setTabChangesFocus(True)
        self.text.textChanged.connect(self._set_text)
        caption = QLabel(self.tr("Root cause / what was ruled &out:"), self)
        caption.setBuddy(self.text)
        self.body.addLayout(row)
        self.body.addWidget(caption)
        self.body.addWidget(self.text, 1)
        chain_tab_order([*self.certainty_buttons.values(), self.text])
        self._update_placeholder()

    def _certainty_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("How sure are you?"), self))
        for certainty, (text, tip) in self._certainty_texts().items():
            button = QRadioButton(text, self)
            describe(button, f"certainty_{certainty.value}", text.replace("&", ""), tip)
            self.certainty_group.addButton(button)
            self.certainty_buttons[certainty] = button
            row.addWidget(button)
            button.toggled.connect(lambda on, c=certainty: self._set_certainty(c, on))
        row.addStretch(1)
        return row

    def _certainty_texts(self) -> dict[Certainty, tuple[str, str]]:
        return {
            Certainty.CONFIRMED: (
                self.tr("&Confirmed"),
                self.tr("You proved the cause (a test shows it)."),
            ),
            Certainty.SUSPECTED: (
                self.tr("&Suspected"),
                self.tr("Likely, but not proven yet; say what would confirm it."),
            ),
            Certainty.UNKNOWN: (
                self.tr("Un&known"),
                self.tr("Not found yet; write down what you have ruled out."),
            ),
        }

    def _set_certainty(self, certainty: Certainty, checked: bool) -> None:
        if not checked:
            return
        self.session.handoff.root_cause.certainty = certainty
        self._update_placeholder()
        self.session.mark_changed()

    def _set_text(self) -> None:
        self.session.handoff.root_cause.text = self.text.toPlainText()
        self.session.mark_changed()

    def _update_placeholder(self) -> None:
        if self.session.handoff.root_cause.certainty is Certainty.UNKNOWN:
            hint = self.tr("e.g. Ruled out: network path (ping, DNS fine), client install.")
        else:
            hint = self.tr("e.g. The user was removed from the VPN-Users AD group on Monday.")
        self.text.setPlaceholderText(hint)

    def load(self) -> None:
        root_cause = self.session.handoff.root_cause
        current = self.certainty_group.checkedButton()
        wanted = (
            self.certainty_buttons[root_cause.certainty]
            if root_cause.certainty is not None
            else None
        )
        if current is not wanted:
            with QSignalBlocker(self.certainty_group):
                # An exclusive group cannot show "nothing chosen" any other way.
                self.certainty_group.setExclusive(False)
                for button in self.certainty_buttons.values():
                    with QSignalBlocker(button):
                        button.setChecked(button is wanted)
                self.certainty_group.setExclusive(True)
        sync_plain(self.text, root_cause.text)
        self._update_placeholder()
