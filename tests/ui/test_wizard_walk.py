"""An engineer's whole session, driven through real widgets.

Fill all eight pages with the keyboard and mouse, attach a file by a real drop,
export from the Review page (the save path and the "export anyway?" answer are
injected, never raced with timers), verify the zip, then open it as the next
technician and continue it into a new draft.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTableView,
    QWidget,
    QWizard,
)

from handoff.drafts import DraftStore
from handoff.model import SCHEMA_VERSION, Handoff, Step, StepKind
from handoff.package import open_package, verify_package
from handoff.ui.main_window import MainWindow
from handoff.ui.package_view import PackageView
from handoff.ui.wizard import PageId
from tests.ui.conftest import AUTHOR, FakePrompts

SUMMARY = (
    "VPN auth fails after MFA for one user since Monday. Found: gateway and DNS fine, "
    "account not in VPN-Users. Waiting on networking to confirm."
)


def find(window: QWidget, kind: type[Any], name: str) -> Any:
    widget = window.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name!r}"
    return widget


def click(qtbot: Any, button: QAbstractButton) -> None:
    """Click where a person would: a check box or radio only reacts on its box or text."""
    where = button.rect().center()
    if isinstance(button, (QCheckBox, QRadioButton)):
        where.setX(min(8, where.x()))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=where)


def click_next(qtbot: Any, window: MainWindow, expected: PageId) -> None:
    click(qtbot, window.wizard.button(QWizard.WizardButton.NextButton))
    assert window.wizard.currentId() == expected


def press_mnemonic(qtbot: Any, window: MainWindow, key: Qt.Key, expected: PageId) -> None:
    """Alt+<letter> on the wizard's buttons; Qt "animates" the click, so wait for the page."""
    qtbot.keyClick(QApplication.focusWidget() or window, key, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: window.wizard.currentId() == expected)


def type_in_cell(qtbot: Any, table: QTableView, text: str) -> None:
    """Type into the cell editor the page opened, then commit it with Enter."""
    editor = table.viewport().findChild(QLineEdit)
    assert editor is not None, "the page did not open a cell editor"
    index = table.currentIndex()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # Qt commits an item editor through a queued call: wait for it, not for a time.
    qtbot.waitUntil(lambda: index.data() == text)


def drop_files(page: QWidget, files: list[Path]) -> None:
    """A real drag-enter + drop with file URLs, as the file manager sends them."""
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(f)) for f in files])
    where = QPointF(page.rect().center())
    enter = QDragEnterEvent(
        where.toPoint(), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(page, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        where, Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )  # fmt: skip
    QApplication.sendEvent(page, drop)
    assert drop.isAccepted()


def fill_ticket(qtbot: Any, window: MainWindow) -> None:
    """Click into the first field, then type and Tab through the page like a person."""
    qtbot.mouseClick(find(window, QLineEdit, "ticket_id"), Qt.MouseButton.LeftButton)
    for name, text in (
        ("ticket_id", "T-31337"),
        ("ticket_title", "VPN fails for remote user"),
        ("ticket_client", "Contoso Dental"),
        ("ticket_site", "Main office"),
        ("ticket_contact", "Maria Lopez, +1 555 0142"),
        ("author", ""),  # prefilled with the engineer's name
        ("summary", SUMMARY),
    ):
        focused = QApplication.focusWidget()
        assert focused is not None
        assert focused.objectName() == name
        qtbot.keyClicks(focused, text)
        if name != "summary":
            qtbot.keyClick(focused, Qt.Key.Key_Tab)


def fill_steps_to_remaining(qtbot: Any, window: MainWindow) -> None:
    click(qtbot, find(window, QPushButton, "preset_ping"))
    type_in_cell(qtbot, find(window, QTableView, "steps_table"), "Replies, 0% loss, 24 ms")
    click_next(qtbot, window, PageId.ROOT_CAUSE)
    click(qtbot, find(window, QRadioButton, "certainty_suspected"))
    qtbot.keyClicks(
        find(window, QPlainTextEdit, "root_cause_text"),
        "Removed from the VPN-Users group in Monday's clean-up.",
    )
    click_next(qtbot, window, PageId.REMAINING)
    click(qtbot, find(window, QPushButton, "remaining_add"))
    type_in_cell(qtbot, find(window, QTableView, "remaining_table"), "Confirm on the gateway log")
    click(qtbot, find(window, QCheckBox, "no_blockers"))


def fill_status(qtbot: Any, window: MainWindow) -> None:
    click(qtbot, find(window, QRadioButton, "status_waiting_on_escalation"))
    for name in ("assignee_kind", "priority"):
        combo = find(window, QComboBox, name)
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Down)  # keyboard choice of the first real entry
    qtbot.keyClicks(find(window, QLineEdit, "assignee_mention"), "netops")


