"""Autosaved drafts: one JSON file per handoff, written atomically.

An onsite engineer's laptop gets closed, runs out of battery and fills its disk;
the draft is the only copy of an hour's troubleshooting notes.  So:

* every write goes through :mod:`handoff.atomic` (temp file, fsync, rename): a
  crash leaves the old draft or the new one, never a torn one;
* a draft that cannot be read is *moved* to the set-aside folder under a new,
  timestamped name, never overwritten or deleted, and reported once;
* a draft written by a newer Handoff is left exactly where it is and never
  overwritten (the newer build still needs it);
* failures (disk full, read-only folder) are a :class:`DraftError` with a
  one-line reason, and the previous draft file stays intact.

The UI serializes on the GUI thread and hands the text to :meth:`DraftStore.write_snapshot`
on a worker thread, so the slow part (fsync) never blocks typing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from handoff import paths
from handoff.atomic import write_text_atomic
from handoff.migrations import HandoffFormatError, NewerVersionError, handoff_from_json
from handoff.model import SCHEMA_VERSION, Handoff, utc_now

# Ids become file names: keep them to a portable, traversal-free alphabet.
_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,127}")


class DraftError(Exception):
    """A draft could not be saved, loaded or moved; ``str()`` is a one-line reason."""


@dataclass(frozen=True)
class DraftInfo:
    handoff_id: str
    path: Path
    ticket_id: str
    title: str
    updated_at: datetime


@dataclass(frozen=True)
class DraftProblem:
    """A draft file that was not listed: ``moved_to`` is where it went (None: left in place)."""

    path: Path
    reason: str
    moved_to: Path | None


@dataclass
class DraftScan:
    drafts: list[DraftInfo]
    problems: list[DraftProblem]


def _reason(exc: OSError) -> str:
    """One line for an OSError: the OS's words, without the errno noise."""
    return exc.strerror or str(exc) or type(exc).__name__


