"""The quality check: what the handoff procedure's best practices ask of a handoff.

The next technician reads the handoff cold, often hours later and without the
engineer who wrote it.  Each rule below catches something that makes them repeat a
test or re-ask the user.  Findings are grouped by the wizard page that owns the
field (:class:`Section`) so the UI can badge pages, and carry a stable ``code`` so
scripts (``handoff lint --json``) and the export's lint override can refer to them.

Codes (severity, section):

=========================== ======== ========== =========================================
code                        severity section    fires when
=========================== ======== ========== =========================================
ticket-id-missing           missing  ticket     no ticket id
summary-missing             missing  ticket     no summary
summary-no-finding          vague    ticket     summary too short / states no finding
steps-missing               missing  steps      no step taken
step-action-missing         missing  steps      a step has neither action nor command
step-no-result              vague    steps      a step has no result
root-cause-missing          missing  root_cause certainty not answered
root-cause-text-missing     missing  root_cause confirmed/suspected without text
remaining-missing           missing  remaining  no remaining step
remaining-action-missing    missing  remaining  a remaining step has no action
remaining-no-owner          vague    remaining  a remaining step has no owner
blockers-missing            missing  remaining  no blockers and not "no blockers"
blocker-description-missing missing  remaining  a blocker has no description
blocker-no-when             vague    remaining  user availability without a time
status-missing              missing  status     no status
assignee-missing            missing  status     no assignee
assignee-name-missing       missing  status     "named person" without a name
priority-missing            missing  status     no priority
sla-missing                 missing  status     no SLA due time
next-tech-note-missing      missing  notify     internal note is empty
user-message-missing        missing  notify     user message needed but empty
vague-text                  vague    (field's)  a vague phrase (see ``vague_phrases``)
sla-delay-not-communicated  warning  notify     SLA due in <= 2 h, waiting, user not told
sla-breached                warning  status     SLA already overdue
attachments-over-budget     warning  attachments attachments larger than ``ATTACHMENT_BUDGET``
=========================== ======== ========== =========================================

Field paths are dotted with 0-based list indexes (``steps_taken.2.result``), like
pydantic's error locations; messages count from 1 ("Step 3") for people.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from handoff.model import AssigneeKind, BlockerKind, Certainty, Handoff, utc_now


class Severity(StrEnum):
    MISSING = "missing"
    VAGUE = "vague"
    WARNING = "warning"


class Section(StrEnum):
    """One per wizard page that owns the field."""

    TICKET = "ticket"
    STEPS = "steps"
    ROOT_CAUSE = "root_cause"
    REMAINING = "remaining"
    ATTACHMENTS = "attachments"
    STATUS = "status"
    NOTIFY = "notify"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    section: Section
    field: str
    message: str
    hint: str

    def one_line(self) -> str:
        """The form used in the CLI, the export's lint override and tooltips."""
        return f"{self.field}: {self.message} — {self.hint}"


SLA_WARNING_WINDOW = timedelta(hours=2)

ATTACHMENT_BUDGET = 25 * 1024 * 1024
"""Attachments above this make a package that e-mail and many PSAs refuse (25 MiB is a
common mail limit); the check warns before export instead of the next hop failing."""
"""'Communicate delays early': warn this long before the SLA is due."""

SUMMARY_MIN_CHARS = 60

# Phrases that are vague wherever they appear (whole words, case-insensitive),
# each with the concrete fix to suggest.
_VAGUE_ANYWHERE: dict[str, str] = {
    "troubleshooting ongoing": "Say what was tested last and what it showed.",
    "still working on it": "Say what is done, what is left and who does it.",
    "see above": "Repeat the fact here; this field is read on its own.",
    "tried everything": "List each thing tried as a step with its result.",
    "issue persists": "Say exactly what still fails, with the error text.",
    "tbd": "Write what is known now, or who decides and by when.",
    "as discussed": "Write down what was agreed; the next tech was not there.",
    "same as before": "Describe it again; the earlier note may not be at hand.",
    "looking into it": "Say what is being checked and what has been found so far.",
    "no change": "Say what was measured before and after (error text, numbers).",
}

