"""Fill the draft from the ticket system, and remember what it said for offline use.

With a connection chosen, a ticket id is enough for :func:`lookup` to read the
ticket (title, client, contact, current status and assignee, priority, SLA due)
together with what that ticket can become: the statuses its board / workflow
allows and the members and queues it can be given to.  Those lists are never
global (see docs/delivery.md), so they are cached **per connection and ticket**
in ``<data>/cache/`` (one atomic JSON file each).  An engineer in a basement
with no signal still sees the last names the system offered, with the time they
were fetched, and the post can be planned and queued from them.

:func:`merge_ticket` is the pure half: it copies a :class:`RemoteTicket` into a
:class:`~handoff.model.Handoff` without ever overwriting what the engineer typed.

**The merge rule.**  A field of the draft is filled only while it is empty
(blank text, no choice made); what the engineer wrote always wins, even when the
system says otherwise, because the engineer is on site and the ticket may be
stale.  The ticket id, title, client and contact are copied as they are.  The
priority is taken when the system's name for it says which of ours it is
("P1 - Emergency" -> critical); a bare number is not guessed.  The SLA due time
is copied (the system owns the SLA clock).  The draft's status and assignee
are what the ticket should *become*, so the current ones are offered only when
they translate back into our vocabulary through the connection's mapping or by
name (``open`` -> In progress, ``stalled`` -> Waiting on user, ``Nobody`` -> Next
available tech, a queue mapped to Escalation team -> Escalation team).  A named
member is never proposed as the next assignee: the current owner is usually the
engineer who is handing the ticket off.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from handoff import paths
from handoff.atomic import write_text_atomic
from handoff.delivery.connector import (
    AuthError,
    Choice,
    ConnectionProfile,
    Connector,
    ConnectorError,
    NotFound,
    RemoteTicket,
)
from handoff.delivery.plan import resolve_assignee, resolve_status
from handoff.model import Assignee, AssigneeKind, Handoff, Priority, Status, utc_now

CACHE_DIR = "cache"
SCHEMA_VERSION = 1

_PRIORITY_WORDS: tuple[tuple[Priority, tuple[str, ...]], ...] = (
    (Priority.CRITICAL, ("critical", "urgent", "emergency", "p1")),
    (Priority.HIGH, ("high", "p2")),
    (Priority.MEDIUM, ("medium", "normal", "moderate", "p3")),
    (Priority.LOW, ("low", "planning", "p4", "p5")),
)


class TicketInfo(BaseModel):
    """What the system said about one ticket, and when: one cache file."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = SCHEMA_VERSION
    connection: str
    ticket_id: str
    fetched_at: AwareDatetime
    ticket: RemoteTicket
    statuses: list[Choice] = Field(default_factory=list)
    assignees: list[Choice] = Field(default_factory=list)


@dataclass(frozen=True)
class Lookup:
    """A ticket's info, fresh from the system or - when it cannot be reached - cached."""

    info: TicketInfo
    from_cache: bool = False
    reason: str = ""
    """Why the cache was used (the connector's one-line error)."""

    def describe(self) -> str:
        """One line for the engineer: where the names come from and how old they are."""
        when = self.info.fetched_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if not self.from_cache:
            return f"fetched from {self.info.connection} at {when}"
        return f"offline copy from {when} ({self.reason})" if self.reason else f"cached {when}"


@dataclass
class Merge:
    """The merged draft and the names of the fields that were filled (for the engineer)."""

    handoff: Handoff
    filled: list[str] = field(default_factory=list)


# -- the cache ---------------------------------------------------------------------------


def _key(connection: str, ticket_id: str) -> str:
    raw = f"{connection.strip().casefold()}\n{ticket_id.strip()}".encode()
    return hashlib.sha256(raw).hexdigest()[:24]


class TicketCache:
    """``<data>/cache/ticket-<hash>.json``: the last lookup of each connection + ticket.

    The file name is a hash so any connection name or ticket id (``T20240115.0042``,
    ``#42``, ``INC0012345``) makes a safe, fixed-length name; the content says which.
    An unreadable file is treated as absent: the cache is only ever a convenience.
    """

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or paths.data_dir() / CACHE_DIR

    def path_for(self, connection: str, ticket_id: str) -> Path:
        return self.folder / f"ticket-{_key(connection, ticket_id)}.json"

    def save(self, info: TicketInfo) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.path_for(info.connection, info.ticket_id)
        write_text_atomic(path, info.model_dump_json(indent=2) + "\n")

    def load(self, connection: str, ticket_id: str) -> TicketInfo | None:
        return _read(self.path_for(connection, ticket_id))

    def all_for(self, connection: str) -> list[TicketInfo]:
        """Every cached ticket of a connection, newest first."""
        found = [i for p in sorted(self.folder.glob("ticket-*.json")) if (i := _read(p))]
        mine = [i for i in found if i.connection.casefold() == connection.strip().casefold()]
        return sorted(mine, key=lambda i: i.fetched_at, reverse=True)

    def forget(self, connection: str) -> None:
        """Drop a removed connection's cache (its names mean nothing any more)."""
        for info in self.all_for(connection):
            self.path_for(info.connection, info.ticket_id).unlink(missing_ok=True)


def _read(path: Path) -> TicketInfo | None:
    with contextlib.suppress(OSError, ValidationError, ValueError):
        return TicketInfo.model_validate_json(path.read_bytes())
    return None