def _newer_version(data: bytes) -> int | None:
    """The schema_version of ``data`` when it is newer than this build reads, else None."""
    try:
        parsed = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    version = parsed.get("schema_version") if isinstance(parsed, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        return version
    return None


class DraftStore:
    """The drafts folder.  Safe to share between the GUI thread and one writer thread."""

    def __init__(self, folder: Path | None = None, set_aside: Path | None = None) -> None:
        self.folder = folder if folder is not None else paths.drafts_dir()
        self.set_aside = set_aside if set_aside is not None else paths.quarantine_dir()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DraftError(f"could not create the drafts folder: {_reason(exc)}") from None
        # (mtime_ns, size) of files this store wrote or read as valid: an autosave
        # over our own file need not re-read it to check for a newer-version draft.
        self._known: dict[Path, tuple[int, int]] = {}

    def path_for(self, handoff_id: str) -> Path:
        if not _ID_RE.fullmatch(handoff_id):
            raise DraftError(f"not a valid draft id: {handoff_id!r}")
        return self.folder / f"{handoff_id}.json"

    def save(self, handoff: Handoff) -> Path:
        """Write ``handoff`` atomically (the caller decides whether to ``touch()`` it)."""
        return self.write_snapshot(handoff.id, handoff.to_json())

    def write_snapshot(self, handoff_id: str, text: str) -> Path:
        """Atomically write already-serialized draft JSON; runs on the writer thread."""
        target = self.path_for(handoff_id)
        self._guard_existing(target)
        try:
            write_text_atomic(target, text)
        except OSError as exc:
            raise DraftError(f"could not save the draft: {_reason(exc)}") from None
        self._remember(target)
        return target

    def load(self, handoff_id: str) -> Handoff:
        path = self.path_for(handoff_id)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise DraftError(f"no saved draft {handoff_id}") from None
        except OSError as exc:
            raise DraftError(f"could not read draft {path.name}: {_reason(exc)}") from None
        try:
            handoff = handoff_from_json(data)
        except HandoffFormatError as exc:
            raise DraftError(f"draft {path.name}: {exc}") from None
        self._remember(path)
        return handoff

    def scan(self) -> DraftScan:
        """List the drafts, newest first; set aside the unreadable ones and report them."""
        drafts: list[DraftInfo] = []
        problems: list[DraftProblem] = []
        try:
            files = sorted(p for p in self.folder.glob("*.json") if not p.name.startswith("."))
        except OSError as exc:
            raise DraftError(f"could not list drafts: {_reason(exc)}") from None
        for path in files:
            result = self._scan_one(path)
            if isinstance(result, DraftInfo):
                drafts.append(result)
            else:
                problems.append(result)
        drafts.sort(key=lambda d: d.updated_at, reverse=True)
        return DraftScan(drafts, problems)

    def discard(self, handoff_id: str) -> None:
        """Move the draft to the set-aside folder (recoverable); no draft, nothing to do."""
        path = self.path_for(handoff_id)
        self._known.pop(path, None)
        if not path.exists():
            return
        try:
            self._move_aside(path, "discarded")
        except OSError as exc:
            raise DraftError(f"could not discard draft {path.name}: {_reason(exc)}") from None

    # -- internals -------------------------------------------------------------

    def _scan_one(self, path: Path) -> DraftInfo | DraftProblem:
        try:
            data = path.read_bytes()
            handoff = handoff_from_json(data)
            if path.stem != handoff.id:
                raise HandoffFormatError(f"file name does not match the draft id {handoff.id!r}")
        except NewerVersionError as exc:
            return DraftProblem(path, str(exc), None)
        except OSError as exc:
            return DraftProblem(path, f"could not read it: {_reason(exc)}", None)
        except HandoffFormatError as exc:
            return self._set_aside_problem(path, str(exc))
        self._remember(path)
        ticket = handoff.ticket
        return DraftInfo(handoff.id, path, ticket.id, ticket.title, handoff.updated_at)

    def _set_aside_problem(self, path: Path, reason: str) -> DraftProblem:
        try:
            moved = self._move_aside(path, "unreadable")
        except OSError as exc:
            return DraftProblem(path, f"{reason} (could not set it aside: {_reason(exc)})", None)
        return DraftProblem(path, reason, moved)

    def _guard_existing(self, target: Path) -> None:
        """Refuse to overwrite a newer-version draft; set aside a corrupt one first."""
        try:
            stat = target.stat()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise DraftError(f"could not check the saved draft: {_reason(exc)}") from None
        if self._known.get(target) == (stat.st_mtime_ns, stat.st_size):
            return
        try:
            data = target.read_bytes()
        except OSError as exc:
            raise DraftError(f"could not check the saved draft: {_reason(exc)}") from None
        if (found := _newer_version(data)) is not None:
            raise DraftError(
                f"draft {target.name} was written by a newer version of Handoff "
                f"(format {found}); not overwriting it"
            )
        try:
            handoff_from_json(data)
        except HandoffFormatError:
            try:
                self._move_aside(target, "unreadable")
            except OSError as exc:
                raise DraftError(
                    f"could not set aside the unreadable draft {target.name}: {_reason(exc)}"
                ) from None

    def _move_aside(self, path: Path, why: str) -> Path:
        """Move ``path`` into the set-aside folder under a name that is never reused."""
        self.set_aside.mkdir(parents=True, exist_ok=True)
        stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
        for n in range(1, 10_000):
            suffix = "" if n == 1 else f"-{n}"
            dest = self.set_aside / f"{path.stem}.{why}-{stamp}{suffix}{path.suffix}"
            if not dest.exists():
                path.replace(dest)  # os.replace: atomic, same file system
                return dest
        raise FileExistsError(f"no free name in {self.set_aside}")

    def _remember(self, path: Path) -> None:
        try:
            stat = path.stat()
        except OSError:
            self._known.pop(path, None)
            return
        self._known[path] = (stat.st_mtime_ns, stat.st_size)
