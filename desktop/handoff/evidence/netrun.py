"""Run a diagnostic tool with a deadline, never through a shell, never blocking forever.

The network tests (and the WireGuard log dump) run tools the engineer's machine
may not have, or that hang on a broken network (a traceroute into a black hole,
a DNS query to a dead server).  :func:`run_process` says "missing" instead of
failing, kills a tool at its timeout (with whatever it had printed so far) and
stops early on cancel.  It is the default :data:`Runner`; tests inject another.
:func:`with_deadline` does the same for blocking library calls (getaddrinfo,
connect) that offer no timeout of their own.  The argv of each tool, per OS,
is here too, so one module says exactly what the app runs on a client's machine.
"""

from __future__ import annotations

import contextlib
import locale
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

_POLL_S = 0.1


class Cancelled(Exception):  # noqa: N818 - a state, like ExportCancelled
    """The engineer cancelled the tests."""


@dataclass(frozen=True)
class RunResult:
    """What running one tool gave: its output, or why there is none."""

    argv: tuple[str, ...]
    output: str = ""
    returncode: int | None = None
    timed_out: bool = False
    missing: bool = False
    cancelled: bool = False
    elapsed: float = 0.0


Runner = Callable[[Sequence[str], float, threading.Event | None], RunResult]
"""``runner(argv, timeout_s, cancel)``: run a tool, never longer than ``timeout_s``."""


def command_line(argv: Sequence[str]) -> str:
    """The argv as someone would type it (for the step's "command")."""
    return " ".join(f'"{a}"' if (" " in a or not a) else a for a in argv)


def decode_output(data: bytes) -> str:
    """Tool output as text: UTF-8, else the console code page (Windows) or locale."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    encoding = locale.getpreferredencoding(False)
    if os.name == "nt":  # console tools write the OEM code page (cp850, cp437...)
        import ctypes  # noqa: PLC0415 - Windows only

        encoding = f"cp{ctypes.windll.kernel32.GetOEMCP()}"  # type: ignore[attr-defined]
    return data.decode(encoding, errors="replace")


def _process_options() -> dict[str, Any]:
    """No console window on Windows; elsewhere a process group (to kill a tool's children)
    and English messages (the summaries parse them)."""
    if os.name == "nt":
        return {"creationflags": getattr(subprocess, "CREATE_NO_WINDOW", 0)}
    return {"start_new_session": True, "env": {**os.environ, "LC_ALL": "C"}}


def _stop(process: subprocess.Popen[bytes]) -> bytes:
    """Kill the tool (and, on POSIX, whatever it started) and collect what it wrote."""
    with contextlib.suppress(OSError):
        if os.name == "nt":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
    try:
        output, _ = process.communicate(timeout=2)
    except subprocess.TimeoutExpired:  # a grandchild still holds the pipe
        process.kill()
        return b""
    return output or b""


def run_process(
    argv: Sequence[str], timeout: float, cancel: threading.Event | None = None
) -> RunResult:
    """Run ``argv`` (stdout and stderr together) for at most ``timeout`` seconds."""
    program = shutil.which(argv[0])
    if program is None:
        return RunResult(tuple(argv), missing=True)
    start = time.monotonic()
    try:
        process = subprocess.Popen(
            [program, *argv[1:]],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            **_process_options(),
        )
    except OSError as exc:
        return RunResult(tuple(argv), output=f"could not start: {exc.strerror or exc}")
    return _wait(process, tuple(argv), start, timeout, cancel)


def _wait(
    process: subprocess.Popen[bytes],
    argv: tuple[str, ...],
    start: float,
    timeout: float,
    cancel: threading.Event | None,
) -> RunResult:
    while True:
        remaining = start + timeout - time.monotonic()
        try:
            output, _ = process.communicate(timeout=max(0.0, min(_POLL_S, remaining)))
        except subprocess.TimeoutExpired:
            stop_cancelled = cancel is not None and cancel.is_set()
            if stop_cancelled or time.monotonic() >= start + timeout:
                text = decode_output(_stop(process))
                elapsed = time.monotonic() - start
                return RunResult(
                    argv, text, None, not stop_cancelled, cancelled=stop_cancelled, elapsed=elapsed
                )
            continue
        elapsed = time.monotonic() - start
        return RunResult(argv, decode_output(output or b""), process.returncode, elapsed=elapsed)


def with_deadline(
    job: Callable[[], Any], timeout: float, cancel: threading.Event | None = None
) -> Any:
    """Run a blocking library call (``getaddrinfo`` has no timeout) with a deadline.

    The call runs on a daemon thread; when the deadline passes it is abandoned
    (it finishes on its own) and ``TimeoutError`` is raised.  Its exception, if
    any, is re-raised here.
    """
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = job()
        except BaseException as exc:  # handed to the caller
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="net-test", daemon=True).start()
    deadline = time.monotonic() + timeout
    while not done.wait(min(_POLL_S, max(0.0, deadline - time.monotonic()))):
        if cancel is not None and cancel.is_set():
            raise Cancelled("cancelled")
        if time.monotonic() >= deadline:
            raise TimeoutError(f"no answer after {timeout:g} s")
    if "error" in box:
        raise box["error"]
    return box.get("value")


# -- argv per OS ---------------------------------------------------------------


def ping_argv(os_name: str, host: str, count: int) -> list[str]:
    if os_name == "windows":
        return ["ping", "-n", str(count), "-w", "2000", host]
    if os_name == "macos":
        return ["ping", "-c", str(count), "-t", str(count * 2 + 2), host]
    return ["ping", "-c", str(count), "-W", "2", host]


def trace_argvs(os_name: str, host: str) -> list[list[list[str]]]:
    """Alternatives (the first installed one runs), each a list of commands."""
    if os_name == "windows":
        return [[["tracert", "-d", "-h", "20", "-w", "1000", host]]]
    traceroute = [["traceroute", "-n", "-m", "20", "-q", "1", "-w", "2", host]]
    if os_name == "macos":
        return [traceroute]
    return [traceroute, [["tracepath", "-n", "-m", "20", host]]]


def config_argvs(os_name: str) -> list[list[list[str]]]:
    if os_name == "windows":
        return [[["ipconfig", "/all"]]]
    if os_name == "macos":
        return [[["ifconfig"], ["netstat", "-rn"]]]
    return [[["ip", "addr"], ["ip", "route"]], [["ifconfig", "-a"], ["route", "-n"]]]


def gateway_argvs(os_name: str) -> list[list[str]]:
    if os_name == "windows":
        return [["route", "print", "-4"], ["ipconfig"]]
    if os_name == "macos":
        return [["route", "-n", "get", "default"], ["netstat", "-rn"]]
    return [["ip", "route", "show", "default"]]