# Phrases that are vague only as the whole answer ("It didn't work." / "Fixed").
_VAGUE_ALONE: dict[str, str] = {
    "n/a": "Say why it does not apply, or leave the field empty.",
    "didn't work": "Give the error message or what happened instead.",
    "did not work": "Give the error message or what happened instead.",
    "fixed": "Say what fixed it and how you confirmed the fix.",
    "checked": "Say what was checked and what it showed.",
}

# Words ignored when deciding whether a phrase is the whole answer ("it still didn't work").
_FILLER = frozenset(
    "it that this still just again already was is has been we i and but so ok okay the".split()  # noqa: SIM905
)

# Words that show the summary states a finding or result, not just the symptom.
_FINDING_WORDS = re.compile(
    r"\b(because|caused?|due to|found|confirmed|shows?|showed|error|fail(s|ed|ing)?|"
    r"works?|worked|ruled out|narrowed|points? to|suspect(ed)?|appears?|seems?|"
    r"resolves?|returns?|denied|expired|locked|only|since|after|so the|not)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?;]+(?:\s+|$)")
_WORD = re.compile(r"[a-z0-9]+(?:['/][a-z0-9]+)*")
_ANYWHERE_RE = {
    phrase: re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, phrase.split())) + r"(?!\w)", re.I)
    for phrase in _VAGUE_ANYWHERE
}


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def vague_phrases(text: str) -> list[tuple[str, str]]:
    """(phrase, hint) for each vague phrase in ``text``; matched as whole words."""
    found = [(p, _VAGUE_ANYWHERE[p]) for p, rx in _ANYWHERE_RE.items() if rx.search(text)]
    meaningful = [w for w in _words(text) if w not in _FILLER]
    for phrase, hint in _VAGUE_ALONE.items():
        if meaningful and meaningful == phrase.split():
            found.append((phrase, hint))
    return found


def summary_states_no_finding(summary: str) -> bool:
    """Heuristic for a summary that repeats the symptom without saying what is known.

    A summary passes when it is at least ``SUMMARY_MIN_CHARS`` long and either has
    more than one sentence (symptom plus what was established is the usual shape)
    or contains a word that reports a finding or result ("because", "fails",
    "confirmed", "ruled out", "only", "not" ...).  "Printer broken" and
    "User cannot print to the second floor printer at all today" both fail.
    """
    text = summary.strip()
    if len(text) < SUMMARY_MIN_CHARS:
        return True
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    return len(sentences) <= 1 and not _FINDING_WORDS.search(text)


_M, _V, _W = Severity.MISSING, Severity.VAGUE, Severity.WARNING
_T, _S, _R, _REM = Section.TICKET, Section.STEPS, Section.ROOT_CAUSE, Section.REMAINING
_ST, _N = Section.STATUS, Section.NOTIFY

