"""Read text logs the way they come off client machines, and cut out the incident window.

VPN clients write UTF-8, UTF-16 (with or without a byte-order mark) or the
machine's legacy code page, and an engineer sometimes drops a zip or a binary
ring log where a text log was expected.  So the encoding is detected from the
first bytes, anything that does not decode still reads (cp1252, then latin-1,
replacement characters as the last resort) and binary data is refused with a
message that says what the file looks like.

Logs grow to gigabytes: lines are streamed with a cap on line length, so memory
stays flat however big the file or however long a line.  The incident window
keeps the lines whose timestamp falls between ``since`` and ``until``; a line
without a timestamp (a stack trace, a wrapped message) belongs to the stamped
line before it.  The extract is a new UTF-8 file written atomically beside the
draft; the original is never changed.
"""

from __future__ import annotations

import codecs
import io
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from handoff.atomic import atomic_writer
from handoff.evidence.timestamps import TimestampParser, local_naive
from handoff.model import Attachment, AttachmentKind, utc_now

ProgressFn = Callable[[int, int], None]

SNIFF_BYTES = 64 * 1024
MAX_LINE_CHARS = 64 * 1024
"""Longer lines are yielded in pieces of this size (a log with no newline stays streamed)."""
_CHECK_EVERY = 512  # lines between progress reports and cancel checks
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"ElfFile\x00", "a Windows event log (.evtx)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"%PDF-", "a PDF document"),
    (b"MZ", "a Windows program"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")


class LogError(Exception):
    """A log cannot be read or cut; ``str()`` is one line for the engineer."""


class NotTextError(LogError):
    """The file is binary data, not a text log."""


class LogCancelled(LogError):  # noqa: N818 - a state, like ExportCancelled
    """The engineer cancelled; nothing was written."""


class EmptyWindowError(LogError):
    """No line of the log falls in the incident window (nothing was written)."""


# -- encoding and binary detection ----------------------------------------------


def detect_encoding(sample: bytes) -> str:
    """The codec to read a file whose first bytes are ``sample`` (never fails)."""
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            return codec
    if bomless := _bomless_utf16(sample):
        return bomless
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    try:
        sample.decode("cp1252")
    except UnicodeDecodeError:
        return "latin-1"  # decodes every byte: a legacy log always reads
    return "cp1252"


def _bomless_utf16(sample: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte."""
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even = sample[0 : pairs * 2 : 2].count(0) / pairs
    odd = sample[1 : pairs * 2 : 2].count(0) / pairs
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def binary_reason(sample: bytes, encoding: str) -> str:
    """What the data looks like when it is not text ("a zip archive"); "" for text."""
    for magic, what in _MAGIC:
        if sample.startswith(magic):
            return what
    text = sample.decode(encoding, errors="replace")
    if not text:
        return ""
    nuls = text.count("\x00")
    controls = sum(1 for ch in text if ch < " " and ch not in _TEXT_CONTROLS)
    replaced = text.count("\ufffd")
    if nuls / len(text) > 0.01 or (controls + replaced) / len(text) > 0.05:
        return "binary data"
    return ""


def describe_os_error(exc: OSError) -> str:
    """A few words for why a file cannot be opened (a locked log on Windows included)."""
    if getattr(exc, "winerror", None) in {32, 33}:  # sharing / lock violation
        return "locked by another program (close the VPN client or try again)"
    if isinstance(exc, PermissionError):
        return "cannot be read: permission denied"
    if isinstance(exc, FileNotFoundError):
        return "no longer exists"
    return f"cannot be read: {exc.strerror or type(exc).__name__}"


def _open(path: Path) -> IO[bytes]:
    try:
        return path.open("rb")
    except OSError as exc:
        raise LogError(f"{path.name}: {describe_os_error(exc)}") from exc


def sniff(path: Path) -> str:
    """The encoding of the text log ``path``; ``NotTextError`` for binary data."""
    with _open(path) as handle:
        try:
            sample = handle.read(SNIFF_BYTES)
        except OSError as exc:
            raise LogError(f"{path.name}: {describe_os_error(exc)}") from exc
    encoding = detect_encoding(sample)
    if what := binary_reason(sample, encoding):
        raise NotTextError(f"{path.name} is {what}, not a text log: attach it as a file")
    return encoding


# -- streaming -----------------------------------------------------------------


@dataclass
class _Meter:
    """Progress in bytes and cancel checks, every few hundred lines."""

    total: int
    progress: ProgressFn | None
    cancel: threading.Event | None

    def check(self, done: int) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise LogCancelled("cancelled")
        if self.progress is not None:
            self.progress(min(done, self.total), self.total)


def iter_lines(
    path: Path,
    *,
    encoding: str | None = None,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> Iterator[str]:
    """The lines of ``path`` with their line endings, streamed (binary data refused)."""
    encoding = encoding or sniff(path)
    raw = _open(path)
    with io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="") as text:
        meter = _Meter(max(os.fstat(raw.fileno()).st_size, 1), progress, cancel)
        count = 0
        while True:
            try:
                line = text.readline(MAX_LINE_CHARS)
            except OSError as exc:
                raise LogError(f"{path.name}: {describe_os_error(exc)}") from exc
            if not line:
                break
            yield line
            count += 1
            if count % _CHECK_EVERY == 0:
                meter.check(raw.tell())
        meter.check(meter.total)


# -- the incident window -------------------------------------------------------


@dataclass(frozen=True)
class Extract:
    """The lines of ``source`` between ``since`` and ``until``, written to ``path``."""

    source: Path
    path: Path
    since: datetime | None
    until: datetime | None
    lines: int
    size: int

    def describe(self) -> str:
        return f"{self.lines} lines of {self.source.name}, {window_text(self.since, self.until)}"


def window_text(since: datetime | None, until: datetime | None) -> str:
    """ "from 09:14 to 09:30 on 2026-11-23"-style text for a window."""
    start = f"{since:%Y-%m-%d %H:%M:%S}" if since else "the start"
    end = f"{until:%Y-%m-%d %H:%M:%S}" if until else "the end"
    return f"from {start} to {end}"


def extract_name(source: Path, since: datetime | None, until: datetime | None) -> str:
    """``PanGPS.log`` -> ``PanGPS-window-20261123T0914-20261123T0930.log``."""
    base = source.name.split(".log")[0] or source.stem or "log"
    start = f"{since:%Y%m%dT%H%M}" if since else "start"
    end = f"{until:%Y%m%dT%H%M}" if until else "end"
    return f"{base}-window-{start}-{end}.log"


def unique_path(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name-2``, ``name-3``... when that exists (never overwrite)."""
    target = folder / name
    stem, suffix = target.stem, target.suffix
    number = 2
    while target.exists():
        target = folder / f"{stem}-{number}{suffix}"
        number += 1
    return target


@dataclass
class _Window:
    """Which lines belong to the window; remembers the stamps it saw for the message."""

    since: datetime | None
    until: datetime | None
    parser: TimestampParser
    current: datetime | None = None
    first: datetime | None = None
    last: datetime | None = None

    def keeps(self, line: str) -> bool:
        stamp = self.parser.parse(line)
        if stamp is not None:
            self.current = stamp
            self.first = self.first or stamp
            self.last = stamp
        if self.current is None:
            return self.since is None
        after_start = self.since is None or self.current >= self.since
        return after_start and (self.until is None or self.current <= self.until)

    def empty_message(self, name: str) -> str:
        window = window_text(self.since, self.until)
        if self.first is None or self.last is None:
            return f"No timestamps recognised in {name}: attach the whole log instead"
        seen = window_text(self.first, self.last)
        return f"No lines of {name} fall {window}; its timestamps run {seen}"


def extract_window(
    source: Path,
    dest_dir: Path,
    *,
    since: datetime | None,
    until: datetime | None,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> Extract:
    """Write the lines of ``source`` in [since, until] to a new file in ``dest_dir``.

    Times are compared as the machine's local wall-clock time (logs rarely carry
    a zone); aware ``since``/``until`` are converted to it.  Nothing is written
    when cancelled or when no line falls in the window (``EmptyWindowError``).
    """
    start, end = local_naive(since), local_naive(until)
    year = (start or end or datetime.now()).year
    window = _Window(start, end, TimestampParser(year=year))
    lines = size = 0
    target = unique_path(dest_dir, extract_name(source, start, end))
    with atomic_writer(target) as out:
        for line in iter_lines(source, progress=progress, cancel=cancel):
            if window.keeps(line):
                data = line.encode("utf-8")
                out.write(data)
                lines += 1
                size += len(data)
        if lines == 0:
            raise EmptyWindowError(window.empty_message(source.name))
    return Extract(source, target, start, end, lines, size)


def extract_attachment(
    extract: Extract, original: Attachment, *, now: datetime | None = None
) -> Attachment:
    """The attachment for an extract: kind LOG_EXTRACT, derived from ``original``."""
    return Attachment(
        name=extract.path.name,
        source=str(extract.path.absolute()),
        size=extract.size,
        media_type="text/plain",
        kind=AttachmentKind.LOG_EXTRACT,
        captured_at=now or utc_now(),
        derived_from=original.id,
        note=f"Incident window: {extract.describe()}",
    )
