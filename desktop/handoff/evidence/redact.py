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
a 500 MB log (:mod:`handoff.evidence.redact_text`, which also reads UTF-16 and
odd bytes losslessly and writes the copy in the file's own encoding); the
patterns and why they are fast are in :mod:`handoff.evidence.redact_rules`.
Binary files are skipped, with the reason.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from handoff import paths
from handoff.atomic import atomic_writer
from handoff.evidence.redact_map import RedactionError, RedactionMap, load_map, save_map
from handoff.evidence.redact_personal import address_rules, hostname_rules, username_rules
from handoff.evidence.redact_rules import (
    DEFAULT_CATEGORIES,
    Category,
    Hit,
    Rule,
    Scanner,
    Sweep,
    merge_hits,
)
from handoff.evidence.redact_secrets import email_rules, secret_rules
from handoff.evidence.redact_text import TextFormat, chunks, encoder, read_utf8, sniff

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
MAX_KEPT = 200_000
"""Hits a plan keeps (about 25 MB) so that applying it need not scan again."""
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
        """The rules of the ticked categories (see :mod:`handoff.evidence.redact_rules`)."""
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
    """One file of a review (or of a written redaction): what was found, or why not."""

    path: Path
    encoding: str = ""
    skipped: str = ""
    """Why the file is not redacted (binary, unreadable); empty when it is."""
    counts: Counter[Category] = field(default_factory=Counter)
    replacements: list[Replacement] = field(default_factory=list)
    """The first :data:`MAX_LISTED`; :attr:`counts` has them all."""
    found: list[Hit] | None = field(default=None, repr=False, compare=False)
    """Every hit of the plan, at offsets in the file's UTF-8 text, so applying it only
    has to look for the values found later (None: too many to keep; scan again)."""
    stamp: tuple[int, int] = field(default=(0, 0), repr=False, compare=False)
    """(size, mtime) when planned: a file changed since then is scanned again."""

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
    """Where the redacted copies went; the caller points the attachments at them."""

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


# -- the run ------------------------------------------------------------------------


class _Replay:
    """A plan's hits for one file, handed back chunk by chunk (they are in order)."""

    def __init__(self, hits: list[Hit]) -> None:
        self._hits, self._next = hits, 0

    def take(self, start: int, end: int) -> list[Hit]:
        taken = []
        while self._next < len(self._hits) and self._hits[self._next].start < end:
            hit = self._hits[self._next]
            taken.append(hit._replace(start=hit.start - start, end=hit.end - start))
            self._next += 1
        return taken


class _Pass:
    """One run over the files: the rules, the growing map, progress and cancel."""

    def __init__(
        self, options: RedactionOptions, mapping: RedactionMap, total: int,
        progress: Progress | None, cancel: threading.Event | None,
    ) -> None:  # fmt: skip
        self.listed = options.listed()
        self.mapping = mapping
        self._scanner = Scanner(options.rules(), self.listed + mapping.sweeps)
        self._swept = len(mapping.sweeps)
        self.total = max(total, 1)
        self.done = self.kept = 0
        self.progress = progress
        self.cancel = cancel

    def step(self, size: int) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise RedactionCancelled("redaction cancelled: nothing was written")
        self.done += size
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)

    def run(
        self, review: FileReview, fmt: TextFormat, out: IO[bytes] | None,
        replay: _Replay | None = None,
    ) -> None:  # fmt: skip
        """Plan (``out`` is None) or write one file, counting into ``review``."""
        line, offset, encode = 1, 0, encoder(fmt)
        if out is not None:
            out.write(fmt.bom)
        with review.path.open("rb") as handle:
            for chunk, raw in chunks(read_utf8(handle, fmt)):
                self.step(raw)
                hits = self._hits(chunk, offset, replay)
                if out is None:
                    line = self._review(chunk, hits, review, line, offset)
                else:
                    out.write(encode(self._redact(chunk, hits, review)))
                offset += len(chunk)

    def _hits(self, chunk: bytes, offset: int, replay: _Replay | None) -> list[Hit]:
        if len(self.mapping.sweeps) != self._swept:  # a value found by context: hunt it too
            self._scanner = self._scanner.with_sweeps(self.listed + self.mapping.sweeps)
            self._swept = len(self.mapping.sweeps)
        if replay is None:
            return self._scanner.hits(chunk)
        planned = replay.take(offset, offset + len(chunk))
        return merge_hits(planned + self._scanner.hits(chunk, rules=False))

    def _review(
        self, chunk: bytes, hits: list[Hit], review: FileReview, line: int, offset: int
    ) -> int:
        counted = 0
        for hit in hits:
            value = chunk[hit.start : hit.end]
            text = self.mapping.placeholder(hit.category, hit.key or value, value, hit.sweep)
            review.counts[hit.category] += 1
            if len(review.replacements) < MAX_LISTED:
                line += chunk.count(b"\n", counted, hit.start)
                counted = hit.start
                found = Replacement(line, hit.category, hit.kind, mask(value), text)
                review.replacements.append(found)
            if review.found is not None and self.kept < MAX_KEPT:
                review.found.append(hit._replace(start=hit.start + offset, end=hit.end + offset))
                self.kept += 1
            else:
                review.found = None
        return line + chunk.count(b"\n", counted)

    def _redact(self, chunk: bytes, hits: list[Hit], review: FileReview) -> bytes:
        pieces: list[bytes] = []
        last = 0
        for hit in hits:
            value = chunk[hit.start : hit.end]
            text = self.mapping.placeholder(hit.category, hit.key or value, value, hit.sweep)
            review.counts[hit.category] += 1
            pieces += (chunk[last : hit.start], text.encode("ascii"))
            last = hit.end
        pieces.append(chunk[last:])
        return b"".join(pieces)


