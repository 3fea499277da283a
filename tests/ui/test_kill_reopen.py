"""Kill -9 in the middle of typing, then start again: the draft is there and intact.

This is the laptop that dies mid-ticket.  A real app process (``_typing_driver``)
types into the summary on a timer; once the draft on disk holds at least
:data:`MIN_ON_DISK` characters the test SIGKILLs it, mid-keystroke.  Atomic
writes mean the draft is never torn: it is valid and its summary is a prefix of
what was typed, no shorter than what was already on disk.  Then the real start-up
path offers that draft and resumes it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPlainTextEdit

from handoff.drafts import DraftStore
from handoff.ui.app import EXIT_AFTER_SHOWN_ENV, launch, run_gui
from tests.ui._typing_driver import TEXT
from tests.ui.conftest import AUTHOR, FakePrompts

DRIVER = Path(__file__).with_name("_typing_driver.py")
ROOT = Path(__file__).resolve().parents[2]
MIN_ON_DISK = 40


def summary_on_disk(drafts: Path) -> str:
    """The summary of the (only) draft, or "" while there is none or it is mid-rename."""
    for path in drafts.glob("*.json"):
        if path.name.startswith("."):
            continue
        try:
            return str(json.loads(path.read_text(encoding="utf-8"))["summary"])
        except (OSError, ValueError, KeyError):
            return ""
    return ""


@pytest.fixture
def typing_app(data_dir: Path) -> Iterator[subprocess.Popen[str]]:
    env = {**os.environ, "HANDOFF_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [sys.executable, str(DRIVER)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


@pytest.mark.slow
def test_sigkill_mid_typing_keeps_a_valid_draft_and_resumes_it(
    qtbot: Any, typing_app: subprocess.Popen[str], data_dir: Path, fake_prompts: FakePrompts
) -> None:
    drafts = data_dir / "drafts"
    seen = ""

    def enough_on_disk() -> bool:
        nonlocal seen
        assert typing_app.poll() is None, "the app exited on its own"
        seen = summary_on_disk(drafts)
        return len(seen) >= MIN_ON_DISK

    qtbot.waitUntil(enough_on_disk, timeout=60_000)
    typing_app.send_signal(signal.SIGKILL)
    out, _err = typing_app.communicate(timeout=30)
    assert typing_app.returncode == -signal.SIGKILL
    typed = int(out.split()[-1])
    assert typed < len(TEXT), "killed after typing had finished, not mid-typing"

    scan = DraftStore().scan()
    assert scan.problems == []
    assert len(scan.drafts) == 1
    summary = DraftStore().load(scan.drafts[0].handoff_id).summary
    assert TEXT.startswith(summary)
    assert len(seen) <= len(summary) <= typed

    resume_in_the_real_start_up(qtbot, fake_prompts, scan.drafts[0].handoff_id, summary)


def resume_in_the_real_start_up(
    qtbot: Any, fake_prompts: FakePrompts, handoff_id: str, summary: str
) -> None:
    window = launch(store=DraftStore(), prompts=fake_prompts.prompts(), user=lambda: AUTHOR)
    qtbot.addWidget(window)
    dialog = window.start_dialog
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.drafts.topLevelItemCount() == 1
    assert dialog.selected_id() == handoff_id
    qtbot.mouseClick(dialog.resume_button, Qt.MouseButton.LeftButton)
    assert window.session.handoff.id == handoff_id
    edit = window.findChild(QPlainTextEdit, "summary")
    assert edit is not None
    assert edit.toPlainText() == summary
    assert fake_prompts.errors == []


def test_run_gui_starts_and_quits_cleanly_on_an_empty_data_folder(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    """The composition root as ``handoff`` runs it, with the start-up benchmark's exit hook."""
    monkeypatch.setenv(EXIT_AFTER_SHOWN_ENV, "1")
    hook = sys.excepthook
    assert run_gui() == 0
    assert sys.excepthook is hook
    assert DraftStore().scan().drafts == [], "an untouched new handoff is not saved"
    assert not (data_dir / "author.txt").exists(), "the login name needs no remembering"
