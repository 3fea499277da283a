"""``install``: the attachments page's screenshot actions, end to end, with a fake grab.

Shortcut → capture (Handoff hidden) → editor → saved attachment with a thumbnail
in the page's table; paste; a dropped image file; the thumbnail icon.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QToolButton
from pytestqt.qtbot import QtBot

from handoff.evidence import images
from handoff.model import AttachmentKind
from handoff.ui.evidence import screenshots
from handoff.ui.evidence.capture import CaptureMode, ScreenGrab
from handoff.ui.evidence.screenshot_editor import ScreenshotEditor
from handoff.ui.main_window import MainWindow
from handoff.ui.pages import AttachmentsPage
from handoff.ui.wizard import PageId
from tests.ui.evidence.test_capture import FakeGrab, capturer_for, one_screen, pattern


def installed(
    make_window: Callable[..., MainWindow], grabs: list[ScreenGrab], *, synchronous: bool = True
) -> tuple[MainWindow, AttachmentsPage, screenshots.ScreenshotTool, FakeGrab]:
    window = make_window(synchronous=True, evidence_tools=None)
    page = window.wizard.page(PageId.ATTACHMENTS)
    assert isinstance(page, AttachmentsPage)
    capturer, fake = capturer_for(window, grabs)
    actions = screenshots.install(page, window, capturer=capturer, synchronous=synchronous)
    assert [a.objectName() for a in actions] == ["capture_screenshot", "paste_image"]
    tool = screenshots.tool_for(page)
    assert tool is not None
    return window, page, tool, fake


def open_editor_of(tool: screenshots.ScreenshotTool) -> ScreenshotEditor | None:
    """The tool's open editor (a call, so a type checker does not pin an earlier answer)."""
    return tool.editor


def test_install_adds_the_actions_menu_and_shortcuts(
    make_window: Callable[..., MainWindow],
) -> None:
    window, page, tool, _fake = installed(make_window, one_screen())
    capture, paste = tool.actions["capture_screenshot"], tool.actions["paste_image"]
    assert capture.shortcut() == QKeySequence("Ctrl+Shift+S")
    assert paste.shortcut() == QKeySequence("Ctrl+Shift+V")
    assert page.evidence_bar.isVisibleTo(page) and capture in window.actions()
    button = page.evidence_bar.widgetForAction(capture)
    assert isinstance(button, QToolButton)  # click: full screen; arrow: the menu
    assert button.popupMode() is QToolButton.ToolButtonPopupMode.MenuButtonPopup
    menu = capture.menu()
    assert isinstance(menu, QMenu)
    names = [a.objectName() for a in menu.actions() if a.objectName()]
    assert names == [
        "capture_screen", "capture_window", "capture_region",
        "capture_delay_0", "capture_delay_3", "capture_delay_5", "capture_delay_10",
    ]  # fmt: skip
    tool.actions["capture_delay_5"].trigger()
    assert tool.delay_s == 5


def test_capture_shortcut_to_saved_attachment_with_thumbnail(
    qtbot: QtBot, make_window: Callable[..., MainWindow]
) -> None:
    window, page, tool, fake = installed(make_window, one_screen(320, 200))
    window.wizard.go_to(PageId.ATTACHMENTS)
    with qtbot.waitSignal(tool.capturer.captured, timeout=5000):
        qtbot.keyClick(
            window,
            Qt.Key.Key_S,
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
        )
    assert fake.window_visible == [False] and window.isVisible()
    editor = tool.editor
    assert editor is not None and editor.isVisible()
    editor.save()
    assert tool.editor is None
    [attachment] = window.session.handoff.attachments
    assert attachment.kind is AttachmentKind.SCREENSHOT and attachment.redacted is False
    assert page.model.rowCount() == 1
    icon = screenshots.thumbnail_icon(Path(attachment.source or ""))
    assert not icon.isNull()
    assert max(icon.availableSizes()[0].width(), icon.availableSizes()[0].height()) <= 64