# code -> (severity, section, message, hint); messages may use {n}, {label}, {phrases} ...
_RULES: dict[str, tuple[Severity, Section, str, str]] = {
    "ticket-id-missing": (_M, _T, "No ticket ID",
        "Copy the ticket number from the PSA so the package files with it."),
    "summary-missing": (_M, _T, "No summary",
        "Say in two or three sentences what fails and what you found."),
    "summary-no-finding": (_V, _T, "Summary only restates the problem",
        "Add what you established: what works, what fails, and where it points."),
    "steps-missing": (_M, _S, "No steps taken listed",
        "List every test and action with its result so nobody repeats it."),
    "step-action-missing": (_M, _S, "Step {n} does not say what was done",
        "Describe the action or the command run."),
    "step-no-result": (_V, _S, "Step {n} has no result",
        "Write what happened: the output, the error text, or 'no effect'."),
    "root-cause-missing": (_M, _R, "Root cause not answered",
        "Choose confirmed, suspected or unknown; 'unknown' is a fine answer."),
    "root-cause-text-missing": (_M, _R, "Root cause marked {certainty} but not described",
        "Describe the cause and the evidence for it."),
    "remaining-missing": (_M, _REM, "No remaining steps",
        "List what still needs doing, each with who does it."),
    "remaining-action-missing": (_M, _REM, "Remaining step {n} is empty",
        "Say what needs doing."),
    "remaining-no-owner": (_V, _REM, "Remaining step {n} has no owner",
        "Name who does it: a person, a team, the vendor or the next tech."),
    "blockers-missing": (_M, _REM, "Blockers not answered",
        "Add the access, approvals or availability needed, or tick 'No blockers'."),
    "blocker-description-missing": (_M, _REM, "Blocker {n} has no description",
        "Say what is needed and from whom."),
    "blocker-no-when": (_V, _REM, "Blocker {n}: no time given for the user's availability",
        "Add when the user can be reached, so the next tech can plan."),
    "status-missing": (_M, _ST, "No status",
        "Pick in progress, or who the ticket is waiting on."),
    "assignee-missing": (_M, _ST, "Not assigned",
        "Pick who picks this up next: a tech, a team, the vendor queue."),
    "assignee-name-missing": (_M, _ST, "Assigned to a named person but no name given",
        "Enter the person's name."),
    "priority-missing": (_M, _ST, "No priority", "Set the priority from the ticket."),
    "sla-missing": (_M, _ST, "No SLA due time", "Copy the SLA due time from the ticket."),
    "next-tech-note-missing": (_M, _N, "Internal note for the next tech is empty",
        "Generate it from the other pages, or write it."),
    "user-message-missing": (_M, _N, "User message is empty",
        "Write what the user should expect next, or mark it not needed."),
    "vague-text": (_V, _T, "{label} is vague: {phrases}", "{hints}"),
    "sla-delay-not-communicated": (_W, _N,
        "SLA due soon or overdue while {status}, and the user has not been told",
        "Communicate delays early: send the user a message about the wait."),
    "sla-breached": (_W, _ST, "SLA already breached",
        "Tell the service desk lead and the user now; note it for the next tech."),
    "attachments-over-budget": (_W, Section.ATTACHMENTS,
        "Attachments total {total}, over the {budget} budget",
        "Attach the incident window of big logs, or remove what the next tech won't need."),
}  # fmt: skip
CODES = frozenset(_RULES)
"""Every finding code; stable (scripts and lint overrides refer to them)."""


def _finding(code: str, field: str, section: Section | None = None, **values: object) -> Finding:
    severity, default_section, message, hint = _RULES[code]
    return Finding(
        code,
        severity,
        section or default_section,
        field,
        message.format(**values),
        hint.format(**values),
    )


def _vague_text(section: Section, field: str, label: str, text: str) -> Iterator[Finding]:
    if phrases := vague_phrases(text):
        quoted = ", ".join(f'"{p}"' for p, _ in phrases)
        hints = " ".join(dict.fromkeys(h for _, h in phrases))
        yield _finding("vague-text", field, section, label=label, phrases=quoted, hints=hints)


def _check_ticket(h: Handoff) -> Iterator[Finding]:
    if not h.ticket.id.strip():
        yield _finding("ticket-id-missing", "ticket.id")
    if not h.summary.strip():
        yield _finding("summary-missing", "summary")
        return
    yield from _vague_text(Section.TICKET, "summary", "Summary", h.summary)
    if summary_states_no_finding(h.summary):
        yield _finding("summary-no-finding", "summary")


def _check_steps(h: Handoff) -> Iterator[Finding]:
    if not h.steps_taken:
        yield _finding("steps-missing", "steps_taken")
    for i, step in enumerate(h.steps_taken):
        where, n = f"steps_taken.{i}", i + 1
        if not (step.action.strip() or step.command.strip()):
            yield _finding("step-action-missing", f"{where}.action", n=n)
        if not step.result.strip():
            yield _finding("step-no-result", f"{where}.result", n=n)
        yield from _vague_text(Section.STEPS, f"{where}.action", f"Step {n}", step.action)
        yield from _vague_text(Section.STEPS, f"{where}.result", f"Step {n} result", step.result)


