"""What posting a handoff means, step by step, and how its values map to a system's.

:func:`plan` turns a :class:`~handoff.model.Handoff` into ordered :class:`PostStep`s:
the internal note, one step per attachment, the status, the assignment, the
@mention, and the reply to the user (only when it is written, wanted, and the
engineer ticked "send").  Texts are rendered here, once, when the item is queued:
a retry next week posts exactly the words the engineer reviewed.

Every posted text carries a marker so a retry can recognise its own earlier work
on the ticket (ticket systems offer no idempotency keys): ``[handoff:<id>]`` in the
note, ``[handoff-reply:<id>]`` in the user reply, ``[handoff-mention:<id>]`` in an
@mention posted as its own note.  Attachments are recognised by
their package name and size.

The handoff's status and assignee vocabulary is fixed; a system's is configured
per board or queue.  :func:`resolve_status` / :func:`resolve_assignee` use the
connection's mapping first and otherwise match by name ("Waiting on user" ↔
"Waiting Customer", "In progress" ↔ "open" …), so a fresh connection works
without setup and the engineer can still correct a wrong guess in Settings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from pathlib import PurePosixPath

from pydantic import BaseModel, ConfigDict

from handoff.delivery.connector import Choice
from handoff.model import Assignee, AssigneeKind, Attachment, Handoff, Status
from handoff.notes import render_next_tech_note, render_user_message
from handoff.package import unique_names


class StepKind(StrEnum):
    NOTE = "note"
    ATTACHMENT = "attachment"
    STATUS = "status"
    ASSIGN = "assign"
    NOTIFY = "notify"
    USER_REPLY = "user_reply"


class PostStep(BaseModel):
    """One thing to do on the ticket, with everything needed to do it later."""

    model_config = ConfigDict(extra="forbid")

    key: str
    """Unique within an item: ``note``, ``attachment:<id>``, ``status``, ``assign`` …"""
    kind: StepKind
    label: str
    """For the engineer: ``attachment PanGPS.log``, ``status: Waiting on user``."""
    text: str = ""
    marker: str = ""
    attachment_id: str = ""
    name: str = ""
    """The attachment's name in the package, kept on the ticket."""
    media_type: str = ""
    size: int = 0
    handle: str = ""


def note_marker(handoff_id: str) -> str:
    return f"[handoff:{handoff_id}]"


def reply_marker(handoff_id: str) -> str:
    return f"[handoff-reply:{handoff_id}]"


def mention_marker(handoff_id: str) -> str:
    return f"[handoff-mention:{handoff_id}]"


def attachment_names(h: Handoff) -> list[str]:
    """The name each attachment has (or will have) in the package: safe and unique."""
    if all(a.path for a in h.attachments):
        return [PurePosixPath(a.path or "").name for a in h.attachments]
    return unique_names(a.name for a in h.attachments)


def note_text(h: Handoff, *, now: datetime | None = None) -> str:
    """The internal note: the marker line, then the note the engineer reviewed."""
    body = h.next_tech_note.text.strip() or render_next_tech_note(h, now=now).strip()
    return f"{note_marker(h.id)} Handoff by {h.author or 'the previous technician'}\n\n{body}\n"


def reply_text(h: Handoff) -> str:
    body = h.user_message.text.strip() or render_user_message(h).strip()
    return f"{body}\n\n(Ref. {reply_marker(h.id)})\n"


def _attachment_step(attachment: Attachment, name: str) -> PostStep:
    return PostStep(
        key=f"attachment:{attachment.id}", kind=StepKind.ATTACHMENT, label=f"attachment {name}",
        attachment_id=attachment.id, name=name, size=attachment.size,
        media_type=attachment.media_type or "application/octet-stream",
    )  # fmt: skip


def _assignment_steps(h: Handoff) -> list[PostStep]:
    steps: list[PostStep] = []
    if h.status is not None:
        label = f"status: {h.status.label}"
        steps.append(PostStep(key="status", kind=StepKind.STATUS, label=label))
    if h.assignee.kind is not None:
        label = f"assign to {h.assignee.display}"
        steps.append(PostStep(key="assign", kind=StepKind.ASSIGN, label=label))
    if handle := h.assignee.mention:
        marker = mention_marker(h.id)
        text = f"@{handle} a handoff of ticket {h.ticket.id} is waiting for you {marker}"
        step = PostStep(key="notify", kind=StepKind.NOTIFY, label=f"notify @{handle}",
                        text=text, handle=handle, marker=marker)  # fmt: skip
        steps.append(step)
    return steps


