"""The Help menu: F1 help for the page on screen, shortcuts, diagnostics, About."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from handoff import __version__
from handoff.resources import read_text
from handoff.ui.help_window import HelpWindow, topic_for
from handoff.ui.main_window import MainWindow
from handoff.ui.wizard import PageId
from tests.ui.conftest import FakePrompts


def shown_help(window: MainWindow) -> HelpWindow:
    found = window.findChild(HelpWindow, "help_window")
    assert found is not None and found.isVisible()
    return found


@pytest.mark.parametrize("page", list(PageId))
def test_every_page_has_help_that_shows_a_good_entry(page: PageId) -> None:
    text = read_text("help", f"{topic_for(page)}.md")
    assert text.startswith("# ") and "What this step asks for" in text
    assert len(text) > 400


def test_f1_opens_help_for_the_page_on_screen(
    qtbot: Any, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    help_window = shown_help(window)
    assert help_window.topic == "ticket"
    assert "Ticket & summary" in help_window.browser.toPlainText()

    window.wizard.go_to(PageId.STEPS)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.findChildren(HelpWindow) == [help_window], "one help window, re-targeted"
    text = help_window.browser.toPlainText()
    assert help_window.topic == "steps" and "ping 10.0.0.1 from the user's laptop" in text
    assert "Keyboard shortcuts" in text, "the shortcuts follow the page's help"
    qtbot.keyClick(help_window, Qt.Key.Key_Escape)
    assert not help_window.isVisible()


def test_the_shortcuts_list_names_the_windows_own_shortcuts(
    qtbot: Any, make_window: Callable[..., MainWindow]
) -> None:
    window = make_window()
    window.actions_by_name["shortcuts"].trigger()
    text = shown_help(window).browser.toPlainText()
    assert "F1" in text and "Ctrl+S" in text and "Save draft" in text and "Ctrl+E" in text
    assert "Ticket & summary" not in text


def test_the_menu_has_the_four_entries_with_mnemonics(
    make_window: Callable[..., MainWindow],
) -> None:
    window = make_window()
    actions = window.actions_by_name
    assert all("&" in actions[name].text() for name in ("help", "shortcuts", "diagnostics",
                                                        "about"))  # fmt: skip
    assert "F1" in [key.toString() for key in actions["help"].shortcuts()]
    assert window.menuBar().actions()[-1].text() == "&Help", "Help is the last menu"


def test_save_diagnostics_from_the_menu(
    make_window: Callable[..., MainWindow], fake_prompts: FakePrompts, tmp_path: Path
) -> None:
    window = make_window()
    fake_prompts.save_to = tmp_path / "d.zip"
    window.actions_by_name["diagnostics"].trigger()
    with zipfile.ZipFile(tmp_path / "d.zip") as archive:
        versions = json.loads(archive.read("versions.json"))
    assert versions["Qt"].startswith("6.") and versions["Qt platform"] == "offscreen"
    assert fake_prompts.errors == []
    assert "Diagnostics saved to" in window.statusBar().currentMessage()


def test_a_failed_diagnostics_write_is_one_line(
    make_window: Callable[..., MainWindow], fake_prompts: FakePrompts, tmp_path: Path
) -> None:
    window = make_window()
    (tmp_path / "a-file").write_text("x")
    fake_prompts.save_to = tmp_path / "a-file" / "d.zip"
    window.actions_by_name["diagnostics"].trigger()
    [error] = fake_prompts.errors
    assert error.startswith("Could not save the diagnostics: ")


def test_about_names_versions_and_folders(
    qtbot: Any, make_window: Callable[..., MainWindow], data_dir: Path
) -> None:
    window = make_window()
    window.actions_by_name["about"].trigger()
    box = window.findChild(QMessageBox, "about_dialog")
    assert box is not None and box.isVisible()
    text = box.text()
    assert f"Handoff {__version__}" in text and "Qt 6." in text and "Python 3." in text
    assert str(data_dir) in text and str(data_dir / "logs") in text
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Close), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "about_dialog") is None)
