"""Collect the VPN logs the engineer ticked: dump, cut to the incident window, scan.

The "Find VPN logs" dialog runs these off the GUI thread (a 2 GiB PanGPS.log
takes a while to cut or scan), so they are plain functions of files, with
progress and cancel, and return data; the dialog turns the result into
attachments on the GUI thread with :func:`attachments_for`.  A log that fails
(locked, binary, nothing in the window) is one line in ``problems`` and the
others still go through; a cancel keeps what was already finished.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from handoff.evidence.netrun import Runner, run_process
from handoff.evidence.signatures import Match, scan_file
from handoff.evidence.textlogs import (
    Extract,
    LogCancelled,
    LogError,
    ProgressFn,
    extract_attachment,
    extract_window,
)
from handoff.evidence.vpnlogs import Dump, FoundLog, dump_log, log_attachment
from handoff.model import Attachment, utc_now


@dataclass(frozen=True)
class Selection:
    """One ticked entry, with its incident window (both None: the whole log)."""

    entry: FoundLog | Dump
    since: datetime | None = None
    until: datetime | None = None

    @property
    def windowed(self) -> bool:
        return self.since is not None or self.until is not None

    @property
    def size(self) -> int:
        return self.entry.size


@dataclass(frozen=True)
class Collected:
    """A log ready to attach, and its extract when only the window was asked for."""

    log: FoundLog
    extract: Extract | None = None


@dataclass
class Collection:
    items: list[Collected] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    cancelled: bool = False


@dataclass
class ScanResults:
    matches: list[Match] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    cancelled: bool = False


class _Overall:
    """Progress over several files, in bytes: each file reports within its own share."""

    def __init__(self, sizes: Sequence[int], progress: ProgressFn | None) -> None:
        self.total = max(sum(sizes), 1)
        self.offset = 0
        self.progress = progress

    def part(self) -> ProgressFn | None:
        if self.progress is None:
            return None
        report, offset = self.progress, self.offset
        return lambda done, total: report(min(offset + done, self.total), self.total)

    def finished(self, size: int) -> None:
        self.offset += size
        if self.progress is not None:
            self.progress(min(self.offset, self.total), self.total)


def _one(
    selection: Selection,
    files_dir: Path,
    runner: Runner,
    progress: ProgressFn | None,
    cancel: threading.Event | None,
) -> Collected:
    entry = selection.entry
    log = entry if isinstance(entry, FoundLog) else dump_log(entry, files_dir, runner=runner,
                                                             cancel=cancel)  # fmt: skip
    if not selection.windowed:
        return Collected(log)
    extract = extract_window(
        log.path, files_dir, since=selection.since, until=selection.until,
        progress=progress, cancel=cancel,
    )  # fmt: skip
    return Collected(log, extract)


def collect(
    selections: Sequence[Selection],
    files_dir: Path,
    *,
    runner: Runner = run_process,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> Collection:
    """Dump and cut what was ticked (extracts and dumps go to ``files_dir``)."""
    result = Collection()
    overall = _Overall([s.size for s in selections], progress)
    for selection in selections:
        try:
            if cancel is not None and cancel.is_set():
                raise LogCancelled("cancelled")
            result.items.append(_one(selection, files_dir, runner, overall.part(), cancel))
        except LogCancelled:
            result.cancelled = True
            break
        except LogError as exc:
            result.problems.append(str(exc))
        overall.finished(selection.size)
    return result


def scan_logs(
    logs: Sequence[FoundLog],
    *,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> ScanResults:
    """Known failure signatures in every log; a binary or locked one is a problem line."""
    result = ScanResults()
    overall = _Overall([log.size for log in logs], progress)
    for log in logs:
        try:
            result.matches += scan_file(log.path, progress=overall.part(), cancel=cancel).matches
        except LogCancelled:
            result.cancelled = True
            break
        except LogError as exc:
            result.problems.append(str(exc))
        overall.finished(log.size)
    return result


def attachments_for(
    item: Collected,
    existing: Attachment | None = None,
    quotes: Sequence[str] = (),
    *,
    now: datetime | None = None,
) -> list[Attachment]:
    """The new attachments for a collected log: the log itself (unless ``existing``
    already attaches it) and its extract, derived from whichever is the original.

    ``quotes`` (lines the engineer used as root cause or step) go onto the original;
    on ``existing`` they are added in place.
    """
    now = now or utc_now()
    added: list[Attachment] = []
    original = existing
    if original is None:
        original = log_attachment(item.log, now=now)
        added.append(original)
    original.quotes = list(dict.fromkeys([*original.quotes, *quotes]))
    if item.extract is not None:
        added.append(extract_attachment(item.extract, original, now=now))
    return added
