"""Find the VPN client logs on this machine, for every client we know, on every OS.

Where each client logs is data (``resources/vpn_clients.json``), so supporting a
new client or a moved folder is an edit there, not here.  Discovery only looks:
it lists files with their client, size and last change, lists the Windows
event-log channels a client writes to (collected with Event Viewer, not here),
and says in one line why a file it found cannot be attached (a link, a file the
VPN service holds locked, no permission) instead of failing.

``root`` and ``env`` make discovery testable on any OS: with ``root`` every
absolute path (``C:\\Program Files\\...`` or ``/Library/...``) is looked up under
that folder (``root/C/Program Files/...``, ``root/Library/...``), and ``env``
replaces the process environment for ``%VAR%`` and ``~``.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
import stat
import sys
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import IO, Any

from handoff.atomic import write_text_atomic
from handoff.evidence.netrun import Runner, run_process
from handoff.evidence.textlogs import LogCancelled, LogError, describe_os_error, unique_path
from handoff.model import Attachment, AttachmentKind, utc_now
from handoff.resources import read_text

OS_NAMES = ("windows", "macos", "linux")
EVENT_VIEWER = "collect with Event Viewer"
_VAR = re.compile(r"%([^%/\\]+)%")
_GLOB_CHARS = frozenset("*?[")


def current_os() -> str:
    """This machine's OS as the locations table names it."""
    if sys.platform.startswith("win"):
        return "windows"
    return "macos" if sys.platform == "darwin" else "linux"


@dataclass(frozen=True)
class Channel:
    """A Windows event-log channel a client writes to (optionally one source in it)."""

    client: str
    channel: str
    source: str = ""
    how: str = EVENT_VIEWER

    def one_line(self) -> str:
        source = f" (source {self.source})" if self.source else ""
        return f"{self.client}: event log \u201c{self.channel}\u201d{source} \u2014 {self.how}"


@dataclass(frozen=True)
class DumpSpec:
    """A binary log the client turns into text with a command (WireGuard's ring log)."""

    binary: str
    argv: tuple[str, ...]
    file: str


@dataclass(frozen=True)
class ClientSpec:
    """One client's entry for one OS, as read from the locations table."""

    id: str
    name: str
    paths: tuple[str, ...] = ()
    channels: tuple[tuple[str, str], ...] = ()
    installed: tuple[str, ...] = ()
    dump: DumpSpec | None = None
    note: str = ""


@dataclass(frozen=True)
class FoundLog:
    """A log file that can be attached."""

    client: str
    client_id: str
    path: Path
    size: int
    modified: datetime


@dataclass(frozen=True)
class Dump:
    """A binary log that exists here; ``argv`` (already expanded) dumps it as text."""

    client: str
    client_id: str
    binary: Path
    argv: tuple[str, ...]
    file: str
    size: int
    modified: datetime


@dataclass(frozen=True)
class Skipped:
    """A file that was found but cannot be attached, and why (one line)."""

    client: str
    path: Path
    reason: str

    def one_line(self) -> str:
        return f"{self.path.name}: {self.reason}"


@dataclass
class Discovery:
    """Everything discovery found, in the table's client order."""

    logs: list[FoundLog] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    dumps: list[Dump] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    """Client name -> its note, for the clients that turned up anything."""

    @property
    def clients(self) -> list[str]:
        names = [log.client for log in self.logs] + [dump.client for dump in self.dumps]
        names += [c.client for c in self.channels] + [s.client for s in self.skipped]
        return list(dict.fromkeys(names))


# -- the locations table -------------------------------------------------------


def load_clients(os_name: str, text: str | None = None) -> list[ClientSpec]:
    """The clients that have an entry for ``os_name`` (``text``: a table to use instead)."""
    if os_name not in OS_NAMES:
        raise ValueError(f"unknown OS {os_name!r}: expected one of {', '.join(OS_NAMES)}")
    table = json.loads(text if text is not None else read_text("vpn_clients.json"))
    specs = []
    for client in table["clients"]:
        entry = client.get(os_name)
        if entry:
            specs.append(_spec(client["id"], client["name"], entry))
    return specs


