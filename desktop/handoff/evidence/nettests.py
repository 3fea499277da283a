"""One click, the standard network tests: ping, DNS, traceroute, IP configuration, TCP.

Every VPN ticket goes through the same checks, and the next technician needs
both the proof (the tool's whole output, attached as a NETWORK_TEST file) and
the one-line answer (a TEST step "Ping 10.0.0.1 -> 4/4 replies, 0% loss, avg
12 ms"), so nobody runs them again.  Tools run from a fixed argv per OS with a
timeout (see :mod:`handoff.evidence.netrun`); a missing tool is said so ("ping
is not installed here"), a hanging one is killed ("no answer after 8 s").

The runner, the resolver and the routing table are injected, so the tests run
real sockets against 127.0.0.1 and fake everything that would leave the machine.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from handoff.atomic import write_text_atomic
from handoff.evidence import netsummary as summary
from handoff.evidence.netrun import (
    Cancelled,
    Runner,
    RunResult,
    command_line,
    config_argvs,
    gateway_argvs,
    ping_argv,
    run_process,
    trace_argvs,
    with_deadline,
)
from handoff.evidence.textlogs import ProgressFn, unique_path
from handoff.evidence.vpnlogs import current_os
from handoff.model import Attachment, AttachmentKind, Step, StepKind, utc_now

__all__ = ["Cancelled", "RunResult", "Runner", "run_process"]

Resolver = Callable[[str], list[str]]
"""``resolver(host)``: the host's addresses; ``OSError`` (``socket.gaierror``) when none."""

_HOST = re.compile(r"^[A-Za-z0-9_.:%\-]+$")
_ROUTE_FILE = Path("/proc/net/route")


@dataclass(frozen=True)
class NetTestRequest:
    """What to test. ``gateway=None`` detects the default gateway; "" skips its ping."""

    target: str
    tcp: str = ""
    gateway: str | None = None
    ping_count: int = 4
    ping_timeout: float | None = None
    """None: two seconds a reply, plus five."""
    tcp_timeout: float = 5.0
    dns_timeout: float = 10.0
    trace_timeout: float = 60.0
    config_timeout: float = 15.0

    def validated(self) -> NetTestRequest:
        """This request with hosts checked (``ValueError`` with a one-line reason)."""
        if self.tcp.strip():
            parse_host_port(self.tcp)
        return replace(self, target=check_host(self.target))


@dataclass(frozen=True)
class Outcome:
    """One test's result; ``ran`` is False when nothing was tested (tool missing)."""

    key: str
    title: str
    command: str
    result: str
    output: str = ""
    ran: bool = True
    ok: bool = False
    attachment: Attachment | None = None
    step: Step | None = None

    def one_line(self) -> str:
        return f"{self.title}: {self.result}"


@dataclass
class Report:
    """All outcomes, in order; ``cancelled`` when the engineer stopped the run."""

    outcomes: list[Outcome] = field(default_factory=list)
    cancelled: bool = False

    @property
    def attachments(self) -> list[Attachment]:
        return [o.attachment for o in self.outcomes if o.attachment is not None]

    @property
    def steps(self) -> list[Step]:
        return [o.step for o in self.outcomes if o.step is not None]


# -- inputs ------------------------------------------------------------------


def check_host(text: str) -> str:
    """``text`` stripped, if it is a plausible host name or address (never an option)."""
    host = text.strip().strip("[]")
    if not host or host.startswith("-") or not _HOST.match(host):
        raise ValueError(f"not a host name or address: {text.strip() or '(empty)'}")
    return host


def parse_host_port(text: str) -> tuple[str, int]:
    """``vpn.example.com:443``, ``10.0.0.1:3389`` or ``[2001:db8::1]:443``."""
    value = text.strip()
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(
            f"expected host:port (e.g. vpn.example.com:443), got: {value or '(empty)'}"
        )
    if ":" in host and not host.startswith("["):
        raise ValueError(f"write an IPv6 address with its port as [address]:port: {value}")
    return check_host(host), int(port)


def system_resolve(host: str) -> list[str]:
    """The host's addresses from the OS resolver (what the VPN client will get)."""
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


# -- running -------------------------------------------------------------------


