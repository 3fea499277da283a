"""Screenshot edits without Qt: redaction leaves nothing behind, files carry no metadata.

The redaction tests paint a colour pattern that occurs nowhere else in the image
under the box, save, reopen the FILE and look for any trace of it.
"""

from __future__ import annotations

import functools
import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageCms, PngImagePlugin

from handoff.evidence import images
from handoff.evidence.images import Arrow, Box, Crop, Rect, Redact, Text

TAKEN = datetime(2026, 3, 2, 9, 15, 30, tzinfo=UTC)
SECRET_BOX = Rect(40, 30, 120, 90)
SECRET_BLUE = 201
"""Only the secret pattern uses this blue value; the background never does."""


def background(size: tuple[int, int] = (200, 150)) -> Image.Image:
    """A smooth gradient whose blue channel stays below 200."""
    return _background(size).copy()


@functools.lru_cache(maxsize=4)
def _background(size: tuple[int, int]) -> Image.Image:
    width, height = size
    data = bytes(
        v for y in range(height) for x in range(width) for v in (x % 256, y % 256, (x + y) % 180)
    )
    return Image.frombytes("RGB", size, data)


def secret_colours(rect: Rect) -> set[tuple[int, int, int]]:
    return {
        (x * 7 % 256, y * 13 % 256, SECRET_BLUE)
        for y in range(rect.top, rect.bottom)
        for x in range(rect.left, rect.right)
    }


def with_secret(image: Image.Image, rect: Rect = SECRET_BOX) -> Image.Image:
    """Paint a unique pattern (password-like detail) into ``rect``."""
    data = bytes(
        v
        for y in range(rect.top, rect.bottom)
        for x in range(rect.left, rect.right)
        for v in (x * 7 % 256, y * 13 % 256, SECRET_BLUE)
    )
    image.paste(Image.frombytes("RGB", (rect.width, rect.height), data), (rect.left, rect.top))
    return image


def colours(image: Image.Image) -> set[tuple[int, int, int]]:
    found = image.convert("RGB").getcolors(maxcolors=image.width * image.height)
    assert found is not None
    return {colour for _count, colour in found if isinstance(colour, tuple)}  # type: ignore[misc]


def chunk_types(data: bytes) -> list[bytes]:
    return [kind for kind, _payload in images.png_chunks(data)]


# -- redaction ---------------------------------------------------------------------


def test_redacted_pixels_are_gone_from_the_saved_file(tmp_path: Path) -> None:
    original = with_secret(background())
    assert secret_colours(SECRET_BOX) <= colours(original)  # the pattern is really there

    saved = images.save_screenshot(original, [Redact(SECRET_BOX)], tmp_path / "s.png", TAKEN)

    with Image.open(saved.path) as reopened:
        assert reopened.mode == "RGB" and reopened.size == original.size
        box = reopened.crop(SECRET_BOX.box())
        assert colours(box) == {images.REDACT_FILL}  # every covered pixel is the fill
        everywhere = colours(reopened)
    assert not any(colour[2] == SECRET_BLUE for colour in everywhere)
    assert not secret_colours(SECRET_BOX) & everywhere
    assert saved.redacted is True
    assert original.getpixel((50, 40))[2] == SECRET_BLUE  # type: ignore[index]  # untouched


def test_the_thumbnail_is_made_from_the_redacted_result(tmp_path: Path) -> None:
    big = with_secret(background((900, 600)), Rect(100, 100, 700, 400))
    saved = images.save_screenshot(
        big, [Redact(Rect(100, 100, 700, 400))], tmp_path / "b.png", None
    )
    with Image.open(saved.thumbnail) as thumb:
        # Resampling mixes the fill with the unredacted neighbours only: no secret blue value.
        assert not any(colour[2] == SECRET_BLUE for colour in colours(thumb))


def test_a_fractional_redaction_covers_every_pixel_it_touches() -> None:
    rect = Rect.from_points(10.6, 20.2, 30.1, 25.9)
    assert rect == Rect(10, 20, 31, 26)
    result = images.apply_edits(with_secret(background(), Rect(10, 20, 31, 26)), [Redact(rect)])
    assert colours(result.crop(rect.box())) == {images.REDACT_FILL}


def test_redaction_of_a_transparent_image_leaves_no_alpha_or_palette_behind(tmp_path: Path) -> None:
    rgba = with_secret(background()).convert("RGBA")
    rgba.putalpha(128)  # half-transparent: the colour under the alpha is still data
    saved = images.save_screenshot(rgba, [Redact(SECRET_BOX)], tmp_path / "t.png", TAKEN)
    with Image.open(saved.path) as reopened:
        assert reopened.mode == "RGB"
        assert colours(reopened.crop(SECRET_BOX.box())) == {images.REDACT_FILL}