def plan(h: Handoff, *, user_reply: bool = False, now: datetime | None = None) -> list[PostStep]:
    """The ordered steps: note, attachments, status, assignment, mention, user reply.

    The note goes first so that whatever happens next the ticket already says
    what was done; the user reply goes last and only if ``user_reply`` (the
    engineer's explicit tick), the message is needed, and there is text.
    """
    steps = [
        PostStep(key="note", kind=StepKind.NOTE, label="internal note",
                 text=note_text(h, now=now), marker=note_marker(h.id)),
    ]  # fmt: skip
    names = attachment_names(h)
    steps += [_attachment_step(a, n) for a, n in zip(h.attachments, names, strict=True)]
    steps += _assignment_steps(h)
    if user_reply and h.user_message.needed and h.user_message.text.strip():
        reply = PostStep(key="user_reply", kind=StepKind.USER_REPLY, label="reply to the user",
                         text=reply_text(h), marker=reply_marker(h.id))  # fmt: skip
        steps.append(reply)
    return steps


# -- mapping the handoff's vocabulary to the system's -----------------------------

_STATUS_WORDS: dict[Status, tuple[str, ...]] = {
    Status.IN_PROGRESS: ("in progress", "work in progress", "working", "open", "active"),
    Status.WAITING_ON_USER: ("waiting on user", "waiting customer", "waiting on customer",
                             "waiting for customer", "customer", "user", "pending", "stalled",
                             "on hold"),
    Status.WAITING_ON_VENDOR: ("waiting on vendor", "waiting vendor", "vendor", "third party",
                               "supplier", "stalled", "on hold", "pending"),
    Status.WAITING_ON_ESCALATION: ("waiting on escalation", "escalated", "escalation",
                                   "in progress", "open"),
}  # fmt: skip

_ASSIGNEE_WORDS: dict[AssigneeKind, tuple[str, ...]] = {
    AssigneeKind.NEXT_AVAILABLE_TECH: ("next available", "unassigned", "nobody", "triage",
                                       "service desk", "helpdesk", "help desk"),
    AssigneeKind.ESCALATION_TEAM: ("escalation", "tier 2", "tier2", "level 2", "l2"),
    AssigneeKind.NETWORKING_TEAM: ("networking", "network"),
    AssigneeKind.VENDOR_QUEUE: ("vendor", "third party", "supplier"),
    AssigneeKind.PERSON: (),
}  # fmt: skip


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[-_./]+", " ", text.casefold()).split())


def match_by_name(words: Iterable[str], choices: Sequence[Choice]) -> Choice | None:
    """The first choice named exactly like a word (in order), else containing one."""
    words = [_norm(w) for w in words if w.strip()]
    for word in words:
        for choice in choices:
            if word in (_norm(choice.name), _norm(choice.id)):
                return choice
    for word in words:
        for choice in choices:
            if word in _norm(choice.name):
                return choice
    return None


def resolve_status(
    status: Status, choices: Sequence[Choice], mapping: Mapping[Status, Choice]
) -> Choice | None:
    """The system's status for ``status``: the mapping, else a name match."""
    if status in mapping:
        return mapping[status]
    return match_by_name((status.label, *_STATUS_WORDS[status]), choices)


def _person(assignee: Assignee, members: Sequence[Choice]) -> Choice | None:
    wanted = {_norm(v) for v in (assignee.mention, assignee.name) if v.strip()}
    for choice in members:
        local = choice.id.split("@", 1)[0]
        display = choice.name.split(" (", 1)[0]  # "Agent One (agent1)" -> "Agent One"
        if wanted & {_norm(choice.id), _norm(choice.name), _norm(local), _norm(display)}:
            return choice
    return None


def resolve_assignee(
    assignee: Assignee, choices: Sequence[Choice], mapping: Mapping[AssigneeKind, Choice]
) -> Choice | None:
    """The member or queue for the handoff's assignee: the mapping, else a name match."""
    kind = assignee.kind
    if kind is None:
        return None
    if kind is AssigneeKind.PERSON:
        return _person(assignee, [c for c in choices if c.kind != "queue"])
    if kind in mapping:
        return mapping[kind]
    return match_by_name((assignee.name, kind.label, *_ASSIGNEE_WORDS[kind]), choices)
