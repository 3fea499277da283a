"""Screenshots without Qt: edits, redaction that destroys pixels, thumbnails, clean PNGs.

An edit list (:data:`Edit`: :class:`Crop`, :class:`Box`, :class:`Arrow`,
:class:`Text`, :class:`Redact`) is kept in the ORIGINAL image's pixel coordinates
and applied to the original in one pass by :func:`apply_edits`; only the result
is ever written.  Three decisions follow from what engineers distrust in
screenshot tools (``/work/shared/reference/capture-and-logs.md``):

* **Redaction is a solid, opaque fill**, never blur or pixelation.  Blurred and
  pixelated text keeps a function of the original pixels and has been read back
  (Greenshot #387, ShareX #5546); a fill keeps nothing.  The image is flattened to
  RGB first, so no alpha channel or palette can hide the old values, and the
  rectangle is rounded outwards so a partly covered pixel is fully covered.
* **The saved PNG carries no metadata but the capture time**: a fresh image is
  encoded, so a dropped photo's EXIF (GPS, device serial), ICC profile or text
  chunks never travel; only a ``tEXt`` "Creation Time" chunk is written.
* **The unredacted original never reaches the disk here**: captures live in
  memory until :func:`save_screenshot` writes the edited result (and its
  thumbnail, made from the result).  A dropped file is the engineer's own file;
  it is read, never modified, and the attachment points at the edited copy.
"""

from __future__ import annotations

import functools
import math
import struct
import warnings
import zlib
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from typing import TypeAlias

from PIL import Image, ImageDraw, ImageFont, ImageOps

from handoff.atomic import atomic_writer

Colour: TypeAlias = tuple[int, int, int]
PointF: TypeAlias = tuple[float, float]

REDACT_FILL: Colour = (0, 0, 0)
ANNOTATION_COLOUR: Colour = (230, 30, 30)
THUMBNAIL_PX = 320
CREATION_TIME_KEY = "Creation Time"
THUMBNAIL_DIR = ".thumbnails"
"""Hidden folder beside a saved screenshot: a folder scan skips it, the export never sees it."""
MAX_PIXELS = 150_000_000
"""Larger files are refused (a decompression bomb, not a screenshot): about 12k x 12k."""
PNG_COMPRESS_LEVEL = 1
"""Screenshots are large flat areas: level 1 is within a few percent of 6 at a third of the time."""
_ROWS_PER_BLOCK = 256
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class ImageError(Exception):
    """An image cannot be read or written; ``str()`` is a one-line reason."""


@dataclass(frozen=True)
class Rect:
    """A pixel rectangle, ``right`` and ``bottom`` exclusive, in image coordinates."""

    left: int
    top: int
    right: int
    bottom: int

    @classmethod
    def from_points(cls, x0: float, y0: float, x1: float, y1: float) -> Rect:
        """The rectangle spanned by two corners in any order, rounded OUTWARDS.

        Outwards, so a redaction dragged at a fractional screen scale covers every
        pixel it touches, including the partly touched ones on its edge.
        """
        left, right = sorted((x0, x1))
        top, bottom = sorted((y0, y1))
        return cls(math.floor(left), math.floor(top), math.ceil(right), math.ceil(bottom))

    @property
    def width(self) -> int:
        return max(0, self.right - self.left)

    @property
    def height(self) -> int:
        return max(0, self.bottom - self.top)

    @property
    def empty(self) -> bool:
        return self.width == 0 or self.height == 0

    def intersected(self, other: Rect) -> Rect:
        left, top = max(self.left, other.left), max(self.top, other.top)
        right, bottom = min(self.right, other.right), min(self.bottom, other.bottom)
        return Rect(left, top, max(left, right), max(top, bottom))

    def clamped(self, size: tuple[int, int]) -> Rect:
        return self.intersected(Rect(0, 0, size[0], size[1]))

    def box(self) -> tuple[int, int, int, int]:
        """``(left, top, right, bottom)`` as Pillow's ``crop`` wants it."""
        return (self.left, self.top, self.right, self.bottom)

    def inclusive(self) -> tuple[int, int, int, int]:
        """``(left, top, last x, last y)`` as ``ImageDraw.rectangle`` wants it."""
        return (self.left, self.top, self.right - 1, self.bottom - 1)


@dataclass(frozen=True)
class Crop:
    """Keep only ``rect``; several crops keep their intersection."""

    rect: Rect


@dataclass(frozen=True)
class Box:
    rect: Rect
    colour: Colour = ANNOTATION_COLOUR
    width: int = 4


@dataclass(frozen=True)
class Arrow:
    """An arrow pointing at ``end``."""

    start: PointF
    end: PointF
    colour: Colour = ANNOTATION_COLOUR
    width: int = 4


@dataclass(frozen=True)
class Text:
    """A label whose top-left corner is ``at``; ``size`` is the font's pixel size."""

    at: PointF
    text: str
    colour: Colour = ANNOTATION_COLOUR
    size: int = 20


@dataclass(frozen=True)
class Redact:
    """Replace every pixel of ``rect`` with ``fill`` (opaque): the pixels are gone."""

    rect: Rect
    fill: Colour = REDACT_FILL


