"""Post an outbox item step by step, so that no step is ever lost or done twice.

The rules, in order of importance:

1. **Record before moving on.**  A step is written to the outbox as ``done`` (with the
   remote id) before the next one starts; a killed process resumes after the last
   recorded step.
2. **Mark before sending.**  Before a request that creates something (a note, an
   attachment, a reply) the step is saved as ``sent``.  If we never learn the outcome -
   a crash, a timeout, a connection dropped after the request went out, a 5xx - the
   work may or may not exist on the ticket.
3. **Look before redoing.**  Ticket systems have no idempotency keys, so before doing a
   step the poster looks at the ticket: a note or reply carrying this handoff's marker,
   or an attachment with the same name and size, means the step is already done.  The
   ticket is read once per run and read again after every ambiguous failure.
4. **Stop for the right reasons.**  Offline or rate-limited past patience: the item
   stays ``queued`` with the reason, to retry later.  A refused token, a missing ticket
   or an unmappable status: ``failed`` with a one-line reason (retrying cannot help
   until the engineer changes something).  Cancel: ``cancelled`` between steps or
   between the chunks of an upload, never half-way through recording.

Setting the status or the assignee is idempotent, so those are simply redone.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from handoff.delivery.connector import (
    Cancelled,
    Choice,
    ConnectionProfile,
    Connector,
    ConnectorError,
    ManualStep,
    NotFound,
    RemoteAttachment,
    RemoteNote,
    RemoteTicket,
)
from handoff.delivery.http import RetryPolicy
from handoff.delivery.outbox import ItemState, Outbox, OutboxItem, OutboxStep, StepState
from handoff.delivery.plan import StepKind, resolve_assignee, resolve_status
from handoff.model import utc_now

ConnectorFactory = Callable[[str], tuple[Connector, ConnectionProfile]]
"""Connection name -> a ready connector and its profile (for the status/assignee map)."""

_CREATES = frozenset({StepKind.NOTE, StepKind.ATTACHMENT, StepKind.NOTIFY, StepKind.USER_REPLY})


@dataclass(frozen=True)
class PostProgress:
    item_id: str
    step: str
    """The step being done, for the engineer (``attachment PanGPS.log``)."""
    done: int
    total: int
    bytes_done: int = 0
    bytes_total: int = 0


class _Remote:
    """What the ticket already holds, read lazily and re-read after an ambiguous failure."""

    def __init__(self, connector: Connector, ticket_id: str) -> None:
        self._connector, self._ticket = connector, ticket_id
        self._notes: list[RemoteNote] | None = None
        self._files: list[RemoteAttachment] | None = None

    def note_with(self, marker: str, *, fresh: bool) -> RemoteNote | None:
        if self._notes is None or fresh:
            self._notes = self._connector.notes(self._ticket)
        return next((n for n in self._notes if marker in n.text), None)

    def file_named(self, name: str, size: int, *, fresh: bool) -> RemoteAttachment | None:
        if self._files is None or fresh:
            self._files = self._connector.attachments(self._ticket)
        return next(
            (a for a in self._files if a.name == name and a.size in (None, size)),
            None,
        )


class Poster:
    """Runs outbox items against their ticket systems."""

    def __init__(
        self,
        outbox: Outbox,
        connect: ConnectorFactory,
        *,
        policy: RetryPolicy | None = None,
        progress: Callable[[PostProgress], None] | None = None,
    ) -> None:
        self.outbox = outbox
        self.connect = connect
        self.policy = policy or RetryPolicy()
        self.progress = progress

    def post(self, item_id: str, cancel: threading.Event | None = None) -> OutboxItem:
        """Post (or resume) one item; returns it in its new state.  Never raises
        ConnectorError: the outcome is the item's state and reason."""
        with self.outbox.lock(item_id):
            item = self.outbox.load(item_id)
            if item.state is ItemState.POSTED:
                return item
            return _Run(self, item, cancel or threading.Event()).execute()


