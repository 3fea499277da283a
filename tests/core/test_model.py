"""The JSON format is a public contract: every handoff survives a round trip unchanged."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handoff.migrations import HandoffFormatError, NewerVersionError, handoff_from_json
from handoff.model import (
    SCHEMA_VERSION,
    Assignee,
    AssigneeKind,
    Attachment,
    Blocker,
    BlockerKind,
    Blockers,
    Certainty,
    GeneratedText,
    Handoff,
    HistoryEntry,
    Priority,
    RemainingStep,
    RootCause,
    Status,
    Step,
    StepKind,
    Ticket,
    Urgency,
    UserMessage,
)

T = TypeVar("T")

text = st.text(max_size=40)
ids = st.text(alphabet="0123456789abcdef", min_size=1, max_size=32)
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
aware = st.datetimes(
    min_value=datetime(1990, 1, 1),
    max_value=datetime(2100, 1, 1),
    timezones=st.one_of(st.just(UTC), offsets),
)


def _none_or(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


steps = st.builds(
    Step, id=ids, kind=st.sampled_from(StepKind), action=text, command=text, result=text
)
blockers = st.builds(
    Blockers,
    none=st.booleans(),
    items=st.lists(
        st.builds(
            Blocker,
            id=ids,
            kind=st.sampled_from(BlockerKind),
            description=text,
            when=_none_or(aware),
        ),
        max_size=3,
    ),
)
attachments = st.builds(
    Attachment,
    id=ids,
    name=st.text(min_size=1, max_size=20),
    source=_none_or(text),
    note=text,
    size=st.integers(min_value=0, max_value=2**40),
    media_type=st.sampled_from(["text/plain", "image/png", "application/octet-stream"]),
    sha256=_none_or(st.text(alphabet="0123456789abcdef", min_size=64, max_size=64)),
    path=_none_or(text),
)
handoffs = st.builds(
    Handoff,
    id=ids,
    author=text,
    created_at=aware,
    updated_at=aware,
    ticket=st.builds(Ticket, id=text, title=text, client=text, site=text, contact=text),
    summary=st.text(max_size=300),
    steps_taken=st.lists(steps, max_size=4),
    root_cause=st.builds(RootCause, certainty=_none_or(st.sampled_from(Certainty)), text=text),
    remaining_steps=st.lists(st.builds(RemainingStep, id=ids, action=text, owner=text), max_size=3),
    blockers=blockers,
    attachments=st.lists(attachments, max_size=2),
    status=_none_or(st.sampled_from(Status)),
    assignee=st.builds(
        Assignee, kind=_none_or(st.sampled_from(AssigneeKind)), name=text, mention=text
    ),
    urgency=st.builds(
        Urgency, priority=_none_or(st.sampled_from(Priority)), sla_due=_none_or(aware)
    ),
    next_tech_note=st.builds(GeneratedText, text=text, edited=st.booleans()),
    user_message=st.builds(UserMessage, text=text, edited=st.booleans(), needed=st.booleans()),
    history=st.lists(
        st.builds(HistoryEntry, by=text, at=aware, package=text, handoff_id=ids), max_size=2
    ),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(handoffs)
def test_json_round_trip(handoff: Handoff) -> None:
    assert handoff_from_json(handoff.to_json()) == handoff
    assert handoff_from_json(handoff.model_dump_json().encode()) == handoff


def test_example_round_trips(example: Handoff) -> None:
    assert handoff_from_json(example.to_json()) == example


def test_newer_schema_version_is_refused(example: Handoff) -> None:
    data = json.loads(example.to_json())
    data["schema_version"] = SCHEMA_VERSION + 1
    data["a_field_from_the_future"] = True
    with pytest.raises(NewerVersionError) as info:
        handoff_from_json(json.dumps(data))
    assert info.value.found == SCHEMA_VERSION + 1
    assert "newer version" in str(info.value)


@pytest.mark.parametrize("version", [None, "1", 0, True, 1.0])
def test_missing_or_invalid_schema_version_is_a_format_error(
    example: Handoff, version: object
) -> None:
    data = json.loads(example.to_json())
    if version is None:
        del data["schema_version"]
    else:
        data["schema_version"] = version
    with pytest.raises(HandoffFormatError, match="schema_version") as info:
        handoff_from_json(json.dumps(data))
    assert not isinstance(info.value, NewerVersionError)


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not an object"),
        ('{"schema_version": 1, "surprise": 1}', "surprise"),
    ],
)
def test_other_bad_input_is_a_one_line_format_error(payload: str, reason: str) -> None:
    with pytest.raises(HandoffFormatError, match=reason) as info:
        handoff_from_json(payload)
    assert "\n" not in str(info.value)


def test_version_1_draft_reads_as_version_2_with_evidence_defaults() -> None:
    """A draft saved by the first release opens unchanged in this one."""
    v1 = {
        "schema_version": 1,
        "ticket": {"id": "T-1"},
        "attachments": [{"name": "a.log", "source": "/tmp/a.log", "size": 3}],
    }
    handoff = handoff_from_json(json.dumps(v1))
    assert handoff.schema_version == 2
    attachment = handoff.attachments[0]
    assert attachment.kind == "file" and not attachment.redacted and attachment.quotes == []