def walk_and_fill(qtbot: Any, window: MainWindow, evidence: Path) -> None:
    wizard = window.wizard
    assert wizard.currentId() == PageId.TICKET
    fill_ticket(qtbot, window)
    press_mnemonic(qtbot, window, Qt.Key.Key_N, PageId.STEPS)
    fill_steps_to_remaining(qtbot, window)
    click_next(qtbot, window, PageId.ATTACHMENTS)
    drop_files(wizard.currentPage(), [evidence])
    assert [a.name for a in window.session.handoff.attachments] == [evidence.name]
    click_next(qtbot, window, PageId.STATUS)
    fill_status(qtbot, window)
    click_next(qtbot, window, PageId.NOTIFY)
    click_next(qtbot, window, PageId.REVIEW)
    press_mnemonic(qtbot, window, Qt.Key.Key_B, PageId.NOTIFY)
    click(qtbot, wizard.button(QWizard.WizardButton.BackButton))
    assert wizard.currentId() == PageId.STATUS
    press_mnemonic(qtbot, window, Qt.Key.Key_N, PageId.NOTIFY)
    click_next(qtbot, window, PageId.REVIEW)


def test_walk_export_open_continue(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    fake_prompts: FakePrompts,
    tmp_path: Path,
) -> None:
    evidence = tmp_path / "PanGPS.log"
    evidence.write_text("09:14 Authentication failed: user not in allowed group\n")
    window = make_window()
    walk_and_fill(qtbot, window, evidence)
    original = window.session.handoff.model_copy(deep=True)
    preview = window.wizard.review.preview.toPlainText()
    assert "T-31337" in preview
    assert "Confirm on the gateway log" in preview

    fake_prompts.save_to = tmp_path / "out" / "handoff.handoff.zip"
    fake_prompts.save_to.parent.mkdir()
    with qtbot.waitSignal(window.exporter.exported, timeout=30_000) as exported:
        click(qtbot, window.wizard.review.export_button)
    package = Path(exported.args[0])
    assert package == fake_prompts.save_to
    assert verify_package(package) == []
    assert fake_prompts.errors == []
    assert fake_prompts.exported == [package]
    assert package.name in window.export_status.text()
    check_override(package, fake_prompts, window)
    assert window.store.path_for(original.id).is_file(), "the draft stays after export"

    continue_from(qtbot, window, package, original)


def check_override(package: Path, fake_prompts: FakePrompts, window: MainWindow) -> None:
    """Unresolved findings were confirmed once and recorded, by whom, in the package."""
    findings = window.session.findings
    override = open_package(package).manifest.package.lint_override
    if not findings:
        assert override is None
        return
    assert fake_prompts.questions == [f"Export with {len(findings)} unresolved problem(s)?"]
    assert override is not None
    assert override.confirmed_by == AUTHOR
    assert override.findings == [f.one_line() for f in findings]


def continue_from(qtbot: Any, window: MainWindow, package: Path, original: Handoff) -> None:
    with qtbot.waitSignal(window.opener.viewed, timeout=30_000) as viewed:
        window.open_package(package)
    view: PackageView = viewed.args[0]
    files = len(open_package(package).manifest.package.files)
    verification = [view.verification.item(i).text() for i in range(view.verification.count())]
    assert verification == [f"\u2714 All {files} file(s) verified"]
    assert view.history.count() == 1
    with qtbot.waitSignal(window.autosaver.saved, timeout=30_000) as saved:
        click(qtbot, view.continue_button)
    continued = window.session.handoff
    assert continued.id != original.id
    assert Path(saved.args[0]) == window.store.path_for(continued.id)
    assert [(e.by, e.handoff_id) for e in continued.history] == [(AUTHOR, original.id)]
    assert window.wizard.currentId() == PageId.TICKET
    assert find(window, QPlainTextEdit, "summary").toPlainText() == SUMMARY
    assert_same_fields(continued, original)
    reloaded = DraftStore().load(continued.id)
    assert_same_fields(reloaded, original)


