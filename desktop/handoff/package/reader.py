"""Open a handoff package, treating the zip as hostile until proven otherwise.

A package arrives by e-mail or a share; anyone could have crafted it.  Before
anything is read we check the central directory: entry names that would
escape a folder (zip-slip), symlink entries, and zip-bomb shapes (too many
entries, too large in total, absurd compression ratios).  Every listed file is
then hashed by streaming it with a hard cap at its declared size.  Files are
only ever written by name *we* choose, inside the folder the caller chose.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from handoff import paths
from handoff.atomic import atomic_writer
from handoff.migrations import HandoffFormatError, NewerVersionError
from handoff.model import Attachment, Handoff, HistoryEntry, new_id, utc_now
from handoff.package.manifest import MANIFEST_NAME, FileEntry, Manifest, parse_manifest
from handoff.package.names import numbered_name, safe_filename, unique_names

MAX_ENTRIES = 10_000
MAX_TOTAL_SIZE = 8 * 1024**3
MAX_RATIO = 200
RATIO_CHECK_FROM = 1024 * 1024
MAX_MANIFEST_SIZE = 32 * 1024 * 1024
CHUNK_SIZE = 1024 * 1024

Progress = Callable[[int, int], None]
_DRIVE = re.compile(r"^[A-Za-z]:")
# What a corrupt zip can raise from the stdlib besides BadZipFile.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, struct.error, ValueError,
              NotImplementedError, RuntimeError)  # fmt: skip


class PackageError(Exception):
    """The file cannot be opened as a handoff package; ``str()`` is a one-line reason."""


class OpenCancelled(PackageError):  # noqa: N818 - mirrors ExportCancelled
    """The engineer cancelled while the package was being verified."""


@dataclass(frozen=True)
class IntegrityProblem:
    path: str
    kind: str
    """``"tampered"`` (hash or size differs), ``"missing"`` (listed, absent), ``"extra"``."""


@dataclass
class OpenedPackage:
    path: Path
    manifest: Manifest
    handoff: Handoff
    problems: list[IntegrityProblem]

    @property
    def ok(self) -> bool:
        """Every listed file is present and intact, and nothing unlisted was added."""
        return not self.problems


class _Tracker:
    """Progress over all bytes to verify, with a cancel check between chunks."""

    def __init__(self, total: int, progress: Progress | None, cancel: threading.Event | None):
        self.total, self.done = total, 0
        self.progress, self.cancel = progress, cancel

    def advance(self, count: int) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise OpenCancelled("opening cancelled")
        self.done += count
        if self.progress is not None and count:
            self.progress(self.done, max(self.total, self.done))


def unsafe_name_reason(name: str) -> str | None:
    """Why an entry name could write outside the extraction folder, or None if safe."""
    if name.startswith("/"):
        return "absolute path"
    if _DRIVE.match(name):
        return "drive letter"
    if "\\" in name:
        return "backslash in name"
    if "\x00" in name:
        return "NUL in name"
    if any(part == ".." for part in name.split("/")):
        return "'..' in path"
    return None


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def too_dense(file_size: int, compress_size: int) -> bool:
    """The zip-bomb shape refused on opening: a big entry expanding more than 200:1."""
    return file_size > RATIO_CHECK_FROM and file_size > MAX_RATIO * max(compress_size, 1)


def _check_entry(info: zipfile.ZipInfo) -> None:
    for name in {info.orig_filename, info.filename}:
        if reason := unsafe_name_reason(name):
            raise PackageError(f"unsafe entry {name!r} in the package: {reason}")
    if _is_symlink(info):
        raise PackageError(f"unsafe entry {info.filename!r} in the package: symbolic link")
    if info.flag_bits & 0x1:
        raise PackageError(f"entry {info.filename!r} is encrypted: not a handoff package")
    if too_dense(info.file_size, info.compress_size):
        raise PackageError(
            f"refused: entry {info.filename!r} expands more than {MAX_RATIO}:1 (zip bomb?)"
        )


def check_entries(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse zip-slip names, symlinks, duplicates and zip-bomb shapes before any read."""
    if len(infos) > MAX_ENTRIES:
        raise PackageError(f"refused: {len(infos)} entries (more than {MAX_ENTRIES}; zip bomb?)")
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_SIZE:
        raise PackageError(
            f"refused: {total} bytes uncompressed (more than {MAX_TOTAL_SIZE}; zip bomb?)"
        )
    seen: set[str] = set()
    for info in infos:
        _check_entry(info)
        if info.filename in seen:
            raise PackageError(f"entry {info.filename!r} appears twice in the package")
        seen.add(info.filename)


