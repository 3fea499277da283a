"""Redact text logs before they leave the engineer's machine: plan, review, apply.

:func:`plan_redaction` reads the files and says, per file and line, what would be
replaced (the original masked, ``pa••••rd``) and by which placeholder, without
writing anything.  The engineer reviews that, then :func:`apply_redaction` writes
redacted copies into ``draft-files/<id>/redacted/``; the caller points the
attachment at the copy and sets ``redacted``.  The original file is never touched.

Like ``sos clean``, the same value always becomes the same placeholder across
every file of a handoff (``[SECRET-1]`` here is ``[SECRET-1]`` there), so the
next technician can still follow one account or one gateway through the logs.
The mapping back is private: it lives in ``<data>/redaction-maps/<id>.json``
(mode 0600), never in the package.

Files stream through in chunks that end at a line end, so memory stays flat for
a 500 MB log; the patterns and why they are fast are in
:mod:`handoff.evidence.redact_rules`.  Encodings: a UTF-8/UTF-16/UTF-32 byte
order mark is honoured (UTF-16 without one is recognised by its zero bytes);
anything else is treated as UTF-8 bytes, so a byte that is not UTF-8 passes
through unchanged (the same round trip as ``errors="surrogateescape"``).  The
copy is written in the file's own encoding.  Binary files are skipped, with
the reason.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from handoff import paths
from handoff.atomic import atomic_writer
from handoff.evidence.redact_map import RedactionError, RedactionMap, load_map, save_map
from handoff.evidence.redact_personal import address_rules, hostname_rules, username_rules
from handoff.evidence.redact_rules import DEFAULT_CATEGORIES, Category, Rule, Scanner, Sweep
from handoff.evidence.redact_secrets import PEM_MAX, email_rules, secret_rules

__all__ = [
    "DEFAULT_CATEGORIES",
    "Category",
    "FileReview",
    "RedactionCancelled",
    "RedactionError",
    "RedactionMap",
    "RedactionOptions",
    "RedactionResult",
    "Replacement",
    "Review",
    "TextFormat",
    "apply_redaction",
    "load_map",
    "mask",
    "plan_redaction",
    "redacted_dir",
    "sniff",
]

MAX_LISTED = 500
"""Replacements listed per file in a review (all are counted): a review is read, not scrolled."""
MAX_LINE = 16 * 1024 * 1024
"""A "line" longer than this is cut anyway, so one endless line cannot grow memory."""
REDACTED_DIR = "redacted"

Progress = Callable[[int, int], None]


class RedactionCancelled(RedactionError):  # noqa: N818 - matches ExportCancelled
    """The engineer cancelled; nothing was written."""


@dataclass(frozen=True)
class RedactionOptions:
    """What to replace: whole categories, plus names the engineer lists.

    The listed user names, host names and words are always replaced (the
    engineer asked for them by name), whether or not their category is on.
    """

    categories: frozenset[Category] = DEFAULT_CATEGORIES
    usernames: tuple[str, ...] = ()
    hostnames: tuple[str, ...] = ()
    words: tuple[str, ...] = ()

    def rules(self) -> list[Rule]:
        enabled = self.categories
        rules = secret_rules(enabled) if Category.SECRET in enabled else []
        if Category.EMAIL in enabled:
            rules += email_rules()
        if Category.USERNAME in enabled:
            rules += username_rules()
        if Category.HOSTNAME in enabled:
            rules += hostname_rules()
        return rules + address_rules(enabled)

    def listed(self) -> list[Sweep]:
        """The listed names as literal sweeps; names under three letters only as whole words."""
        found = []
        for category, names in (
            (Category.USERNAME, self.usernames),
            (Category.HOSTNAME, self.hostnames),
            (Category.WORD, self.words),
        ):
            for name in dict.fromkeys(n.strip() for n in names if n.strip()):
                needle = name.encode("utf-8").lower()
                found.append(Sweep(category, needle, None, len(needle) < 3))
        return found


@dataclass(frozen=True)
class Replacement:
    """One replacement, as the review shows it: never the original in full."""

    line: int
    category: Category
    kind: str
    excerpt: str
    """The original, masked: ``pa••••rd``."""
    placeholder: str


@dataclass
class FileReview:
    path: Path
    encoding: str = ""
    skipped: str = ""
    """Why the file is not redacted (binary, unreadable); empty when it is."""
    counts: Counter[Category] = field(default_factory=Counter)
    replacements: list[Replacement] = field(default_factory=list)
    """The first :data:`MAX_LISTED`; :attr:`counts` has them all."""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def truncated(self) -> bool:
        return self.total > len(self.replacements)


@dataclass
class Review:
    """What a redaction would do; also carries the map the copies will be written with."""

    files: list[FileReview]
    options: RedactionOptions
    handoff_id: str | None
    mapping: RedactionMap = field(repr=False)

    @property
    def counts(self) -> Counter[Category]:
        total: Counter[Category] = Counter()
        for file in self.files:
            total.update(file.counts)
        return total

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class RedactionResult:
    outputs: dict[Path, Path]
    """Original file -> its redacted copy (skipped files are absent)."""
    files: list[FileReview]
    """What was replaced, counted during the write."""
    map_path: Path


def mask(value: bytes) -> str:
    """Enough of a value to recognise it, not enough to use it: ``pa••••rd``."""
    text = " ".join(value.decode("utf-8", "replace").split())
    size = len(text)
    if size <= 4:
        return "\u2022" * max(size, 1)
    shown = 1 if size <= 8 else 2
    return text[:shown] + "\u2022" * min(size - 2 * shown, 12) + text[-shown:]


def redacted_dir(handoff_id: str) -> Path:
    """Where a draft's redacted copies go, next to its other files."""
    return paths.draft_files_dir(handoff_id) / REDACTED_DIR