def _spec(client_id: str, name: str, entry: Mapping[str, Any]) -> ClientSpec:
    dump = entry.get("dump")
    return ClientSpec(
        id=client_id,
        name=name,
        paths=tuple(entry.get("paths", ())),
        channels=tuple((c["channel"], c.get("source", "")) for c in entry.get("channels", ())),
        installed=tuple(entry.get("installed", ())),
        dump=DumpSpec(dump["binary"], tuple(dump["argv"]), dump["file"]) if dump else None,
        note=entry.get("note", ""),
    )


# -- placeholders and the root override ----------------------------------------


@dataclass(frozen=True)
class _Place:
    """How to turn a table pattern into paths on the (real or fake) machine."""

    os_name: str
    env: Mapping[str, str]
    root: Path | None

    def expand(self, pattern: str) -> str | None:
        """``pattern`` with ``%VAR%`` and ``~`` replaced; None when a variable is unset."""
        windows = self.os_name == "windows"
        lookup = {k.upper(): v for k, v in self.env.items()} if windows else dict(self.env)
        unset: list[str] = []

        def value(match: re.Match[str]) -> str:
            name = match.group(1).upper() if windows else match.group(1)
            found = lookup.get(name, "")
            if not found:
                unset.append(name)
            return found

        text = _VAR.sub(value, pattern)
        if text == "~" or text.startswith(("~/", "~\\")):
            home = lookup.get("USERPROFILE" if windows else "HOME", "")
            text = home + text[1:] if home else ""
        return None if unset or not text else text

    def path(self, expanded: str) -> Path:
        """The concrete path: under ``root`` (drive letter as a folder) when one is set."""
        pure: PurePath = (
            PureWindowsPath(expanded) if self.os_name == "windows" else PurePosixPath(expanded)
        )
        if self.root is None:
            return Path(expanded)
        parts = pure.parts[1:] if pure.anchor else pure.parts
        drive = pure.drive.rstrip(":").strip("\\/")
        return self.root.joinpath(*([drive] if drive else []), *parts)

    def matches(self, pattern: str) -> list[Path]:
        """Paths matching one table glob (files and folders, links not yet filtered)."""
        expanded = self.expand(pattern)
        if expanded is None:
            return []
        concrete = self.path(expanded)
        parts = concrete.parts
        first_glob = next((i for i, p in enumerate(parts) if _GLOB_CHARS & set(p)), None)
        if first_glob is None:
            return [concrete] if os.path.lexists(concrete) else []
        base = Path(*parts[:first_glob])
        if not base.is_dir():
            return []
        return sorted(base.glob("/".join(parts[first_glob:])))


def _place(os_name: str | None, env: Mapping[str, str] | None, root: Path | None) -> _Place:
    return _Place(os_name or current_os(), os.environ if env is None else env, root)


# -- discovery -----------------------------------------------------------------


def discover(
    *,
    os_name: str | None = None,
    env: Mapping[str, str] | None = None,
    root: Path | None = None,
    clients: Iterable[ClientSpec] | None = None,
) -> Discovery:
    """Look for every known client's logs (see the module docstring for the overrides)."""
    place = _place(os_name, env, root)
    found = Discovery()
    seen: set[Path] = set()
    for spec in load_clients(place.os_name) if clients is None else clients:
        before = len(found.clients)
        _find_files(spec, place, found, seen)
        _find_dump(spec, place, found)
        if not spec.installed or any(place.matches(p) for p in spec.installed):
            found.channels += [Channel(spec.name, name, src) for name, src in spec.channels]
        if spec.note and len(found.clients) > before:
            found.notes[spec.name] = spec.note
    return found


def discovery_of(paths: Iterable[Path], client: str = "Dropped file") -> Discovery:
    """A discovery made of files the engineer already has (dropped on the page), so the
    dialog can cut their incident window and scan them like found logs."""
    found = Discovery()
    for path in paths:
        reason = unreadable_reason(path)
        if reason:
            found.skipped.append(Skipped(client, path, reason))
            continue
        info = path.stat()
        found.logs.append(FoundLog(client, "dropped", path, info.st_size, _mtime(info)))
    return found