@dataclass
class _Run:
    """Everything one run needs; each test method returns an unsaved Outcome."""

    request: NetTestRequest
    os_name: str
    runner: Runner
    resolver: Resolver
    cancel: threading.Event | None
    route_file: Path

    def tools(self, alternatives: list[list[list[str]]], timeout: float) -> list[RunResult]:
        """Run the first alternative whose first tool is installed (all of its commands)."""
        first: list[RunResult] = []
        for commands in alternatives:
            results = [self.runner(commands[0], timeout, self.cancel)]
            if results[0].missing:
                first = first or results
                continue
            results += [self.runner(argv, timeout, self.cancel) for argv in commands[1:]]
            if any(r.cancelled for r in results):
                raise Cancelled("cancelled")
            return results
        return first

    def tool_test(
        self,
        key: str,
        title: str,
        alternatives: list[list[list[str]]],
        timeout: float,
        summarize: Callable[[list[RunResult]], tuple[str, bool]],
    ) -> Outcome:
        results = self.tools(alternatives, timeout)
        command = "; ".join(command_line(r.argv) for r in results)
        if results[0].missing:
            names = [commands[0][0] for commands in alternatives]
            missing = f"{names[0]} is not installed here"
            if len(names) > 1:
                missing = f"neither {', '.join(names[:-1])} nor {names[-1]} is installed here"
            return Outcome(key, title, command, missing, ran=False)
        if len(results) == 1:
            output = results[0].output
        else:
            output = "\n".join(f"$ {command_line(r.argv)}\n{r.output}" for r in results)
        if any(r.timed_out for r in results):
            return Outcome(key, title, command, f"no answer after {timeout:g} s", output)
        result, ok = summarize(results)
        return Outcome(key, title, command, result, output, ok=ok)

    def ping(self, key: str, title: str, host: str) -> Outcome:
        count = self.request.ping_count
        argv = ping_argv(self.os_name, host, count)

        def sums(results: list[RunResult]) -> tuple[str, bool]:
            text = summary.summarize_ping(results[0].output, results[0].returncode)
            return text, results[0].returncode == 0

        timeout = self.request.ping_timeout or count * 2 + 5.0
        return self.tool_test(key, title, [[argv]], timeout, sums)

    def gateway_ping(self) -> Outcome:
        gateway = self.request.gateway
        if gateway is None:
            gateway = detect_gateway(self.os_name, self.runner, self.route_file, self.cancel)
        if not gateway:
            return Outcome("gateway", "Ping the default gateway", "", "no default gateway found",
                           ran=False)  # fmt: skip
        return self.ping("gateway", f"Ping the default gateway {gateway}", gateway)

    def dns(self) -> Outcome:
        host, timeout = self.request.target, self.request.dns_timeout
        title = f"Resolve {host} (DNS)"

        def sums(results: list[RunResult]) -> tuple[str, bool]:
            return summary.summarize_nslookup(results[0].output, host, results[0].returncode)

        outcome = self.tool_test("dns", title, [[["nslookup", host]]], timeout, sums)
        return outcome if outcome.ran else self.resolve(title, host, timeout)

    def resolve(self, title: str, host: str, timeout: float) -> Outcome:
        """DNS through the OS resolver, where nslookup is not installed."""
        command = f"getaddrinfo {host} (system resolver)"
        start = time.monotonic()
        try:
            addresses: list[str] = with_deadline(lambda: self.resolver(host), timeout, self.cancel)
        except TimeoutError:
            return Outcome("dns", title, command, f"no answer after {timeout:g} s")
        except OSError as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            return Outcome("dns", title, command, f"{host} does not resolve ({reason})", reason)
        took = summary.milliseconds((time.monotonic() - start) * 1000)
        result = f"{host} \u2192 {', '.join(addresses)} in {took} ms"
        return Outcome("dns", title, command, result, "\n".join(addresses), ok=True)

    def trace(self) -> Outcome:
        host = self.request.target

        def sums(results: list[RunResult]) -> tuple[str, bool]:
            text = summary.summarize_trace(results[0].output, host)
            return text, text.startswith("reached")

        argvs = trace_argvs(self.os_name, host)
        return self.tool_test("trace", f"Traceroute to {host}", argvs, self.request.trace_timeout,
                              sums)  # fmt: skip

    def config(self) -> Outcome:
        def sums(results: list[RunResult]) -> tuple[str, bool]:
            text = "\n".join(r.output for r in results)
            return summary.summarize_ipconfig(text), all(r.returncode == 0 for r in results)

        argvs = config_argvs(self.os_name)
        return self.tool_test("ipconfig", "IP configuration", argvs, self.request.config_timeout,
                              sums)  # fmt: skip

    def tcp(self) -> Outcome:
        host, port = parse_host_port(self.request.tcp)
        return tcp_test(host, port, self.request.tcp_timeout, self.cancel)


