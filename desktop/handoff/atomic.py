"""Atomic file writes: temp file in the same folder, fsync, rename.

A crash, a kill or a full disk at any moment leaves either the old file or the
new one, never a torn one.  Every persistent write in Handoff goes through here.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_writer(
    target: Path, *, suffix: str = ".tmp", mode: int | None = None
) -> Iterator[IO[bytes]]:
    """Yield a binary file; on clean exit it replaces ``target``, on error it vanishes.

    The temp file lives next to ``target`` (hidden, ``.name.xxxx.tmp``) so the
    final ``os.replace`` is a rename within one file system.  It is created
    private (0600, right for drafts); ``mode`` (POSIX) widens that for files meant
    to be shared, such as an exported package.
    """
    target = Path(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    tmp = Path(tmp_name)
    try:
        if mode is not None and os.name == "posix":
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(target.parent)


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with atomic_writer(target) as handle:
        handle.write(data)


def write_text_atomic(target: Path, text: str) -> None:
    write_bytes_atomic(target, text.encode("utf-8"))
