"""The handoff model: the one source of truth for a ticket handoff.

Drafts on disk, the package's ``manifest.json``, the rendered notes and (later)
the ticket-system connectors all serialize from :class:`Handoff`.  The JSON
format is a public contract (scripts and RMM tools read it), so field names and
enum values here are stable; a change to them needs a new ``SCHEMA_VERSION``
and a migration in :mod:`handoff.migrations`.

Nothing here does I/O or knows about Qt.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

SCHEMA_VERSION = 2
"""Version of the draft / manifest JSON format written by this build.

1: the first format.  2: attachments gain ``kind``, ``captured_at``, ``redacted``,
``derived_from`` and ``quotes`` (evidence: screenshots, event logs, VPN logs, network
tests); a version-1 document reads as version 2 with their defaults.
"""


def utc_now() -> datetime:
    """Now, timezone-aware, truncated to whole seconds (stable across JSON)."""
    return datetime.now(UTC).replace(microsecond=0)


def new_id() -> str:
    return uuid.uuid4().hex


class _Model(BaseModel):
    """Base for every part of the handoff: unknown keys are an error, not data loss."""

    model_config = ConfigDict(
        extra="forbid", validate_assignment=True, use_enum_values=False, defer_build=True
    )


class Ticket(_Model):
    """Which ticket this is about and who is affected."""

    id: str = ""
    title: str = ""
    client: str = ""
    site: str = ""
    contact: str = ""


class StepKind(StrEnum):
    ACTION = "action"
    COMMAND = "command"
    TEST = "test"
    LOG_REVIEWED = "log_reviewed"

    @property
    def label(self) -> str:
        return _STEP_KIND_LABELS[self]


_STEP_KIND_LABELS = {
    StepKind.ACTION: "Action",
    StepKind.COMMAND: "Command run",
    StepKind.TEST: "Test performed",
    StepKind.LOG_REVIEWED: "Log reviewed",
}


class Step(_Model):
    """One thing already done, so nobody repeats it."""

    id: str = Field(default_factory=new_id)
    kind: StepKind = StepKind.ACTION
    action: str = ""
    command: str = ""
    """The command line or test performed, where there is one (``ping 10.0.0.1``)."""
    result: str = ""


class Certainty(StrEnum):
    CONFIRMED = "confirmed"
    SUSPECTED = "suspected"
    UNKNOWN = "unknown"


class RootCause(_Model):
    """Root cause and how sure we are. ``certainty=None`` means "not answered yet";
    "unknown" must be chosen explicitly."""

    certainty: Certainty | None = None
    text: str = ""


class RemainingStep(_Model):
    """Something that still needs doing, and by whom."""

    id: str = Field(default_factory=new_id)
    action: str = ""
    owner: str = ""
    """Who or which team does it (``networking team``, ``@jsmith``, ``vendor``)."""


class BlockerKind(StrEnum):
    ACCESS = "access"
    APPROVAL = "approval"
    VENDOR = "vendor"
    USER_AVAILABILITY = "user_availability"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _BLOCKER_LABELS[self]


_BLOCKER_LABELS = {
    BlockerKind.ACCESS: "Access needed",
    BlockerKind.APPROVAL: "Approval needed",
    BlockerKind.VENDOR: "Waiting on vendor",
    BlockerKind.USER_AVAILABILITY: "User availability",
    BlockerKind.OTHER: "Other",
}


class Blocker(_Model):
    id: str = Field(default_factory=new_id)
    kind: BlockerKind = BlockerKind.OTHER
    description: str = ""
    when: AwareDatetime | None = None
    """For user availability: when the user can be reached (or an approval is due)."""


class Blockers(_Model):
    """Blockers or approvals needed; ``none=True`` is the explicit "no blockers"."""

    none: bool = False
    items: list[Blocker] = Field(default_factory=list)


class AttachmentKind(StrEnum):
    """What an attachment is, so the report and the next tech can treat it right."""

    FILE = "file"
    SCREENSHOT = "screenshot"
    EVENT_LOG = "event_log"
    """A Windows Event Viewer log (.evtx), as exported."""
    VPN_LOG = "vpn_log"
    NETWORK_TEST = "network_test"
    """The saved output of a network test (ping, nslookup, traceroute, ...)."""
    LOG_EXTRACT = "log_extract"
    """A readable extract of another attachment (filtered events, an incident window)."""

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Attachment(_Model):
    """A file that goes into the package's ``attachments/`` folder.

    ``source`` is where the file is on this machine (absent for a package that
    has not been continued yet); ``path`` is its place inside the package and is
    set when the package is written.
    """

    id: str = Field(default_factory=new_id)
    name: str
    """The file's original name, for display."""
    source: str | None = None
    note: str = ""
    size: int = Field(default=0, ge=0)
    media_type: str = "application/octet-stream"
    sha256: str | None = None
    path: str | None = None
    kind: AttachmentKind = AttachmentKind.FILE
    captured_at: AwareDatetime | None = None
    """When a screenshot was taken or a log collected (None for a plain file)."""
    redacted: bool = False
    """True when secrets (text) or covered areas (images) were removed from ``source``."""
    derived_from: str | None = None
    """Id of the attachment this one was made from (an extract of a log)."""
    quotes: list[str] = Field(default_factory=list)
    """Lines or events from this file that the engineer chose to quote in the handoff."""