def _stamp(path: Path) -> tuple[int, int]:
    with contextlib.suppress(OSError):
        info = path.stat()
        return info.st_size, info.st_mtime_ns
    return (-1, -1)


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
            review.found, review.stamp = [], _stamp(review.path)
            try:
                run.run(review, fmt, None)
            except OSError as exc:
                review.skipped = f"cannot be read ({exc.strerror or exc})"
                review.counts.clear()
                review.replacements.clear()
                review.found = None
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
    leaves no copy behind.  The originals are only read.  A file unchanged since
    the plan is not scanned again: its planned hits are reused.
    """
    if review.handoff_id not in (None, handoff_id):
        raise ValueError("the review was planned for another handoff")
    mapping = review.mapping.copy()  # the review's placeholders, so the copies match it
    planned = [r for r in review.files if not r.skipped]
    run = _Pass(review.options, mapping, sum(_size(r.path) for r in planned), progress, cancel)
    outputs: dict[Path, Path] = {}
    results: list[FileReview] = [r for r in review.files if r.skipped]
    try:
        with contextlib.ExitStack() as stack:
            for plan in planned:
                outputs[plan.path] = _target(redacted_dir(handoff_id), plan.path)
                results.append(_write_copy(run, plan, outputs[plan.path], stack))
            map_file = save_map(handoff_id, mapping)
    except BaseException:
        for target in outputs.values():
            with contextlib.suppress(OSError):
                target.parent.rmdir()  # only if empty: a copy from an earlier run stays
        raise
    return RedactionResult(outputs, results, map_file)


def _write_copy(
    run: _Pass, plan: FileReview, target: Path, stack: contextlib.ExitStack
) -> FileReview:
    """Redact one file into a temp file that ``stack`` renames to ``target`` at the end."""
    fmt = sniff(plan.path)
    if isinstance(fmt, str):
        raise RedactionError(f"{plan.path.name}: {fmt}")
    target.parent.mkdir(parents=True, exist_ok=True)
    result = FileReview(plan.path, encoding=plan.encoding)
    unchanged = plan.found is not None and plan.stamp == _stamp(plan.path)
    replay = _Replay(plan.found) if unchanged and plan.found is not None else None
    run.run(result, fmt, stack.enter_context(atomic_writer(target)), replay)
    return result
