"""Bad input in the app: one line, nothing stray on disk, and the window keeps working.

Fills the gaps test_export_open.py, test_autosave.py and test_wizard_walk.py leave:
drafts that cannot be read at start-up, locked / vanishing attachments, a read-only
or full export folder, a read-only drafts folder, and packages that are a zip bomb,
carry an absolute path or lack a listed file.  Tests run as root, so a read-only
folder or a locked file is simulated where the OS would refuse: ``PermissionError``
(EACCES) from the open, or from the temp file of the atomic write.
"""

from __future__ import annotations

import errno
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPlainTextEdit, QPushButton

from handoff import paths
from handoff.drafts import DraftStore
from handoff.example import example_handoff
from handoff.migrations import HandoffFormatError, NewerVersionError, handoff_from_json
from handoff.model import SCHEMA_VERSION
from handoff.package import export_package
from handoff.ui.app import launch
from handoff.ui.main_window import MainWindow
from handoff.ui.package_view import PackageView
from handoff.ui.pages.attachments import AttachmentsPage
from handoff.ui.start_dialog import StartDialog
from handoff.ui.wizard import PageId
from tests.ui.conftest import AUTHOR, FakePrompts
from tests.ui.test_export_open import assert_alive, handoff_with, open_and_fail

WARNING = "\u26a0 "


# -- helpers ---------------------------------------------------------------------------


def summary_of(window: MainWindow) -> QPlainTextEdit:
    edit = window.findChild(QPlainTextEdit, "summary")
    assert edit is not None
    return edit


def saved_summary(path: Path) -> str:
    return str(json.loads(path.read_text(encoding="utf-8"))["summary"])


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def deny(path: Path) -> PermissionError:
    return PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))


def lock_file(monkeypatch: pytest.MonkeyPatch, locked: Path) -> None:
    """``locked`` opens with EACCES, as a file held open by another program on Windows."""
    real_path_open, real_open = Path.open, open

    def path_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == locked:
            raise deny(self)
        return real_path_open(self, *args, **kwargs)

    def builtin_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, os.PathLike)) and Path(file) == locked:
            raise deny(locked)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(Path, "open", path_open)
    monkeypatch.setattr("builtins.open", builtin_open)


def temp_files_in(
    monkeypatch: pytest.MonkeyPatch, folder: Path, *, refuse: bool = False
) -> set[int]:
    """Watch (or, ``refuse``: fail with EACCES) the atomic writer's temp files in ``folder``.

    Only ``folder`` is affected: autosave keeps writing drafts elsewhere meanwhile.
    """
    real_mkstemp = tempfile.mkstemp
    fds: set[int] = set()

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if Path(kwargs.get("dir") or ".") == folder:
            if refuse:
                raise deny(folder / f"{kwargs.get('prefix', '')}xxxx{kwargs.get('suffix', '')}")
            fd, name = real_mkstemp(*args, **kwargs)
            fds.add(fd)
            return fd, name
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr("handoff.atomic.tempfile.mkstemp", mkstemp)
    return fds


class _FullDisk(io.FileIO):
    """Takes 64 KiB, then fails with ENOSPC like a disk filling up."""

    room = 64 * 1024

    def write(self, data: Any) -> int:
        if self.tell() + len(memoryview(data)) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().write(data)


def unsaved(window: MainWindow) -> bool:
    """Whether some change is not on disk (a call, so a type checker does not narrow it)."""
    return window.autosaver.dirty


def attach_with_the_button(qtbot: Any, window: MainWindow, files: list[Path]) -> None:
    """Attach ``files`` as the engineer does: Attachments page, Add files…."""
    window.wizard.go_to(PageId.ATTACHMENTS)
    page = window.findChild(AttachmentsPage)
    assert page is not None
    page.choose_files = lambda: files
    qtbot.mouseClick(page.add_files, Qt.MouseButton.LeftButton)
    assert [a.source for a in window.session.handoff.attachments] == [str(f) for f in files]


