"""The outbox keeps every handoff until it is on the ticket: kills, offline, cancel."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from handoff.delivery.connector import Offline
from handoff.delivery.http import HttpClient, RetryPolicy
from handoff.delivery.outbox import ItemBusy, ItemState, Outbox, OutboxError, StepState
from handoff.delivery.poster import PostProgress
from handoff.model import Attachment, Handoff
from tests.delivery.conftest import Scene
from tests.helpers.fault_proxy import FaultProxy, matching
from tests.helpers.rt_server import RtServer, free_port

# A separate process that posts one item with no retries of its own, so the test can
# SIGKILL it while a request is in flight.
CHILD = """
import sys
from handoff.delivery.connector import ConnectionProfile
from handoff.delivery.connectors import connect
from handoff.delivery.outbox import Outbox
from handoff.delivery.poster import Poster
item_id, url = sys.argv[1], sys.argv[2]
token = sys.stdin.readline().strip()
profile = ConnectionProfile(name="rt-test", kind="rt", url=url)
Poster(Outbox(), lambda name: (connect(profile, token), profile)).post(item_id)
"""


@pytest.fixture
def proxy(rt: RtServer) -> Iterator[FaultProxy]:
    parts = urlsplit(rt.url)
    with FaultProxy((parts.hostname or "127.0.0.1", parts.port or 80)) as running:
        yield running


@pytest.mark.slow
def test_a_post_killed_mid_request_resumes_without_duplicates(
    scene: Scene, package: Path, proxy: FaultProxy, data_dir: Path
) -> None:
    log_upload = matching("POST", rf"/ticket/{scene.ticket}/comment$", 'filename="PanGPS.log"')
    held = proxy.add("hold", log_upload)
    item = scene.queue_package(package)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, item.id, proxy.url], stdin=subprocess.PIPE,
        env={**os.environ, "HANDOFF_DATA_DIR": str(data_dir)},
    )  # fmt: skip
    assert child.stdin is not None
    child.stdin.write(f"{scene.rt.token}\n".encode())
    child.stdin.close()
    try:
        assert held.event.wait(60), "the child never reached the log upload"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)

    killed = scene.outbox.load(item.id)
    assert killed.state is ItemState.POSTING
    assert [s.state for s in killed.steps[:2]] == [StepState.DONE, StepState.DONE]
    log_step = killed.steps[2]
    assert log_step.name == "PanGPS.log" and log_step.state is StepState.PENDING and log_step.sent
    assert "PanGPS.log" in scene.files(), "RT stored it before the kill"

    done = scene.post(item.id)

    assert done.state is ItemState.POSTED, done.reason
    scene.assert_posted_once()
    assert scene.state()["Owner"]["id"] == "agent1"


def test_offline_keeps_the_item_queued_with_the_reason(scene: Scene) -> None:
    item = scene.queue_draft()

    queued = scene.post(item.id, url=f"http://127.0.0.1:{free_port()}")

    assert queued.state is ItemState.QUEUED
    assert queued.reason == (
        "127.0.0.1 refused the connection: the server is down or the URL is wrong"
    )
    assert len(scene.sleeps) == 4, "bounded: five tries, then the item waits in the outbox"
    assert all(s.state is StepState.PENDING and not s.sent for s in queued.steps)
    assert scene.outbox.load(item.id).state is ItemState.QUEUED, "recorded on disk"

    assert scene.post(item.id).state is ItemState.POSTED  # back online
    scene.assert_posted_once()


def test_a_dns_failure_is_offline_too(policy: RetryPolicy) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -2] Name or service not known", request=request)

    transport = httpx.MockTransport(fail)
    client = HttpClient("https://rt.example.invalid", policy=policy, transport=transport)
    with pytest.raises(Offline, match=r"cannot find rt\.example\.invalid \(DNS lookup failed\)"):
        client.request("GET", "/REST/2.0/rt")


def test_cancel_between_steps_then_retry(scene: Scene) -> None:
    cancel = threading.Event()

    def stop_at_attachments(report: PostProgress) -> None:
        if report.step.startswith("attachment"):
            cancel.set()

    item = scene.queue_draft()
    cancelled = scene.post(item.id, cancel=cancel, progress=stop_at_attachments)

    assert cancelled.state is ItemState.CANCELLED
    assert cancelled.reason == f"cancelled after 1 of {len(item.steps)} steps"
    assert len(scene.notes()) == 1 and scene.files() == {}

    assert scene.post(item.id).state is ItemState.POSTED
    scene.assert_posted_once()


def test_cancel_during_an_upload_leaves_no_partial_file(scene: Scene, tmp_path: Path) -> None:
    big = tmp_path / "memory.dmp"
    big.write_bytes(os.urandom(3 * 1024 * 1024))
    scene.handoff.attachments.append(Attachment(name="memory.dmp", source=str(big)))
    cancel = threading.Event()
    seen: list[int] = []

    def cancel_mid_file(report: PostProgress) -> None:
        if report.step == "attachment memory.dmp" and 0 < report.bytes_done < report.bytes_total:
            seen.append(report.bytes_done)
            cancel.set()

    item = scene.queue_draft()
    cancelled = scene.post(item.id, cancel=cancel, progress=cancel_mid_file)

    assert cancelled.state is ItemState.CANCELLED and seen
    assert "memory.dmp" not in scene.files()
    done = scene.post(item.id)
    assert done.state is ItemState.POSTED, done.reason
    scene.assert_posted_once()


def test_a_cancel_asked_from_another_process_is_honoured(scene: Scene) -> None:
    item = scene.queue_draft()
    scene.outbox.request_cancel(item.id)  # left over from an earlier run: ignored

    def other_process_cancels(report: PostProgress) -> None:
        if report.step.startswith("attachment") and scene.outbox.is_locked(item.id):
            scene.outbox.request_cancel(item.id)  # what 'handoff outbox cancel ID' does

    cancelled = scene.post(item.id, progress=other_process_cancels)

    assert cancelled.state is ItemState.CANCELLED and cancelled.done_count == 1
    assert not scene.outbox.cancel_path(item.id).exists(), "a cancel request is used once"
    assert scene.post(item.id).state is ItemState.POSTED
    scene.assert_posted_once()


def test_one_poster_at_a_time_per_item(scene: Scene) -> None:
    item = scene.queue_draft()
    with scene.outbox.lock(item.id), pytest.raises(ItemBusy, match="another Handoff"):
        scene.post(item.id)
    assert scene.outbox.load(item.id).state is ItemState.QUEUED


def test_an_interrupt_leaves_the_item_queued(scene: Scene) -> None:
    def interrupt(report: PostProgress) -> None:
        if report.step.startswith("attachment"):
            raise KeyboardInterrupt

    item = scene.queue_draft()
    with pytest.raises(KeyboardInterrupt):
        scene.post(item.id, progress=interrupt)

    stored = scene.outbox.load(item.id)
    assert stored.state is ItemState.QUEUED and stored.reason == "interrupted: KeyboardInterrupt"
    assert stored.steps[0].state is StepState.DONE


def test_the_outbox_is_self_contained_and_tolerant(handoff: Handoff, outbox: Outbox) -> None:
    item = outbox.add_draft(handoff, connection="rt-test", ticket_id=" 42 ")
    for attachment in handoff.attachments:  # the engineer tidies up the originals
        Path(attachment.source or "").unlink()
    (outbox.folder / "0badc0de.json").write_text("{not json")

    assert [i.id for i in outbox.items()] == [item.id], "an unreadable item is left alone"
    copies = outbox.files_dir(item.id)
    assert sorted(p.name for p in copies.iterdir()) == sorted(a.id for a in handoff.attachments)
    assert outbox.load(item.id).ticket_id == "42"
    with pytest.raises(OutboxError, match="not a valid outbox item"):
        outbox.load("0badc0de")
    with pytest.raises(OutboxError, match=r"missing on this computer: vpn error\.png, PanGPS\.log"):
        outbox.add_draft(handoff, connection="rt-test", ticket_id="42")