class Status(StrEnum):
    IN_PROGRESS = "in_progress"
    WAITING_ON_USER = "waiting_on_user"
    WAITING_ON_VENDOR = "waiting_on_vendor"
    WAITING_ON_ESCALATION = "waiting_on_escalation"

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]

    @property
    def is_waiting(self) -> bool:
        return self is not Status.IN_PROGRESS


_STATUS_LABELS = {
    Status.IN_PROGRESS: "In progress",
    Status.WAITING_ON_USER: "Waiting on user",
    Status.WAITING_ON_VENDOR: "Waiting on vendor",
    Status.WAITING_ON_ESCALATION: "Waiting on escalation team",
}


class AssigneeKind(StrEnum):
    NEXT_AVAILABLE_TECH = "next_available_tech"
    ESCALATION_TEAM = "escalation_team"
    NETWORKING_TEAM = "networking_team"
    VENDOR_QUEUE = "vendor_queue"
    PERSON = "person"

    @property
    def label(self) -> str:
        return _ASSIGNEE_LABELS[self]


_ASSIGNEE_LABELS = {
    AssigneeKind.NEXT_AVAILABLE_TECH: "Next available tech",
    AssigneeKind.ESCALATION_TEAM: "Escalation team",
    AssigneeKind.NETWORKING_TEAM: "Networking team",
    AssigneeKind.VENDOR_QUEUE: "Vendor queue",
    AssigneeKind.PERSON: "Named person",
}


class Assignee(_Model):
    kind: AssigneeKind | None = None
    name: str = ""
    """The person's name (or the queue's name) where there is one."""
    mention: str = ""
    """The handle to @mention in the internal note (``jsmith``), without the ``@``."""

    @field_validator("mention")
    @classmethod
    def _strip_at(cls, value: str) -> str:
        return value.strip().lstrip("@")

    @property
    def display(self) -> str:
        if self.kind is None:
            return ""
        if self.name:
            if self.kind is AssigneeKind.PERSON:
                return self.name
            return f"{self.kind.label}: {self.name}"
        return self.kind.label


class Priority(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Urgency(_Model):
    priority: Priority | None = None
    sla_due: AwareDatetime | None = None

    def time_left(self, now: datetime | None = None) -> timedelta | None:
        """Time until the SLA is due (negative when breached); None without a due time."""
        if self.sla_due is None:
            return None
        return self.sla_due - (now or utc_now())


class GeneratedText(_Model):
    """Text generated from the other fields, which the engineer may edit.

    While ``edited`` is false the app regenerates ``text`` whenever a field
    changes; once the engineer edits it, their words are kept.
    """

    text: str = ""
    edited: bool = False


class UserMessage(GeneratedText):
    needed: bool = True
    """False when the engineer marked the user message "not needed"."""


class HistoryEntry(_Model):
    """One link in the chain of handoffs: who handed off, when, which package."""

    by: str
    at: AwareDatetime
    package: str = ""
    """File name of the package this handoff was exported to, if known."""
    handoff_id: str = ""


class Handoff(_Model):
    """A whole handoff. The top-level keys are the draft / manifest format."""

    schema_version: Annotated[int, Field(ge=1)] = SCHEMA_VERSION
    id: str = Field(default_factory=new_id)
    author: str = ""
    created_at: AwareDatetime = Field(default_factory=utc_now)
    updated_at: AwareDatetime = Field(default_factory=utc_now)
    ticket: Ticket = Field(default_factory=Ticket)
    summary: str = ""
    steps_taken: list[Step] = Field(default_factory=list)
    root_cause: RootCause = Field(default_factory=RootCause)
    remaining_steps: list[RemainingStep] = Field(default_factory=list)
    blockers: Blockers = Field(default_factory=Blockers)
    attachments: list[Attachment] = Field(default_factory=list)
    status: Status | None = None
    assignee: Assignee = Field(default_factory=Assignee)
    urgency: Urgency = Field(default_factory=Urgency)
    next_tech_note: GeneratedText = Field(default_factory=GeneratedText)
    user_message: UserMessage = Field(default_factory=UserMessage)
    history: list[HistoryEntry] = Field(default_factory=list)
    """Earlier handoffs of this ticket, oldest first."""

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)

    @classmethod
    def from_json_data(cls, data: dict[str, Any]) -> Handoff:
        """Validate already-migrated JSON data (see :func:`handoff.migrations.migrate`)."""
        return cls.model_validate(data)

    def touch(self) -> None:
        self.updated_at = utc_now()