def start_up(qtbot: Any, fake: FakePrompts) -> tuple[MainWindow, StartDialog]:
    """Start the app as ``handoff`` does; it offers the drafts folder's contents."""
    window = launch(store=DraftStore(), prompts=fake.prompts(), user=lambda: AUTHOR)
    qtbot.addWidget(window)
    dialog = window.start_dialog
    assert dialog is not None, "nothing was told at start-up"
    qtbot.waitUntil(dialog.isVisible)
    return window, dialog


def problem_lines(dialog: StartDialog) -> list[str]:
    return [label.text() for label in dialog.findChildren(QLabel, "draft_problem")]


def start_new_and_type(qtbot: Any, window: MainWindow, dialog: StartDialog, text: str) -> Path:
    """New handoff from the start dialog, type ``text``; returns the autosaved draft."""
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    with qtbot.waitSignal(window.autosaver.saved, timeout=10_000) as saved:
        qtbot.keyClicks(summary_of(window), text)
    path = Path(saved.args[0])
    assert saved_summary(path) == text
    return path


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    path = tmp_path / "src" / "PanGPS.log"
    path.parent.mkdir()
    path.write_text("09:14 Authentication failed: user not in allowed group\n")
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def package(evidence: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "received"
    folder.mkdir()
    return export_package(handoff_with(evidence), folder / "good.handoff.zip").path


# -- drafts at start-up ----------------------------------------------------------------


def test_corrupt_draft_at_start_up_is_set_aside_unchanged_and_told_in_one_line(
    qtbot: Any, fake_prompts: FakePrompts
) -> None:
    corrupt = paths.drafts_dir() / "0badc0de.json"
    data = b'{"schema_version": 1, "summary": "half a sentence when the battery d'
    corrupt.write_bytes(data)
    with pytest.raises(HandoffFormatError) as expected:
        handoff_from_json(data)

    window, dialog = start_up(qtbot, fake_prompts)
    [moved] = paths.quarantine_dir().iterdir()
    assert moved.read_bytes() == data
    assert not corrupt.exists()
    assert problem_lines(dialog) == [
        f"{WARNING}0badc0de.json: {expected.value} \u2014 moved to {moved}"
    ]
    assert fake_prompts.errors == []

    draft = start_new_and_type(qtbot, window, dialog, "a fresh start")
    assert list(paths.quarantine_dir().iterdir()) == [moved]
    assert moved.read_bytes() == data
    assert list(paths.drafts_dir().iterdir()) == [draft]


def test_newer_version_draft_at_start_up_is_told_and_never_touched(
    qtbot: Any, fake_prompts: FakePrompts
) -> None:
    future = example_handoff()
    newer = paths.drafts_dir() / f"{future.id}.json"
    data = future.to_json().replace(
        f'"schema_version": {SCHEMA_VERSION}', f'"schema_version": {SCHEMA_VERSION + 1}'
    )
    assert data != future.to_json()
    newer.write_text(data, encoding="utf-8")
    os.utime(newer, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    before = (newer.read_bytes(), newer.stat().st_mtime_ns)
    reason = str(NewerVersionError(SCHEMA_VERSION + 1))

    window, dialog = start_up(qtbot, fake_prompts)
    assert problem_lines(dialog) == [f"{WARNING}{newer.name}: {reason}"]
    assert dialog.drafts.topLevelItemCount() == 0
    assert (newer.read_bytes(), newer.stat().st_mtime_ns) == before

    draft = start_new_and_type(qtbot, window, dialog, "my own draft")
    qtbot.keyClicks(summary_of(window), ", saved again")
    window.save_now()
    assert window.close()
    assert saved_summary(draft) == "my own draft, saved again"
    assert (newer.read_bytes(), newer.stat().st_mtime_ns) == before
    assert sorted(paths.drafts_dir().iterdir()) == sorted([newer, draft])
    assert list(paths.quarantine_dir().iterdir()) == []
    assert fake_prompts.errors == []


# -- export ----------------------------------------------------------------------------


def test_locked_attachment_blocks_export_with_one_line(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    fake_prompts: FakePrompts,
    *,
    monkeypatch: pytest.MonkeyPatch,
    evidence: Path,
    out: Path,
) -> None:
    fake_prompts.save_to = out / "locked.handoff.zip"
    window = make_window()
    window.session.replace(example_handoff())
    attach_with_the_button(qtbot, window, [evidence])
    lock_file(monkeypatch, evidence)
    window.export()
    assert fake_prompts.errors == [
        "Not exported: attachments missing or unreadable: "
        f"PanGPS.log: cannot be read: {evidence} (Permission denied)"
    ]
    assert fake_prompts.questions == []
    assert window.exporter.worker is None
    assert list(out.iterdir()) == []
    assert_alive(qtbot, window)


def test_attachment_vanishing_during_export_is_one_line_and_leaves_nothing(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    fake_prompts: FakePrompts,
    evidence: Path,
    out: Path,
) -> None:
    """Present when added and when Export is pressed, gone before the worker reads it."""
    second = evidence.with_name("ipconfig.txt")
    second.write_text("IPv4 Address. . . . . . . . . . . : 10.20.0.57\n")
    fake_prompts.save_to = out / "vanished.handoff.zip"
    window = make_window(synchronous=True)
    window.session.replace(example_handoff())
    attach_with_the_button(qtbot, window, [evidence, second])
    window.exporter.progress.connect(lambda _done, _total: second.unlink(missing_ok=True))
    with qtbot.waitSignal(window.exporter.message, timeout=30_000) as message:
        window.export()
    assert message.args == ["Export failed"]
    assert fake_prompts.errors == [
        f"Export failed: 1 attachment missing or unreadable: ipconfig.txt: file not found: {second}"
    ]
    assert fake_prompts.exported == []
    assert list(out.iterdir()) == []
    assert_alive(qtbot, window)


def test_read_only_export_folder_is_one_line_and_writes_nothing(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    fake_prompts: FakePrompts,
    *,
    monkeypatch: pytest.MonkeyPatch,
    evidence: Path,
    out: Path,
    tmp_path: Path,
) -> None:
    target = out / "read-only.handoff.zip"
    fake_prompts.save_to = target
    window = make_window()
    window.session.replace(handoff_with(evidence))
    temp_files_in(monkeypatch, out, refuse=True)
    before = files_under(tmp_path)
    window.export()
    qtbot.waitUntil(lambda: bool(fake_prompts.errors), timeout=30_000)
    assert fake_prompts.errors == [f"Export failed: cannot write {target}: Permission denied"]
    assert fake_prompts.exported == []
    assert list(out.iterdir()) == []
    assert files_under(tmp_path) == before
    assert_alive(qtbot, window)


def test_full_disk_during_export_is_one_line_and_leaves_no_half_package(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    fake_prompts: FakePrompts,
    *,
    monkeypatch: pytest.MonkeyPatch,
    evidence: Path,
    out: Path,
) -> None:
    evidence.write_bytes(os.urandom(256 * 1024))  # more than the disk takes
    target = out / "full.handoff.zip"
    fake_prompts.save_to = target
    window = make_window()
    window.session.replace(handoff_with(evidence))
    in_out = temp_files_in(monkeypatch, out)
    real_fdopen = os.fdopen

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if fd in in_out:
            return io.BufferedWriter(_FullDisk(fd, "wb"))
        return real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr("handoff.atomic.os.fdopen", fdopen)
    window.export()
    qtbot.waitUntil(lambda: bool(fake_prompts.errors), timeout=30_000)
    assert fake_prompts.errors == [f"Export failed: cannot write {target}: No space left on device"]
    assert in_out, "the export never reached the disk"
    assert list(out.iterdir()) == []
    assert_alive(qtbot, window)


# -- autosave --------------------------------------------------------------------------


def test_autosave_into_a_read_only_drafts_folder_warns_keeps_the_text_and_recovers(
    qtbot: Any, make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    window = make_window()
    edit = summary_of(window)
    with qtbot.waitSignal(window.autosaver.saved, timeout=10_000) as saved:
        qtbot.keyClicks(edit, "first words")
    draft = Path(saved.args[0])
    with monkeypatch.context() as patch:
        temp_files_in(patch, window.store.folder, refuse=True)
        with qtbot.waitSignal(window.autosaver.failed, timeout=10_000) as failed:
            qtbot.keyClicks(edit, " and more")
        assert failed.args == ["could not save the draft: Permission denied"]
        assert window.save_status.text() == "Could not save the draft: Permission denied"
        [warning] = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
        assert "\n" not in warning.text()
        assert "Permission denied" in warning.text()
        assert not warning.isModal()
        assert window.session.handoff.summary == "first words and more"
        assert saved_summary(draft) == "first words", "the previous draft stays intact"
        assert list(window.store.folder.iterdir()) == [draft], "no temp file left"
        assert unsaved(window)
    with qtbot.waitSignal(window.autosaver.saved, timeout=10_000) as saved:
        qtbot.keyClicks(edit, "!")
    assert Path(saved.args[0]) == draft
    assert saved_summary(draft) == "first words and more!"
    assert window.save_status.text().startswith("Saved ")
    assert not unsaved(window)
    qtbot.mouseClick(warning.button(QMessageBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


# -- opening packages ------------------------------------------------------------------


def test_zip_bomb_package_is_refused_in_one_line(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    fake_prompts: FakePrompts,
    package: Path,
    tmp_path: Path,
) -> None:
    bomb = package.with_name("bomb.handoff.zip")
    bomb.write_bytes(package.read_bytes())
    with zipfile.ZipFile(bomb, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("attachments/zeros.bin", bytes(8 * 1024 * 1024))
    before = files_under(tmp_path.parent)
    window = make_window()
    message = open_and_fail(qtbot, window, fake_prompts, bomb)
    assert message == (
        "Could not open bomb.handoff.zip: refused: entry 'attachments/zeros.bin' "
        "expands more than 200:1 (zip bomb?)"
    )
    assert files_under(tmp_path.parent) == before


def test_absolute_path_in_package_is_refused_and_nothing_is_written(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    fake_prompts: FakePrompts,
    package: Path,
    tmp_path: Path,
) -> None:
    escaped = tmp_path / "escaped-absolute.txt"
    name = escaped.as_posix()
    with zipfile.ZipFile(package, "a") as zf:
        zf.writestr(zipfile.ZipInfo(name), b"owned")
    before = files_under(tmp_path.parent)
    window = make_window()
    message = open_and_fail(qtbot, window, fake_prompts, package)
    assert message == (
        f"Could not open good.handoff.zip: unsafe entry {name!r} in the package: absolute path"
    )
    assert not escaped.exists()
    assert files_under(tmp_path.parent) == before


def test_package_missing_a_listed_file_is_shown_and_continues_without_it(
    qtbot: Any,
    make_window: Callable[..., MainWindow],
    fake_prompts: FakePrompts,
    package: Path,
    data_dir: Path,
) -> None:
    crafted = package.with_name("missing.handoff.zip")
    with zipfile.ZipFile(package) as old, zipfile.ZipFile(crafted, "w") as new:
        for info in old.infolist():
            if info.filename != "attachments/PanGPS.log":
                new.writestr(info, old.read(info))
    window = make_window()
    with qtbot.waitSignal(window.opener.viewed, timeout=30_000) as viewed:
        window.open_package(crafted)
    view: PackageView = viewed.args[0]
    lines = [view.verification.item(i) for i in range(view.verification.count())]
    assert [item.text() for item in lines] == [
        "\u2716 attachments/PanGPS.log: listed in the manifest but missing"
    ]
    assert lines[0].foreground().color().name() == "#b00020"
    button = view.continue_button
    assert isinstance(button, QPushButton)
    with qtbot.waitSignal(window.opener.continued, timeout=30_000) as continued:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert fake_prompts.questions == ["This package failed verification. Continue it anyway?"]
    assert fake_prompts.errors == []
    new = continued.args[0]
    assert [(a.name, a.source) for a in new.attachments] == [("PanGPS.log", None)]
    assert window.session.handoff.id == new.id
    assert list(paths.draft_files_dir(new.id).iterdir()) == []
    assert files_under(data_dir / "draft-files") == set()
