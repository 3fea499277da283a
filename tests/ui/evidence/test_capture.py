"""Capture offscreen with a fake grab: hiding, countdown, region picking, mixed-DPI layout,
the clipboard and image files.

The actions on the attachments page are ``test_screenshot_install.py``; the real
grab on a real X display is ``test_capture_real.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QRect, Qt, QUrl
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QDialog, QWidget
from pytestqt.qtbot import QtBot

from handoff.evidence import images
from handoff.ui.evidence.capture import (
    Capture,
    CaptureError,
    CaptureMode,
    ScreenCapturer,
    ScreenGrab,
    clipboard_capture,
    compose,
    from_pil,
    is_image_file,
    to_pil,
)
from tests.core.evidence.test_images import background

RED, BLUE = QColor(200, 0, 0), QColor(0, 0, 200)


def solid(width: int, height: int, colour: QColor) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(colour)
    return image


def pattern(width: int, height: int) -> QImage:
    """Every pixel different, so a misplaced crop cannot pass by accident."""
    return from_pil(background((width, height)))


class FakeGrab:
    """Stands in for ``grab_screens``; records whether the window was visible at each grab."""

    def __init__(self, window: QWidget, grabs: list[ScreenGrab]) -> None:
        self.window, self.grabs = window, grabs
        self.window_visible: list[bool] = []
        self.check: Callable[[], None] = lambda: None

    def __call__(self) -> list[ScreenGrab]:
        self.window_visible.append(self.window.isVisible())
        self.check()
        return self.grabs


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    widget = QWidget()
    widget.setObjectName("handoff_stand_in")
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def capturer_for(
    window: QWidget,
    grabs: list[ScreenGrab],
    *,
    window_at: Callable[[QPoint], QRect | None] = lambda _p: None,
    cursor: QPoint | None = None,
    tick_ms: int = 5,
) -> tuple[ScreenCapturer, FakeGrab]:
    fake = FakeGrab(window, grabs)
    capturer = ScreenCapturer(
        window, grab=fake, window_at=window_at, cursor=lambda: cursor or QPoint(5, 5),
        settle_ms=0, tick_ms=tick_ms, parent=window,
    )  # fmt: skip
    return capturer, fake


def one_screen(width: int = 160, height: int = 100) -> list[ScreenGrab]:
    return [ScreenGrab(QRect(0, 0, width, height), pattern(width, height))]


def captured(qtbot: QtBot, capturer: ScreenCapturer, start: Callable[[], object]) -> Capture:
    with qtbot.waitSignal(capturer.captured, timeout=5000) as blocker:
        start()
    result = blocker.args[0]
    assert isinstance(result, Capture)
    return result


# -- hiding and grabbing --------------------------------------------------------------


def test_full_screen_hides_handoff_grabs_and_brings_it_back(qtbot: QtBot, window: QWidget) -> None:
    capturer, fake = capturer_for(window, one_screen())
    shot = captured(qtbot, capturer, lambda: capturer.start(CaptureMode.SCREEN))
    assert fake.window_visible == [False]  # hidden while the pixels were taken
    assert window.isVisible() and not capturer.busy
    assert shot.origin == "screen" and shot.captured_at.tzinfo is not None
    assert shot.image.tobytes() == background((160, 100)).tobytes()


def test_an_open_tool_dialog_hides_too_and_everything_comes_back_as_it_was(
    qtbot: QtBot, window: QWidget
) -> None:
    dialog = QDialog(window)  # e.g. an evidence tool's dialog, parented to the main window
    dialog.setObjectName("open_tool_dialog")
    dialog.show()
    bystander = QWidget()  # another application's window: it belongs in the picture
    qtbot.addWidget(bystander)
    bystander.show()
    window.setWindowState(Qt.WindowState.WindowMaximized)
    capturer, fake = capturer_for(window, one_screen())
    fake.check = lambda: fake.window_visible.extend([dialog.isVisible(), bystander.isVisible()])
    captured(qtbot, capturer, lambda: capturer.start(CaptureMode.SCREEN))
    assert fake.window_visible == [False, False, True]  # ours were off screen during the grab
    assert window.isVisible() and dialog.isVisible()
    assert window.windowState() & Qt.WindowState.WindowMaximized


def test_a_hidden_window_stays_hidden_after_the_capture(qtbot: QtBot, window: QWidget) -> None:
    window.hide()
    capturer, _fake = capturer_for(window, one_screen())
    captured(qtbot, capturer, lambda: capturer.start(CaptureMode.SCREEN))
    assert not window.isVisible()


def test_mixed_dpi_screens_are_composed_at_the_highest_ratio() -> None:
    low = ScreenGrab(QRect(0, 0, 100, 50), solid(100, 50, RED))  # DPR 1
    high = ScreenGrab(QRect(100, 30, 100, 50), solid(200, 100, BLUE))  # DPR 2, lower down
    desktop = compose([low, high])
    image = desktop.image
    assert (image.width(), image.height()) == (400, 160)  # 200 x 80 logical at DPR 2
    assert desktop.ratio == 2 and desktop.origin == QPoint(0, 0)
    assert image.pixelColor(199, 99) == RED and image.pixelColor(0, 0) == RED
    assert image.pixelColor(200, 60) == BLUE and image.pixelColor(399, 159) == BLUE
    assert image.pixelColor(300, 10) == QColor(0, 0, 0)  # the gap above the lower screen
    assert image.pixelColor(50, 130) == QColor(0, 0, 0)  # the gap below the upper screen
    assert desktop.pixel_rect(QRect(90, 40, 20, 5)) == images.Rect(180, 80, 220, 90)


def test_screens_left_of_the_primary_keep_their_place() -> None:
    left = ScreenGrab(QRect(-100, 0, 100, 50), solid(100, 50, BLUE))
    primary = ScreenGrab(QRect(0, 0, 100, 50), solid(100, 50, RED))
    desktop = compose([primary, left])
    assert desktop.origin == QPoint(-100, 0)
    assert desktop.image.pixelColor(10, 10) == BLUE and desktop.image.pixelColor(110, 10) == RED


def test_window_mode_cuts_the_window_under_the_cursor(qtbot: QtBot, window: QWidget) -> None:
    capturer, _fake = capturer_for(window, one_screen(), window_at=lambda _p: QRect(10, 20, 30, 40))
    shot = captured(qtbot, capturer, lambda: capturer.start(CaptureMode.WINDOW))
    assert shot.image.size == (30, 40)
    assert shot.image.tobytes() == background((160, 100)).crop((10, 20, 40, 60)).tobytes()


def test_window_mode_without_a_known_window_takes_the_screen_under_the_cursor(
    qtbot: QtBot, window: QWidget
) -> None:
    grabs = [
        ScreenGrab(QRect(0, 0, 100, 50), solid(100, 50, RED)),
        ScreenGrab(QRect(100, 0, 100, 50), solid(100, 50, BLUE)),
    ]
    capturer, _fake = capturer_for(window, grabs, cursor=QPoint(150, 20))
    shot = captured(qtbot, capturer, lambda: capturer.start(CaptureMode.WINDOW))
    assert shot.image.size == (100, 50)
    assert shot.image.getcolors() == [(5000, (0, 0, 200))]


def test_delay_counts_down_and_the_countdown_is_gone_before_the_grab(
    qtbot: QtBot, window: QWidget
) -> None:
    capturer, fake = capturer_for(window, one_screen())
    seen: list[str] = []

    def countdown_gone() -> None:
        seen.append("grab")
        assert capturer.countdown is None

    fake.check = countdown_gone
    assert capturer.start(CaptureMode.SCREEN, delay_s=3)
    countdown = capturer.countdown
    assert countdown is not None and countdown.isVisible()
    assert countdown.text().startswith("Capturing in 3 s")
    with qtbot.waitSignal(capturer.captured, timeout=5000):
        pass
    assert seen == ["grab"] and window.isVisible()


def test_clicking_the_countdown_cancels_without_grabbing(qtbot: QtBot, window: QWidget) -> None:
    capturer, fake = capturer_for(window, one_screen(), tick_ms=60_000)
    capturer.start(CaptureMode.SCREEN, delay_s=10)
    assert capturer.countdown is not None
    with qtbot.waitSignal(capturer.cancelled):
        qtbot.mouseClick(capturer.countdown, Qt.MouseButton.LeftButton)
    assert fake.window_visible == [] and window.isVisible() and not capturer.busy


def test_a_refused_grab_is_one_line_and_the_window_comes_back(
    qtbot: QtBot, window: QWidget
) -> None:
    capturer, fake = capturer_for(window, one_screen())

    def refuse() -> None:
        raise CaptureError("this desktop does not allow screen capture (Wayland?)")

    fake.check = refuse
    with qtbot.waitSignal(capturer.failed) as blocker:
        capturer.start(CaptureMode.SCREEN)
    assert blocker.args == ["this desktop does not allow screen capture (Wayland?)"]
    assert window.isVisible()


def test_one_capture_at_a_time(qtbot: QtBot, window: QWidget) -> None:
    capturer, _fake = capturer_for(window, one_screen())
    with qtbot.waitSignal(capturer.captured):
        assert capturer.start(CaptureMode.SCREEN)
        assert not capturer.start(CaptureMode.REGION)


# -- region --------------------------------------------------------------------------


@pytest.fixture
def region_capturer(qtbot: QtBot, window: QWidget) -> Iterator[tuple[ScreenCapturer, FakeGrab]]:
    """A capturer whose region picker is up, over a DPR-2 screen of 160 x 100 logical."""
    grab = ScreenGrab(QRect(0, 0, 160, 100), pattern(320, 200))
    capturer, fake = capturer_for(window, [grab])
    capturer.start(CaptureMode.REGION)
    qtbot.waitUntil(lambda: capturer.overlay is not None and capturer.overlay.isVisible())
    yield capturer, fake


def test_region_is_dragged_on_the_frozen_screen_and_cut_at_full_resolution(
    qtbot: QtBot, window: QWidget, region_capturer: tuple[ScreenCapturer, FakeGrab]
) -> None:
    capturer, _fake = region_capturer
    overlay = capturer.overlay
    assert overlay is not None and not window.isVisible()  # Handoff stays away while picking
    qtbot.mousePress(overlay, Qt.MouseButton.LeftButton, pos=QPoint(10, 20))
    qtbot.mouseMove(overlay, QPoint(40, 50))
    qtbot.mouseMove(overlay, QPoint(60, 50))
    with qtbot.waitSignal(capturer.captured) as blocker:
        qtbot.mouseRelease(overlay, Qt.MouseButton.LeftButton, pos=QPoint(60, 50))
    shot = blocker.args[0]
    assert shot.origin == "region" and shot.image.size == (100, 60)  # 50 x 30 logical, DPR 2
    assert shot.image.tobytes() == background((320, 200)).crop((20, 40, 120, 100)).tobytes()
    assert window.isVisible() and capturer.overlay is None


def test_escape_cancels_the_region_and_a_click_is_not_a_selection(
    qtbot: QtBot, window: QWidget, region_capturer: tuple[ScreenCapturer, FakeGrab]
) -> None:
    capturer, _fake = region_capturer
    overlay = capturer.overlay
    assert overlay is not None
    qtbot.mouseClick(overlay, Qt.MouseButton.LeftButton, pos=QPoint(30, 30))
    assert overlay.selection().isEmpty() and capturer.overlay is overlay  # still picking
    with qtbot.waitSignal(capturer.cancelled):
        qtbot.keyClick(overlay, Qt.Key.Key_Escape)
    assert window.isVisible() and not capturer.busy and capturer.overlay is None


# -- conversions, clipboard, files ---------------------------------------------------------


def test_qimage_and_pillow_round_trip_exactly() -> None:
    original = background((37, 23))  # odd width: row padding must not shear the image
    assert to_pil(from_pil(original)).tobytes() == original.tobytes()
    part = to_pil(from_pil(original), images.Rect(5, 6, 15, 20))
    assert part.tobytes() == original.crop((5, 6, 15, 20)).tobytes()


def test_paste_takes_the_clipboard_image_or_says_there_is_none(qtbot: QtBot) -> None:
    board = QGuiApplication.clipboard()
    board.setImage(pattern(40, 30))
    shot = clipboard_capture()
    assert shot.origin == "clipboard" and shot.image.tobytes() == background((40, 30)).tobytes()
    board.setText("just text")
    with pytest.raises(CaptureError, match="no image"):
        clipboard_capture()


def test_paste_takes_an_image_file_copied_in_a_file_manager(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "error.png"
    background((30, 20)).save(path)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    QGuiApplication.clipboard().setMimeData(data)
    shot = clipboard_capture()
    assert shot.origin == "error" and shot.image.size == (30, 20)


def test_is_image_file(tmp_path: Path) -> None:
    for name in ("a.PNG", "b.jpeg", "c.webp", "d.txt", "e.evtx"):
        (tmp_path / name).write_bytes(b"x")
    found = sorted(p.name for p in tmp_path.iterdir() if is_image_file(p))
    assert found == ["a.PNG", "b.jpeg", "c.webp"]
    assert not is_image_file(tmp_path / "missing.png")
    assert not is_image_file(tmp_path)
