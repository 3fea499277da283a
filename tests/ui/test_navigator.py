"""The side panel: drafts to resume, recent packages to reopen, the outbox; all by keyboard."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget, QPushButton

from handoff import paths
from handoff.delivery.outbox import Outbox
from handoff.drafts import DraftStore
from handoff.example import example_handoff
from handoff.model import Handoff, utc_now
from handoff.package import export_package
from handoff.recent import Action, RecentPackages
from handoff.ui import theme
from handoff.ui.main_window import MainWindow
from handoff.ui.navigator import Section
from handoff.ui.package_view import PackageView
from tests.ui.conftest import FakePrompts

ROOT = Path(__file__).resolve().parents[2]


def saved_draft(store: DraftStore, ticket: str, title: str, minutes_ago: int = 0) -> Handoff:
    handoff = Handoff(summary=f"work on {ticket}")
    handoff.ticket.id, handoff.ticket.title = ticket, title
    handoff.updated_at = utc_now() - timedelta(minutes=minutes_ago)
    store.save(handoff)
    return handoff


def lines(widget: QListWidget) -> list[str]:
    return [widget.item(row).text() for row in range(widget.count())]


def press(
    qtbot: Any, widget: Any, key: Qt.Key, modifier: Any = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(widget, key, modifier)


# -- drafts ------------------------------------------------------------------------------


def test_drafts_are_listed_and_enter_resumes_one(
    make_window: Callable[..., MainWindow], qtbot: Any
) -> None:
    store = DraftStore()
    older = saved_draft(store, "T-7", "VPN drops", minutes_ago=30)
    newer = saved_draft(store, "T-9", "Printer offline")
    window = make_window(store=store)
    window.list_drafts()
    drafts = window.navigator.drafts
    assert [line.split("\n")[0] for line in lines(drafts.list)] == [
        "T-9 \u2014 Printer offline", "T-7 \u2014 VPN drops",
    ]  # fmt: skip
    press(qtbot, window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is drafts.list
    press(qtbot, drafts.list, Qt.Key.Key_Down)
    press(qtbot, drafts.list, Qt.Key.Key_Return)
    assert window.session.handoff.id == older.id
    current = drafts.list.item(1)
    assert current.text().split("\n")[1].startswith("editing now")
    assert current.font().weight() == QFont.Weight.Bold
    assert not drafts.buttons["nav_resume"].isEnabled(), "the draft being edited is not resumed"
    drafts.list.setCurrentRow(0)
    qtbot.mouseClick(drafts.buttons["nav_resume"], Qt.MouseButton.LeftButton)
    assert window.session.handoff.id == newer.id


def test_a_new_handoff_appears_once_autosaved_and_follows_the_ticket_field(
    make_window: Callable[..., MainWindow], qtbot: Any
) -> None:
    window = make_window()
    window.list_drafts()
    drafts = window.navigator.drafts
    assert drafts.list.count() == 0 and drafts.empty.isVisibleTo(window)
    ticket = window.findChild(QLineEdit, "ticket_id")
    assert ticket is not None
    with qtbot.waitSignal(window.autosaver.saved, timeout=10_000):
        qtbot.keyClicks(ticket, "T-42")
        window.save_now()
    [line] = lines(drafts.list)
    assert line.startswith("T-42 \u2014 (no title yet)\nediting now")
    qtbot.mouseClick(drafts.buttons["nav_new"], Qt.MouseButton.LeftButton)
    assert window.session.handoff.ticket.id == ""
    assert not lines(drafts.list)[0].split("\n")[1].startswith("editing"), "no longer edited"


def test_set_aside_drafts_are_told_in_the_panel_and_stay_told_after_a_rescan(
    make_window: Callable[..., MainWindow], data_dir: Path
) -> None:
    store = DraftStore()
    saved_draft(store, "T-1", "kept")
    (store.folder / "0badc0de.json").write_text("{ not json", encoding="utf-8")
    window = make_window(store=store)
    window.list_drafts()
    problems = window.navigator.drafts.problems
    assert problems.isVisibleTo(window)
    assert problems.text().startswith("\u26a0 0badc0de.json: ")
    assert "moved to" in problems.text()
    assert problems.styleSheet() == theme.error_style()
    window.actions_by_name["drafts"].trigger()  # File -> Drafts…: a rescan finds it gone
    assert "0badc0de.json" in problems.text(), "told once by the store, kept by the panel"
    assert QApplication.focusWidget() is window.navigator.drafts.list


# -- recent packages ---------------------------------------------------------------------


def test_exported_and_opened_packages_are_listed_newest_first_and_reopen(
    make_window: Callable[..., MainWindow], qtbot: Any, fake_prompts: FakePrompts, tmp_path: Path
) -> None:
    received = export_package(example_handoff(), tmp_path / "received.handoff.zip").path
    fake_prompts.save_to = tmp_path / "mine.handoff.zip"
    window = make_window(synchronous=True, progress_delay_ms=0)
    window.session.handoff.ticket.id = "T-55"
    window.session.handoff.ticket.title = "Mail stuck"
    with qtbot.waitSignal(window.exporter.exported, timeout=30_000):
        window.export()
    with qtbot.waitSignal(window.opener.viewed, timeout=30_000):
        window.open_package(received)
    recent = window.navigator.recent
    ticket = example_handoff().ticket
    assert [line.split("\n")[0] for line in lines(recent.list)] == [
        f"{ticket.id} \u2014 {ticket.title}", "T-55 \u2014 Mail stuck",
    ]  # fmt: skip
    assert lines(recent.list)[1].split("\n")[1].startswith("exported ")
    assert [e.path for e in RecentPackages().load()] == [received, fake_prompts.save_to]
    for view in window.findChildren(PackageView):
        view.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    press(qtbot, window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.navigator.section() is Section.RECENT
    assert QApplication.focusWidget() is recent.list
    press(qtbot, recent.list, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.opener.viewed, timeout=30_000) as viewed:
        press(qtbot, recent.list, Qt.Key.Key_Return)
    assert viewed.args[0].opened.path == fake_prompts.save_to
    assert RecentPackages().load()[0].path == fake_prompts.save_to, "moved to the top"


def test_a_deleted_package_shows_as_missing_and_delete_removes_it(
    make_window: Callable[..., MainWindow], qtbot: Any, fake_prompts: FakePrompts, tmp_path: Path
) -> None:
    gone = export_package(example_handoff(), tmp_path / "gone.handoff.zip").path
    RecentPackages().add(gone, ticket_id="T-3", title="Old", action=Action.EXPORTED)
    gone.unlink()
    window = make_window(synchronous=True, progress_delay_ms=0)
    recent = window.navigator.recent
    [line] = lines(recent.list)
    assert line.split("\n")[1].startswith("missing \u00b7 exported")
    assert recent.list.item(0).foreground().color() == theme.error_color()
    window.panel.reveal(Section.RECENT)
    press(qtbot, recent.list, Qt.Key.Key_Return)
    assert str(gone) in recent.note.text() and recent.note.isVisibleTo(window)
    assert not window.findChildren(PackageView) and fake_prompts.errors == []
    press(qtbot, recent.list, Qt.Key.Key_Delete)
    assert recent.list.count() == 0
    assert RecentPackages().load() == []


# -- outbox --------------------------------------------------------------------------------


def test_the_outbox_is_read_when_first_shown_and_opens_the_panel_on_the_item(
    make_window: Callable[..., MainWindow], qtbot: Any
) -> None:
    item = Outbox().add_draft(Handoff(summary="to post"), connection="rt-main", ticket_id="77")
    window = make_window()
    outbox = window.navigator.outbox
    assert not outbox.loaded, "nothing read at start-up"
    press(qtbot, window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert outbox.loaded
    [line] = lines(outbox.list)
    assert line.startswith("77 \u2014 rt-main\nqueued")
    press(qtbot, outbox.list, Qt.Key.Key_Return)
    panel = window.outbox_panel
    assert panel is not None and panel.isVisible()
    selected = panel.selected()
    assert selected is not None and selected.id == item.id
    panel.close()


class FakeRunner(QObject):
    """The two signals the section follows, as the outbox runner emits them."""

    changed = Signal(str)
    progress = Signal(object)


def test_the_outbox_section_follows_the_runners_changes_and_progress(
    make_window: Callable[..., MainWindow], qtbot: Any
) -> None:
    window = make_window()
    outbox = window.navigator.outbox
    runner = FakeRunner(window)
    outbox.follow(runner)  # type: ignore[arg-type]  # duck-typed: the same two signals
    runner.changed.emit("nothing-read-yet")
    assert not outbox.loaded, "a change before the section was shown reads nothing"
    window.panel.reveal(Section.OUTBOX)
    assert outbox.list.count() == 0
    assert outbox.note.text() == "Nothing waiting to be posted."
    item = Outbox().add_draft(Handoff(summary="later"), connection="rt-main", ticket_id="8")
    runner.changed.emit(item.id)
    assert lines(outbox.list)[0].startswith("8 \u2014 rt-main\nqueued")
    runner.progress.emit(SimpleNamespace(item_id=item.id, done=1, total=3))
    assert "queued, 1 of 3 steps done" in lines(outbox.list)[0]


def test_start_up_reads_no_outbox_and_imports_no_http_code(data_dir: Path) -> None:
    """The window as launched, in a fresh process: the outbox and httpx stay unimported."""
    script = textwrap.dedent("""
        import sys
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
        from handoff.ui.app import launch
        window = launch()
        app.processEvents()
        bad = [m for m in ("httpx", "handoff.delivery.outbox", "handoff.delivery.connectors")
               if m in sys.modules]
        window.close()
        print(bad)
    """)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", paths.DATA_DIR_ENV: str(data_dir)}
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# -- keyboard and accessibility ------------------------------------------------------------


def test_every_list_and_button_in_the_panel_is_named_and_has_a_mnemonic(
    make_window: Callable[..., MainWindow],
) -> None:
    navigator = make_window().navigator
    for widget in navigator.findChildren(QListWidget):
        assert widget.accessibleName() and widget.accessibleDescription(), widget.objectName()
    for button in navigator.findChildren(QPushButton):
        assert "&" in button.text() and button.accessibleDescription(), button.objectName()
    assert all("&" in navigator.tabText(i) for i in range(navigator.count()))


def test_the_tabs_mnemonics_switch_sections(
    make_window: Callable[..., MainWindow], qtbot: Any
) -> None:
    window = make_window()
    for key, section in ((Qt.Key.Key_E, Section.RECENT), (Qt.Key.Key_U, Section.OUTBOX),
                         (Qt.Key.Key_D, Section.DRAFTS)):  # fmt: skip
        press(qtbot, window, key, Qt.KeyboardModifier.AltModifier)
        assert window.navigator.section() is section
