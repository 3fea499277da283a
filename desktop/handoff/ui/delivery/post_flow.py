"""Review -> "Post to ticket…": choose the ticket, see exactly what will be posted, post it.

The dialog mirrors the CLI's ``handoff post`` (``delivery/commands.py``): the
handoff is queued in the outbox first and then posted by the
:class:`~handoff.ui.delivery.outbox_runner.OutboxRunner`, so whatever happens -
offline, a server error, a crash, a cancel - the item waits in the outbox with its
reason and is never posted twice.

Before anything is sent the dialog shows the plan in the system's own words
(:class:`~handoff.ui.delivery.plan_view.PlanView`): the note, each attachment with
its size against the system's limit, the status and the assignee as the system names
them (from the ticket's cached lookup, :mod:`handoff.delivery.prefill`), and the
reply to the user only when it is written and "send" is ticked.  An attachment over
the limit is not silently dropped: the engineer keeps it on this computer (the note
says so) or posts it split into numbered parts (the note says how to join them;
:mod:`handoff.delivery.split`).

Fetching the ticket also fills the draft's empty fields (title, contact, SLA
...) without touching what the engineer typed (the rule is in prefill.py).
"""

from __future__ import annotations

import html
import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from handoff.delivery.connections import ProfileError
from handoff.delivery.connector import ConnectionProfile
from handoff.delivery.connectors import KINDS
from handoff.delivery.outbox import ItemState, OutboxItem
from handoff.delivery.poster import PostProgress
from handoff.delivery.prefill import Lookup, lookup, merge_info
from handoff.delivery.split import human_size, queue_postable
from handoff.ui import theme
from handoff.ui.delivery.outbox_runner import OutboxRunner
from handoff.ui.delivery.plan_view import PlanView
from handoff.ui.delivery.services import DeliveryServices, close_connector
from handoff.ui.dialogs import Prompts, tr
from handoff.ui.session import DraftSession
from handoff.ui.widgets.forms import button_row, describe
from handoff.ui.workers import Worker


class PostFlow(QObject):
    """Opens the post dialog from the Review page; says what to do with no connection."""

    settings_requested = Signal()
    """No ticket system is configured: the window opens Settings -> Ticket systems."""

    def __init__(self, session: DraftSession, services: DeliveryServices, runner: OutboxRunner,
                 prompts: Prompts, window: QWidget) -> None:  # fmt: skip
        super().__init__(window)
        self.session, self.services, self.runner = session, services, runner
        self.prompts, self.window = prompts, window
        self.dialog: PostDialog | None = None

    def has_connections(self) -> bool:
        try:
            return bool(self.services.store.list())
        except ProfileError:
            return False

    def start(self) -> PostDialog | None:
        if not self.has_connections():
            self.settings_requested.emit()
            return None
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return self.dialog
        if self.dialog is not None:  # a finished post's dialog: its item is in the Outbox
            self.dialog.deleteLater()
        self.dialog = PostDialog(self, self.window)
        self.dialog.open()
        self.dialog.fetch(quiet=True)
        return self.dialog