@settings(max_examples=40, deadline=None)
@given(
    x0=st.floats(-20, 220), y0=st.floats(-20, 170), x1=st.floats(-20, 220), y1=st.floats(-20, 170)
)
def test_any_redaction_rectangle_is_solid(x0: float, y0: float, x1: float, y1: float) -> None:
    rect = Rect.from_points(x0, y0, x1, y1).clamped((200, 150))
    result = images.apply_edits(background(), [Redact(rect)])
    if not rect.empty:
        assert colours(result.crop(rect.box())) == {images.REDACT_FILL}
    assert images.is_redacted([Redact(rect)]) is not rect.empty


# -- metadata ------------------------------------------------------------------------


def source_with_metadata() -> Image.Image:
    """A PNG as a camera or another tool writes it: EXIF, an ICC profile, text chunks."""
    image = background()
    exif = image.getexif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS info
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "dana@client.example")
    info.add_itxt("Comment", "password: hunter2")
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", pnginfo=info, exif=exif, icc_profile=icc, dpi=(144, 144))
    buffer.seek(0)
    reopened = Image.open(buffer)
    reopened.load()
    assert "icc_profile" in reopened.info and "exif" in reopened.info
    return reopened


def test_the_saved_png_has_only_the_creation_time(tmp_path: Path) -> None:
    saved = images.save_screenshot(source_with_metadata(), [], tmp_path / "m.png", TAKEN)
    data = saved.path.read_bytes()
    assert chunk_types(data) == [b"IHDR", b"tEXt", b"IDAT", b"IEND"]
    texts = [payload for kind, payload in images.png_chunks(data) if kind == b"tEXt"]
    assert texts == [b"Creation Time\0" + images.creation_time_text(TAKEN).encode()]
    for leak in (b"SecretCam", b"hunter2", b"dana@", b"eXIf", b"iCCP", b"pHYs", b"Exif"):
        assert leak not in data
    assert images.read_creation_time(saved.path) == TAKEN
    with Image.open(saved.path) as reopened:
        assert not reopened.getexif()
        assert set(reopened.info) == {"Creation Time"}


def test_the_thumbnail_carries_no_source_metadata_either(tmp_path: Path) -> None:
    saved = images.save_screenshot(source_with_metadata(), [], tmp_path / "m.png", TAKEN)
    assert set(chunk_types(saved.thumbnail.read_bytes())) == {b"IHDR", b"tEXt", b"IDAT", b"IEND"}


def test_no_capture_time_means_no_text_chunk_at_all() -> None:
    data = images.png_bytes(source_with_metadata(), None)
    assert chunk_types(data) == [b"IHDR", b"IDAT", b"IEND"]


@pytest.mark.parametrize("size", [(1, 1), (37, 23), (301, 600)])
def test_the_png_writer_round_trips_exactly(size: tuple[int, int]) -> None:
    """Odd widths, one pixel, and more rows than one compression block."""
    original = background(size)
    data = images.png_bytes(original, TAKEN)
    with Image.open(io.BytesIO(data)) as check:
        check.verify()  # CRCs and structure
    with Image.open(io.BytesIO(data)) as reopened:
        assert reopened.mode == "RGB" and reopened.tobytes() == original.tobytes()


def test_creation_time_is_rfc_1123_in_utc() -> None:
    local = datetime(2026, 3, 2, 10, 15, 30).astimezone()
    text = images.creation_time_text(local)
    assert text.endswith(" GMT") and text.startswith(local.astimezone(UTC).strftime("%a, %d %b"))


# -- crop and annotations -------------------------------------------------------


def test_crop_keeps_exactly_the_rectangle() -> None:
    original = background()
    result = images.apply_edits(original, [Crop(Rect(10, 20, 110, 70))])
    assert result.size == (100, 50)
    assert result.getpixel((0, 0)) == original.getpixel((10, 20))
    assert result.getpixel((99, 49)) == original.getpixel((109, 69))


def test_several_crops_keep_their_intersection_and_clamp_to_the_image() -> None:
    edits = [Crop(Rect(-50, -50, 120, 100)), Crop(Rect(20, 10, 500, 500))]
    assert images.crop_rect(edits, (200, 150)) == Rect(20, 10, 120, 100)
    assert images.apply_edits(background(), edits).size == (100, 90)


def test_a_crop_that_leaves_nothing_is_refused() -> None:
    with pytest.raises(images.ImageError):
        images.apply_edits(background(), [Crop(Rect(10, 10, 20, 20)), Crop(Rect(30, 30, 40, 40))])


