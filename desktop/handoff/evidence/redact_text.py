"""Text files as UTF-8 bytes in line-aligned chunks: what the redaction scanner reads.

The scanner works on UTF-8 bytes (see :mod:`handoff.evidence.redact_rules`), so
this module hides the file's encoding: a UTF-8/UTF-16/UTF-32 byte order mark is
honoured, UTF-16 without one is recognised by its zero bytes (PowerShell's
``Out-File``), and anything else is read as bytes, so a byte that is not UTF-8
passes through unchanged (the round trip ``errors="surrogateescape"`` gives).
Transcoding uses ``surrogatepass``, so even a lone surrogate in a UTF-16 log
comes back as it was.  Chunks end at a line end and never inside a private key
block, whose lines are a secret only together.  (A fuller encoding detector
lives in :mod:`handoff.evidence.textlogs`; this one is deliberately small.)
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from handoff.evidence.redact_secrets import PEM_MAX

MAX_LINE = 16 * 1024 * 1024
"""A "line" longer than this is cut anyway, so one endless line cannot grow memory."""

CHUNK_SIZE = 4 * 1024 * 1024
_SNIFF = 8192
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)
_CONTROL = bytes(range(9)) + bytes(range(14, 32))


@dataclass(frozen=True)
class TextFormat:
    """How a text file is encoded, so its redacted copy is written the same way."""

    codec: str
    """``utf-8`` means "as bytes": anything not UTF-8 passes through unchanged."""
    bom: bytes = b""
    label: str = "UTF-8"


def _utf16_without_bom(head: bytes) -> TextFormat | None:
    """PowerShell and some Windows tools write UTF-16 without a BOM: every other byte is 0."""
    pairs = len(head) // 2
    if pairs < 8:
        return None
    odd_zero = head[1 : 2 * pairs : 2].count(0) / pairs
    even_zero = head[0 : 2 * pairs : 2].count(0) / pairs
    if odd_zero > 0.4 and even_zero < 0.05:
        return TextFormat("utf-16-le", b"", "UTF-16 LE")
    if even_zero > 0.4 and odd_zero < 0.05:
        return TextFormat("utf-16-be", b"", "UTF-16 BE")
    return None


def sniff(path: Path) -> TextFormat | str:
    """The file's text format, or why it is not redacted (binary, unreadable)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF)
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    for bom, codec, label in _BOMS:
        if head.startswith(bom):
            return TextFormat(codec, bom, label)
    if b"\0" in head:
        return _utf16_without_bom(head) or "binary file, not text: left as it is"
    if head and sum(head.count(c) for c in _CONTROL) > len(head) // 10:
        return "binary file, not text: left as it is"
    return TextFormat("utf-8")


def read_utf8(handle: IO[bytes], fmt: TextFormat) -> Iterator[tuple[bytes, int]]:
    """(UTF-8 bytes, raw bytes read): UTF-8 as it is, anything else transcoded losslessly."""
    handle.seek(len(fmt.bom))
    extra = len(fmt.bom)  # counted with the first block, so progress reaches the file size
    if fmt.codec == "utf-8":
        while block := handle.read(CHUNK_SIZE):
            yield block, len(block) + extra
            extra = 0
        return
    decoder = codecs.getincrementaldecoder(fmt.codec)("surrogatepass")
    while block := handle.read(CHUNK_SIZE):
        yield decoder.decode(block).encode("utf-8", "surrogatepass"), len(block) + extra
        extra = 0
    try:
        tail = decoder.decode(b"", final=True)
    except UnicodeDecodeError:  # an odd trailing byte: keep the place, not the byte
        tail = "\ufffd"
    if tail:
        yield tail.encode("utf-8", "surrogatepass"), 0


def encoder(fmt: TextFormat) -> Callable[[bytes], bytes]:
    """UTF-8 text back into the file's own encoding (UTF-8 passes as it is)."""
    if fmt.codec == "utf-8":
        return lambda data: data
    return lambda data: data.decode("utf-8", "surrogatepass").encode(fmt.codec, "surrogatepass")


def _cut(buf: bytes) -> int:
    """Where the part of ``buf`` to scan now ends: after the last line end, but never
    inside a private key block (its lines are a secret only together).  0: read more."""
    end = buf.rfind(b"\n") + 1
    if end == 0:
        if len(buf) < MAX_LINE:
            return 0
        space = max(buf.rfind(b" "), buf.rfind(b"\t"), buf.rfind(b","))
        return space + 1 if space > len(buf) // 2 else len(buf)  # one endless line
    begin = buf.rfind(b"-----BEGIN ", 0, end)
    if begin != -1 and buf.find(b"-----END ", begin, end) == -1 and len(buf) - begin < PEM_MAX:
        return buf.rfind(b"\n", 0, begin) + 1
    return end


def chunks(blocks: Iterable[tuple[bytes, int]]) -> Iterator[tuple[bytes, int]]:
    """(text ending at a line end, raw bytes read since the previous chunk)."""
    carry, raw = b"", 0
    for block, size in blocks:
        buf, raw = carry + block if carry else block, raw + size
        cut = _cut(buf)
        if cut:
            yield buf[:cut], raw
            raw = 0
        carry = buf[cut:]
    if carry or raw:
        yield carry, raw
