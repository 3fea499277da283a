"""Write a handoff package: one zip with the manifest, the reports and the attachments.

The zip is written to a hidden temp file next to the target and renamed into
place only when complete and fsynced (:func:`handoff.atomic.atomic_writer`), so
a cancel, a full disk or a vanished attachment never leaves a half package that
the next tech might open.  Attachments are streamed in 1 MiB chunks and hashed
in the same pass, so memory stays flat whatever their size.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import stat
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from handoff import __version__
from handoff.atomic import atomic_writer
from handoff.model import Attachment, Handoff, utc_now
from handoff.notes import (
    NOT_NEEDED_TEXT,
    render_html,
    render_markdown,
    render_next_tech_note,
    render_user_message,
)
from handoff.package.manifest import (
    MANIFEST_NAME,
    FileEntry,
    LintOverride,
    Manifest,
    PackageInfo,
    build_manifest,
    manifest_bytes,
)
from handoff.package.media import (
    DEFAULT_MEDIA_TYPE,
    already_compressed,
    is_image,
    media_type_for,
    thumbnail_data_uri,
)
from handoff.package.names import fit_name, safe_filename, unique_names
from handoff.package.reader import too_dense

CHUNK_SIZE = 1024 * 1024
"""Read/write unit for attachments: large enough to be fast, small enough to be flat."""

COMPRESS_LEVEL = 6
_ZIP64_FROM = 1024 * 1024 * 1024  # force zip64 early: a file may grow while it is read
PACKAGE_SUFFIX = ".handoff.zip"
SHARED_FILE_MODE = 0o644
"""A package is made to be handed on: readable by others, unlike a private draft."""
ATTACHMENTS_DIR = "attachments"

Progress = Callable[[int, int], None]


class ExportError(Exception):
    """The package could not be written; ``str()`` is a one-line reason naming the path."""


class MissingAttachmentsError(ExportError):
    """Attachment files that are missing, unreadable, or vanished during the export."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        count = f"{len(problems)} attachment{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{count} missing or unreadable: " + "; ".join(problems))


class ExportCancelled(ExportError):  # noqa: N818 - name fixed by docs/interfaces.md
    """The engineer cancelled; nothing was left on disk."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    size: int
    manifest: Manifest


def package_file_name(h: Handoff, when: datetime | None = None) -> str:
    """``<ticket>-<yyyymmdd-hhmm>.handoff.zip`` in local time; ``no-ticket`` without an id."""
    stamp = (when or utc_now()).astimezone().strftime("%Y%m%d-%H%M")
    ticket = safe_filename(h.ticket.id.strip()) if h.ticket.id.strip() else "no-ticket"
    return fit_name(ticket.replace(" ", "-"), f"-{stamp}{PACKAGE_SUFFIX}")


def _problem(attachment: Attachment, exc: OSError, source: Path | None = None) -> str:
    """One line; ``source`` is the file read (the package's copy no longer carries it)."""
    where = source or attachment.source or attachment.name
    if isinstance(exc, FileNotFoundError):
        return f"{attachment.name}: file not found: {where}"
    return f"{attachment.name}: cannot be read: {where} ({exc.strerror or exc})"


def _check_one(attachment: Attachment) -> str | None:
    if not attachment.source:
        return f"{attachment.name}: no file on this computer"
    path = Path(attachment.source)
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would block open() forever
            return f"{attachment.name}: not a regular file: {path}"
        with path.open("rb"):
            pass
    except OSError as exc:
        return _problem(attachment, exc)
    return None


def check_attachments(h: Handoff) -> list[str]:
    """One line per attachment whose source file is missing or unreadable."""
    return [line for a in h.attachments if (line := _check_one(a)) is not None]


def _free_path(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, numbered (``-2``) rather than replacing an earlier package."""
    stem = name.removesuffix(PACKAGE_SUFFIX)
    candidate, number = folder / name, 2
    while candidate.exists():
        candidate = folder / f"{stem}-{number}{PACKAGE_SUFFIX}"
        number += 1
    return candidate


def _target_path(h: Handoff, target: Path, created: datetime) -> Path:
    """A folder gets a fresh, conventionally named package; a file path is used as given."""
    if target.is_dir():
        return _free_path(target, package_file_name(h, created))
    return target


class _Writer:
    """One export in progress: the open zip, progress accounting, cancellation."""

    def __init__(
        self, zf: zipfile.ZipFile, created: datetime, total: int,
        progress: Progress | None, cancel: threading.Event | None,
    ) -> None:  # fmt: skip
        self.zf = zf
        self.created = created
        self.date_time = created.astimezone().timetuple()[:6]
        self.total = total
        self.done = 0
        self.progress = progress
        self.cancel = cancel
        self.files: list[FileEntry] = []

    def step(self, count: int) -> None:
        """Check for a cancel, then report ``count`` more bytes done."""
        if self.cancel is not None and self.cancel.is_set():
            raise ExportCancelled("export cancelled: no package was written")
        self.done += count
        if self.progress is not None and count:
            self.progress(self.done, max(self.total, self.done))

    def info(self, name: str, *, stored: bool, size: int) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, self.date_time)
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        info.file_size = size  # lets zipfile choose zip64 up front for big entries
        info.external_attr = 0o644 << 16
        return info

    def add_bytes(self, name: str, data: bytes, media_type: str) -> None:
        self.step(0)
        self.zf.writestr(self.info(name, stored=False, size=len(data)), data)
        digest = hashlib.sha256(data).hexdigest()
        self.files.append(
            FileEntry(path=name, size=len(data), sha256=digest, media_type=media_type)
        )


def _chunks(source: io.RawIOBase, attachment: Attachment, path: Path) -> Iterator[memoryview]:
    """Read ``source`` into one reused buffer; a read failure is the attachment's fault."""
    buffer = bytearray(CHUNK_SIZE)
    view = memoryview(buffer)
    while True:
        try:
            count = source.readinto(buffer)
        except OSError as exc:
            raise MissingAttachmentsError([_problem(attachment, exc, path)]) from exc
        if not count:
            return
        yield view[:count]


def _open_source(attachment: Attachment, source: Path) -> tuple[io.FileIO, bool]:
    """Open the source (raw, unbuffered) and decide stored vs deflated."""
    try:
        stored = already_compressed(source, attachment.name, attachment.media_type)
        return source.open("rb", buffering=0), stored
    except OSError as exc:
        raise MissingAttachmentsError([_problem(attachment, exc, source)]) from exc


def _stream(
    writer: _Writer, attachment: Attachment, source: Path, arcname: str, stored: bool | None
) -> tuple[zipfile.ZipInfo, str]:
    """Stream one attachment into the zip, hashing in the same pass."""
    handle, compressed = _open_source(attachment, source)
    hasher = hashlib.sha256()
    info = writer.info(
        arcname, stored=compressed if stored is None else stored, size=attachment.size
    )
    with handle, writer.zf.open(info, "w", force_zip64=attachment.size >= _ZIP64_FROM) as dest:
        for chunk in _chunks(handle, attachment, source):
            writer.step(0)
            hasher.update(chunk)
            dest.write(chunk)
            writer.step(len(chunk))
    return info, hasher.hexdigest()


def _forget_last_entry(zf: zipfile.ZipFile) -> None:
    """Cut the entry just written off the end of the zip (zipfile has no API for this)."""
    info = zf.filelist.pop()
    del zf.NameToInfo[info.filename]
    handle = zf.fp
    if handle is None:  # pragma: no cover - the zip is open for writing here
        raise ExportError("internal error: the package was closed while being written")
    handle.seek(info.header_offset)
    handle.truncate()
    zf.start_dir = info.header_offset


def _add_attachment(writer: _Writer, attachment: Attachment, source: Path, arcname: str) -> None:
    """Add one attachment; one that deflates past the reader's zip-bomb ratio is stored.

    Without this, a big file of zeros (a sparse image, a dump) would make a
    package that :func:`handoff.package.reader.open_package` rightly refuses.
    """
    info, digest = _stream(writer, attachment, source, arcname, None)
    if too_dense(info.file_size, info.compress_size):
        _forget_last_entry(writer.zf)
        writer.total += info.file_size  # the file is read a second time
        info, digest = _stream(writer, attachment, source, arcname, True)
    attachment.size, attachment.sha256 = info.file_size, digest
    writer.files.append(
        FileEntry(
            path=arcname, size=info.file_size, sha256=digest, media_type=attachment.media_type
        )
    )


def _prepare(package: Handoff) -> list[Path]:
    """Give each attachment its place in the zip and drop the local path from the copy."""
    sources: list[Path] = []
    names = unique_names(a.name for a in package.attachments)
    for attachment, name in zip(package.attachments, names, strict=True):
        sources.append(Path(attachment.source or ""))
        attachment.source = None
        attachment.path = f"{ATTACHMENTS_DIR}/{name}"
        with contextlib.suppress(OSError):  # checked just before; re-read when streamed
            attachment.size = sources[-1].stat().st_size
        if attachment.media_type == DEFAULT_MEDIA_TYPE:
            attachment.media_type = media_type_for(attachment.name)
    return sources


def _texts(
    package: Handoff, sources: list[Path], created: datetime, override: LintOverride | None
) -> list[tuple[str, bytes, str]]:
    """The generated files: current texts for the reader, edited texts kept verbatim."""
    view = package.model_copy(deep=True)
    if not view.next_tech_note.edited:
        view.next_tech_note.text = render_next_tech_note(view, now=created)
    if not view.user_message.edited:
        view.user_message.text = render_user_message(view)
    user = view.user_message.text if view.user_message.needed else NOT_NEEDED_TEXT
    thumbs = {
        a.id: uri
        for a, src in zip(view.attachments, sources, strict=True)
        if is_image(a.media_type) and (uri := thumbnail_data_uri(src))
    }
    html = render_html(
        view, thumbnails=thumbs, now=created,
        findings=override.findings if override else (),
        override_by=override.confirmed_by if override else "",
    )  # fmt: skip
    return [
        ("handoff.html", html.encode("utf-8"), "text/html"),
        ("handoff.md", render_markdown(view, now=created).encode("utf-8"), "text/markdown"),
        ("internal-note.txt", view.next_tech_note.text.encode("utf-8"), "text/plain"),
        ("user-message.txt", user.encode("utf-8"), "text/plain"),
    ]


def _fill_zip(
    writer: _Writer, package: Handoff, sources: list[Path], override: LintOverride | None
) -> Manifest:
    """Attachments first (their hashes go into the reports), then reports, manifest last."""
    for attachment, source in zip(package.attachments, sources, strict=True):
        _add_attachment(writer, attachment, source, attachment.path or "")
    for name, data, media_type in _texts(package, sources, writer.created, override):
        writer.add_bytes(name, data, media_type)
    info = PackageInfo(
        app_version=__version__, created_at=writer.created, files=writer.files,
        lint_override=override,
    )  # fmt: skip
    manifest = build_manifest(package, info)
    data = manifest_bytes(manifest)
    writer.step(0)
    writer.zf.writestr(writer.info(MANIFEST_NAME, stored=False, size=len(data)), data)
    return manifest


def _write(
    handle: IO[bytes], package: Handoff, sources: list[Path], override: LintOverride | None,
    make_writer: Callable[[zipfile.ZipFile], _Writer],
) -> Manifest:  # fmt: skip
    """Fill the zip; on failure close it quietly so the original error is the one raised."""
    zf = zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
    try:
        manifest = _fill_zip(make_writer(zf), package, sources, override)
    except BaseException:
        with contextlib.suppress(Exception):
            zf.close()
        raise
    zf.close()
    return manifest


def _reason(exc: OSError) -> str:
    return " ".join(str(exc.strerror or exc).split())


def export_package(
    h: Handoff,
    target: Path,
    *,
    override: LintOverride | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> ExportResult:
    """Write the package for ``h`` and return where it went; ``h`` itself is not changed.

    ``target`` is a folder (the package gets :func:`package_file_name`, numbered
    if taken) or the full path of the zip to write.  Raises
    :class:`MissingAttachmentsError`, :class:`ExportCancelled` or
    :class:`ExportError`; in every failure case no file is left behind.
    """
    if problems := check_attachments(h):
        raise MissingAttachmentsError(problems)
    created = utc_now()
    final = _target_path(h, Path(target), created)
    package = h.model_copy(deep=True)
    sources = _prepare(package)
    total = sum(a.size for a in package.attachments)
    try:
        with atomic_writer(final, mode=SHARED_FILE_MODE) as handle:
            manifest = _write(
                handle, package, sources, override,
                lambda zf: _Writer(zf, created, total, progress, cancel),
            )  # fmt: skip
        size = final.stat().st_size
    except OSError as exc:
        raise ExportError(f"cannot write {final}: {_reason(exc)}") from exc
    if progress is not None:
        progress(max(total, 1), max(total, 1))
    return ExportResult(path=final, size=size, manifest=manifest)
