"""Readable output of an Event Viewer log scan: text, JSON, and the extract files.

The next technician may open the handoff on a Mac or a phone, where an .evtx is
opaque.  So next to the original log the package carries an *extract*: the
window's events as CSV (opens in any spreadsheet) or JSON Lines (for scripts),
plus a short text summary.  Both are written atomically (a cancelled or failed
extract leaves no half file) and become attachments of kind LOG_EXTRACT whose
``derived_from`` names the original log's attachment (kind EVENT_LOG).
"""

from __future__ import annotations

import csv
import io
import json
import threading
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import IO, Any, Literal

from handoff.atomic import atomic_writer, write_text_atomic
from handoff.evidence.evtx import (
    DEFAULT_LEVELS,
    EvtxSummary,
    LogEvent,
    ProgressFn,
    scan_evtx,
)
from handoff.model import Attachment, AttachmentKind, utc_now
from handoff.notes import format_size

ExtractFormat = Literal["csv", "jsonl"]
CSV_COLUMNS = (
    "time_utc",
    "level",
    "provider",
    "event_id",
    "channel",
    "computer",
    "record_id",
    "details",
)
_MEDIA_TYPES = {"csv": "text/csv", "jsonl": "application/x-ndjson", "txt": "text/plain"}
EVTX_MEDIA_TYPE = "application/octet-stream"
_TEXT_EVENTS = 20


def _when(value: datetime | None, tz: tzinfo | None) -> str:
    return "open" if value is None else f"{value.astimezone(tz):%Y-%m-%d %H:%M:%S}"


def _zone(when: datetime, tz: tzinfo | None) -> str:
    offset = when.astimezone(tz).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"


def window_label(summary: EvtxSummary, tz: tzinfo | None = None) -> str:
    """``Window 09:00 to 11:00`` / ``From …`` / ``Until …`` / ``Whole log``."""
    since, until = summary.since, summary.until
    if since and until:
        return f"Window {_when(since, tz)} to {_when(until, tz)}"
    if since or until:
        return f"From {_when(since, tz)}" if since else f"Until {_when(until, tz)}"
    return "Whole log"


def summary_lines(
    summary: EvtxSummary, *, tz: tzinfo | None = None, events: int = _TEXT_EVENTS, top: int = 10
) -> list[str]:
    """The summary as short lines (times in ``tz``, default local; the ``top`` sources
    and event IDs), then up to ``events`` of the window's events, newest last."""
    lines = [f"{summary.path.name}: Event Viewer log, {format_size(summary.size)}"]
    if summary.first and summary.last:
        lines.append(
            f"{summary.records} events from {_when(summary.first, tz)} to "
            f"{_when(summary.last, tz)} ({_zone(summary.last, tz)})"
        )
    else:
        lines.append(f"{summary.records} events")
    if summary.skipped:
        lines.append(f"Skipped {summary.skipped} damaged part(s): {summary.problems[0]}")
    lines.append("By level: " + ", ".join(f"{k} {v}" for k, v in summary.by_level.items()))
    if summary.top_providers:
        providers = summary.top_providers[:top]
        lines.append("Top sources: " + ", ".join(f"{p} {n}" for p, n in providers))
    if summary.top_event_ids:
        ids = (f"{c.provider} {c.event_id} ({c.count})" for c in summary.top_event_ids[:top])
        lines.append("Top event IDs: " + ", ".join(ids))
    lines.append(
        f"{window_label(summary, tz)}, {'/'.join(summary.level_names)}: "
        f"{summary.matched} event(s)"
        + (f" (kept the latest {len(summary.events)})" if summary.capped else "")
    )
    shown = summary.events[-events:] if events > 0 else []
    if shown and len(summary.events) > len(shown):
        lines.append(f"  \u2026 {len(summary.events) - len(shown)} earlier event(s) not shown here")
    lines += [f"  {event.quote(tz)}" for event in shown]
    return lines


def summary_text(
    summary: EvtxSummary, *, tz: tzinfo | None = None, events: int = _TEXT_EVENTS
) -> str:
    return "\n".join(summary_lines(summary, tz=tz, events=events)) + "\n"


def summary_dict(summary: EvtxSummary) -> dict[str, Any]:
    """The summary as JSON data (UTC times, ISO 8601), for ``handoff evtx --json``."""

    def iso(value: datetime | None) -> str | None:
        return None if value is None else value.isoformat().replace("+00:00", "Z")

    return {
        "file": str(summary.path),
        "size": summary.size,
        "records": summary.records,
        "skipped": summary.skipped,
        "problems": summary.problems,
        "first": iso(summary.first),
        "last": iso(summary.last),
        "by_level": summary.by_level,
        "top_providers": [{"provider": p, "count": n} for p, n in summary.top_providers],
        "top_event_ids": [vars(c) for c in summary.top_event_ids],
        "window": {
            "since": iso(summary.since),
            "until": iso(summary.until),
            "levels": summary.level_names,
        },
        "matched": summary.matched,
        "capped": summary.capped,
        "events": [event.to_dict() for event in summary.events],
    }


