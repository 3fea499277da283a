"""The quality check: every code fires on a crafted handoff, none on the worked example."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest

from handoff.lint import (
    CODES,
    Finding,
    Section,
    Severity,
    for_section,
    lint,
    summary_states_no_finding,
    vague_phrases,
)
from handoff.model import (
    AssigneeKind,
    Attachment,
    Blocker,
    BlockerKind,
    Certainty,
    Handoff,
    RemainingStep,
    Status,
    Step,
    utc_now,
)

NOW = utc_now()


@pytest.fixture
def complete(example: Handoff) -> Handoff:
    """The example with its notes written, as the app has it before export."""
    example.next_tech_note.text = "Networking: please check the gateway auth log for mlopez."
    example.user_message.text = "Hi Maria, the networking team is checking your VPN access."
    return example


def codes(h: Handoff) -> list[str]:
    return [f.code for f in lint(h, now=NOW)]


def test_complete_example_is_clean(complete: Handoff) -> None:
    assert lint(complete, now=NOW) == []


def _set(path: str, value: object) -> Callable[[Handoff], None]:
    """A mutation that sets a dotted attribute path (list indexes as digits)."""

    def mutate(h: Handoff) -> None:
        *parents, last = path.split(".")
        obj: object = h
        for part in parents:
            obj = obj[int(part)] if part.isdigit() else getattr(obj, part)  # type: ignore[index]
        setattr(obj, last, value)

    return mutate


def _overdue_waiting(h: Handoff) -> None:
    h.urgency.sla_due = NOW - timedelta(minutes=5)
    h.user_message.needed = False


def _big_attachments(h: Handoff) -> None:
    h.attachments = [Attachment(name="capture.pcap", size=30 * 1024 * 1024)]


MUTATIONS: dict[str, Callable[[Handoff], None]] = {
    "ticket-id-missing": _set("ticket.id", "  "),
    "summary-missing": _set("summary", ""),
    "summary-no-finding": _set("summary", "Maria's VPN is broken"),
    "steps-missing": _set("steps_taken", []),
    "step-action-missing": _set("steps_taken.2.action", ""),
    "step-no-result": _set("steps_taken.2.result", ""),
    "root-cause-missing": _set("root_cause.certainty", None),
    "root-cause-text-missing": _set("root_cause.text", ""),
    "remaining-missing": _set("remaining_steps", []),
    "remaining-action-missing": _set("remaining_steps.0.action", ""),
    "remaining-no-owner": _set("remaining_steps.1.owner", ""),
    "blockers-missing": _set("blockers.items", []),
    "blocker-description-missing": _set("blockers.items.0.description", ""),
    "blocker-no-when": _set("blockers.items.1.when", None),
    "status-missing": _set("status", None),
    "assignee-missing": _set("assignee.kind", None),
    "assignee-name-missing": _set("assignee.kind", AssigneeKind.PERSON),
    "priority-missing": _set("urgency.priority", None),
    "sla-missing": _set("urgency.sla_due", None),
    "next-tech-note-missing": _set("next_tech_note.text", ""),
    "user-message-missing": _set("user_message.text", " \n"),
    "vague-text": _set("root_cause.text", "As discussed with the vendor"),
    "sla-delay-not-communicated": _set("urgency.sla_due", NOW + timedelta(minutes=90)),
    "sla-breached": _overdue_waiting,
    "attachments-over-budget": _big_attachments,
}


def test_every_code_has_a_crafted_case() -> None:
    assert set(MUTATIONS) == CODES


@pytest.mark.parametrize("code", sorted(MUTATIONS))
def test_code_fires(complete: Handoff, code: str) -> None:
    if code == "sla-delay-not-communicated":
        complete.user_message.needed = False
    MUTATIONS[code](complete)
    found = [f for f in lint(complete, now=NOW) if f.code == code]
    assert found, codes(complete)
    finding = found[0]
    assert finding.message and finding.hint and "\n" not in finding.one_line()
    assert finding.one_line() == f"{finding.field}: {finding.message} — {finding.hint}"


def test_field_paths_and_sections(complete: Handoff) -> None:
    complete.steps_taken[2].result = ""
    complete.blockers.items[1].when = None
    findings = lint(complete, now=NOW)
    by_code = {f.code: f for f in findings}
    assert by_code["step-no-result"].field == "steps_taken.2.result"
    assert "Step 3" in by_code["step-no-result"].message
    assert by_code["step-no-result"].section is Section.STEPS
    assert by_code["blocker-no-when"].field == "blockers.items.1.when"
    assert for_section(findings, Section.REMAINING) == [by_code["blocker-no-when"]]
    assert for_section(findings, Section.TICKET) == []


def test_acceptable_answers_are_clean(complete: Handoff) -> None:
    complete.root_cause.certainty = Certainty.UNKNOWN
    complete.root_cause.text = ""
    complete.blockers.items = []
    complete.blockers.none = True
    complete.assignee.kind = AssigneeKind.PERSON
    complete.assignee.name = "Jo Smith"
    complete.status = Status.IN_PROGRESS
    complete.user_message.needed = False
    complete.user_message.text = ""
    assert lint(complete, now=NOW) == []


def test_severities(complete: Handoff) -> None:
    complete.summary = ""
    complete.remaining_steps[0].owner = ""
    complete.urgency.sla_due = NOW - timedelta(hours=1)
    severity = {f.code: f.severity for f in lint(complete, now=NOW)}
    assert severity == {
        "summary-missing": Severity.MISSING,
        "remaining-no-owner": Severity.VAGUE,
        "sla-breached": Severity.WARNING,
    }


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("TBD", "tbd"),
        ("Owner tbd.", "tbd"),
        ("Troubleshooting ongoing", "troubleshooting ongoing"),
        ("Still  working on it", "still working on it"),
        ("see above", "see above"),
        ("Tried everything, nothing helps", "tried everything"),
        ("Issue persists after reboot", "issue persists"),
        ("As discussed", "as discussed"),
        ("same as before", "same as before"),
        ("Looking into it", "looking into it"),
        ("No change.", "no change"),
        ("N/A", "n/a"),
        ("It didn\u2019t work.", "didn't work"),
        ("did not work", "did not work"),
        ("Fixed", "fixed"),
        ("Checked.", "checked"),
    ],
)
def test_vague_phrase_fires(text: str, phrase: str) -> None:
    assert phrase in [p for p, _ in vague_phrases(text)]


@pytest.mark.parametrize(
    "text",
    [
        "TBDX",
        "STBD rollout",
        "Seen above the rack",
        "N/A-series switch replaced",
        "Didn't work: 'Error 809' from the L2TP client",
        "Fixed by re-adding her to VPN-Users",
        "Checked the DHCP scope: 12 leases free",
        "No changes made to the firewall",
    ],
)
def test_vague_phrase_needs_whole_words_or_whole_answer(text: str) -> None:
    assert vague_phrases(text) == []


def test_vague_text_finding_names_the_phrase_and_field(complete: Handoff) -> None:
    complete.steps_taken[0].result = "Didn't work"
    complete.remaining_steps[0].action = "TBD"
    found = [f for f in lint(complete, now=NOW) if f.code == "vague-text"]
    assert [(f.field, f.section) for f in found] == [
        ("steps_taken.0.result", Section.STEPS),
        ("remaining_steps.0.action", Section.REMAINING),
    ]
    assert '"didn\'t work"' in found[0].message
    assert "error message" in found[0].hint


@pytest.mark.parametrize(
    ("summary", "vague"),
    [
        ("Printer broken", True),
        ("User cannot print to the second floor printer from any app today", True),
        ("Outlook crashes on start. Safe mode works, so an add-in is the likely cause.", False),
        ("Outlook crashes on start for Jo because the Zoom add-in fails to load at all", False),
    ],
)
def test_summary_heuristic(summary: str, vague: bool) -> None:
    assert summary_states_no_finding(summary) is vague


def test_sla_warning_only_when_waiting_soon_and_untold(complete: Handoff) -> None:
    complete.urgency.sla_due = NOW + timedelta(minutes=90)
    assert codes(complete) == []  # the user message is written
    complete.user_message.needed = False
    assert codes(complete) == ["sla-delay-not-communicated"]
    complete.status = Status.IN_PROGRESS
    assert codes(complete) == []
    complete.status = Status.WAITING_ON_USER
    complete.urgency.sla_due = NOW + timedelta(hours=3)
    assert codes(complete) == []


def test_breached_and_waiting_gives_both_warnings(complete: Handoff) -> None:
    _overdue_waiting(complete)
    assert codes(complete) == ["sla-delay-not-communicated", "sla-breached"]


def test_empty_handoff_lists_everything_missing() -> None:
    h = Handoff(steps_taken=[Step()], remaining_steps=[RemainingStep()])
    h.blockers.items = [Blocker(kind=BlockerKind.USER_AVAILABILITY)]
    found = lint(h, now=NOW)
    assert all(isinstance(f, Finding) for f in found)
    assert {f.severity for f in found} == {Severity.MISSING, Severity.VAGUE}
    assert "sla-breached" not in {f.code for f in found}
    sections = [f.section for f in found]
    order = list(Section)
    assert sections == sorted(sections, key=order.index)  # wizard page order


def test_attachments_over_the_budget_are_a_warning_before_export(example: Handoff) -> None:
    """A package that e-mail or the PSA would refuse is flagged before it is made."""
    from handoff.lint import ATTACHMENT_BUDGET

    example.attachments = [Attachment(name="big.log", size=ATTACHMENT_BUDGET // 2 + 1)] * 2
    [finding] = [f for f in lint(example) if f.code == "attachments-over-budget"]
    assert finding.severity == "warning" and finding.section == "attachments"
    assert "over the 25.0 MiB budget" in finding.message
    example.attachments = example.attachments[:1]
    assert not [f for f in lint(example) if f.code == "attachments-over-budget"]