class _Run:
    """One attempt at one item, holding its lock."""

    def __init__(self, poster: Poster, item: OutboxItem, cancel: threading.Event) -> None:
        self.poster, self.item, self.cancel = poster, item, cancel
        self.outbox, self.policy = poster.outbox, poster.policy
        self.current: OutboxStep | None = None
        """The step being done, so a failure names it."""

    def save(self) -> None:
        self.outbox.save(self.item)

    def execute(self) -> OutboxItem:
        item = self.item
        # A cancel request is only ever written while a poster holds the lock; one left
        # over from a run that ended first must not cancel this new run.
        self.outbox.cancel_path(item.id).unlink(missing_ok=True)
        item.state, item.reason, item.runs = ItemState.POSTING, "", item.runs + 1
        self.save()
        try:
            self._connect_and_run()
        except Cancelled:
            self._finish(ItemState.CANCELLED, f"cancelled after {item.done_count} of "
                         f"{len(item.steps)} steps")  # fmt: skip
            self.outbox.cancel_path(item.id).unlink(missing_ok=True)
        except ConnectorError as exc:
            self._failed(exc)
        except BaseException as exc:
            self._finish(ItemState.QUEUED, f"interrupted: {type(exc).__name__} {exc}".strip())
            raise
        return item

    def _connect_and_run(self) -> None:
        connector, profile = self.poster.connect(self.item.connection)
        try:
            self._run_steps(connector, profile)
        finally:
            close = getattr(connector, "close", None)
            if callable(close):
                close()
        todo = "; ".join(f"{s.label}: {s.reason}" for s in self.item.manual())
        self._finish(ItemState.POSTED, f"to do by hand: {todo}" if todo else "")
        self.outbox.cancel_path(self.item.id).unlink(missing_ok=True)
        self.outbox.drop_files(self.item.id)  # the copies are on the ticket now

    def _finish(self, state: ItemState, reason: str) -> None:
        self.item.state, self.item.reason = state, reason
        self.save()

    def _failed(self, exc: ConnectorError) -> None:
        step = self.current
        if exc.retryable:
            self._finish(ItemState.QUEUED, str(exc))
            return
        if step is not None:
            step.state, step.reason = StepState.FAILED, str(exc)
        where = f"{step.label}: " if step is not None else ""
        self._finish(ItemState.FAILED, where + str(exc))

    def _check_cancel(self) -> None:
        if self.outbox.cancel_requested(self.item.id):
            self.cancel.set()
        if self.cancel.is_set():
            raise Cancelled("cancelled")

    def _report(self, step: OutboxStep, done: int = 0, total: int = 0) -> None:
        if self.poster.progress is not None:
            item = self.item
            count = len(item.steps)
            report = PostProgress(item.id, step.label, item.done_count, count, done, total)
            self.poster.progress(report)

    def _run_steps(self, connector: Connector, profile: ConnectionProfile) -> None:
        ticket = _fetch(connector, self.item)
        self.item.link = ticket.url
        remote = _Remote(connector, self.item.ticket_id)
        for step in self.item.pending():
            self._check_cancel()
            self._report(step)
            self.current, step.state, step.reason = step, StepState.PENDING, ""
            try:
                self._do_step(step, connector, profile, remote)
            except ManualStep as exc:  # e.g. a status by e-mail: left to the engineer
                step.state, step.reason = StepState.MANUAL, str(exc)
            else:
                step.state, step.done_at, step.sent = StepState.DONE, utc_now(), False
            self.save()
        self.current = None

    def _do_step(
        self, step: OutboxStep, connector: Connector, profile: ConnectionProfile, remote: _Remote
    ) -> None:
        """Do one step, re-reading the ticket after an ambiguous failure (bounded)."""
        for attempt in range(self.policy.max_tries):
            if (found := _already_there(step, remote)) is not None:
                step.remote_id = found
                return
            if step.kind in _CREATES:
                step.sent = True
                self.save()
            try:
                step.remote_id = self._execute(step, connector, profile)
                return
            except ConnectorError as exc:
                if not exc.ambiguous or attempt + 1 >= self.policy.max_tries:
                    raise
                self.policy.wait(self.policy.delay(attempt), self.cancel)

    def _execute(self, step: OutboxStep, connector: Connector, profile: ConnectionProfile) -> str:
        ticket, h = self.item.ticket_id, self.item.handoff
        match step.kind:
            case StepKind.NOTE:
                return connector.add_note(ticket, step.text, internal=True)
            case StepKind.USER_REPLY:
                return connector.add_note(ticket, step.text, internal=False)
            case StepKind.ATTACHMENT:
                return self._upload(step, connector)
            case StepKind.NOTIFY:
                connector.mention(ticket, step.handle, step.text)
                return ""
            case StepKind.STATUS:
                choices = connector.statuses(ticket)
                status = h.status
                choice = resolve_status(status, choices, profile.status_map) if status else None
                if choice is None:
                    raise _unmapped("status", step, choices)
                connector.set_status(ticket, choice)
                return choice.id
            case StepKind.ASSIGN:
                choices = connector.assignees(ticket)
                choice = resolve_assignee(h.assignee, choices, profile.assignee_map)
                if choice is None:
                    raise _unmapped("member or queue", step, choices)
                connector.assign(ticket, choice)
                return choice.id

    def _upload(self, step: OutboxStep, connector: Connector) -> str:
        path = self.outbox.files_dir(self.item.id) / step.file
        if not step.file or not path.is_file():
            raise ConnectorError(f"the outbox copy of {step.name} is missing ({path})")

        def progress(done: int, total: int) -> None:
            if self.outbox.cancel_requested(self.item.id):
                self.cancel.set()
            self._report(step, done, total)

        return connector.upload(
            self.item.ticket_id, Path(path), step.name, step.media_type, progress, self.cancel
        )


def _fetch(connector: Connector, item: OutboxItem) -> RemoteTicket:
    """The ticket first, so a wrong number fails before anything is posted."""
    try:
        return connector.fetch_ticket(item.ticket_id)
    except NotFound:
        raise NotFound(f"ticket {item.ticket_id} was not found on {item.connection}") from None


def _already_there(step: OutboxStep, remote: _Remote) -> str | None:
    """The remote id of this step's earlier work on the ticket, if any."""
    fresh = step.sent
    if step.kind in (StepKind.NOTE, StepKind.USER_REPLY, StepKind.NOTIFY) and step.marker:
        note = remote.note_with(step.marker, fresh=fresh)
        return note.id if note is not None else None
    if step.kind is StepKind.ATTACHMENT:
        found = remote.file_named(step.name, step.size, fresh=fresh)
        return found.id if found is not None else None
    return None


def _unmapped(what: str, step: OutboxStep, choices: list[Choice]) -> NotFound:
    names = ", ".join(c.name for c in choices[:12]) or "none offered"
    return NotFound(
        f"no {what} on the ticket system matches '{step.label}' (offered: {names}): "
        "choose one in Settings -> Connections"
    )