# -- the extract -----------------------------------------------------------------------


@dataclass(frozen=True)
class Extract:
    """What :func:`write_extract` wrote; ``summary`` is the scan it came from."""

    source: Path
    summary: EvtxSummary
    events_path: Path
    summary_path: Path
    format: ExtractFormat


def free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name (2)``… when taken: extracts never overwrite each other."""
    candidate = folder / name
    stem, dot, suffix = name.partition(".")
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem} ({number}){dot}{suffix}"
        number += 1
    return candidate


def _csv_row(event: LogEvent) -> list[str | int]:
    data = event.to_dict()
    return [data["time"], data["level"], event.provider, event.event_id, event.channel,
            event.computer, event.record_id, event.details]  # fmt: skip


class _RowWriter:
    """Writes events to an open binary file as CSV or JSON Lines, one at a time."""

    def __init__(self, handle: IO[bytes], fmt: ExtractFormat) -> None:
        self._text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        self._csv = csv.writer(self._text) if fmt == "csv" else None
        if self._csv is not None:
            self._text.write("\ufeff")  # so Excel on Windows reads it as UTF-8
            self._csv.writerow(CSV_COLUMNS)

    def write(self, event: LogEvent) -> None:
        if self._csv is not None:
            self._csv.writerow(_csv_row(event))
        else:
            self._text.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")

    def close(self) -> None:
        """Flush, and leave the binary file open for the atomic writer to finish."""
        self._text.flush()
        self._text.detach()


def write_extract(
    source: Path,
    folder: Path,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    levels: frozenset[int] = DEFAULT_LEVELS,
    fmt: ExtractFormat = "csv",
    tz: tzinfo | None = None,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> Extract:
    """Scan ``source`` and write every matching event (no cap) plus the text summary.

    Files are named after the log (``System.events.csv``, ``System.summary.txt``)
    and never overwrite an earlier extract.  Raises :class:`EvtxError` like
    :func:`scan_evtx`; nothing is left behind then.
    """
    folder.mkdir(parents=True, exist_ok=True)
    stem = Path(source).stem
    events_path = free_name(folder, f"{stem}.events.{fmt}")
    with atomic_writer(events_path, mode=0o644) as handle:
        rows = _RowWriter(handle, fmt)
        summary = scan_evtx(
            source, since=since, until=until, levels=levels,
            progress=progress, cancel=cancel, sink=rows.write,
        )  # fmt: skip
        rows.close()
    summary_path = free_name(folder, f"{stem}.summary.txt")
    lines = summary_lines(summary, tz=tz)
    lines.append(f"All {summary.matched} event(s) of the window are in {events_path.name}.")
    write_text_atomic(summary_path, "\n".join(lines) + "\n")
    return Extract(Path(source), summary, events_path, summary_path, fmt)


def _window_note(summary: EvtxSummary, tz: tzinfo | None) -> str:
    levels = "/".join(summary.level_names)
    return f"{window_label(summary, tz).lower()}, {levels}: {summary.matched} event(s)"


def log_attachment(source: Path, *, captured_at: datetime | None = None) -> Attachment:
    """The original .evtx as an attachment of kind EVENT_LOG."""
    return Attachment(
        name=source.name, source=str(source.absolute()), size=source.stat().st_size,
        media_type=EVTX_MEDIA_TYPE, kind=AttachmentKind.EVENT_LOG, captured_at=captured_at,
    )  # fmt: skip


def extract_attachments(
    extract: Extract, original: Attachment, *, tz: tzinfo | None = None
) -> list[Attachment]:
    """The extract's two files as LOG_EXTRACT attachments derived from ``original``."""
    note = f"Extract of {original.name}: {_window_note(extract.summary, tz)}"
    made = []
    for path in (extract.events_path, extract.summary_path):
        suffix = path.suffix.lstrip(".")
        made.append(
            Attachment(
                name=path.name,
                source=str(path.absolute()),
                size=path.stat().st_size,
                media_type=_MEDIA_TYPES.get(suffix, "text/plain"),
                note=note,
                kind=AttachmentKind.LOG_EXTRACT,
                captured_at=utc_now(),
                derived_from=original.id,
            )
        )
    return made
