"""The generated texts say everything the next tech and the user need, and nothing more."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from handoff.model import (
    Assignee,
    AssigneeKind,
    Attachment,
    Blockers,
    Handoff,
    HistoryEntry,
    Status,
    utc_now,
)
from handoff.notes import (
    format_time_left,
    refresh_generated,
    render_html,
    render_markdown,
    render_next_tech_note,
    render_user_message,
)


def test_note_has_mention_every_step_and_where_to_continue(example: Handoff) -> None:
    note = render_next_tech_note(example, now=example.updated_at)
    assert note.startswith("@netops ")
    for step in example.steps_taken:
        assert step.action in note
        assert step.result in note
        if step.command:
            assert f"Command: {step.command}" in note
    first = example.remaining_steps[0]
    assert f"Continue from: {first.action} — {first.owner}" in note
    assert example.root_cause.text in note and "suspected" in note
    for blocker in example.blockers.items:
        assert blocker.description in note
    assert "6 h left" in note


def test_note_without_mention_blockers_or_steps() -> None:
    h = Handoff(blockers=Blockers(none=True))
    note = render_next_tech_note(h)
    assert "@" not in note
    assert "No blockers" in note
    assert "Nothing recorded yet." in note
    assert "No remaining steps recorded" in note


def test_note_lists_attachments(example: Handoff) -> None:
    example.attachments = [Attachment(name="PanGPS.log", size=2048, note="client log")]
    assert "- PanGPS.log (2.0 KiB) — client log" in render_next_tech_note(example)


def test_user_message_is_plain_and_says_who_and_when(example: Handoff) -> None:
    message = render_user_message(example)
    assert message.startswith("Hello Maria,")
    assert "(reference T-20418)" in message
    assert "network specialist" in message
    meeting = example.blockers.items[1].when
    assert meeting is not None
    assert f"at {meeting.astimezone():%H:%M}" in message
    # No internal handles, jargon from the technical fields, or step details.
    for internal in ("@", "netops", "VPN-Users", "AD group", "PanGPS", "Get-AD", "ping"):
        assert internal not in message


def test_user_message_falls_back_to_sla_then_to_as_soon_as_possible(example: Handoff) -> None:
    example.blockers = Blockers(none=True)
    example.assignee = Assignee(kind=AssigneeKind.PERSON, name="Jamie")
    example.status = Status.WAITING_ON_USER
    message = render_user_message(example)
    assert "Jamie from our team will contact you by" in message
    assert "a few minutes with you" in message
    example.urgency.sla_due = None
    assert "as soon as there is news" in render_user_message(example)


def test_refresh_generated_keeps_edited_texts(example: Handoff) -> None:
    refresh_generated(example)
    assert "@netops" in example.next_tech_note.text
    assert example.user_message.text.startswith("Hello Maria")
    example.next_tech_note.text = "my own words"
    example.next_tech_note.edited = True
    example.user_message.text = "my message"
    example.user_message.edited = True
    example.summary = "changed"
    refresh_generated(example)
    assert example.next_tech_note.text == "my own words"
    assert example.user_message.text == "my message"


def test_refresh_generated_follows_field_changes(example: Handoff) -> None:
    refresh_generated(example)
    example.summary = "A brand new summary."
    refresh_generated(example)
    assert "A brand new summary." in example.next_tech_note.text


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (None, ""),
        (timedelta(hours=5, minutes=20, seconds=59), "5 h 20 min left"),
        (timedelta(hours=3), "3 h left"),
        (timedelta(minutes=7), "7 min left"),
        (timedelta(days=2, hours=1), "2 d 1 h left"),
        (timedelta(seconds=30), "due now"),
        (timedelta(minutes=-10), "overdue by 10 min"),
        (timedelta(hours=-1, minutes=-5), "overdue by 1 h 5 min"),
    ],
)
def test_format_time_left(delta: timedelta | None, text: str) -> None:
    assert format_time_left(delta) == text


def _hostile(example: Handoff) -> Handoff:
    example.summary = '<script>alert(1)</script> see https://evil.example/x <img src="http://x">'
    example.attachments = [
        Attachment(id="a1", name="shot.png", media_type="image/png", sha256="ab" * 32),
        Attachment(id="a2", name="remote.png", media_type="image/png"),
    ]
    example.history = [HistoryEntry(by="Sam Earlier", at=utc_now(), package="old.handoff.zip")]
    return example


def test_html_is_self_contained_and_escaped(example: Handoff) -> None:
    html = render_html(
        _hostile(example),
        thumbnails={"a1": "data:image/png;base64,AAAA", "a2": "https://evil.example/t.png"},
        findings=["summary: too short — say more"],
        override_by="Dana Onsite",
    )
    assert "<script" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.IGNORECASE)
    assert "default-src 'none'" in html
    assert "&lt;script&gt;" in html
    assert 'src="data:image/png;base64,AAAA"' in html
    assert "evil.example/t.png" not in html
    assert "Quality check overridden" in html and "too short" in html and "Dana Onsite" in html
    assert "Sam Earlier" in html and "old.handoff.zip" in html
    assert "ab" * 32 in html


def test_html_and_markdown_show_every_part(example: Handoff) -> None:
    refresh_generated(example)
    for text in (render_html(example), render_markdown(example)):
        assert example.ticket.id in text
        assert "@netops" in text
        for step in example.steps_taken:
            assert step.result.replace("'", "&#39;") in text or step.result in text
        for remaining in example.remaining_steps:
            assert remaining.action in text
        assert "Quality check overridden" not in text


def test_markdown_tables_survive_pipes(example: Handoff) -> None:
    example.attachments = [Attachment(name="a|b.log", note="line1\nline2")]
    md = render_markdown(example)
    assert "| a\\|b.log |" in md
    assert "line1 line2" in md
