"""Page 1: which ticket, who is affected, who hands off, and the summary.

The summary is what the next technician reads first, cold; its placeholder shows
the three things a good one says (what is wrong, what was found, where it stands).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from handoff.lint import Section
from handoff.model import Ticket
from handoff.ui.pages.base import HandoffPage
from handoff.ui.session import DraftSession
from handoff.ui.widgets.forms import chain_tab_order, describe, sync_line, sync_plain

_TICKET_FIELDS = ("id", "title", "client", "site", "contact")


class TicketPage(HandoffPage):
    """Ticket id, title, client, site, contact, "Handed off by" and the summary.

    Inputs (object names): ``ticket_id``, ``ticket_title``, ``ticket_client``,
    ``ticket_site``, ``ticket_contact``, ``author``, ``summary``.
    """

    section = Section.TICKET

    def __init__(self, session: DraftSession) -> None:
        super().__init__(
            session,
            self.tr("Ticket & summary"),
            self.tr("Which ticket this is, who is affected, and where things stand."),
        )
        form = QFormLayout()
        self.ticket_fields: dict[str, QLineEdit] = {}
        for attr, (label, tip) in self._ticket_texts().items():
            edit = self._line(form, label, f"ticket_{attr}", tip)
            edit.textChanged.connect(self._ticket_setter(attr))
            self.ticket_fields[attr] = edit
        self.ticket_id = self.ticket_fields["id"]
        self.author = self._line(
            form,
            self.tr("Handed off b&y:"),
            "author",
            self.tr("Your name, as the next technician should address you."),
        )
        self.author.textChanged.connect(self._set_author)
        self.summary = self._summary_edit()
        self._add_row(form, self.tr("Su&mmary:"), self.summary)
        self.body.addLayout(form)
        chain_tab_order([*self.ticket_fields.values(), self.author, self.summary])

    def _summary_edit(self) -> QPlainTextEdit:
        summary = QPlainTextEdit(self)
        describe(
            summary,
            "summary",
            self.tr("Summary"),
            self.tr("What is wrong, what you found, and where it stands now."),
        )
        summary.setPlaceholderText(self._summary_placeholder())
        summary.setTabChangesFocus(True)
        summary.textChanged.connect(self._set_summary)
        return summary

    def _ticket_texts(self) -> dict[str, tuple[str, str]]:
        return {
            "id": (self.tr("Tic&ket ID:"), self.tr("The ticket number in the PSA, e.g. T-20418.")),
            "title": (self.tr("T&itle:"), self.tr("The ticket's title, one line.")),
            "client": (self.tr("&Client:"), self.tr("The client (company) the ticket is for.")),
            "site": (self.tr("&Site:"), self.tr("The office or location where the issue is.")),
            "contact": (
                self.tr("C&ontact:"),
                self.tr("Who is affected and how to reach them (name, phone or email)."),
            ),
        }

    def _summary_placeholder(self) -> str:
        return self.tr(
            "What is wrong: Maria cannot connect to the VPN since Monday "
            "('Authentication failed' after MFA).\n"
            "What you found: gateway and DNS are fine; her account is not in VPN-Users.\n"
            "Where it stands: waiting on the networking team to check the gateway's auth log."
        )

    def _line(self, form: QFormLayout, label: str, name: str, tip: str) -> QLineEdit:
        edit = QLineEdit(self)
        describe(edit, name, label.replace("&", "").rstrip(":"), tip)
        self._add_row(form, label, edit)
        return edit

    def _add_row(self, form: QFormLayout, label: str, field: QWidget) -> None:
        caption = QLabel(label, self)
        caption.setBuddy(field)
        form.addRow(caption, field)

    def _ticket_setter(self, attr: str) -> Callable[[str], None]:
        def write(text: str) -> None:
            ticket: Ticket = self.session.handoff.ticket
            setattr(ticket, attr, text)
            self.session.mark_changed()

        return write

    def _set_author(self, text: str) -> None:
        self.session.handoff.author = text
        self.session.mark_changed()

    def _set_summary(self) -> None:
        self.session.handoff.summary = self.summary.toPlainText()
        self.session.mark_changed()

    def load(self) -> None:
        handoff = self.session.handoff
        for attr, edit in self.ticket_fields.items():
            sync_line(edit, str(getattr(handoff.ticket, attr)))
        sync_line(self.author, handoff.author)
        sync_plain(self.summary, handoff.summary)