def stream_entry(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    sink: Callable[[bytes], object],
    tracker: _Tracker | None = None,
) -> int:
    """Feed the entry to ``sink`` chunk by chunk; refuse more bytes than declared."""
    count = 0
    with zf.open(info) as source:
        while chunk := source.read(CHUNK_SIZE):
            count += len(chunk)
            if count > info.file_size:
                raise PackageError(
                    f"refused: {info.filename!r} is larger than declared (zip bomb?)"
                )
            if tracker is not None:
                tracker.advance(len(chunk))
            sink(chunk)
    return count


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise PackageError(f"cannot open {path}: file not found") from None
    except OSError as exc:
        raise PackageError(f"cannot open {path}: {exc.strerror or exc}") from None
    except ZIP_ERRORS:
        raise PackageError("not a handoff package: not a zip file") from None


def _read_manifest(zf: zipfile.ZipFile) -> Manifest:
    try:
        info = zf.getinfo(MANIFEST_NAME)
    except KeyError:
        raise PackageError(f"not a handoff package: no {MANIFEST_NAME}") from None
    if info.file_size > MAX_MANIFEST_SIZE:
        raise PackageError(f"not a handoff package: {MANIFEST_NAME} is too big")
    parts: list[bytes] = []
    try:
        stream_entry(zf, info, parts.append)
        return parse_manifest(b"".join(parts))
    except NewerVersionError as exc:
        raise PackageError(f"cannot open this package: {exc}") from None
    except HandoffFormatError as exc:
        raise PackageError(f"not a handoff package: {MANIFEST_NAME}: {exc}") from None
    except ZIP_ERRORS:
        raise PackageError(f"not a handoff package: {MANIFEST_NAME} is damaged") from None


def _intact(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, entry: FileEntry, tracker: _Tracker
) -> bool:
    if info.file_size != entry.size:
        tracker.advance(info.file_size)
        return False
    hasher = hashlib.sha256()
    try:
        size = stream_entry(zf, info, hasher.update, tracker)
    except ZIP_ERRORS:  # bad CRC or corrupt deflate data: the bytes were changed
        return False
    return size == entry.size and hasher.hexdigest() == entry.sha256


def _verify(
    zf: zipfile.ZipFile, files: list[FileEntry], progress: Progress | None,
    cancel: threading.Event | None,
) -> list[IntegrityProblem]:  # fmt: skip
    present = {info.filename: info for info in zf.infolist() if not info.is_dir()}
    listed = {entry.path: entry for entry in files}
    total = sum(present[p].file_size for p in listed if p in present)
    tracker, problems = _Tracker(total, progress, cancel), []
    for path, entry in listed.items():
        if path not in present:
            problems.append(IntegrityProblem(path, "missing"))
        elif not _intact(zf, present[path], entry, tracker):
            problems.append(IntegrityProblem(path, "tampered"))
    extra = sorted(set(present) - set(listed) - {MANIFEST_NAME})
    problems += [IntegrityProblem(path, "extra") for path in extra]
    return problems


def open_package(
    path: Path, *, progress: Progress | None = None, cancel: threading.Event | None = None
) -> OpenedPackage:
    """Open and verify a package: every listed file's size and SHA-256 is checked.

    Structural problems (not a zip, no or bad manifest, unsafe names, zip bomb)
    raise :class:`PackageError`; integrity problems are returned in ``problems``
    so the UI can show exactly which file is affected.
    """
    path = Path(path)
    with _open_zip(path) as zf:
        check_entries(zf.infolist())
        manifest = _read_manifest(zf)
        problems = _verify(zf, manifest.package.files, progress, cancel)
    return OpenedPackage(path, manifest, manifest.handoff(), problems)