# -- reading the system ------------------------------------------------------------------------


def fetch_info(
    connector: Connector, connection: str, ticket_id: str, *, now: datetime | None = None
) -> TicketInfo:
    """Read the ticket and its valid statuses, members and queues (three calls or more)."""
    ticket_id = ticket_id.strip()
    ticket = connector.fetch_ticket(ticket_id)
    return TicketInfo(
        connection=connection, ticket_id=ticket_id, fetched_at=now or utc_now(), ticket=ticket,
        statuses=connector.statuses(ticket_id), assignees=connector.assignees(ticket_id),
    )  # fmt: skip


def lookup(
    connector: Connector | None,
    connection: str,
    ticket_id: str,
    cache: TicketCache,
    *,
    now: datetime | None = None,
) -> Lookup:
    """Fetch and cache the ticket; fall back to the cache when the system cannot answer.

    ``connector`` None means no secret is at hand in this run: the cache alone.
    A refused token or a missing ticket is an answer, not an outage, so those raise
    even when a cached copy exists; so does any failure with nothing cached.
    """
    if connector is None:
        return _cached(cache, connection, ticket_id, "no secret for this connection yet")
    try:
        info = fetch_info(connector, connection, ticket_id, now=now)
    except (AuthError, NotFound):
        raise
    except ConnectorError as exc:
        return _cached(cache, connection, ticket_id, str(exc), error=exc)
    cache.save(info)
    return Lookup(info)


def _cached(
    cache: TicketCache,
    connection: str,
    ticket_id: str,
    reason: str,
    *,
    error: ConnectorError | None = None,
) -> Lookup:
    info = cache.load(connection, ticket_id.strip())
    if info is None:
        if error is not None:
            raise error
        raise ConnectorError(f"ticket {ticket_id.strip()} was never fetched: {reason}")
    return Lookup(info, from_cache=True, reason=reason)


# -- merging into the draft ----------------------------------------------------------------


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.casefold()))


def priority_from(name: str) -> Priority | None:
    """Our priority for the system's name of one; None for a bare number or no match."""
    words = _words(name)
    for priority, names in _PRIORITY_WORDS:
        if words & set(names):
            return priority
    return None


def status_from(
    current: Choice, statuses: Sequence[Choice], mapping: Mapping[Status, Choice]
) -> Status | None:
    """The status of ours that would be posted as ``current`` (first in our order)."""
    choices = list(statuses) if any(c.id == current.id for c in statuses) else [current]
    for status in Status:
        found = resolve_status(status, choices, mapping)
        if found is not None and found.id == current.id:
            return status
    return None


def assignee_from(
    current: Choice, assignees: Sequence[Choice], mapping: Mapping[AssigneeKind, Choice]
) -> AssigneeKind | None:
    """The team kind that would be posted as ``current``; never :attr:`AssigneeKind.PERSON`."""
    choices = list(assignees) if any(c.id == current.id for c in assignees) else [current]
    for kind in AssigneeKind:
        if kind is AssigneeKind.PERSON:
            continue
        found = resolve_assignee(Assignee(kind=kind), choices, mapping)
        if found is not None and found.id == current.id:
            return kind
    return None


def _merge_text(h: Handoff, remote: RemoteTicket, filled: list[str]) -> None:
    ticket = h.ticket
    for attr in ("id", "title", "client", "contact"):
        value = str(getattr(remote, attr)).strip()
        if value and not str(getattr(ticket, attr)).strip():
            setattr(ticket, attr, value)
            filled.append("ticket" if attr == "id" else attr)


def _merge_urgency(h: Handoff, remote: RemoteTicket, filled: list[str]) -> None:
    if h.urgency.priority is None and (priority := priority_from(remote.priority)) is not None:
        h.urgency.priority = priority
        filled.append("priority")
    if h.urgency.sla_due is None and remote.sla_due is not None:
        h.urgency.sla_due = remote.sla_due
        filled.append("SLA due")


def merge_ticket(
    h: Handoff,
    remote: RemoteTicket,
    *,
    statuses: Sequence[Choice] = (),
    assignees: Sequence[Choice] = (),
    status_map: Mapping[Status, Choice] | None = None,
    assignee_map: Mapping[AssigneeKind, Choice] | None = None,
) -> Merge:
    """A copy of ``h`` with its empty fields filled from ``remote`` (rule: module doc)."""
    merged = h.model_copy(deep=True)
    filled: list[str] = []
    _merge_text(merged, remote, filled)
    _merge_urgency(merged, remote, filled)
    if merged.status is None and remote.status is not None:
        status = status_from(remote.status, statuses, status_map or {})
        if status is not None:
            merged.status = status
            filled.append("status")
    if merged.assignee.kind is None and remote.assignee is not None:
        kind = assignee_from(remote.assignee, assignees, assignee_map or {})
        if kind is not None:
            merged.assignee = Assignee(kind=kind)
            filled.append("assignee")
    return Merge(merged, filled)


def merge_info(h: Handoff, info: TicketInfo, profile: ConnectionProfile) -> Merge:
    """:func:`merge_ticket` with a lookup's lists and the connection's mapping."""
    return merge_ticket(
        h, info.ticket, statuses=info.statuses, assignees=info.assignees,
        status_map=profile.status_map, assignee_map=profile.assignee_map,
    )  # fmt: skip