def _find_files(spec: ClientSpec, place: _Place, found: Discovery, seen: set[Path]) -> None:
    logs: list[FoundLog] = []
    for pattern in spec.paths:
        for path in place.matches(pattern):
            key = Path(os.path.normcase(path.absolute()))
            if key in seen or (path.is_dir() and not path.is_symlink()):
                continue
            seen.add(key)
            reason = unreadable_reason(path, _link_below_base(path, place, pattern))
            if reason:
                found.skipped.append(Skipped(spec.name, path, reason))
                continue
            info = path.stat()
            logs.append(FoundLog(spec.name, spec.id, path, info.st_size, _mtime(info)))
    logs.sort(key=lambda log: (-log.modified.timestamp(), str(log.path)))
    found.logs += logs


def _find_dump(spec: ClientSpec, place: _Place, found: Discovery) -> None:
    if spec.dump is None:
        return
    for binary in place.matches(spec.dump.binary):
        reason = unreadable_reason(binary)
        if reason:
            found.skipped.append(Skipped(spec.name, binary, reason))
            continue
        argv = [place.expand(arg) for arg in spec.dump.argv]
        if any(arg is None for arg in argv):
            continue
        program = str(place.path(argv[0] or ""))
        info = binary.stat()
        dump_argv = (program, *(a or "" for a in argv[1:]))
        found.dumps.append(
            Dump(spec.name, spec.id, binary, dump_argv, spec.dump.file, info.st_size, _mtime(info))
        )


def _link_below_base(path: Path, place: _Place, pattern: str) -> bool:
    """True when a folder between the glob's fixed base and ``path`` is a link."""
    expanded = place.expand(pattern) or ""
    parts = place.path(expanded).parts
    fixed = next((i for i, p in enumerate(parts) if _GLOB_CHARS & set(p)), len(parts))
    return any(parent.is_symlink() for parent in path.parents[: len(path.parts) - fixed - 1])


def _mtime(info: os.stat_result) -> datetime:
    return datetime.fromtimestamp(info.st_mtime, UTC).replace(microsecond=0)


def _open_binary(path: Path) -> IO[bytes]:
    """Open for reading (one place, so tests can simulate a locked file)."""
    return path.open("rb")


def unreadable_reason(path: Path, through_link: bool = False) -> str:
    """Why ``path`` cannot be attached, in a few words; "" when it can.

    Reads one byte: on Windows a VPN service may hold its log open without
    sharing, and only a real read shows that (a byte-range lock included).
    """
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode) or through_link:
            return "is a symbolic link (not followed)"
        if not stat.S_ISREG(info.st_mode):
            return "is not a regular file"
        with _open_binary(path) as handle:
            handle.read(1)
    except OSError as exc:
        return describe_os_error(exc)
    return ""


def log_attachment(log: FoundLog, *, note: str = "", now: datetime | None = None) -> Attachment:
    """The attachment for a found log (kind VPN_LOG, collected now)."""
    media_type = mimetypes.guess_type(log.path.name)[0] or "text/plain"
    return Attachment(
        name=log.path.name,
        source=str(log.path.absolute()),
        size=log.size,
        media_type=media_type,
        kind=AttachmentKind.VPN_LOG,
        captured_at=now or utc_now(),
        note=note or f"{log.client} log, last changed {log.modified:%Y-%m-%d %H:%M} UTC",
    )


def dump_log(
    dump: Dump,
    dest_dir: Path,
    *,
    runner: Runner = run_process,
    timeout: float = 30.0,
    cancel: threading.Event | None = None,
) -> FoundLog:
    """Dump a binary log as text into ``dest_dir`` (atomically); ``LogError`` says why not."""
    tool = PurePath(dump.argv[0]).name or dump.argv[0]
    result = runner(dump.argv, timeout, cancel)
    if result.cancelled:
        raise LogCancelled("cancelled")
    if result.missing:
        raise LogError(f"{dump.client}: {tool} is not installed here")
    if result.timed_out:
        raise LogError(f"{dump.client}: {tool} gave no answer after {timeout:g} s")
    if result.returncode != 0 or not result.output.strip():
        first = next((x.strip() for x in result.output.splitlines() if x.strip()), "no output")
        raise LogError(f"{dump.client}: {tool} could not dump the log ({first})")
    path = unique_path(dest_dir, dump.file)
    write_text_atomic(path, result.output)
    return FoundLog(dump.client, dump.client_id, path, path.stat().st_size, utc_now())
