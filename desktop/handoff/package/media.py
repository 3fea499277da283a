"""Media types, "is this already compressed?" and image thumbnails for attachments.

Deflating a JPEG or a zip burns CPU for nothing, so the exporter stores those
as they are; everything else is deflated.  The decision is by media type or
extension first and, for unknown files, by a quick zlib probe of the head.
"""

from __future__ import annotations

import base64
import io
import mimetypes
import warnings
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image


PROBE_BYTES = 64 * 1024
"""How much of an unknown file the zlib probe looks at."""

_MIN_SAVING = 0.10
THUMBNAIL_PX = 320
_MAX_THUMB_SOURCE_BYTES = 64 * 1024 * 1024
_MAX_THUMB_PIXELS = 60_000_000
DEFAULT_MEDIA_TYPE = "application/octet-stream"

# The interpreter's built-in table only: the system's mime.types differs per machine.
_TYPES = mimetypes.MimeTypes()
for _ext, _type in {
    ".log": "text/plain",
    ".md": "text/markdown",
    ".evtx": "application/x-ms-evtx",
    ".pcap": "application/vnd.tcpdump.pcap",
    ".pcapng": "application/x-pcapng",
    ".7z": "application/x-7z-compressed",
    ".zst": "application/zstd",
    ".rar": "application/vnd.rar",
    ".heic": "image/heic",
    ".webp": "image/webp",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}.items():
    _TYPES.add_type(_type, _ext)

_ENCODING_TYPES = {
    "gzip": "application/gzip",
    "bzip2": "application/x-bzip2",
    "xz": "application/x-xz",
    "br": "application/x-brotli",
    "compress": "application/x-compress",
}

# fmt: off
COMPRESSED_EXTENSIONS = frozenset(
    {
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".heic", ".avif", ".jxl", ".zip", ".gz", ".tgz",
        ".7z", ".xz", ".txz", ".bz2", ".tbz2", ".zst", ".lz4", ".lzma", ".rar", ".cab", ".msi",
        ".jar", ".apk", ".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mp3", ".m4a", ".aac",
        ".ogg", ".opus", ".flac", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".epub",
        ".pdf", ".woff", ".woff2", ".vsix", ".nupkg", ".whl",
    }
)
# fmt: on
_COMPRESSED_PREFIXES = ("video/", "audio/")
_UNCOMPRESSED_TYPES = frozenset({"image/bmp", "image/svg+xml", "image/tiff", "audio/x-wav"})


def media_type_for(name: str) -> str:
    """The media type of a file by its name; ``application/octet-stream`` if unknown."""
    media_type, encoding = _TYPES.guess_type(name, strict=False)
    if encoding is not None:
        return _ENCODING_TYPES.get(encoding, DEFAULT_MEDIA_TYPE)
    return media_type or DEFAULT_MEDIA_TYPE


def _known_compressed(name: str, media_type: str) -> bool | None:
    """True/False when name or type decides; None when only the content can tell."""
    if Path(name).suffix.lower() in COMPRESSED_EXTENSIONS:
        return True
    if media_type in _UNCOMPRESSED_TYPES or media_type.startswith("text/"):
        return False
    if media_type.startswith(_COMPRESSED_PREFIXES) or media_type.startswith("image/"):
        return True
    return None


def compresses_poorly(head: bytes) -> bool:
    """A fast zlib probe: less than 10% saving on the first bytes means "store it"."""
    if len(head) < 512:
        return False
    return len(zlib.compress(head, 1)) > len(head) * (1 - _MIN_SAVING)


def already_compressed(path: Path, name: str, media_type: str) -> bool:
    """Whether deflating the file would be wasted effort (decides ZIP_STORED)."""
    known = _known_compressed(name, media_type)
    if known is not None:
        return known
    with path.open("rb") as handle:
        return compresses_poorly(handle.read(PROBE_BYTES))


def is_image(media_type: str) -> bool:
    return media_type.startswith("image/") and media_type != "image/svg+xml"


def _open_small_image(path: Path) -> Image.Image | None:
    from PIL import Image  # noqa: PLC0415 - Pillow loads only when an image is thumbnailed

    if path.stat().st_size > _MAX_THUMB_SOURCE_BYTES:
        return None
    image = Image.open(path)
    width, height = image.size
    if width * height > _MAX_THUMB_PIXELS:
        image.close()
        return None
    image.draft("RGB", (THUMBNAIL_PX, THUMBNAIL_PX))  # JPEG: decode at reduced scale
    return image


def thumbnail_data_uri(path: Path, max_px: int = THUMBNAIL_PX) -> str | None:
    """A PNG ``data:`` URI at most ``max_px`` square, or None if it is no readable image.

    The report must stay self-contained, so thumbnails are inlined; a broken or
    enormous image simply gets no thumbnail rather than failing the export.
    """
    from PIL import Image, ImageOps  # noqa: PLC0415 - see _open_small_image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = _open_small_image(path)
            if image is None:
                return None
            with image:
                thumb = ImageOps.exif_transpose(image)
                thumb.thumbnail((max_px, max_px))
                if thumb.mode not in ("RGB", "RGBA", "L", "LA"):
                    thumb = thumb.convert("RGBA")
                buffer = io.BytesIO()
                thumb.save(buffer, format="PNG", optimize=True)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Warning):
        return None
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