Edit: TypeAlias = Crop | Box | Arrow | Text | Redact


def is_redacted(edits: Sequence[Edit]) -> bool:
    """Whether any non-empty redaction is in the list (the attachment's ``redacted``)."""
    return any(isinstance(edit, Redact) and not edit.rect.empty for edit in edits)


def crop_rect(edits: Sequence[Edit], size: tuple[int, int]) -> Rect:
    """The part of an image of ``size`` that the edits keep (all of it without a crop)."""
    keep = Rect(0, 0, size[0], size[1])
    for edit in edits:
        if isinstance(edit, Crop):
            keep = keep.intersected(edit.rect)
    return keep


def arrow_head(start: PointF, end: PointF, width: int) -> tuple[PointF, PointF, PointF]:
    """The head triangle ``(tip, left, right)``; shared with the editor's preview."""
    length = max(12.0, 4.0 * width)
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    spread = math.radians(28)
    left = (end[0] - length * math.cos(angle - spread), end[1] - length * math.sin(angle - spread))
    right = (end[0] - length * math.cos(angle + spread), end[1] - length * math.sin(angle + spread))
    return end, left, right


def flattened(image: Image.Image) -> Image.Image:
    """A fresh RGB copy with no metadata; transparency is composed onto white.

    Fresh, so ``info`` (ICC profile, EXIF, text chunks, transparency) cannot ride
    along into the saved PNG; RGB, so a redaction leaves no alpha or palette
    entry behind that still holds the old value.
    """
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        base = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        base.alpha_composite(rgba)
        rgb = base.convert("RGB")
    else:
        rgb = image.convert("RGB") if image.mode != "RGB" else image.copy()
    rgb.info.clear()
    return rgb


def _clean(image: Image.Image) -> Image.Image:
    """``image`` itself when it is already flat RGB without metadata, else a flat copy."""
    return image if image.mode == "RGB" and not image.info else flattened(image)


@functools.lru_cache(maxsize=16)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Pillow's bundled font: the same text on every machine, no system font needed."""
    return ImageFont.load_default(size=size)


