"""What every ticket-system connector offers, and the errors it raises.

The poster and the UI only ever talk to :class:`Connector`; one module per system
(``delivery/connectors/``) implements it over that system's API.  The value types
are deliberately small and system-neutral: a status, a member or a queue is a
:class:`Choice` (the system's own id plus a display name), so the engineer's
mapping from the handoff's fixed vocabulary to a system's configurable one is
plain data in the connection profile.

Errors carry what the poster needs to decide, not just a message:
``retryable`` (waiting may help), ``ambiguous`` (a write may have reached the
server although we saw an error, so re-read before redoing it) and
``retry_after`` (what a 429 asked for).  ``str()`` of every error is one line an
engineer can act on, and never contains a secret.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, Protocol

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from handoff.model import AssigneeKind, Status

Progress = Callable[[int, int], None]
"""``progress(done_bytes, total_bytes)`` during an upload."""


class _Value(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Value):
    """One of the system's own values: a status, a member or a queue."""

    id: str
    name: str
    kind: str = ""
    """``"member"``, ``"queue"`` or ``"status"``."""


class RemoteTicket(_Value):
    id: str
    title: str = ""
    client: str = ""
    contact: str = ""
    status: Choice | None = None
    assignee: Choice | None = None
    priority: str = ""
    sla_due: AwareDatetime | None = None
    url: str = ""


class RemoteNote(_Value):
    id: str
    text: str
    internal: bool


class RemoteAttachment(_Value):
    id: str
    name: str
    size: int | None = None


class ConnectionProfile(BaseModel):
    """A configured ticket system; the secret is never part of it (see connections.py)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    kind: str
    url: str
    fields: dict[str, str] = Field(default_factory=dict)
    """System-specific settings (a ConnectWise company id, an RT queue ...)."""
    status_map: dict[Status, Choice] = Field(default_factory=dict)
    """The handoff's status -> the system's status; missing ones are matched by name."""
    assignee_map: dict[AssigneeKind, Choice] = Field(default_factory=dict)
    """The handoff's assignee kind -> a member or queue; missing ones are matched by name."""
    timeout_seconds: float = Field(default=30.0, gt=0)


class ConnectorError(Exception):
    """A request to the ticket system failed; ``str()`` is one line for the engineer."""

    retryable: bool = False
    ambiguous: bool = False

    def __init__(
        self,
        message: str,
        *,
        retryable: bool | None = None,
        ambiguous: bool = False,
        retry_after: float | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(" ".join(message.split()))
        if retryable is not None:
            self.retryable = retryable
        self.ambiguous = ambiguous
        self.retry_after = retry_after
        self.status = status


class ManualStep(ConnectorError):  # noqa: N818 - a state, like NotFound
    """The system cannot do this step through its API (e-mail cannot set a status).

    The poster records the step as "to do by hand" with this message and carries on,
    so the note and files still arrive and the engineer is told what is left.
    """

    manual = True


class AuthError(ConnectorError):
    """401/403: the secret or its rights were refused; retrying cannot fix it."""


class NotFound(ConnectorError):  # noqa: N818 - name fixed by docs/delivery.md
    """The ticket, status or member does not exist (or is not visible to us)."""


class TooLarge(ConnectorError):  # noqa: N818 - name fixed by docs/delivery.md
    """An attachment is over the system's limit (or the system cut it short)."""


class Offline(ConnectorError):  # noqa: N818 - a state, like NotFound
    """The server could not be reached at all (refused, DNS, no route): nothing was sent."""

    retryable = True


class Cancelled(ConnectorError):  # noqa: N818 - a state, like NotFound
    """The engineer cancelled; an upload in flight was cut off before it completed."""


class Connector(Protocol):
    """One ticket system.  Built as ``Kind(profile, secret, client)``.

    Exactly the signatures of docs/delivery.md, so every connector module written
    against the contract fits the registry.  A connector that holds a connection
    pool may also offer ``close()``; the poster calls it when present.
    """

    kind: ClassVar[str]
    max_attachment_bytes: ClassVar[int | None]
    profile_fields: ClassVar[dict[str, str]]
    """Every key the connector reads from ``profile.fields``, in the order an engineer
    fills them in, with its label (``"company_id": "Company ID"``; optional ones say
    "(optional)").  Settings -> Ticket systems shows one labelled box per key; the CLI
    sets them with ``--field KEY=VALUE``.  Empty when the URL and secret are enough."""
    secret_label: ClassVar[str]
    """What the secret is called in this system (``"Private key"``, ``"API token"``)."""

    def test(self) -> str:
        """``"Connected to … at https://…"`` or raises ConnectorError."""
        ...

    def fetch_ticket(self, ticket_id: str) -> RemoteTicket: ...

    def statuses(self, ticket_id: str) -> list[Choice]:
        """The statuses this ticket can take (per board / workflow; never hard-coded)."""
        ...

    def assignees(self, ticket_id: str) -> list[Choice]:
        """Members and queues this ticket can be given to."""
        ...

    def notes(self, ticket_id: str) -> list[RemoteNote]: ...

    def attachments(self, ticket_id: str) -> list[RemoteAttachment]: ...

    def add_note(self, ticket_id: str, text: str, *, internal: bool) -> str:
        """Post a note (internal) or a reply to the user; returns the remote id."""
        ...

    def upload(  # noqa: PLR0917 - signature fixed by docs/delivery.md
        self,
        ticket_id: str,
        path: Path,
        name: str,
        media_type: str,
        progress: Progress,
        cancel: threading.Event,
    ) -> str:
        """Attach the file at ``path`` to the ticket as ``name``; returns the remote id."""
        ...

    def set_status(self, ticket_id: str, status: Choice) -> None: ...

    def assign(self, ticket_id: str, assignee: Choice) -> None: ...

    def mention(self, ticket_id: str, handle: str, text: str) -> None:
        """Notify ``handle`` where the system supports it, else do nothing."""
        ...
