"""Posting a handoff through the GUI to the real RT, offline queuing, the Outbox and its retrier."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QTreeWidgetItemIterator, QWidget

from handoff.delivery.connections import ConnectionStore
from handoff.delivery.connector import ConnectionProfile
from handoff.delivery.connectors import KINDS
from handoff.delivery.connectors.rt import RtConnector
from handoff.delivery.http import RetryPolicy
from handoff.delivery.outbox import ItemState, OutboxItem
from handoff.delivery.plan import note_marker
from handoff.model import Assignee, AssigneeKind, Attachment, AttachmentKind, Handoff, Status
from handoff.notes import refresh_generated
from handoff.ui.delivery.outbox_panel import OutboxPanel
from handoff.ui.delivery.post_flow import PostDialog
from handoff.ui.delivery.services import DeliveryServices
from handoff.ui.main_window import MainWindow
from handoff.ui.wizard import PageId
from tests.delivery.conftest import LOG_TEXT, write_png
from tests.helpers.app_log import configured_log
from tests.helpers.memory_keyring import MemoryKeyring
from tests.helpers.rt_server import RtServer, free_port, read_comments, read_files, read_ticket
from tests.ui.conftest import FakePrompts

NAME = "rt-gui"
HOUR_MS = 3_600_000


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def ticket(rt: RtServer, request: pytest.FixtureRequest) -> str:
    return rt.create_ticket(f"GUI post {request.node.name}")


@pytest.fixture
def handoff(example: Handoff, tmp_path: Path) -> Handoff:
    """The worked example with a PNG screenshot and a VPN log, for agent1, waiting on the user."""
    png = write_png(tmp_path / "src" / "vpn error.png")
    log = tmp_path / "src" / "PanGPS.log"
    log.write_text(LOG_TEXT, encoding="utf-8")
    example.attachments = [
        Attachment(name="vpn error.png", source=str(png), kind=AttachmentKind.SCREENSHOT,
                   media_type="image/png", size=png.stat().st_size),
        Attachment(name="PanGPS.log", source=str(log), kind=AttachmentKind.VPN_LOG,
                   media_type="text/plain", size=log.stat().st_size),
    ]  # fmt: skip
    example.status = Status.WAITING_ON_USER
    example.assignee = Assignee(kind=AssigneeKind.PERSON, name="Agent One", mention="agent1")
    refresh_generated(example)
    return example


def make_services(url: str, token: str, *, probe_ms: int = HOUR_MS, kind: str = "rt") -> Any:
    store = ConnectionStore()
    store.save(ConnectionProfile(name=NAME, kind=kind, url=url))
    store.set_secret(NAME, token)
    policy = RetryPolicy(sleep=lambda _s: None, rng=lambda: 0.5)
    return DeliveryServices(store=store, policy=policy, probe_ms=probe_ms, start_ms=HOUR_MS)


def closed_url() -> str:
    return f"http://127.0.0.1:{free_port()}"


def set_url(services: DeliveryServices, url: str) -> None:
    profile = services.store.get(NAME)
    services.store.save(profile.model_copy(update={"url": url}))


def click(qtbot: Any, parent: QWidget, name: str) -> None:
    button = parent.findChild(QPushButton, name)
    assert button is not None and button.isEnabled(), name
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_post_dialog(qtbot: Any, window: MainWindow, h: Handoff, ticket: str) -> PostDialog:
    window.load_handoff(h)
    window.wizard.go_to(PageId.REVIEW)
    review = window.wizard.review
    assert review.post_button.text() == "&Post to ticket\u2026"
    qtbot.mouseClick(review.post_button, Qt.MouseButton.LeftButton)
    dialog = window.post_flow().dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.ticket.text() == h.ticket.id, "prefilled from the draft"
    qtbot.waitUntil(dialog.fetch_button.isEnabled)  # the quiet first lookup has ended
    dialog.ticket.setText(ticket)
    return dialog


def plan_texts(dialog: PostDialog) -> list[str]:
    texts = []
    it = QTreeWidgetItemIterator(dialog.plan_view)
    while item := it.value():
        texts.append(f"{item.text(0)} | {item.text(1)}")
        it += 1
    return texts


def wait_outcome(qtbot: Any, dialog: PostDialog, expected: str) -> str:
    def shown() -> None:
        assert expected in dialog.outcome.text()

    qtbot.waitUntil(shown, timeout=90_000)
    return dialog.outcome.text()


def notes_with_marker(rt: RtServer, ticket: str, h: Handoff) -> list[str]:
    return [c for c in read_comments(rt, ticket) if note_marker(h.id) in c]


def assert_on_ticket_once(rt: RtServer, ticket: str, h: Handoff) -> None:
    assert len(notes_with_marker(rt, ticket, h)) == 1
    expected = {a.name: [Path(a.source or "").read_bytes()] for a in h.attachments}
    assert read_files(rt, ticket) == expected


def test_post_the_example_with_a_png_and_a_log_to_the_real_rt(  # noqa: PLR0917 - pytest injects fixtures by name
    qtbot: Any, make_window: Callable[..., MainWindow], rt: RtServer, ticket: str,
    handoff: Handoff, memory_keyring: MemoryKeyring,
) -> None:  # fmt: skip
    window = make_window(delivery=make_services(rt.url, rt.token))
    dialog = open_post_dialog(qtbot, window, handoff, ticket)
    click(qtbot, dialog, "fetch")
    qtbot.waitUntil(lambda: "fetched from rt-gui" in dialog.ticket_info.text(), timeout=30_000)
    assert f"#{ticket} GUI post" in dialog.ticket_info.text()
    assert "Filled in from the ticket: SLA due" not in dialog.ticket_info.text()  # example has one

    plan = plan_texts(dialog)
    assert plan[0].startswith("internal note | ")
    assert any(p.startswith("attachment vpn error.png | ") and "no size limit" in p for p in plan)
    assert any(p.startswith("attachment PanGPS.log | ") for p in plan)
    assert "status: Waiting on user | as \u201cstalled\u201d" in plan
    assert "assign to Agent One | as \u201cAgent agent1 (agent1)\u201d" in plan
    assert not any("reply to the user" in p for p in plan), "only when ticked"
    dialog.send_reply.setChecked(True)
    assert any("reply to the user" in p for p in plan_texts(dialog))
    dialog.send_reply.setChecked(False)

    click(qtbot, dialog, "post")
    outcome = wait_outcome(qtbot, dialog, "Posted")
    link = f"{rt.url}/Ticket/Display.html?id={ticket}"
    assert f'href="{link}"' in outcome
    assert_on_ticket_once(rt, ticket, handoff)
    state = read_ticket(rt, ticket)
    assert state["Status"] == "stalled" and state["Owner"]["id"] == "agent1"
    assert read_comments(rt, ticket, "Correspond") == []
    [item] = window.delivery().outbox.items()
    assert item.state is ItemState.POSTED and item.link == link


def test_offline_stays_queued_then_retry_in_the_outbox_posts_once(  # noqa: PLR0917 - pytest injects fixtures by name
    qtbot: Any, make_window: Callable[..., MainWindow], rt: RtServer, ticket: str,
    handoff: Handoff, memory_keyring: MemoryKeyring, fake_prompts: FakePrompts,
) -> None:  # fmt: skip
    services = make_services(closed_url(), rt.token)
    window = make_window(delivery=services)
    dialog = open_post_dialog(qtbot, window, handoff, ticket)
    click(qtbot, dialog, "post")
    outcome = wait_outcome(qtbot, dialog, "Not posted yet")
    assert "kept in the Outbox" in outcome and "refused the connection" in outcome
    [item] = services.outbox.items()
    assert item.state is ItemState.QUEUED and "refused the connection" in item.reason

    window.actions_by_name["outbox"].trigger()
    panel = window.outbox_panel
    assert isinstance(panel, OutboxPanel) and panel.isVisible()
    assert row(panel) == (ticket, NAME, "queued")
    assert "refused the connection" in details(panel).text()

    set_url(services, rt.url)  # the network is back
    click(qtbot, panel, "retry")
    qtbot.waitUntil(lambda: row(panel)[2] == "posted", timeout=90_000)
    link = f"{rt.url}/Ticket/Display.html?id={ticket}"
    assert f'<a href="{link}">' in details(panel).text()
    assert details(panel).openExternalLinks()
    assert not panel.buttons["retry"].isEnabled(), "nothing left to retry"
    assert_on_ticket_once(rt, ticket, handoff)

    with qtbot.waitSignal(panel.runner.changed, timeout=60_000):
        panel.runner.post(item.id)  # a stray second attempt adds nothing
    assert_on_ticket_once(rt, ticket, handoff)
    assert fake_prompts.errors == []


def test_progress_shows_steps_and_bytes_and_cancel_then_retry_adds_nothing_twice(  # noqa: PLR0917 - pytest injects fixtures by name
    qtbot: Any, make_window: Callable[..., MainWindow], rt: RtServer, ticket: str,
    handoff: Handoff, memory_keyring: MemoryKeyring, tmp_path: Path,
) -> None:  # fmt: skip
    big = tmp_path / "src" / "PanGPS.log"
    big.write_text(LOG_TEXT * 24, encoding="utf-8")  # ~3.8 MB: the upload takes a while
    handoff.attachments[1].size = big.stat().st_size
    services = make_services(rt.url, rt.token)
    window = make_window(delivery=services)
    dialog = open_post_dialog(qtbot, window, handoff, ticket)
    seen: list[str] = []

    def on_progress(_progress: object) -> None:
        seen.append(dialog.progress_label.text())
        if " of " in seen[-1] and "MB" in seen[-1] and dialog.buttons["cancel_post"].isEnabled():
            click(qtbot, dialog, "cancel_post")

    services_runner = window.outbox_runner()
    services_runner.progress.connect(on_progress)
    click(qtbot, dialog, "post")
    outcome = wait_outcome(qtbot, dialog, "Not posted (cancelled)")
    assert "Step 1 of 6: internal note" in seen
    assert any(t.startswith("Step 3 of 6: attachment PanGPS.log \u2014 ") for t in seen), seen
    [item] = services.outbox.items()
    assert item.state is ItemState.CANCELLED and "cancelled after" in outcome
    assert not dialog.buttons["cancel_post"].isEnabled() and dialog.buttons["post"].isEnabled()
    # The cancel reaches the poster between two chunks of the upload or, when the upload
    # won that race, between two steps: either way the retry below completes it once.

    panel = window.show_outbox()
    assert row(panel)[2] == "cancelled"
    click(qtbot, panel, "retry")
    qtbot.waitUntil(lambda: row(panel)[2] == "posted", timeout=90_000)
    assert_on_ticket_once(rt, ticket, handoff)


def test_the_background_retrier_posts_due_items_when_the_network_comes_back(  # noqa: PLR0917 - pytest injects fixtures by name
    qtbot: Any, make_window: Callable[..., MainWindow], rt: RtServer, ticket: str,
    handoff: Handoff, memory_keyring: MemoryKeyring,
) -> None:  # fmt: skip
    services = make_services(closed_url(), rt.token, probe_ms=100)
    window = make_window(delivery=services)
    outbox = services.outbox
    queued = outbox.add_draft(handoff, connection=NAME, ticket_id=ticket)
    cancelled = outbox.add_draft(handoff, connection=NAME, ticket_id=ticket)
    cancelled.state = ItemState.CANCELLED
    outbox.save(cancelled)
    runner = window.outbox_runner()

    window._start_outbox()  # what start-up does (after OUTBOX_START_MS)

    def tried_and_queued() -> None:
        item = load(services, queued)
        assert item.runs >= 1 and item.state is ItemState.QUEUED
        assert "refused the connection" in item.reason

    qtbot.waitUntil(tried_and_queued, timeout=30_000)
    assert runner.active, "a timer keeps looking while something waits"

    set_url(services, rt.url)
    qtbot.waitUntil(lambda: load(services, queued).state is ItemState.POSTED, timeout=90_000)
    qtbot.waitUntil(lambda: not runner.active)  # nothing waits: the timer stops
    assert load(services, cancelled).state is ItemState.CANCELLED, "only due items are tried"
    assert load(services, cancelled).runs == 0
    assert_on_ticket_once(rt, ticket, handoff)


def test_an_attachment_over_the_limit_is_split_or_kept_local(  # noqa: PLR0917 - pytest injects fixtures by name
    qtbot: Any, make_window: Callable[..., MainWindow], rt: RtServer, ticket: str,
    handoff: Handoff, memory_keyring: MemoryKeyring, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    class SmallRt(RtConnector):
        kind = "rt-small"
        max_attachment_bytes = 100_000

    monkeypatch.setitem(KINDS, SmallRt.kind, SmallRt)
    window = make_window(delivery=make_services(rt.url, rt.token, kind=SmallRt.kind))
    dialog = open_post_dialog(qtbot, window, handoff, ticket)
    png, log = handoff.attachments
    assert png.size > log.size > 100_000
    assert any(p.startswith("attachment PanGPS.log | ") and "over the system's 97.7 KB limit"
               in p for p in plan_texts(dialog))  # fmt: skip
    split = dialog.findChild(QComboBox, f"too_large_{log.id}")
    keep = dialog.findChild(QComboBox, f"too_large_{png.id}")
    assert split is not None and keep is not None
    assert split.currentText() == "Post it split into 2 parts"
    keep.setCurrentIndex(keep.findText("Keep it on this computer (the note says so)"))

    click(qtbot, dialog, "post")
    wait_outcome(qtbot, dialog, "Posted")
    files = read_files(rt, ticket)
    assert sorted(files) == ["PanGPS.log.001", "PanGPS.log.002"]
    joined = files["PanGPS.log.001"][0] + files["PanGPS.log.002"][0]
    assert joined == Path(log.source or "").read_bytes()
    [note] = notes_with_marker(rt, ticket, handoff)
    assert "PanGPS.log is in 2 parts: join them with `copy /b PanGPS.log.001+PanGPS.log.002" in note
    assert re.search(r"vpn error\.png \(\d+\.\d KB\) was too large to post: ask Dana Onsite", note)


def test_edit_takes_a_queued_item_out_and_reopens_its_draft(
    qtbot: Any, make_window: Callable[..., MainWindow], handoff: Handoff,
    memory_keyring: MemoryKeyring, fake_prompts: FakePrompts,
) -> None:  # fmt: skip
    services = make_services(closed_url(), "token")
    window = make_window(delivery=services)
    item = services.outbox.add_draft(handoff, connection=NAME, ticket_id="42")
    panel = window.show_outbox()
    assert row(panel) == ("42", NAME, "queued")

    click(qtbot, panel, "edit")

    assert (
        fake_prompts.questions
        and "Take this handoff out of the outbox" in (fake_prompts.questions[-1])
    )
    assert load(services, item).state is ItemState.CANCELLED
    assert window.session.handoff.id == handoff.id
    assert window.session.handoff.summary == handoff.summary
    assert row(panel)[2] == "cancelled"
    assert not panel.buttons["cancel"].isEnabled()


def test_with_no_ticket_system_the_app_still_exports_offline(  # noqa: PLR0917 - pytest injects fixtures by name
    qtbot: Any, make_window: Callable[..., MainWindow], fake_prompts: FakePrompts,
    tmp_path: Path, data_dir: Path, handoff: Handoff,
) -> None:  # fmt: skip
    window = make_window(synchronous=True)
    window.load_handoff(handoff)
    window.wizard.go_to(PageId.REVIEW)
    review = window.wizard.review
    assert review.post_button.text() == "&Add a ticket system in Settings first\u2026"
    fake_prompts.save_to = tmp_path / "vpn.handoff.zip"
    qtbot.mouseClick(review.export_button, Qt.MouseButton.LeftButton)
    assert fake_prompts.errors == []
    assert fake_prompts.exported == [fake_prompts.save_to]
    assert fake_prompts.save_to.is_file()

    qtbot.mouseClick(review.post_button, Qt.MouseButton.LeftButton)
    dialog = window.connections_dialog
    assert dialog is not None and dialog.isVisible(), "the button leads to Settings"
    assert window.post_flow().dialog is None
    assert not (data_dir / "outbox").exists() and not (data_dir / "connections.json").exists()
    dialog.reject()


def load(services: DeliveryServices, item: OutboxItem) -> OutboxItem:
    return services.outbox.load(item.id)


def row(panel: OutboxPanel, index: int = 0) -> tuple[str, ...]:
    cells = [panel.table.item(index, c) for c in range(3)]
    return tuple(cell.text() if cell is not None else "" for cell in cells)


def details(panel: OutboxPanel, index: int = 0) -> QLabel:
    label = panel.table.cellWidget(index, 3)
    assert isinstance(label, QLabel)
    return label


@pytest.mark.usefixtures("memory_keyring")
def test_a_gui_post_with_a_typed_token_leaves_no_secret_in_the_app_log(  # noqa: PLR0917 - pytest injects fixtures by name
    qtbot: Any, make_window: Callable[..., MainWindow], rt: RtServer, ticket: str,
    handoff: Handoff, data_dir: Path,
) -> None:  # fmt: skip
    """The whole GUI path at DEBUG: the token typed at the prompt, a lookup, a post."""
    asked: list[str] = []

    def ask(_parent: QWidget, connection: str, label: str) -> str:
        asked.append(f"{connection}: {label}")
        return rt.token

    store = ConnectionStore()
    store.save(ConnectionProfile(name=NAME, kind="rt", url=rt.url))  # no secret saved
    services = DeliveryServices(store=store, policy=RetryPolicy(sleep=lambda _s: None),
                                ask=ask, probe_ms=HOUR_MS, start_ms=HOUR_MS)  # fmt: skip
    with configured_log(logging.DEBUG) as log_file:
        window = make_window(delivery=services)
        dialog = open_post_dialog(qtbot, window, handoff, ticket)
        click(qtbot, dialog, "post")
        wait_outcome(qtbot, dialog, "Posted")
        written = "".join(p.read_text(encoding="utf-8") for p in log_file.parent.glob("*.log*"))
    assert asked == [f"{NAME}: API token"]
    assert "HTTP Request: POST" in written, "the log did record the post"
    assert rt.token not in written
    assert_on_ticket_once(rt, ticket, handoff)
