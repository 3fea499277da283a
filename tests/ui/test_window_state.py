"""The window's place, size, side panel and section survive a restart; bad saves do not hurt."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication

from handoff.ui import window_state
from handoff.ui.main_window import MainWindow
from handoff.ui.navigator import Section


def screen_area() -> QRect:
    return QGuiApplication.primaryScreen().availableGeometry()


def saved(data_dir: Path) -> dict[str, Any]:
    return dict(json.loads((data_dir / window_state.STATE_FILE).read_text()))


def test_place_size_panel_width_and_section_come_back_after_a_restart(
    make_window: Callable[..., MainWindow], qtbot: Any, data_dir: Path
) -> None:
    first = make_window()
    first.setGeometry(QRect(30, 40, 700, 520))
    qtbot.waitUntil(lambda: first.panel.splitter.width() > 600)
    first.panel.splitter.setSizes([240, first.panel.splitter.width() - 240])
    first.navigator.show_section(Section.RECENT)
    assert first.close()
    assert saved(data_dir) | {"schema_version": 1} == saved(data_dir)
    assert saved(data_dir)["section"] == "recent"
    assert saved(data_dir)["panel_width"] == 240

    second = make_window()
    assert second.geometry() == QRect(30, 40, 700, 520)
    assert second.panel.splitter.sizes()[0] == 240
    assert second.navigator.section() is Section.RECENT
    assert second.panel.panel_visible()


def test_a_hidden_panel_stays_hidden_and_ctrl_b_brings_it_back(
    make_window: Callable[..., MainWindow], qtbot: Any, data_dir: Path
) -> None:
    first = make_window()
    qtbot.keyClick(first, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert not first.navigator.isVisible()
    assert not first.panel.toggle.isChecked()
    assert first.close()
    assert saved(data_dir)["panel_visible"] is False

    second = make_window()
    assert not second.navigator.isVisible()
    assert not second.panel.toggle.isChecked()
    qtbot.keyClick(second, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert second.navigator.isVisible()
    assert second.panel.splitter.sizes()[0] >= 180, "it comes back at a usable width"


def test_dragging_the_splitter_shut_unticks_the_menu_and_is_remembered(
    make_window: Callable[..., MainWindow], data_dir: Path
) -> None:
    window = make_window()
    splitter = window.panel.splitter
    splitter.setSizes([0, sum(splitter.sizes())])
    splitter.splitterMoved.emit(0, 1)  # what a drag to the edge emits
    assert not window.panel.toggle.isChecked()
    assert window.close()
    assert saved(data_dir)["panel_visible"] is False
    assert saved(data_dir)["panel_width"] >= 180, "the width to come back to is kept"


def test_maximized_is_remembered_with_the_normal_size_underneath(
    make_window: Callable[..., MainWindow], qtbot: Any, data_dir: Path
) -> None:
    first = make_window()
    first.setGeometry(QRect(20, 30, 640, 500))
    first.showMaximized()
    qtbot.waitUntil(first.isMaximized)
    assert first.close()
    state = saved(data_dir)
    assert state["maximized"] is True
    assert (state["width"], state["height"]) == (640, 500)

    second = make_window()
    assert second.isMaximized()
    assert second.normalGeometry().size().toTuple() == (640, 500)


def test_a_place_on_a_screen_that_is_gone_ends_up_on_this_one(
    make_window: Callable[..., MainWindow], data_dir: Path
) -> None:
    """Docked yesterday to a monitor right of the laptop; today there is no such monitor."""
    (data_dir / window_state.STATE_FILE).write_text(json.dumps(
        {"schema_version": 1, "x": 5000, "y": 2500, "width": 9000, "height": 700}
    ))  # fmt: skip
    window = make_window()
    area = screen_area()
    assert area.contains(window.frameGeometry()), (window.frameGeometry(), area)


def test_a_window_half_off_the_edge_stays_where_it_was() -> None:
    area = screen_area()
    rect = QRect(area.right() - 300, area.top() + 10, 700, 400)
    assert window_state.visible_geometry(rect) == QRect(area.right() - 699, area.top() + 10,
                                                        700, 400)  # fmt: skip


@pytest.mark.parametrize(
    "content",
    [b"{ torn", b"\x00\x01", b'{"schema_version": 1, "x": "left", "y": 0, "width": 9, '
     b'"height": 9}', b'{"schema_version": 1, "x": 0, "y": 0, "width": 0, "height": 9}',
     b'{"schema_version": 7, "x": 0, "y": 0, "width": 900, "height": 600}', b"[]"],
    ids=["torn", "binary", "wrong-type", "empty-window", "other-version", "not-an-object"],
)  # fmt: skip
def test_a_corrupt_state_file_is_logged_ignored_and_rewritten_on_close(
    make_window: Callable[..., MainWindow],
    data_dir: Path,
    content: bytes,
    caplog: pytest.LogCaptureFixture,
) -> None:
    (data_dir / window_state.STATE_FILE).write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="handoff.ui.window_state"):
        window = make_window()
    assert "ignoring the unreadable window state" in caplog.text
    assert window.size() == window_state.default_geometry().size()
    assert window.panel.panel_visible()
    assert window.close()
    assert saved(data_dir)["schema_version"] == 1


def test_the_window_fits_a_1280x720_screen_on_every_page(
    make_window: Callable[..., MainWindow], qtbot: Any
) -> None:
    """Its minimum size, with the side panel shown; hidden, it gives the wizard its width."""
    from handoff.ui.wizard import PageId

    window = make_window(evidence_tools=None)
    for page in PageId:
        window.wizard.go_to(page)
        hint = window.minimumSizeHint()
        assert hint.width() <= 1280 and hint.height() <= 720, (page, hint)
    window.wizard.go_to(PageId.TICKET)
    with_panel = window.minimumSizeHint().width()
    window.panel.set_panel_visible(False)
    qtbot.waitUntil(lambda: window.minimumSizeHint().width() < with_panel)
