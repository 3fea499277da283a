"""Posting a real package to a real Request Tracker 5, read back over REST2."""

from __future__ import annotations

from pathlib import Path

import pytest

from handoff.delivery.connector import AuthError, Choice, NotFound
from handoff.delivery.connectors import connect
from handoff.delivery.outbox import ItemState, StepState
from handoff.delivery.plan import reply_marker
from handoff.model import AssigneeKind, Status
from tests.delivery.conftest import Scene
from tests.helpers.rt_server import read_comments

WRONG_TOKEN = "1-14-" + "0" * 32


def test_a_package_lands_on_the_ticket_whole(scene: Scene, package: Path) -> None:
    item = scene.queue_package(package)
    done = scene.post(item.id)

    assert done.state is ItemState.POSTED, done.reason
    assert done.link == f"{scene.rt.url}/Ticket/Display.html?id={scene.ticket}"
    assert all(step.state is StepState.DONE for step in done.steps)
    scene.assert_posted_once()
    note = scene.notes()[0]
    assert "ALREADY DONE (no need to repeat)" in note
    assert "Pinged the VPN gateway" in note
    state = scene.state()
    assert state["Status"] == "stalled"  # "Waiting on user" matched by name
    assert state["Owner"]["id"] == "agent1"
    assert not scene.outbox.files_dir(item.id).exists(), "copies go once they are on the ticket"


def test_posting_the_same_handoff_again_adds_nothing(scene: Scene, package: Path) -> None:
    first = scene.post(scene.queue_package(package).id)
    second = scene.post(scene.queue_package(package).id)

    assert first.state is second.state is ItemState.POSTED
    assert [s.remote_id for s in second.steps[:3]] == [s.remote_id for s in first.steps[:3]]
    scene.assert_posted_once()


def test_a_draft_posts_a_user_reply_only_when_ticked(scene: Scene) -> None:
    quiet = scene.post(scene.queue_draft().id)
    assert "user_reply" not in [s.key for s in quiet.steps]
    assert read_comments(scene.rt, scene.ticket, "Correspond") == []

    done = scene.post(scene.queue_draft(user_reply=True).id)

    assert done.state is ItemState.POSTED, done.reason
    replies = read_comments(scene.rt, scene.ticket, "Correspond")
    assert len(replies) == 1 and reply_marker(scene.handoff.id) in replies[0]
    assert scene.handoff.user_message.text.strip().splitlines()[0] in replies[0]
    scene.assert_posted_once()


def test_the_connection_mapping_wins_over_name_matching(scene: Scene) -> None:
    scene.handoff.status = Status.WAITING_ON_VENDOR
    scene.handoff.assignee.kind = AssigneeKind.NEXT_AVAILABLE_TECH
    scene.profile.status_map[Status.WAITING_ON_VENDOR] = Choice(id="open", name="open")
    done = scene.post(scene.queue_draft().id)

    assert done.state is ItemState.POSTED, done.reason
    state = scene.state()
    assert state["Status"] == "open"
    assert state["Owner"]["id"] == "Nobody"  # next available tech = unowned


def test_the_connector_reads_what_rt_offers(scene: Scene) -> None:
    rtc = connect(scene.profile, scene.rt.token)
    remote = rtc.fetch_ticket(scene.ticket)
    statuses = [c.id for c in rtc.statuses(scene.ticket)]
    people = {c.id: c.kind for c in rtc.assignees(scene.ticket)}

    assert remote.id == scene.ticket and remote.title.startswith("Handoff test")
    assert remote.status is not None and remote.status.id == "new"
    assert {"new", "open", "stalled", "resolved"} <= set(statuses)
    assert "deleted" not in statuses
    assert people["agent1"] == people["Nobody"] == "member"
    assert "queue" in people.values()
    assert rtc.test().startswith("Connected to Request Tracker 5.")


def test_a_missing_ticket_and_a_bad_number_are_one_line_errors(scene: Scene) -> None:
    with pytest.raises(NotFound, match="digits"):
        connect(scene.profile, scene.rt.token).fetch_ticket("T-20418")
    item = scene.outbox.add_draft(scene.handoff, connection="rt-test", ticket_id="999999")

    done = scene.post(item.id)

    assert done.state is ItemState.FAILED
    assert done.reason == "ticket 999999 was not found on rt-test"
    assert all(s.state is StepState.PENDING for s in done.steps), "nothing was tried"


def test_a_refused_token_fails_at_once_with_the_settings_hint(scene: Scene) -> None:
    with pytest.raises(AuthError):
        connect(scene.profile, "1-1-wrong").test()

    done = scene.post(scene.queue_draft().id, token=WRONG_TOKEN)

    assert done.state is ItemState.FAILED
    assert "the API token was refused (401): check the connection in Settings" in done.reason
    assert "\n" not in done.reason
    assert scene.sleeps == [], "a 401 is never retried"
    assert scene.notes() == []