def test_the_thumbnail_shows_at_once_and_the_attachment_comes_with_its_file(
    qtbot: QtBot, make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the PNG is written the page shows the thumbnail, marked "saving…"; the
    attachment joins the model (what autosave and export read) only once both files
    exist, and then the placeholder row gives way to it."""
    window, page, tool, _fake = installed(make_window, one_screen(320, 200), synchronous=False)
    release = threading.Event()
    real = images.save_screenshot

    def slow(*args: object) -> images.SavedScreenshot:
        assert release.wait(10)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(images, "save_screenshot", slow)
    on_disk: list[bool] = []

    def added(*_args: object) -> None:
        for attachment in window.session.handoff.attachments:
            path = Path(attachment.source or "")
            on_disk.append(path.is_file() and images.thumbnail_path_for(path).is_file())

    page.model.rowsInserted.connect(added)
    window.wizard.go_to(PageId.ATTACHMENTS)
    with qtbot.waitSignal(tool.capturer.captured, timeout=5000):
        tool.capture(CaptureMode.SCREEN)
    editor = tool.editor
    assert editor is not None
    editor.save()
    pending = page.findChild(screenshots.PendingShots, "screenshot_pending")
    assert pending is tool.pending and pending.isVisible()
    [(text, icon)] = pending.rows
    assert text.startswith("screenshot-") and text.endswith(".png \u2014 saving\u2026")
    assert not icon.isNull() and max(icon.width(), icon.height()) == pending.icon_side
    shown = pending.grab().toImage()  # the icon is painted in the row
    assert shown.pixelColor(
        4 + pending.icon_side // 2, pending.row_height // 2
    ) != shown.pixelColor(pending.width() - 2, pending.row_height // 2)
    assert page.model.rowCount() == 0 and window.session.handoff.attachments == []
    with qtbot.waitSignal(editor.finished, timeout=10_000):
        release.set()
    assert on_disk == [True] and page.model.rowCount() == 1
    assert pending.rows == [] and not pending.isVisible()
    assert tool.editor is None


def test_paste_opens_the_editor_and_an_empty_clipboard_says_so(
    make_window: Callable[..., MainWindow],
) -> None:
    _window, page, tool, _fake = installed(make_window, one_screen())
    QGuiApplication.clipboard().setText("no picture here")
    tool.actions["paste_image"].trigger()
    assert open_editor_of(tool) is None
    assert page.message.text() == "Nothing pasted: the clipboard holds no image"
    QGuiApplication.clipboard().setImage(pattern(50, 40))
    tool.actions["paste_image"].trigger()
    editor = open_editor_of(tool)
    assert editor is not None
    editor.reject()
    assert open_editor_of(tool) is None and page.model.rowCount() == 0


def test_a_dropped_image_file_opens_in_the_editor(
    make_window: Callable[..., MainWindow], tmp_path: Path
) -> None:
    _window, page, tool, _fake = installed(make_window, one_screen())
    photo = tmp_path / "router lights.jpg"
    Image.new("RGB", (64, 48), "green").save(photo)
    editor = tool.edit_file(photo)
    assert editor is not None
    editor.save()
    [attachment] = page.session.handoff.attachments
    assert attachment.name == "router-lights.png" and attachment.captured_at is not None
    assert photo.read_bytes()[:2] == b"\xff\xd8"  # the engineer's own file is untouched
    notes = tmp_path / "notes.png"
    notes.write_text("not really a PNG")
    assert tool.edit_file(notes) is None
    assert page.message.text().startswith("Not added: notes.png is not a readable image")


def test_thumbnail_icon_is_empty_for_what_is_not_an_image(tmp_path: Path) -> None:
    text = tmp_path / "ipconfig.txt"
    text.write_text("Windows IP Configuration")
    assert screenshots.thumbnail_icon(text).isNull()
    big = tmp_path / "big.png"
    Image.new("RGB", (2000, 1000), "white").save(big)
    icon = screenshots.thumbnail_icon(big)  # no saved thumbnail: read scaled down
    assert icon.availableSizes()[0].width() == 64