def verify_package(path: Path) -> list[IntegrityProblem]:
    """The integrity problems of a package (empty when intact); PackageError if unreadable."""
    return open_package(path).problems


def _reserve(folder: Path, name: str) -> Path:
    """Claim a free name in ``folder`` (O_EXCL), never replacing an existing file."""
    candidate, number = folder / name, 2
    while True:
        try:
            os.close(os.open(candidate, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        except FileExistsError:
            candidate = folder / numbered_name(name, number)
            number += 1
        except OSError as exc:
            raise PackageError(f"cannot write {candidate}: {exc.strerror or exc}") from None
        else:
            return candidate


def _expected(opened: OpenedPackage, attachment: Attachment) -> FileEntry:
    for entry in opened.manifest.package.files:
        if entry.path == attachment.path:
            return entry
    raise PackageError(f"{attachment.name} is not listed in the package")


def _extract(zf: zipfile.ZipFile, expected: FileEntry, folder: Path, name: str) -> Path:
    """Write one entry to a free name in ``folder``, atomically, checking its hash."""
    try:
        info = zf.getinfo(expected.path)
    except KeyError:
        raise PackageError(f"{name} is missing from the package") from None
    dest = _reserve(folder, name)
    try:
        hasher = hashlib.sha256()
        with atomic_writer(dest) as out:

            def sink(chunk: bytes) -> None:
                hasher.update(chunk)
                out.write(chunk)

            stream_entry(zf, info, sink)
            if hasher.hexdigest() != expected.sha256:
                raise PackageError(f"{name} does not match its checksum: not extracted")
    except OSError as exc:
        dest.unlink(missing_ok=True)
        raise PackageError(f"cannot extract {name} to {dest}: {exc.strerror or exc}") from None
    except ZIP_ERRORS:
        dest.unlink(missing_ok=True)
        raise PackageError(f"{name} is damaged in the package: not extracted") from None
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    return dest


def extract_attachment(opened: OpenedPackage, attachment_id: str, dest_dir: Path) -> Path:
    """Save one attachment into ``dest_dir`` under a safe, unused name; returns its path."""
    found = [a for a in opened.handoff.attachments if a.id == attachment_id and a.path]
    if not found:
        raise PackageError(f"no attachment {attachment_id!r} in this package")
    with _open_zip(opened.path) as zf:
        check_entries(zf.infolist())  # the file may have been replaced since it was opened
        expected = _expected(opened, found[0])
        return _extract(zf, expected, Path(dest_dir), safe_filename(found[0].name))


def _continued(opened: OpenedPackage, by: str) -> Handoff:
    old = opened.handoff
    new = old.model_copy(deep=True)
    now = utc_now()
    new.id, new.author, new.created_at, new.updated_at = new_id(), by, now, now
    entry = HistoryEntry(
        by=old.author, at=opened.manifest.package.created_at,
        package=opened.path.name, handoff_id=old.id,
    )  # fmt: skip
    new.history = [*old.history, entry]
    return new


def continue_handoff(opened: OpenedPackage, *, by: str, files_dir: Path | None = None) -> Handoff:
    """A new draft that carries on from the package, with the attachments extracted.

    Attachments that are missing or tampered are not extracted (their ``source``
    stays empty, so exporting again asks for them); on any failure the files
    extracted so far are removed again.
    """
    new = _continued(opened, by)
    folder = Path(files_dir) if files_dir is not None else paths.draft_files_dir(new.id)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PackageError(f"cannot create {folder}: {exc.strerror or exc}") from None
    damaged = {p.path for p in opened.problems}
    names = unique_names(a.name for a in new.attachments)
    written: list[Path] = []
    try:
        with _open_zip(opened.path) as zf:
            check_entries(zf.infolist())
            for attachment, name in zip(new.attachments, names, strict=True):
                if attachment.path and attachment.path not in damaged:
                    written.append(_extract(zf, _expected(opened, attachment), folder, name))
                    attachment.source = str(written[-1])
                attachment.path = None
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return new