class PostDialog(QDialog):
    """Connection, ticket, the plan, Post / Cancel, progress and the outcome.

    Object names: ``connection``, ``ticket``, ``fetch``, ``ticket_info``, ``plan``,
    ``send_reply``, ``post``, ``cancel_post``, ``close``, ``post_progress``,
    ``upload_bar``, ``outcome``; a too-large attachment's choice is ``too_large_<id>``.
    """

    def __init__(self, flow: PostFlow, parent: QWidget) -> None:
        super().__init__(parent)
        self.flow, self.services, self.runner = flow, flow.services, flow.runner
        self.session = flow.session
        self.info: Lookup | None = None
        self.item_id = ""
        self.worker: Worker | None = None
        self.setObjectName("post_dialog")
        self.setWindowTitle(self.tr("Post to ticket"))
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_target())
        self.plan_view = PlanView(self)
        plan_caption = QLabel(self.tr("What will be &posted:"), self)
        plan_caption.setBuddy(self.plan_view)
        self.send_reply = QCheckBox(self.tr("&Send the user message to the requester"), self)
        describe(self.send_reply, "send_reply", self.tr("Send the user message"),
                 self.tr("Post the user message as a reply the requester receives."))  # fmt: skip
        self.send_reply.toggled.connect(lambda _on: self.show_plan())
        for widget in (plan_caption, self.plan_view, self.send_reply):
            layout.addWidget(widget)
        layout.addLayout(self._build_progress())
        layout.addLayout(self._build_buttons())
        self.runner.progress.connect(self._on_progress)
        self.runner.changed.connect(self._on_changed)
        self.resize(760, 520)
        self._load_cached()

    # -- building ------------------------------------------------------------------------

    def _build_target(self) -> QFormLayout:
        form = QFormLayout()
        self.connection = QComboBox(self)
        for profile in self.services.store.list():
            self.connection.addItem(f"{profile.name} ({profile.kind})", profile.name)
        self.ticket = QLineEdit(self.session.handoff.ticket.id, self)
        self.fetch_button = QPushButton(self.tr("&Fetch ticket"), self)
        self.fetch_button.setObjectName("fetch")
        self.fetch_button.clicked.connect(lambda: self.fetch())  # noqa: PLW0108 - not `checked`
        row = QHBoxLayout()
        row.addWidget(self.ticket, 1)
        row.addWidget(self.fetch_button)
        self.ticket_info = QLabel(self)
        self.ticket_info.setObjectName("ticket_info")
        self.ticket_info.setWordWrap(True)
        for label, widget, name, tip in (
            (self.tr("&Ticket system:"), self.connection, "connection",
             self.tr("Which ticket system to post to.")),
            (self.tr("Tic&ket:"), self.ticket, "ticket",
             self.tr("The ticket number in that system.")),
        ):  # fmt: skip
            describe(widget, name, label.replace("&", "").rstrip(":"), tip)
            caption = QLabel(label, self)
            caption.setBuddy(widget)
            form.addRow(caption, row if widget is self.ticket else widget)
        form.addRow(self.ticket_info)
        self.connection.currentIndexChanged.connect(lambda _i: self._load_cached())
        self.ticket.editingFinished.connect(self._load_cached)
        return form

    def _build_progress(self) -> QVBoxLayout:
        box = QVBoxLayout()
        self.progress_label = QLabel(self)
        self.progress_label.setObjectName("post_progress")
        self.bar = QProgressBar(self)
        describe(self.bar, "upload_bar", self.tr("Posting progress"),
                 self.tr("Steps posted, or bytes of the file being uploaded."))  # fmt: skip
        self.bar.setVisible(False)
        self.outcome = QLabel(self)
        self.outcome.setObjectName("outcome")
        self.outcome.setWordWrap(True)
        self.outcome.setOpenExternalLinks(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        for widget in (self.progress_label, self.bar, self.outcome):
            box.addWidget(widget)
        return box

    def _build_buttons(self) -> QHBoxLayout:
        row, self.buttons = button_row(self, (
            ("post", self.tr("P&ost"), self.post),
            ("cancel_post", self.tr("&Cancel posting"), self.cancel),
            ("close", self.tr("C&lose"), self.reject),
        ))  # fmt: skip
        row.insertStretch(0, 1)
        self.buttons["cancel_post"].setEnabled(False)
        return row

    # -- the ticket ------------------------------------------------------------------------

    def profile(self) -> ConnectionProfile | None:
        name = self.connection.currentData()
        try:
            return self.services.store.get(str(name)) if name else None
        except ProfileError:
            return None

    def _load_cached(self) -> None:
        profile, ticket = self.profile(), self.ticket.text().strip()
        cached = self.services.cache.load(profile.name, ticket) if profile and ticket else None
        self.info = Lookup(cached, from_cache=True) if cached else None
        self.ticket_info.setText(self._describe_info() if cached else "")
        self.show_plan()

    def fetch(self, *, quiet: bool = False) -> None:
        """Look the ticket up (cache when offline) and fill the draft's empty fields."""
        profile, ticket = self.profile(), self.ticket.text().strip()
        if profile is None or not ticket:
            return
        secret = self.services.secrets.get(profile.name)
        if secret is None and not quiet:
            secret = self.services.secret_for(self, profile.name)

        def job(_progress: object, _cancel: threading.Event) -> Lookup:
            connector = self.services.connect(profile, secret, quick=True) if secret else None
            try:
                return lookup(connector, profile.name, ticket, self.services.cache)
            finally:
                if connector is not None:
                    close_connector(connector)

        self.fetch_button.setEnabled(False)
        self.ticket_info.setText(self.tr("Fetching ticket %s\u2026") % ticket)
        self.worker = Worker(job, synchronous=self.services.synchronous, parent=self)
        self.worker.finished.connect(self._fetched)
        self.worker.failed.connect(lambda reason: self.ticket_info.setText(
            "" if quiet else self.tr("Could not fetch the ticket: %s") % reason))  # fmt: skip
        self.worker.ended.connect(lambda: self.fetch_button.setEnabled(True))
        self.worker.start()

    def _fetched(self, found: object) -> None:
        assert isinstance(found, Lookup)  # noqa: S101 - the fetch job returns one
        profile = self.profile()
        self.info = found
        filled: list[str] = []
        if profile is not None:
            merge = merge_info(self.session.handoff, found.info, profile)
            if filled := merge.filled:
                h, new = self.session.handoff, merge.handoff
                h.ticket, h.status, h.assignee, h.urgency = (
                    new.ticket, new.status, new.assignee, new.urgency)  # fmt: skip
                self.session.mark_changed()
        text = self._describe_info()
        if filled:
            text += "\n" + self.tr("Filled in from the ticket: %s") % ", ".join(filled)
        self.ticket_info.setText(text)
        self.show_plan()

    def _describe_info(self) -> str:
        if self.info is None:
            return ""
        t = self.info.info.ticket
        now = [f"#{t.id} {t.title}".strip()]
        if t.status is not None:
            now.append(self.tr("status %s") % t.status.name)
        if t.assignee is not None:
            now.append(self.tr("owner %s") % t.assignee.name)
        return " \u2014 ".join(now) + f"  ({self.info.describe()})"

    # -- the plan -----------------------------------------------------------------------

    def limit(self) -> int | None:
        profile = self.profile()
        kind = KINDS.get(profile.kind) if profile else None
        return kind.max_attachment_bytes if kind is not None else None

    def show_plan(self) -> None:
        h = self.session.handoff
        reply_possible = h.user_message.needed and bool(h.user_message.text.strip())
        self.send_reply.setEnabled(reply_possible)
        if not reply_possible:
            self.send_reply.setChecked(False)
        self.plan_view.show_plan(h, user_reply=self.send_reply.isChecked(), limit=self.limit(),
                                 info=self.info, profile=self.profile())  # fmt: skip

    # -- posting ----------------------------------------------------------------------------

    def post(self) -> None:
        profile, ticket = self.profile(), self.ticket.text().strip()
        if profile is None or not ticket:
            self._outcome(self.tr("Choose a ticket system and type the ticket number."), ok=False)
            return
        if self.services.secret_for(self, profile.name) is None:
            self._outcome(self.tr("Not posted: no secret for %s.") % profile.name, ok=False)
            return
        findings = self.session.findings
        if findings and not self.flow.prompts.confirm(
            self, self.tr("Post to ticket"),
            self.tr("Post with %n unresolved problem(s)?", "", len(findings)),
        ):  # fmt: skip
            return
        snapshot = self.session.handoff.model_copy(deep=True)  # the worker splits and copies
        decisions, limit, outbox = self.plan_view.choices(), self.limit(), self.services.outbox
        connection, reply = profile.name, self.send_reply.isChecked()

        def job(_progress: object, _cancel: threading.Event) -> OutboxItem:
            return queue_postable(snapshot, decisions, limit, outbox, connection=connection,
                                  ticket=ticket, reply=reply)  # fmt: skip

        self._busy(True)
        self.progress_label.setText(self.tr("Queuing in the outbox\u2026"))
        self.worker = Worker(job, synchronous=self.services.synchronous, parent=self)
        self.worker.finished.connect(self._queued)
        self.worker.failed.connect(self._queue_failed)
        self.worker.start()

    def _queued(self, item: object) -> None:
        assert isinstance(item, OutboxItem)  # noqa: S101 - the queue job returns one
        self.item_id = item.id
        self.runner.post(item.id)

    def _queue_failed(self, reason: str) -> None:
        self._busy(False)
        self._outcome(self.tr("Not queued: %s") % reason, ok=False)

    def cancel(self) -> None:
        if self.item_id:
            self.runner.cancel(self.item_id)

    def _busy(self, busy: bool) -> None:
        self.buttons["post"].setEnabled(not busy)
        self.buttons["cancel_post"].setEnabled(busy)
        self.bar.setVisible(busy)
        self.outcome.clear()

    def _on_progress(self, progress: object) -> None:
        if not isinstance(progress, PostProgress) or progress.item_id != self.item_id:
            return
        step = min(progress.done + 1, progress.total)
        text = self.tr("Step %d of %d: %s") % (step, progress.total, progress.step)
        if progress.bytes_total:
            text += f" \u2014 {human_size(progress.bytes_done)} of " \
                    f"{human_size(progress.bytes_total)}"  # fmt: skip
            self.bar.setRange(0, 1000)
            self.bar.setValue(progress.bytes_done * 1000 // progress.bytes_total)
        else:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(progress.done)
        self.progress_label.setText(text)

    def _on_changed(self, item_id: str) -> None:
        if item_id != self.item_id or item_id in self.runner.workers:
            return
        self._busy(False)
        self.progress_label.clear()
        item = self.services.outbox.load(item_id)
        if item.state is ItemState.POSTED:
            self.buttons["post"].setEnabled(False)
            href = html.escape(item.link, quote=True)
            text = html.escape(item.link or f"ticket {item.ticket_id}")
            todo = f" \u2014 {html.escape(item.reason)}" if item.reason else ""  # by hand
            self._outcome(self.tr('Posted: <a href="%s">%s</a>') % (href, text) + todo, ok=True)
        elif item.state is ItemState.QUEUED:
            self._outcome(self.tr("Not posted yet \u2014 kept in the Outbox: %s. Handoff "
                                  "retries it by itself (File \u2192 Outbox).")
                          % item.reason, ok=False)  # fmt: skip
        else:
            self._outcome(self.tr("Not posted (%s): %s") % (tr(item.state.value), item.reason),
                          ok=False)  # fmt: skip

    def _outcome(self, text: str, *, ok: bool) -> None:
        self.outcome.setTextFormat(Qt.TextFormat.RichText if ok else Qt.TextFormat.PlainText)
        self.outcome.setText(text)
        self.outcome.setStyleSheet("" if ok else theme.error_style())

    def done(self, result: int) -> None:
        """Closing the dialog never stops a post: it goes on (and is listed) in the Outbox."""
        if self.worker is not None and self.worker.running:
            self.worker.wait()
        super().done(result)