def _target(folder: Path, source: Path) -> Path:
    """One folder per source file: two ``PanGPS.log`` from different folders never collide,
    and redacting the same file again replaces its own copy, not another file's."""
    digest = hashlib.sha256(str(source.absolute()).encode("utf-8", "surrogateescape"))
    return folder / digest.hexdigest()[:16] / source.name


# -- reading and writing text in its own encoding ------------------------------------

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


def _read_utf8(handle: IO[bytes], fmt: TextFormat) -> Iterator[tuple[bytes, int]]:
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


def _encoder(fmt: TextFormat) -> Callable[[bytes], bytes]:
    """UTF-8 text back into the file's own encoding (UTF-8 passes as it is)."""
    if fmt.codec == "utf-8":
        return lambda data: data
    return lambda data: data.decode("utf-8", "surrogatepass").encode(fmt.codec, "surrogatepass")


# -- the run ------------------------------------------------------------------------


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


def _chunks(blocks: Iterable[tuple[bytes, int]]) -> Iterator[tuple[bytes, int]]:
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


class _Pass:
    """One run over the files: the rules, the growing map, progress and cancel."""

    def __init__(
        self, options: RedactionOptions, mapping: RedactionMap, total: int,
        progress: Progress | None, cancel: threading.Event | None,
    ) -> None:  # fmt: skip
        self.rules = options.rules()
        self.listed = options.listed()
        self.mapping = mapping
        self._scanner = Scanner(self.rules, self.listed + mapping.sweeps)
        self._swept = len(mapping.sweeps)
        self.total = max(total, 1)
        self.done = 0
        self.progress = progress
        self.cancel = cancel

    def step(self, size: int) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise RedactionCancelled("redaction cancelled: nothing was written")
        self.done += size
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    def run(self, review: FileReview, fmt: TextFormat, out: IO[bytes] | None) -> None:
        """Scan (and with ``out``, write) one file, counting into ``review``."""
        line, encode = 1, _encoder(fmt)
        if out is not None:
            out.write(fmt.bom)
        with review.path.open("rb") as handle:
            for chunk, raw in _chunks(_read_utf8(handle, fmt)):
                self.step(raw)
                pieces, line = self._chunk(chunk, review, line, listing=out is None)
                if out is not None:
                    out.write(encode(b"".join(pieces)))

    def _chunk(
        self, chunk: bytes, review: FileReview, line: int, *, listing: bool
    ) -> tuple[list[bytes], int]:
        if len(self.mapping.sweeps) != self._swept:  # a value found by context: hunt it too
            self._scanner = Scanner(self.rules, self.listed + self.mapping.sweeps)
            self._swept = len(self.mapping.sweeps)
        pieces: list[bytes] = []
        last = counted = 0
        for hit in self._scanner.hits(chunk):
            value = chunk[hit.start : hit.end]
            text = self.mapping.placeholder(hit.category, hit.key or value, value, hit.sweep)
            review.counts[hit.category] += 1
            if listing and len(review.replacements) < MAX_LISTED:
                line += chunk.count(b"\n", counted, hit.start)
                counted = hit.start
                review.replacements.append(
                    Replacement(line, hit.category, hit.kind, mask(value), text)
                )
            elif not listing:
                pieces += (chunk[last : hit.start], text.encode("ascii"))
                last = hit.end
        if listing:
            return pieces, line + chunk.count(b"\n", counted)
        pieces.append(chunk[last:])
        return pieces, line