def tcp_test(
    host: str, port: int, timeout: float, cancel: threading.Event | None = None
) -> Outcome:
    """Connect to ``host:port`` (resolution included) within ``timeout`` seconds."""
    title, command = f"TCP connect to {host}:{port}", f"connect {host}:{port}"

    def connect() -> str:
        with socket.create_connection((host, port), timeout=timeout) as sock:
            return str(sock.getpeername()[0])

    start = time.monotonic()
    try:
        peer = with_deadline(connect, timeout + 0.5, cancel)
    except TimeoutError:
        result, ok = f"Timed out after {timeout:g} s", False
    except ConnectionRefusedError:
        result, ok = f"Refused: nothing listens on {host}:{port}", False
    except socket.gaierror as exc:
        result, ok = f"{host} does not resolve ({exc.strerror})", False
    except OSError as exc:
        result, ok = f"Failed: {exc.strerror or exc}", False
    else:
        took = summary.milliseconds((time.monotonic() - start) * 1000)
        result, ok = f"Connected to {host}:{port} in {took} ms", True
        command += f" ({peer})" if peer != host else ""
    output = f"Connecting to {host}:{port} (timeout {timeout:g} s)\n{result}\n"
    return Outcome("tcp", title, command, result, output, ok=ok)


def detect_gateway(
    os_name: str,
    runner: Runner = run_process,
    route_file: Path = _ROUTE_FILE,
    cancel: threading.Event | None = None,
) -> str | None:
    """The default gateway's address, or None (Linux reads the routing table directly)."""
    if os_name == "linux":
        try:
            if found := summary.gateway_from_proc_route(route_file.read_text()):
                return found
        except OSError:
            pass
    for argv in gateway_argvs(os_name):
        result = runner(argv, 10.0, cancel)
        if result.cancelled:
            raise Cancelled("cancelled")
        if found := summary.gateway_from_text(result.output):
            return found
    return None


# -- the run and what it leaves: files and steps --------------------------------


def _file_name(outcome: Outcome, now: datetime) -> str:
    slug = re.sub(r"[^a-z0-9.]+", "-", outcome.title.lower()).strip("-")[:60]
    return f"{slug}-{now:%Y%m%d-%H%M%S}.txt"


def save_outcome(outcome: Outcome, files_dir: Path, now: datetime | None = None) -> Outcome:
    """Write the output (atomically), attach it and add its step (when the test ran)."""
    if not outcome.ran:
        return outcome
    now = now or utc_now()
    text = (
        f"{outcome.title}\nCommand: {outcome.command}\n"
        f"Run at: {now:%Y-%m-%d %H:%M:%S} UTC on {socket.gethostname()}\n"
        f"Result: {outcome.result}\n\n{outcome.output}"
    )
    path = unique_path(files_dir, _file_name(outcome, now))
    write_text_atomic(path, text)
    attachment = Attachment(
        name=path.name,
        source=str(path.absolute()),
        size=len(text.encode("utf-8")),
        media_type="text/plain",
        kind=AttachmentKind.NETWORK_TEST,
        captured_at=now,
        note=outcome.one_line(),
    )
    step = Step(
        kind=StepKind.TEST, action=outcome.title, command=outcome.command, result=outcome.result
    )
    return replace(outcome, attachment=attachment, step=step)


def _tests(run: _Run) -> list[Callable[[], Outcome]]:
    """The tests in the order an engineer runs them; the slow traceroute last."""
    target = run.request.target
    tests = [run.config, run.gateway_ping, lambda: run.ping("ping", f"Ping {target}", target)]
    tests.append(run.dns)
    if run.request.tcp.strip():
        tests.append(run.tcp)
    tests.append(run.trace)
    return tests


def run_tests(
    request: NetTestRequest,
    files_dir: Path,
    *,
    os_name: str | None = None,
    runner: Runner = run_process,
    resolver: Resolver = system_resolve,
    route_file: Path = _ROUTE_FILE,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
) -> Report:
    """Run every test, saving each output into ``files_dir`` as it completes.

    ``on_outcome`` hears each outcome as soon as it is saved (the dialog shows it
    live).  A cancel ends the run between tools or inside one; what completed is
    kept in the report (``cancelled`` is then True).  ``ValueError`` for a bad host.
    """
    request = request.validated()
    run = _Run(request, os_name or current_os(), runner, resolver, cancel, route_file)
    tests = _tests(run)
    report = Report()
    for index, test in enumerate(tests):
        if progress is not None:
            progress(index, len(tests))
        try:
            if cancel is not None and cancel.is_set():
                raise Cancelled("cancelled")
            outcome = save_outcome(test(), files_dir)
        except Cancelled:
            report.cancelled = True
            break
        report.outcomes.append(outcome)
        if on_outcome is not None:
            on_outcome(outcome)
    if progress is not None and not report.cancelled:
        progress(len(tests), len(tests))
    return report