def _check_root_cause(h: Handoff) -> Iterator[Finding]:
    rc = h.root_cause
    if rc.certainty is None:
        yield _finding("root-cause-missing", "root_cause.certainty")
    elif rc.certainty is not Certainty.UNKNOWN and not rc.text.strip():
        yield _finding("root-cause-text-missing", "root_cause.text", certainty=rc.certainty.value)
    yield from _vague_text(Section.ROOT_CAUSE, "root_cause.text", "Root cause", rc.text)


def _check_remaining(h: Handoff) -> Iterator[Finding]:
    if not h.remaining_steps:
        yield _finding("remaining-missing", "remaining_steps")
    for i, rs in enumerate(h.remaining_steps):
        where, n = f"remaining_steps.{i}", i + 1
        if not rs.action.strip():
            yield _finding("remaining-action-missing", f"{where}.action", n=n)
        if not rs.owner.strip():
            yield _finding("remaining-no-owner", f"{where}.owner", n=n)
        label = f"Remaining step {n}"
        yield from _vague_text(Section.REMAINING, f"{where}.action", label, rs.action)


def _check_blockers(h: Handoff) -> Iterator[Finding]:
    if not h.blockers.items and not h.blockers.none:
        yield _finding("blockers-missing", "blockers")
    for i, b in enumerate(h.blockers.items):
        where, n = f"blockers.items.{i}", i + 1
        if not b.description.strip():
            yield _finding("blocker-description-missing", f"{where}.description", n=n)
        if b.kind is BlockerKind.USER_AVAILABILITY and b.when is None:
            yield _finding("blocker-no-when", f"{where}.when", n=n)
        label = f"Blocker {n}"
        yield from _vague_text(Section.REMAINING, f"{where}.description", label, b.description)


def _check_status(h: Handoff) -> Iterator[Finding]:
    if h.status is None:
        yield _finding("status-missing", "status")
    if h.assignee.kind is None:
        yield _finding("assignee-missing", "assignee.kind")
    elif h.assignee.kind is AssigneeKind.PERSON and not h.assignee.name.strip():
        yield _finding("assignee-name-missing", "assignee.name")
    if h.urgency.priority is None:
        yield _finding("priority-missing", "urgency.priority")
    if h.urgency.sla_due is None:
        yield _finding("sla-missing", "urgency.sla_due")


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


def _check_attachments(h: Handoff) -> Iterator[Finding]:
    total = sum(a.size for a in h.attachments)
    if total > ATTACHMENT_BUDGET:
        yield _finding("attachments-over-budget", "attachments",
                       total=_mib(total), budget=_mib(ATTACHMENT_BUDGET))  # fmt: skip


def _check_notify(h: Handoff) -> Iterator[Finding]:
    if not h.next_tech_note.text.strip():
        yield _finding("next-tech-note-missing", "next_tech_note.text")
    if h.user_message.needed and not h.user_message.text.strip():
        yield _finding("user-message-missing", "user_message.text")


def _check_sla(h: Handoff, now: datetime) -> Iterator[Finding]:
    """'Communicate delays early': the user should hear about a wait before the SLA lapses."""
    left = h.urgency.time_left(now)
    if left is None:
        return
    told = h.user_message.needed and bool(h.user_message.text.strip())
    waiting = h.status is not None and h.status.is_waiting
    if left <= SLA_WARNING_WINDOW and waiting and not told:
        status = h.status.label.lower() if h.status else ""
        yield _finding("sla-delay-not-communicated", "user_message.text", status=status)
    if left < timedelta(0):
        yield _finding("sla-breached", "urgency.sla_due")


def lint(handoff: Handoff, *, now: datetime | None = None) -> list[Finding]:
    """Every finding for ``handoff``, in wizard page order."""
    now = now or utc_now()
    checks = (_check_ticket, _check_steps, _check_root_cause, _check_remaining,
              _check_blockers, _check_attachments, _check_status, _check_notify)  # fmt: skip
    findings = [f for check in checks for f in check(handoff)]
    return findings + list(_check_sla(handoff, now))


def for_section(findings: Iterable[Finding], section: Section) -> list[Finding]:
    """The findings one wizard page shows."""
    return [f for f in findings if f.section is section]