def _formats(files: Sequence[Path]) -> list[tuple[FileReview, TextFormat | None]]:
    found: list[tuple[FileReview, TextFormat | None]] = []
    for path in dict.fromkeys(Path(p) for p in files):
        fmt = sniff(path)
        if isinstance(fmt, str):
            found.append((FileReview(path, skipped=fmt), None))
        else:
            found.append((FileReview(path, encoding=fmt.label), fmt))
    return found


def _size(path: Path) -> int:
    with contextlib.suppress(OSError):
        return path.stat().st_size
    return 0


def plan_redaction(
    files: Sequence[Path],
    options: RedactionOptions | None = None,
    *,
    handoff_id: str | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Review:
    """What a redaction of ``files`` would replace; nothing is written.

    With ``handoff_id`` the handoff's existing map is used, so values redacted
    before keep their placeholders.  Raises :class:`RedactionCancelled`, or
    :class:`RedactionError` when the map cannot be read.
    """
    options = options or RedactionOptions()
    mapping = load_map(handoff_id) if handoff_id else RedactionMap()
    found = _formats(files)
    run = _Pass(options, mapping, sum(_size(r.path) for r, f in found if f), progress, cancel)
    for review, fmt in found:
        if fmt is not None:
            try:
                run.run(review, fmt, None)
            except OSError as exc:
                review.skipped = f"cannot be read ({exc.strerror or exc})"
                review.counts.clear()
                review.replacements.clear()
    return Review([r for r, _ in found], options, handoff_id, mapping)


def apply_redaction(
    review: Review,
    handoff_id: str,
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> RedactionResult:
    """Write the redacted copies the review describes, and save the private map.

    All or nothing: every copy is written to a temp file and renamed into place
    only when all are complete and the map is saved, so a cancel or an error
    leaves no copy behind.  The originals are only read.
    """
    if review.handoff_id not in (None, handoff_id):
        raise ValueError("the review was planned for another handoff")
    mapping = review.mapping.copy()  # the review's placeholders, so the copies match it
    found = [(r.path, r) for r in review.files if not r.skipped]
    run = _Pass(review.options, mapping, sum(_size(p) for p, _ in found), progress, cancel)
    folder = redacted_dir(handoff_id)
    outputs: dict[Path, Path] = {}
    results: list[FileReview] = [r for r in review.files if r.skipped]
    try:
        with contextlib.ExitStack() as stack:
            for path, planned in found:
                fmt = sniff(path)
                if isinstance(fmt, str):
                    raise RedactionError(f"{path.name}: {fmt}")
                target = outputs[path] = _target(folder, path)
                target.parent.mkdir(parents=True, exist_ok=True)
                results.append(FileReview(path, encoding=planned.encoding))
                run.run(results[-1], fmt, stack.enter_context(atomic_writer(target)))
            map_file = save_map(handoff_id, mapping)
    except BaseException:
        for target in outputs.values():
            with contextlib.suppress(OSError):
                target.parent.rmdir()  # only if empty: a copy from an earlier run stays
        raise
    return RedactionResult(outputs, results, map_file)