def assert_same_fields(continued: Handoff, original: Handoff) -> None:
    skip = {"id", "history", "attachments", "created_at", "updated_at", "author"}
    assert continued.model_dump(exclude=skip) == original.model_dump(exclude=skip)
    assert continued.author == AUTHOR
    assert [(a.name, a.size, a.note) for a in continued.attachments] == [
        (a.name, a.size, a.note) for a in original.attachments
    ]
    for attachment in continued.attachments:
        assert attachment.source is not None
        assert Path(attachment.source).read_text().startswith("09:14")


def click_item(qtbot: Any, view: QListWidget, item: QListWidgetItem) -> None:
    rect = view.visualItemRect(item)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_findings_and_the_step_list_jump_to_their_page(
    qtbot: Any, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    wizard = window.wizard
    wizard.go_to(PageId.REVIEW)
    review = wizard.review
    items = [review.findings_list.item(i) for i in range(review.findings_list.count())]
    assert len(items) == len(window.session.findings) > 0
    status_item = next(i for i in items if i.data(Qt.ItemDataRole.UserRole) == "status")
    click_item(qtbot, review.findings_list, status_item)
    assert wizard.currentId() == PageId.STATUS
    click(qtbot, wizard.button(QWizard.WizardButton.BackButton))
    assert wizard.currentId() == PageId.ATTACHMENTS, "Back is the previous step, not history"
    steps = find(window, QListWidget, "page_list")
    click_item(qtbot, steps, steps.item(PageId.ROOT_CAUSE))
    assert wizard.currentId() == PageId.ROOT_CAUSE
    assert steps.currentRow() == PageId.ROOT_CAUSE


def test_start_offers_drafts_and_tells_each_problem_in_one_line(
    qtbot: Any, make_window: Callable[..., MainWindow], data_dir: Path
) -> None:
    store = DraftStore()
    kept = Handoff(summary="resume me")
    kept.ticket.id = "T-7"
    store.save(kept)
    (store.folder / "0badc0de.json").write_text("{ not json", encoding="utf-8")
    newer = Handoff()
    (store.folder / f"{newer.id}.json").write_text(
        newer.to_json().replace(f'"schema_version": {SCHEMA_VERSION}', '"schema_version": 99'),
        encoding="utf-8",
    )
    window = make_window(store=store)
    dialog = window.offer_drafts(only_if_any=True)
    assert dialog is not None
    assert dialog.drafts.topLevelItemCount() == 1
    row = dialog.drafts.topLevelItem(0)
    assert row is not None
    assert row.text(0) == "T-7"
    problems = [label.text() for label in dialog.findChildren(QLabel, "draft_problem")]
    assert len(problems) == 2
    assert all("\n" not in line for line in problems)
    assert any(
        line.startswith("\u26a0 0badc0de.json: ") and "moved to" in line for line in problems
    )
    assert (store.folder / f"{newer.id}.json").exists(), "a newer version's draft is left alone"
    click(qtbot, dialog.new_button)
    assert not dialog.isVisible()
    assert window.session.handoff.id != kept.id
    assert window.session.handoff.author == AUTHOR


def test_typing_starts_in_the_first_field_of_each_page(
    make_window: Callable[..., MainWindow], qtbot: Any
) -> None:
    """An engineer who opens the app and types fills the ticket id, not the page list."""
    window = make_window()
    wizard = window.wizard
    ticket_id = window.findChild(QLineEdit, "ticket_id")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is ticket_id)
    qtbot.keyClicks(QApplication.focusWidget(), "T-555")
    assert window.session.handoff.ticket.id == "T-555"
    wizard.go_to(PageId.ROOT_CAUSE)
    focused = QApplication.focusWidget()
    assert focused is not None and wizard.currentPage().isAncestorOf(focused)


def test_going_back_shows_what_a_tool_added_meanwhile(
    make_window: Callable[..., MainWindow],
) -> None:
    """A network test run from the attachments page adds a step; Back must show it."""
    window = make_window()
    wizard = window.wizard
    wizard.go_to(PageId.ATTACHMENTS)
    window.session.handoff.steps_taken.append(
        Step(kind=StepKind.TEST, action="TCP connect to the VPN gateway", result="refused")
    )
    window.session.mark_changed()
    wizard.go_to(PageId.STEPS)
    table = window.findChild(QTableView, "steps_table")
    assert table is not None
    model = table.model()
    texts = [model.index(row, 1).data() for row in range(model.rowCount())]
    assert "TCP connect to the VPN gateway" in texts