def test_annotations_are_drawn_in_original_coordinates_then_cropped() -> None:
    edits: list[images.Edit] = [Box(Rect(50, 40, 100, 80), width=3), Crop(Rect(40, 30, 140, 130))]
    result = images.apply_edits(background(), edits)
    red = images.ANNOTATION_COLOUR
    assert result.getpixel((10, 10)) == red  # the box's top-left corner, moved by the crop
    assert result.getpixel((59, 49)) == red  # bottom-right corner (right/bottom exclusive)
    assert result.getpixel((12, 12)) == red  # width 3: inner edge
    assert result.getpixel((13, 13)) != red  # inside the box: untouched
    assert result.getpixel((30, 30)) == background().getpixel((70, 60))


def test_arrow_runs_from_start_to_the_tip() -> None:
    arrow = Arrow((20.0, 100.0), (150.0, 100.0), width=4)
    result = images.apply_edits(background(), [arrow])
    red = images.ANNOTATION_COLOUR
    assert result.getpixel((22, 100)) == red  # the shaft starts at the start
    assert result.getpixel((148, 100)) == red  # the head reaches the tip
    assert result.getpixel((140, 96)) == red  # the head is wider than the shaft
    assert result.getpixel((60, 110)) != red and result.getpixel((160, 100)) != red


def test_text_lands_at_its_anchor() -> None:
    result = images.apply_edits(background(), [Text((30.0, 40.0), "VPN error 809", size=18)])
    changed = ImageChops.difference(result, background()).getbbox()
    assert changed is not None
    left, top, right, bottom = changed
    assert 26 <= left <= 34 and 36 <= top <= 48  # starts at the anchor (stroke included)
    assert right > left + 60 and bottom < 40 + 30


def test_empty_and_tiny_edits_do_nothing_harmful() -> None:
    original = background()
    result = images.apply_edits(original, [Box(Rect(5, 5, 5, 9)), Redact(Rect(7, 7, 7, 7))])
    assert result.tobytes() == original.tobytes()
    assert images.is_redacted([Redact(Rect(7, 7, 7, 7))]) is False


# -- thumbnails --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("size", "expected"),
    [((1920, 1080), (320, 180)), ((600, 2400), (80, 320)), ((200, 150), (200, 150))],
)
def test_thumbnail_fits_320_px_and_is_never_enlarged(
    size: tuple[int, int], expected: tuple[int, int]
) -> None:
    assert images.thumbnail(Image.new("RGB", size, "white")).size == expected


def test_save_writes_the_thumbnail_in_a_hidden_folder_beside_the_png(tmp_path: Path) -> None:
    saved = images.save_screenshot(background((1280, 800)), [], tmp_path / "shot.png", TAKEN)
    assert saved.thumbnail == tmp_path / ".thumbnails" / "shot.png"
    with Image.open(saved.thumbnail) as thumb:
        assert thumb.format == "PNG" and thumb.size == (320, 200)
    assert saved.size == (tmp_path / "shot.png").stat().st_size
    assert saved.pixels == (1280, 800) and saved.redacted is False


# -- atomic writes and reading files -------------------------------------------------


def test_a_failed_save_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "shot.png"
    target.write_bytes(b"old screenshot")

    def disk_full(_fd: int) -> None:  # the data is in the temp file, the flush to disk fails
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(images.ImageError, match="No space left"):
        images.save_png(background(), target, TAKEN)
    assert target.read_bytes() == b"old screenshot"
    assert [path.name for path in tmp_path.iterdir()] == ["shot.png"]


def test_if_the_thumbnail_cannot_be_written_the_screenshot_is_removed(tmp_path: Path) -> None:
    (tmp_path / ".thumbnails").write_text("a file where the folder should be")
    with pytest.raises(OSError):
        images.save_screenshot(background(), [], tmp_path / "shot.png", TAKEN)
    assert not (tmp_path / "shot.png").exists()


def test_unique_path_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "shot.png").write_bytes(b"1")
    (tmp_path / "shot-2.png").write_bytes(b"2")
    assert images.unique_path(tmp_path, "shot") == tmp_path / "shot-3.png"


def test_load_image_applies_orientation_and_drops_metadata(tmp_path: Path) -> None:
    photo = Image.new("RGB", (60, 20), "white")
    exif = photo.getexif()
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to display
    exif[0x010F] = "SecretCam"
    photo.save(tmp_path / "photo.jpg", exif=exif)
    loaded = images.load_image(tmp_path / "photo.jpg")
    assert loaded.size == (20, 60) and loaded.mode == "RGB" and not loaded.info


@pytest.mark.parametrize("content", [b"", b"not an image at all", b"\x89PNG\r\n\x1a\ntruncated"])
def test_load_image_refuses_what_is_not_an_image(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(content)
    with pytest.raises(images.ImageError, match=r"broken\.png"):
        images.load_image(path)


def test_load_image_refuses_a_decompression_bomb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Image.new("1", (4000, 4000)).save(tmp_path / "bomb.png")
    monkeypatch.setattr(images, "MAX_PIXELS", 1_000_000)
    with pytest.raises(images.ImageError, match="too large"):
        images.load_image(tmp_path / "bomb.png")
