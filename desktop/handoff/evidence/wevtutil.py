"""Collecting Event Viewer logs on this Windows PC ("Collect from this PC…").

For a VPN, logon or network problem the engineer needs a handful of channels,
cut to the time around the incident, not gigabytes of everything.
:data:`DEFAULT_CHANNELS` is that set as data; :func:`collect` exports each with
``wevtutil epl <channel> <out.evtx> /q:<XPath> /ow:true`` (levels, event IDs,
providers and the time window in the XPath), one process per channel with a
timeout, never through a shell.

What goes wrong is said as such, never as "no events": a channel that does not
exist on this PC (a VPN client that is not installed), one that is disabled
(CAPI2 and friends are off by default: it records nothing), one that needs
administrator rights (Security), a ``wevtutil`` that hangs or is missing (not
Windows).  ``wevtutil`` exits with the Win32 error code (15007 channel not
found, 5 access denied), which does not depend on the display language; the
English message texts are a second clue.

The runner is injectable: tests on Linux put a fake ``wevtutil`` on ``PATH``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

PROGRAM = "wevtutil"
BEFORE = timedelta(hours=2)
AFTER = timedelta(minutes=30)
TIMEOUT_S = 60.0

ERROR_ACCESS_DENIED = 5
ERROR_EVT_CHANNEL_NOT_FOUND = 15007


@dataclass(frozen=True)
class ChannelSpec:
    """One channel to export and the filter that keeps it small (empty = everything)."""

    channel: str
    why: str
    providers: tuple[str, ...] = ()
    levels: tuple[int, ...] = ()
    event_ids: tuple[int, ...] = ()
    needs_admin: bool = False

    @property
    def label(self) -> str:
        return self.channel


_PROBLEM_LEVELS = (1, 2, 3)

DEFAULT_CHANNELS: tuple[ChannelSpec, ...] = (
    ChannelSpec("Application", "built-in VPN (RasClient 20221-20227) and VPN clients",
                providers=("RasClient", "vpnagent", "acvpnagent", "csc_vpnagent", "PanGPS")),
    ChannelSpec("System", "errors and warnings: NETLOGON, DNS Client, DHCP, time, group policy",
                levels=_PROBLEM_LEVELS),
    ChannelSpec("Security", "logons 4624, failed logons 4625, explicit credentials 4648",
                event_ids=(4624, 4625, 4648), needs_admin=True),
    ChannelSpec("Microsoft-Windows-VPN-Plugin-Platform/Operational",
                "plug-in and Always On VPN: connect, fail, trusted network"),
    ChannelSpec("Microsoft-Windows-NetworkProfile/Operational", "network up 10000 / down 10001"),
    ChannelSpec("Microsoft-Windows-WLAN-AutoConfig/Operational", "Wi-Fi connect, fail, drop"),
    ChannelSpec("Microsoft-Windows-NCSI/Operational", "'no internet' and captive portals"),
    ChannelSpec("Microsoft-Windows-AAD/Operational", "Entra ID token and MFA errors",
                levels=_PROBLEM_LEVELS),
    ChannelSpec("Microsoft-Windows-User Device Registration/Admin", "device join, Windows Hello"),
    ChannelSpec("Cisco Secure Client - AnyConnect VPN", "Cisco Secure Client 5 connect/disconnect"),
    ChannelSpec("Cisco AnyConnect Secure Mobility Client", "Cisco AnyConnect 4 connect/disconnect"),
    ChannelSpec("Microsoft-Windows-CAPI2/Operational", "certificate errors (SSTP, IKEv2, EAP-TLS)",
                levels=_PROBLEM_LEVELS),
)  # fmt: skip
"""The default slice for a VPN / logon / network handoff (see docs reference §4)."""


class CollectStatus(StrEnum):
    OK = "ok"
    DISABLED = "disabled"
    NOT_FOUND = "not_found"
    ACCESS_DENIED = "access_denied"
    TIMEOUT = "timeout"
    FAILED = "failed"


class WevtutilMissingError(Exception):
    """No ``wevtutil`` here (not Windows, or a stripped-down system)."""


class CollectCancelled(Exception):  # noqa: N818 - a state, like ExportCancelled
    """The engineer cancelled the collection; files already exported stay."""


@dataclass(frozen=True)
class RunResult:
    returncode: int
    output: str
    """stdout and stderr together: where wevtutil prints its message varies."""


Runner = Callable[[Sequence[str], float], RunResult]
"""Runs argv with a timeout; raises ``subprocess.TimeoutExpired`` or ``FileNotFoundError``."""


def _decode(data: bytes | None) -> str:
    # wevtutil writes in the console's OEM code page on Windows.
    return (data or b"").decode("oem" if sys.platform == "win32" else "utf-8", errors="replace")


def run_process(argv: Sequence[str], timeout: float) -> RunResult:
    """The real runner: no shell, no console window, killed after ``timeout`` seconds."""
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    done = subprocess.run(
        list(argv), capture_output=True, timeout=timeout, check=False, creationflags=flags
    )
    return RunResult(done.returncode, (_decode(done.stdout) + "\n" + _decode(done.stderr)).strip())


# -- the command lines -----------------------------------------------------------------


def window_around(
    incident: datetime, before: timedelta = BEFORE, after: timedelta = AFTER
) -> tuple[datetime, datetime]:
    """The default window: two hours before the incident to half an hour after."""
    return incident - before, incident + after


def _system_time(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def _any(name: str, values: Sequence[object]) -> str:
    return "(" + " or ".join(f"{name}={value}" for value in values) + ")"


def xpath(spec: ChannelSpec, since: datetime, until: datetime) -> str:
    """The ``/q:`` query: providers, levels, event IDs and the time window."""
    parts = []
    if spec.providers:
        if any("'" in name for name in spec.providers):
            raise ValueError("a provider name with a quote cannot go into an XPath literal")
        parts.append("Provider[" + " or ".join(f"@Name='{p}'" for p in spec.providers) + "]")
    if spec.levels:
        parts.append(_any("Level", spec.levels))
    if spec.event_ids:
        parts.append(_any("EventID", spec.event_ids))
    start, end = _system_time(since), _system_time(until)
    parts.append(f"TimeCreated[@SystemTime>='{start}' and @SystemTime<='{end}']")
    return f"*[System[{' and '.join(parts)}]]"


def export_argv(
    spec: ChannelSpec, out: Path, since: datetime, until: datetime, program: str = PROGRAM
) -> list[str]:
    """``wevtutil epl <channel> <out> /q:<XPath> /ow:true`` as an argv list.

    The query is one argv element; on Windows ``subprocess`` quotes it for the
    command line (the ``/q:"…"`` a person would type), so no shell is involved.
    """
    return [program, "epl", spec.channel, str(out), f"/q:{xpath(spec, since, until)}", "/ow:true"]


def config_argv(spec: ChannelSpec, program: str = PROGRAM) -> list[str]:
    """``wevtutil gl <channel>``: does the channel exist, is it enabled."""
    return [program, "gl", spec.channel]


def file_name(spec: ChannelSpec) -> str:
    """``Microsoft-Windows-WLAN-AutoConfig_Operational.evtx``: safe on every OS."""
    return re.sub(r"[^A-Za-z0-9.-]+", "_", spec.channel).strip("_") + ".evtx"


# -- running and reading the answers ---------------------------------------------------


@dataclass(frozen=True)
class ChannelResult:
    spec: ChannelSpec
    status: CollectStatus
    path: Path | None = None
    detail: str = ""

    @property
    def message(self) -> str:
        """One line, e.g. ``Security: needs administrator rights``."""
        texts = {
            CollectStatus.OK: "collected",
            CollectStatus.DISABLED: "channel is disabled on this PC (it records nothing)",
            CollectStatus.NOT_FOUND: "not on this PC (channel not found)",
            CollectStatus.ACCESS_DENIED: "needs administrator rights",
        }
        text = texts.get(self.status, self.detail)
        return f"{self.spec.label}: {text}"


@dataclass
class Collection:
    folder: Path
    since: datetime
    until: datetime
    results: list[ChannelResult] = field(default_factory=list)

    @property
    def files(self) -> list[Path]:
        return [r.path for r in self.results if r.path is not None]

    @property
    def problems(self) -> list[str]:
        return [r.message for r in self.results if r.status is not CollectStatus.OK]


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "no message")


def classify(result: RunResult) -> CollectStatus | None:
    """None for success; otherwise what went wrong (exit code first, then the text)."""
    if result.returncode == 0:
        return None
    text = result.output.lower()
    if result.returncode == ERROR_EVT_CHANNEL_NOT_FOUND or "could not be found" in text:
        return CollectStatus.NOT_FOUND
    if result.returncode == ERROR_ACCESS_DENIED or "access is denied" in text:
        return CollectStatus.ACCESS_DENIED
    return CollectStatus.FAILED


def _run(run: Runner, argv: list[str], timeout: float) -> RunResult | None:
    """The result, or None when it timed out."""
    try:
        return run(argv, timeout)
    except subprocess.TimeoutExpired:
        return None
    except FileNotFoundError:
        raise WevtutilMissingError(_MISSING) from None


_MISSING = "wevtutil.exe was not found: collecting Event Viewer logs works on Windows only"


def _failure(spec: ChannelSpec, result: RunResult | None, timeout: float) -> ChannelResult:
    if result is None:
        detail = f"wevtutil did not finish within {timeout:g} s"
        return ChannelResult(spec, CollectStatus.TIMEOUT, detail=detail)
    status = classify(result) or CollectStatus.FAILED
    detail = f"wevtutil failed (exit {result.returncode}): {_first_line(result.output)}"
    return ChannelResult(spec, status, detail=detail)


def collect_channel(
    spec: ChannelSpec,
    folder: Path,
    since: datetime,
    until: datetime,
    *,
    run: Runner = run_process,
    program: str = PROGRAM,
    timeout: float = TIMEOUT_S,
) -> ChannelResult:
    """Check the channel's configuration, then export its window."""
    config = _run(run, config_argv(spec, program), timeout)
    if config is None or config.returncode != 0:
        return _failure(spec, config, timeout)
    enabled = not re.search(r"^\s*enabled:\s*false\s*$", config.output, re.I | re.M)
    out = folder / file_name(spec)
    export = _run(run, export_argv(spec, out, since, until, program), timeout)
    if export is not None and export.returncode == 0 and out.is_file():
        status = CollectStatus.OK if enabled else CollectStatus.DISABLED
        return ChannelResult(spec, status, out)
    if not enabled:  # a disabled channel often has no log file to export at all
        return ChannelResult(spec, CollectStatus.DISABLED)
    return _failure(spec, export, timeout)


def collect(
    folder: Path,
    *,
    since: datetime,
    until: datetime,
    channels: Sequence[ChannelSpec] = DEFAULT_CHANNELS,
    runner: Runner | None = None,
    timeout: float = TIMEOUT_S,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> Collection:
    """Export every channel's window into ``folder``; a failure of one is reported, not fatal.

    Raises :class:`WevtutilMissingError` when there is no ``wevtutil`` at all and
    :class:`CollectCancelled` when ``cancel`` is set between channels.
    """
    program = shutil.which(PROGRAM) if runner is None else PROGRAM
    if program is None:
        raise WevtutilMissingError(_MISSING)
    folder.mkdir(parents=True, exist_ok=True)
    collection = Collection(folder, since, until)
    for done, spec in enumerate(channels):
        if cancel is not None and cancel.is_set():
            raise CollectCancelled("cancelled")
        result = collect_channel(
            spec, folder, since, until, run=runner or run_process, program=program, timeout=timeout
        )
        collection.results.append(result)
        if progress is not None:
            progress(done + 1, len(channels))
    return collection
