"""The packages this engineer exported or opened lately, newest first (no Qt here).

The main window's side panel lists them so a package written an hour ago, or
received by mail yesterday, is one keypress away.  The list is a convenience, so
it never gets in the way: a file that cannot be read (torn by an old bug, edited
by hand) is logged and treated as empty, and a failed write is logged and
forgotten.  Writes go through :mod:`handoff.atomic`; the list is capped and one
entry per path (opening a package again moves it to the top).

``<data>/recent.json``::

    {"schema_version": 1, "entries": [{"path": "...", "ticket_id": "T-7",
      "title": "VPN drops", "at": "2026-11-27T10:25:06+00:00", "action": "exported"}]}
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict, dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from handoff import paths
from handoff.atomic import write_text_atomic
from handoff.model import utc_now

log = logging.getLogger(__name__)

RECENT_FILE = "recent.json"
SCHEMA_VERSION = 1
MAX_ENTRIES = 20


class Action(StrEnum):
    EXPORTED = "exported"
    OPENED = "opened"


@dataclass(frozen=True)
class RecentPackage:
    """One package: where it is, which ticket it is about, and when it was last used."""

    path: Path
    ticket_id: str
    title: str
    at: datetime
    action: Action

    def exists(self) -> bool:
        """Whether the file is still there (moved, deleted or on an unplugged drive)."""
        try:
            return self.path.is_file()
        except OSError:
            return False

    def to_json(self) -> dict[str, str]:
        data = asdict(self)
        return {**data, "path": str(self.path), "at": self.at.isoformat(), "action": self.action}

    @classmethod
    def from_json(cls, data: object) -> RecentPackage:
        """One entry; ValueError (or KeyError/TypeError) when it is not one."""
        if not isinstance(data, dict):
            raise TypeError("an entry is not an object")
        at = datetime.fromisoformat(str(data["at"]))
        if at.tzinfo is None:
            raise ValueError("a time without a time zone")
        return cls(
            path=Path(str(data["path"])),
            ticket_id=str(data.get("ticket_id", "")),
            title=str(data.get("title", "")),
            at=at,
            action=Action(data["action"]),
        )


def _key(path: Path) -> str:
    """Paths compare as the OS does (case-insensitive on Windows)."""
    return os.path.normcase(path.absolute())


class RecentPackages:
    """The list in ``file`` (default ``<data>/recent.json``), capped at ``limit`` entries."""

    def __init__(self, file: Path | None = None, *, limit: int = MAX_ENTRIES) -> None:
        self.file = file if file is not None else paths.data_dir() / RECENT_FILE
        self.limit = limit

    def load(self) -> list[RecentPackage]:
        """The entries, newest first; [] when there is no list or it cannot be read."""
        try:
            raw = self.file.read_bytes()
        except FileNotFoundError:
            return []
        except OSError as exc:
            log.warning("cannot read the recent packages list %s: %s", self.file, exc)
            return []
        try:
            data = json.loads(raw)
            entries = [RecentPackage.from_json(item) for item in data["entries"]]
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring the unreadable recent packages list %s: %s", self.file, exc)
            return []
        entries.sort(key=lambda entry: entry.at, reverse=True)
        return entries[: self.limit]

    def add(self, path: Path, *, ticket_id: str, title: str, action: Action) -> list[RecentPackage]:
        """Put ``path`` on top (replacing its older entry); returns the new list."""
        entry = RecentPackage(path.resolve(), ticket_id, title, utc_now(), action)
        others = [e for e in self.load() if _key(e.path) != _key(entry.path)]
        entries = [entry, *others][: self.limit]
        self._write(entries)
        return entries

    def remove(self, path: Path) -> list[RecentPackage]:
        """Drop ``path`` from the list (the file itself is not touched)."""
        entries = [e for e in self.load() if _key(e.path) != _key(path)]
        self._write(entries)
        return entries

    def _write(self, entries: list[RecentPackage]) -> None:
        text = json.dumps(
            {"schema_version": SCHEMA_VERSION, "entries": [e.to_json() for e in entries]},
            indent=2,
        )
        try:
            write_text_atomic(self.file, text + "\n")
        except OSError as exc:
            log.warning("cannot save the recent packages list %s: %s", self.file, exc)
