"""The screenshot editor, driven with real mouse drags: redact, annotate, undo, save.

Each test checks the model (the attachment) and the FILE written, reopened with
Pillow: the redacted secret must be gone from the pixels, not just covered on screen.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from handoff import paths
from handoff.evidence import images
from handoff.evidence.images import Arrow, Box, Crop, PointF, Rect, Redact, Text
from handoff.model import AttachmentKind, Handoff
from handoff.ui.evidence import capture as capture_module
from handoff.ui.evidence.annotation_canvas import AnnotationCanvas, Tool
from handoff.ui.evidence.capture import Capture, from_pil, to_pil
from handoff.ui.evidence.screenshot_editor import ScreenshotEditor, edited_thumbnail, file_stem
from handoff.ui.session import DraftSession
from tests.core.evidence.test_images import (
    SECRET_BLUE,
    SECRET_BOX,
    background,
    colours,
    secret_colours,
    with_secret,
)

TAKEN = datetime(2026, 3, 2, 9, 15, 30, tzinfo=UTC)


def secret_capture(origin: str = "screen") -> Capture:
    return Capture(with_secret(background()), TAKEN, origin)


def open_editor(
    qtbot: QtBot,
    capture: Capture | None = None,
    *,
    synchronous: bool = True,
    answer: str | None = "VPN error 809",
) -> ScreenshotEditor:
    editor = ScreenshotEditor(
        capture or secret_capture(), DraftSession(Handoff()),
        ask_text=lambda _parent: answer, synchronous=synchronous,
    )  # fmt: skip
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()  # shortcuts (Ctrl+Z, the tool keys) need the active window
    qtbot.waitUntil(editor.isActiveWindow)
    return editor


def press_and_move(qtbot: QtBot, canvas: AnnotationCanvas, start: PointF, end: PointF) -> QPoint:
    a, b = canvas.to_widget(start).toPoint(), canvas.to_widget(end).toPoint()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(canvas, (a + b) / 2)
    qtbot.mouseMove(canvas, b)
    return b


def drag(qtbot: QtBot, canvas: AnnotationCanvas, start: PointF, end: PointF) -> None:
    end_pos = press_and_move(qtbot, canvas, start, end)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end_pos)


def shown_colour(canvas: AnnotationCanvas, point: PointF) -> QColor:
    return canvas.grab().toImage().pixelColor(canvas.to_widget(point).toPoint())


def save_button(editor: ScreenshotEditor) -> QPushButton:
    button = editor.findChild(QPushButton, "screenshot_save")
    assert button is not None
    return button


# a drag a little larger than the secret, as a person would make it
AROUND_SECRET = (
    (SECRET_BOX.left - 3.0, SECRET_BOX.top - 3.0),
    (SECRET_BOX.right + 3.0, SECRET_BOX.bottom + 3.0),
)


def test_redact_drag_save_writes_a_file_without_the_secret(qtbot: QtBot) -> None:
    editor = open_editor(qtbot)
    # Typed, not set: the one-key tool shortcuts (C, B, A, T, R) must not eat the letters.
    qtbot.keyClicks(editor.note, "  VPN client error after MFA ")
    drag(qtbot, editor.canvas, *AROUND_SECRET)

    [edit] = editor.canvas.edits
    assert isinstance(edit, Redact)
    assert edit.rect.intersected(SECRET_BOX) == SECRET_BOX  # the whole secret is covered
    qtbot.mouseClick(save_button(editor), Qt.MouseButton.LeftButton)

    assert editor.result() == ScreenshotEditor.DialogCode.Accepted
    [attachment] = editor.session.handoff.attachments
    assert attachment.kind is AttachmentKind.SCREENSHOT
    assert attachment.redacted is True
    assert attachment.captured_at == TAKEN
    assert attachment.media_type == "image/png"
    assert attachment.note == "VPN client error after MFA"
    source = Path(attachment.source or "")
    assert source.parent == paths.draft_files_dir(editor.session.handoff.id)
    assert attachment.size == source.stat().st_size
    assert source.name == f"screenshot-{TAKEN.astimezone():%Y%m%d-%H%M%S}.png"
    assert_secret_gone(source)


def assert_secret_gone(source: Path) -> None:
    """The saved file: the box is solid fill, the secret colours are nowhere, and only
    the result and its thumbnail were written (the original is nowhere on disk)."""
    with Image.open(source) as saved:
        assert colours(saved.crop(SECRET_BOX.box())) == {images.REDACT_FILL}
        found = colours(saved)
    assert not any(colour[2] == SECRET_BLUE for colour in found)
    assert not secret_colours(SECRET_BOX) & found
    assert images.read_creation_time(source) == TAKEN
    assert images.thumbnail_path_for(source).is_file()
    written = {p.relative_to(source.parent) for p in source.parent.rglob("*") if p.is_file()}
    assert written == {Path(source.name), Path(".thumbnails", source.name)}


def test_redaction_is_solid_black_on_screen_while_dragging_and_after(qtbot: QtBot) -> None:
    editor = open_editor(qtbot)
    canvas = editor.canvas
    centre = ((SECRET_BOX.left + SECRET_BOX.right) / 2, (SECRET_BOX.top + SECRET_BOX.bottom) / 2)
    assert shown_colour(canvas, centre) != QColor(0, 0, 0)
    end = press_and_move(qtbot, canvas, *AROUND_SECRET)
    assert shown_colour(canvas, centre) == QColor(0, 0, 0)  # before the mouse is released
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)
    assert shown_colour(canvas, centre) == QColor(0, 0, 0)
    assert editor.message.text() == "1 area(s) redacted"


def annotate(qtbot: QtBot, editor: ScreenshotEditor) -> None:
    """Crop (chosen with its key), box, arrow, text, redact: one drag or click each."""
    canvas = editor.canvas
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_C)  # the crop tool's key
    assert canvas.tool is Tool.CROP and editor.tools[Tool.CROP].isChecked()
    drag(qtbot, canvas, (20.0, 10.0), (180.0, 130.0))
    editor.tools[Tool.BOX].trigger()
    drag(qtbot, canvas, (30.0, 20.0), (60.0, 50.0))
    editor.tools[Tool.ARROW].trigger()
    drag(qtbot, canvas, (150.0, 120.0), (100.0, 60.0))
    editor.tools[Tool.TEXT].trigger()
    qtbot.mouseClick(
        canvas, Qt.MouseButton.LeftButton, pos=canvas.to_widget((25.0, 100.0)).toPoint()
    )
    editor.tools[Tool.REDACT].trigger()
    drag(qtbot, canvas, (100.0, 100.0), (170.0, 125.0))


def test_crop_box_arrow_text_then_undo(qtbot: QtBot) -> None:
    editor = open_editor(qtbot)
    canvas = editor.canvas
    annotate(qtbot, editor)
    assert [type(edit) for edit in canvas.edits] == [Crop, Box, Arrow, Text, Redact]
    crop, box, _arrow, text, _redact = canvas.edits
    assert isinstance(crop, Crop) and isinstance(box, Box) and isinstance(text, Text)
    assert abs(crop.rect.left - 20) <= 1 and abs(crop.rect.bottom - 130) <= 1
    assert text.text == "VPN error 809"
    assert canvas.view() == crop.rect  # the canvas now shows only the cropped part

    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # undo the redaction
    assert [type(edit) for edit in canvas.edits] == [Crop, Box, Arrow, Text]
    qtbot.mouseClick(save_button(editor), Qt.MouseButton.LeftButton)

    [attachment] = editor.session.handoff.attachments
    assert attachment.redacted is False
    with Image.open(attachment.source or "") as saved:
        assert saved.size == (crop.rect.width, crop.rect.height)
        box_corner = (box.rect.left - crop.rect.left, box.rect.top - crop.rect.top)
        assert saved.getpixel(box_corner) == images.ANNOTATION_COLOUR


def test_clicks_and_slips_make_no_edit_and_cancel_writes_nothing(qtbot: QtBot) -> None:
    editor = open_editor(qtbot, answer=None)
    canvas = editor.canvas
    qtbot.mouseClick(
        canvas, Qt.MouseButton.LeftButton, pos=canvas.to_widget((50.0, 50.0)).toPoint()
    )
    drag(qtbot, canvas, (50.0, 50.0), (50.5, 50.5))
    editor.tools[Tool.TEXT].trigger()  # the engineer cancels the label question
    qtbot.mouseClick(
        canvas, Qt.MouseButton.LeftButton, pos=canvas.to_widget((50.0, 50.0)).toPoint()
    )
    assert canvas.edits == []
    assert not editor.undo_action.isEnabled()
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.result() == ScreenshotEditor.DialogCode.Rejected
    assert editor.session.handoff.attachments == []
    assert list(paths.draft_files_dir(editor.session.handoff.id).iterdir()) == []


def test_save_runs_on_a_worker_thread_and_adds_once(qtbot: QtBot) -> None:
    editor = open_editor(qtbot, synchronous=False)
    drag(qtbot, editor.canvas, *AROUND_SECRET)
    with qtbot.waitSignal(editor.finished, timeout=10_000):
        qtbot.mouseClick(save_button(editor), Qt.MouseButton.LeftButton)
        assert not editor.buttons.isEnabled()  # no second Save / Cancel while writing
    assert len(editor.session.handoff.attachments) == 1
    assert editor.saved_attachment is editor.session.handoff.attachments[0]


def test_a_failed_save_says_why_and_keeps_the_editor_open(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*_args: object) -> images.SavedScreenshot:
        raise images.ImageError("cannot write shot.png: No space left on device")

    monkeypatch.setattr(images, "save_screenshot", full_disk)
    editor = open_editor(qtbot)
    qtbot.mouseClick(save_button(editor), Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    assert editor.message.text() == "Not saved: cannot write shot.png: No space left on device"
    assert editor.buttons.isEnabled()
    assert editor.session.handoff.attachments == []


def test_a_second_screenshot_in_the_same_second_gets_its_own_file(qtbot: QtBot) -> None:
    session = DraftSession(Handoff())
    for _ in range(2):
        editor = ScreenshotEditor(secret_capture(), session, synchronous=True)
        qtbot.addWidget(editor)
        editor.save()
    names = [a.name for a in session.handoff.attachments]
    assert names[1] == names[0].replace(".png", "-2.png")


@pytest.mark.parametrize(
    ("origin", "stem"),
    [
        ("region", "screenshot-"),
        ("clipboard", "pasted-"),
        ("Error dialog (VPN)", "Error-dialog-VPN"),
        ("../../etc", "etc"),
    ],
)
def test_file_names_are_safe(origin: str, stem: str) -> None:
    assert file_stem(Capture(background(), TAKEN, origin)).startswith(stem)


def test_a_big_capture_is_scaled_down_and_drags_map_to_image_pixels(qtbot: QtBot) -> None:
    big = Capture(Image.new("RGB", (3840, 2160), "white"), TAKEN, "screen")
    editor = open_editor(qtbot, big)
    canvas = editor.canvas
    assert canvas.scale() < 1
    drag(qtbot, canvas, (1000.0, 500.0), (2000.0, 1500.0))
    [edit] = canvas.edits
    assert isinstance(edit, Redact)
    tolerance = 2 / canvas.scale()  # one screen pixel either way
    assert abs(edit.rect.left - 1000) <= tolerance and abs(edit.rect.bottom - 1500) <= tolerance
    assert editor.width() <= editor.screen().availableGeometry().width()


# -- the thumbnail shown at once, the file written behind it --------------------------


def qcolours(image: QImage) -> set[tuple[int, int, int]]:
    return colours(to_pil(image))


def test_the_quick_thumbnail_is_made_from_the_redacted_image() -> None:
    """No thumbnail pixel may average in a covered pixel: the fill comes before the scaling."""
    original = from_pil(with_secret(background()))
    before = to_pil(original).tobytes()
    thumb = edited_thumbnail(original, [Redact(SECRET_BOX)], max_px=50)
    assert (thumb.width(), thumb.height()) == (50, 38)
    found = qcolours(thumb)
    assert not any(colour[2] == SECRET_BLUE for colour in found)
    assert not secret_colours(SECRET_BOX) & found
    full = edited_thumbnail(original, [Redact(SECRET_BOX)], max_px=400)  # never enlarged
    assert (full.width(), full.height()) == (200, 150)
    assert qcolours(full.copy(SECRET_BOX.left, SECRET_BOX.top, 80, 60)) == {images.REDACT_FILL}
    assert to_pil(original).tobytes() == before  # painted on a copy, never on the capture
    unredacted = qcolours(edited_thumbnail(original, [], max_px=400))
    assert secret_colours(SECRET_BOX) <= unredacted  # (the check above can see the secret)


def test_a_screen_sized_thumbnail_is_sampled_after_the_fill_too() -> None:
    """Screen to icon (more than 4x smaller) samples before averaging: still no secret."""
    big_secret = Rect(400, 300, 1600, 1200)
    original = from_pil(with_secret(background((2000, 1500)), big_secret))
    thumb = edited_thumbnail(original, [Redact(big_secret)], max_px=64)
    assert (thumb.width(), thumb.height()) == (64, 48)
    assert not any(colour[2] == SECRET_BLUE for colour in qcolours(thumb))
    assert any(colour[2] == SECRET_BLUE for colour in qcolours(edited_thumbnail(original, [], 64)))


def test_the_quick_thumbnail_is_cropped_and_annotated_like_the_saved_file(tmp_path: Path) -> None:
    edits: list[images.Edit] = [
        Crop(Rect(20, 10, 180, 130)), Box(Rect(30, 20, 60, 50)), Redact(Rect(100, 100, 170, 125)),
    ]  # fmt: skip
    original = with_secret(background())
    thumb = to_pil(edited_thumbnail(from_pil(original), edits, max_px=400))
    saved = images.save_screenshot(original, edits, tmp_path / "s.png", TAKEN)
    with Image.open(saved.path) as file:
        assert thumb.size == file.size == (160, 120)
        assert thumb.tobytes() == file.convert("RGB").tobytes()  # box and fill: same pixels
    with pytest.raises(images.ImageError, match="crop leaves nothing"):
        edited_thumbnail(from_pil(original), [Crop(Rect(0, 0, 10, 10)), Crop(Rect(50, 50, 60, 60))])


@pytest.fixture
def slow_disk(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """``save_screenshot`` waits until the returned event is set (on the worker thread)."""
    release = threading.Event()
    real = images.save_screenshot

    def wait_then_save(*args: object) -> images.SavedScreenshot:
        assert release.wait(10), "the test never released the write"
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(images, "save_screenshot", wait_then_save)
    yield release
    release.set()


def test_save_shows_the_thumbnail_at_once_and_adds_the_attachment_once_written(
    qtbot: QtBot, slow_disk: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:
    converted_on: list[str] = []
    real_to_pil = capture_module.to_pil

    def recording_to_pil(*args: object) -> Image.Image:
        converted_on.append(threading.current_thread().name)
        return real_to_pil(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(capture_module, "to_pil", recording_to_pil)
    shot = Capture(from_pil(with_secret(background())), TAKEN, "screen")  # as a grab is
    editor = open_editor(qtbot, shot, synchronous=False)
    drag(qtbot, editor.canvas, *AROUND_SECRET)
    with qtbot.waitSignal(editor.saving) as saving:
        qtbot.mouseClick(save_button(editor), Qt.MouseButton.LeftButton)
    name, thumb = saving.args
    assert isinstance(thumb, QImage) and max(thumb.width(), thumb.height()) <= images.THUMBNAIL_PX
    assert not any(colour[2] == SECRET_BLUE for colour in qcolours(thumb))
    assert not editor.isVisible() and editor.busy  # out of the way while the file is written
    folder = paths.draft_files_dir(editor.session.handoff.id)
    assert editor.session.handoff.attachments == [] and not (folder / name).exists()
    with qtbot.waitSignal(editor.finished, timeout=10_000):
        slow_disk.set()
    [attachment] = editor.session.handoff.attachments
    assert attachment.name == name and (folder / name).is_file()
    assert_secret_gone(folder / name)
    assert converted_on and threading.main_thread().name not in converted_on


def test_a_failed_write_brings_the_editor_back_with_its_edits(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(*_args: object) -> images.SavedScreenshot:
        raise images.ImageError("cannot write shot.png: No space left on device")

    monkeypatch.setattr(images, "save_screenshot", full_disk)
    editor = open_editor(qtbot, synchronous=False)
    drag(qtbot, editor.canvas, *AROUND_SECRET)
    with qtbot.waitSignal(editor.save_ended, timeout=10_000):
        editor.save()
    qtbot.waitUntil(editor.isVisible)
    assert editor.message.text() == "Not saved: cannot write shot.png: No space left on device"
    assert len(editor.canvas.edits) == 1 and editor.buttons.isEnabled()
    assert editor.session.handoff.attachments == []


def test_a_second_save_while_the_first_is_written_gets_its_own_name(
    qtbot: QtBot, slow_disk: threading.Event
) -> None:
    session = DraftSession(Handoff())
    editors = []
    for _ in range(2):  # the same capture second; the first file does not exist yet
        editor = ScreenshotEditor(secret_capture(), session, synchronous=False)
        qtbot.addWidget(editor)
        editors.append(editor)
    with (
        qtbot.waitSignal(editors[0].saving) as first,
        qtbot.waitSignal(editors[1].saving) as second,
    ):
        editors[0].save()
        editors[1].save()
    assert second.args[0] == first.args[0].replace(".png", "-2.png")
    with qtbot.waitSignals([e.finished for e in editors], timeout=10_000):
        slow_disk.set()
    assert sorted(a.name for a in session.handoff.attachments) == sorted(
        [first.args[0], second.args[0]]
    )


def test_rect_helper_round_trip() -> None:
    assert Rect.from_points(5, 5, 1, 1) == Rect(1, 1, 5, 5)