def _draw(draw: ImageDraw.ImageDraw, edit: Edit) -> None:
    """Draw one edit (a crop draws nothing: it is applied last)."""
    match edit:
        case Redact(rect=rect, fill=fill) if not rect.empty:
            draw.rectangle(rect.inclusive(), fill=fill)
        case Box(rect=rect, colour=colour, width=width) if not rect.empty:
            draw.rectangle(rect.inclusive(), outline=colour, width=width)
        case Arrow(start=start, end=end, colour=colour, width=width):
            tip, left, right = arrow_head(start, end, width)
            base = ((left[0] + right[0]) / 2, (left[1] + right[1]) / 2)
            draw.line([start, base], fill=colour, width=width)
            draw.polygon([tip, left, right], fill=colour)
        case Text(at=at, text=text, colour=colour, size=size) if text:
            draw.text(
                at, text, fill=colour, font=_font(size),
                stroke_width=max(1, size // 10), stroke_fill=(255, 255, 255),
            )  # fmt: skip


def apply_edits(original: Image.Image, edits: Sequence[Edit]) -> Image.Image:
    """The edited image: every edit drawn in order on a flat copy, then cropped.

    The original is not changed.  Cropping last means an annotation near the
    crop's edge is clipped exactly as the editor's preview clips it.
    """
    drawn = [edit for edit in edits if not isinstance(edit, Crop)]
    canvas = flattened(original) if drawn else _clean(original)  # no copy when nothing is drawn
    if drawn:
        draw = ImageDraw.Draw(canvas)
        for edit in drawn:
            _draw(draw, edit)
    keep = crop_rect(edits, canvas.size)
    if keep.empty:
        raise ImageError("the crop leaves nothing of the image")
    return canvas if keep == Rect(0, 0, *canvas.size) else canvas.crop(keep.box())


def thumbnail(image: Image.Image, max_px: int = THUMBNAIL_PX) -> Image.Image:
    """A copy at most ``max_px`` on its longer side (never enlarged), metadata-free."""
    clean = _clean(image)
    scale = min(1.0, max_px / max(clean.size))
    size = (max(1, round(clean.width * scale)), max(1, round(clean.height * scale)))
    if size == clean.size:
        return clean.copy()
    return clean.resize(size, Image.Resampling.BILINEAR, reducing_gap=2.0)


def creation_time_text(when: datetime) -> str:
    """The PNG "Creation Time" value: RFC 1123 in UTC, as the PNG spec recommends."""
    return format_datetime(when.astimezone(UTC), usegmt=True)


def png_bytes(image: Image.Image, captured_at: datetime | None) -> bytes:
    """``image`` as a PNG of exactly these chunks: IHDR, tEXt "Creation Time", IDAT, IEND.

    The file is assembled here rather than by Pillow's PNG writer for two reasons.
    Nothing can ride along: Pillow copies an ICC profile or transparency from
    ``image.info`` into the file, this writer only knows four chunk types.  And
    speed: Pillow tries five row filters on every row, which on a screenshot
    costs more than the compression; filter "None" with deflate level 1 is about
    twice as fast at the same size for screen content (flat areas, repeated
    glyphs).  Rows are compressed in blocks, so a huge image needs no second
    full-size copy.  The tEXt chunk is left out when ``captured_at`` is None.
    """
    rgb = _clean(image)
    width, height = rgb.size
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    parts = [_PNG_SIGNATURE, _chunk(b"IHDR", header)]
    if captured_at is not None:
        text = f"{CREATION_TIME_KEY}\0{creation_time_text(captured_at)}"
        parts.append(_chunk(b"tEXt", text.encode("latin-1")))
    parts += [_chunk(b"IDAT", _deflate_rows(rgb)), _chunk(b"IEND", b"")]
    return b"".join(parts)


def _chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(payload, zlib.crc32(kind))
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def _deflate_rows(rgb: Image.Image) -> bytes:
    """The image data: each row prefixed with filter type 0, deflated block by block."""
    width, height = rgb.size
    stride = width * 3
    compressor = zlib.compressobj(PNG_COMPRESS_LEVEL)
    out = []
    for top in range(0, height, _ROWS_PER_BLOCK):
        block = rgb.crop((0, top, width, min(height, top + _ROWS_PER_BLOCK))).tobytes()
        rows = b"".join(b"\0" + block[i : i + stride] for i in range(0, len(block), stride))
        out.append(compressor.compress(rows))
    out.append(compressor.flush())
    return b"".join(out)


def save_png(image: Image.Image, target: Path, captured_at: datetime | None) -> int:
    """Write ``image`` to ``target`` atomically (temp file, fsync, rename); returns the size.

    A failure at any point leaves the old ``target`` (or none) and no temp file.
    """
    data = png_bytes(image, captured_at)
    try:
        with atomic_writer(target, suffix=".png.tmp") as handle:
            handle.write(data)
    except (OSError, ValueError) as exc:
        raise ImageError(f"cannot write {target.name}: {exc}") from exc
    return target.stat().st_size


def thumbnail_path_for(path: Path) -> Path:
    """Where the thumbnail of a saved screenshot lives (a hidden folder beside it)."""
    return path.parent / THUMBNAIL_DIR / f"{path.stem}.png"


@dataclass(frozen=True)
class SavedScreenshot:
    """What :func:`save_screenshot` wrote: the attachment's facts."""

    path: Path
    thumbnail: Path
    size: int  # bytes of the PNG
    pixels: tuple[int, int]
    redacted: bool
    captured_at: datetime | None


def unique_path(
    folder: Path, stem: str, suffix: str = ".png", *, reserved: Collection[Path] = ()
) -> Path:
    """``folder/stem.png``, or ``stem-2.png``, ``stem-3.png``… if taken (on disk, or
    ``reserved``: a file being written that does not exist yet)."""
    candidate, number = folder / f"{stem}{suffix}", 1
    while candidate in reserved or candidate.exists():
        number += 1
        candidate = folder / f"{stem}-{number}{suffix}"
    return candidate


def save_screenshot(
    original: Image.Image, edits: Sequence[Edit], target: Path, captured_at: datetime | None
) -> SavedScreenshot:
    """Apply ``edits`` to ``original``; write the result and its thumbnail, nothing else.

    The thumbnail is made from the edited result, so it shows the redactions
    too.  If the thumbnail cannot be written the screenshot is removed again:
    either both exist or neither.
    """
    result = apply_edits(original, edits)
    size = save_png(result, target, captured_at)
    thumb = thumbnail_path_for(target)
    try:
        thumb.parent.mkdir(parents=True, exist_ok=True)
        save_png(thumbnail(result), thumb, captured_at)
    except (OSError, ImageError):
        target.unlink(missing_ok=True)
        raise
    return SavedScreenshot(target, thumb, size, result.size, is_redacted(edits), captured_at)


def load_image(path: Path) -> Image.Image:
    """A dropped or pasted image file, upright (EXIF orientation applied), flat RGB, no metadata.

    Raises :class:`ImageError` for files that are not images, are damaged, or are
    so large they are a decompression bomb rather than a screenshot.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise ImageError(f"{path.name} is too large ({image.width}x{image.height})")
                upright = ImageOps.exif_transpose(image)
                return flattened(upright)
    except ImageError:
        raise  # already one line, with the file's name
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning) as exc:
        raise ImageError(f"{path.name} is not a readable image: {exc}") from exc


def png_chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """``(type, payload)`` of every chunk of a PNG: how tests and audits check metadata."""
    if not data.startswith(_PNG_SIGNATURE):
        raise ImageError("not a PNG file")
    offset = len(_PNG_SIGNATURE)
    while offset + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        yield kind, data[offset + 8 : offset + 8 + length]
        offset += 12 + length


def read_creation_time(path: Path) -> datetime | None:
    """The "Creation Time" text of a PNG written by :func:`save_png`, if any."""
    for kind, payload in png_chunks(path.read_bytes()):
        key, _, value = payload.partition(b"\0")
        if kind == b"tEXt" and key.decode("latin-1") == CREATION_TIME_KEY:
            return parsedate_to_datetime(value.decode("latin-1"))
    return None
