"""Turning dropped or chosen paths into attachments (the one place pages touch files).

Only metadata is read (``os.stat`` and the name's media type); contents are read
later, by the package export.  A dropped folder contributes every file in it,
recursively, except hidden files and symbolic links: those are how a folder drag
picks up ``.git`` trees, cloud-sync metadata or a link to half a disk.
"""

from __future__ import annotations

import mimetypes
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from handoff.evidence.evtx import attachment_kind
from handoff.model import Attachment

DEFAULT_MEDIA_TYPE = "application/octet-stream"
_WINDOWS_HIDDEN = 0x2  # stat.FILE_ATTRIBUTE_HIDDEN, which only exists on Windows


@dataclass
class FileScan:
    """What a drop or a file dialog yielded: attachments to add, paths that failed."""

    attachments: list[Attachment] = field(default_factory=list)
    unreadable: list[Path] = field(default_factory=list)


def is_hidden(path: Path) -> bool:
    """Dot-files everywhere, plus the hidden attribute on Windows."""
    if path.name.startswith("."):
        return True
    try:
        attributes = getattr(path.lstat(), "st_file_attributes", 0)
    except OSError:
        return False
    return bool(attributes & _WINDOWS_HIDDEN)


def _walk(folder: Path, unreadable: list[Path]) -> Iterator[Path]:
    """Every visible, non-link file under ``folder``, in a stable (sorted) order."""

    def failed(error: OSError) -> None:
        unreadable.append(Path(error.filename or folder))

    for root, dirs, files in os.walk(folder, onerror=failed):
        base = Path(root)
        dirs[:] = sorted(
            name for name in dirs if not (is_hidden(base / name) or (base / name).is_symlink())
        )
        for name in sorted(files):
            path = base / name
            if not (is_hidden(path) or path.is_symlink()):
                yield path


def attachment_for(path: Path) -> Attachment:
    """An attachment for a readable regular file; ``OSError`` when it cannot be read."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise IsADirectoryError(str(path))
    if not os.access(path, os.R_OK):
        raise PermissionError(str(path))
    media_type = mimetypes.guess_type(path.name)[0] or DEFAULT_MEDIA_TYPE
    return Attachment(
        name=path.name,
        source=str(path.absolute()),
        size=info.st_size,
        media_type=media_type,
        kind=attachment_kind(path),  # a dropped .evtx is an event log, not just a file
    )


def scan_paths(paths: Iterable[Path], *, known: Iterable[str] = ()) -> FileScan:
    """Attachments for ``paths`` (folders expanded), skipping sources in ``known``.

    Files the engineer named explicitly are taken even if hidden: they chose them.
    """
    scan = FileScan()
    seen = set(known)
    for path in paths:
        files = _walk(path, scan.unreadable) if path.is_dir() else iter([path])
        for file in files:
            source = str(file.absolute())
            if source in seen:
                continue
            try:
                attachment = attachment_for(file)
            except OSError:
                scan.unreadable.append(file)
                continue
            seen.add(source)
            scan.attachments.append(attachment)
    return scan
