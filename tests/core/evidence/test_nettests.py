"""Network tests: real sockets and tools against 127.0.0.1, fakes for what would leave it."""

from __future__ import annotations

import shutil
import socket
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from handoff import paths
from handoff.evidence import netsummary as s
from handoff.evidence import nettests
from handoff.evidence.netrun import Cancelled, RunResult, run_process, with_deadline
from handoff.evidence.nettests import (
    NetTestRequest,
    Outcome,
    detect_gateway,
    parse_host_port,
    run_tests,
    system_resolve,
    tcp_test,
)
from handoff.model import AttachmentKind, StepKind
from tests.helpers.environment import require

LINUX_PING = """PING 10.0.0.1 (10.0.0.1) 56(84) bytes of data.
64 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=11.8 ms

--- 10.0.0.1 ping statistics ---
4 packets transmitted, 4 received, 0% packet loss, time 3004ms
rtt min/avg/max/mdev = 10.912/12.034/13.201/0.812 ms
"""
MAC_PING = """--- 10.0.0.1 ping statistics ---
4 packets transmitted, 3 packets received, 25.0% packet loss
round-trip min/avg/max/stddev = 1.112/1.534/2.001/0.312 ms
"""
WINDOWS_PING = """Ping statistics for 10.0.0.1:
    Packets: Sent = 4, Received = 4, Lost = 0 (0% loss),
Approximate round trip times in milli-seconds:
    Minimum = 11ms, Maximum = 14ms, Average = 12ms
"""
LINUX_NSLOOKUP = """Server:\t\t127.0.0.53
Address:\t127.0.0.53#53

Non-authoritative answer:
Name:\tvpn.example.com
Address: 203.0.113.10
Name:\tvpn.example.com
Address: 2001:db8::10
"""
WINDOWS_NSLOOKUP = """Server:  router.home
Address:  192.168.1.1

Non-authoritative answer:
Name:    vpn.example.com
Addresses:  2001:db8::10
          203.0.113.10

"""
LINUX_TRACE = """traceroute to vpn.example.com (203.0.113.10), 20 hops max, 60 byte packets
 1  192.168.1.1  0.512 ms
 2  10.10.0.1  8.221 ms
 3  203.0.113.10  12.004 ms
"""
LOST_TRACE = """ 1  192.168.1.1  0.512 ms
 2  10.10.0.1  8.221 ms
 3  *
 4  *
"""
IP_ADDR = """1: lo: <LOOPBACK,UP> mtu 65536
    inet 127.0.0.1/8 scope host lo
2: wlan0: <BROADCAST,MULTICAST,UP> mtu 1500
    inet 192.168.1.23/24 brd 192.168.1.255 scope global dynamic wlan0
3: tun0: <POINTOPOINT,UP> mtu 1500
    inet 10.8.0.5/24 scope global tun0
"""
IP_ROUTE = "default via 192.168.1.1 dev wlan0 proto dhcp metric 600\n"
IPCONFIG = """Windows IP Configuration

Ethernet adapter Ethernet:

   IPv4 Address. . . . . . . . . . . : 192.168.1.23(Preferred)
   Default Gateway . . . . . . . . . : fe80::1%12
                                       192.168.1.1
   DNS Servers . . . . . . . . . . . : 192.168.1.1
"""
ROUTE_PRINT = """IPv4 Route Table
===========================================================================
Active Routes:
Network Destination        Netmask          Gateway       Interface  Metric
          0.0.0.0          0.0.0.0      192.168.1.1    192.168.1.23     25
"""
PROC_ROUTE = (
    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\n"
    "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\n"
    "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\n"
)


# -- summaries --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("output", "code", "expected"),
    [
        (LINUX_PING, 0, "4/4 replies, 0% loss, avg 12 ms"),
        (MAC_PING, 2, "3/4 replies, 25% loss, avg 1.53 ms"),
        (WINDOWS_PING, 0, "4/4 replies, 0% loss, avg 12 ms"),
        ("Zeitüberschreitung", 1, "no replies (exit code 1)"),
        ("Antwort von 10.0.0.1", 0, "replies received (exit code 0)"),
    ],
)
def test_ping_summary(output: str, code: int, expected: str) -> None:
    assert s.summarize_ping(output, code) == expected


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        (LINUX_NSLOOKUP,
         "vpn.example.com \u2192 203.0.113.10, 2001:db8::10 (DNS server 127.0.0.53)"),
        (WINDOWS_NSLOOKUP,
         "vpn.example.com \u2192 2001:db8::10, 203.0.113.10 (DNS server 192.168.1.1)"),
        ("Server: 1.1.1.1\nAddress: 1.1.1.1#53\n\n** server can't find vpn.example.com: NXDOMAIN\n",
         "vpn.example.com does not resolve (no such name) (DNS server 1.1.1.1)"),
        (";; connection timed out; no servers could be reached\n", "no DNS server answered"),
    ],
)  # fmt: skip
def test_nslookup_summary(output: str, expected: str) -> None:
    text, ok = s.summarize_nslookup(output, "vpn.example.com", 0)
    assert text == expected
    assert ok == ("\u2192" in expected)


def test_trace_and_ipconfig_summaries() -> None:
    assert s.summarize_trace(LINUX_TRACE, "vpn.example.com") == "reached vpn.example.com in 3 hops"
    windows = "Tracing route to vpn.example.com [203.0.113.10]\n  1  <1 ms  192.168.1.1\n"
    assert s.summarize_trace(windows + "\nTrace complete.\n", "vpn.example.com") == (
        "reached vpn.example.com in 1 hop"
    )
    assert s.summarize_trace(LOST_TRACE, "203.0.113.10") == (
        "4 hops, target not reached; last answer from 10.10.0.1"
    )
    assert s.summarize_trace("", "x") == "no hops listed"
    assert s.summarize_ipconfig(IP_ADDR + IP_ROUTE) == (
        "IPv4 192.168.1.23, 10.8.0.5; default gateway 192.168.1.1"
    )
    assert s.summarize_ipconfig(IPCONFIG) == (
        "IPv4 192.168.1.23; default gateway 192.168.1.1; DNS 192.168.1.1"
    )


@pytest.mark.parametrize(
    "text",
    [IP_ROUTE, IPCONFIG, ROUTE_PRINT, "   route to: default\n    gateway: 192.168.1.1\n",
     "Destination        Gateway            Flags\ndefault            192.168.1.1        UGScg\n"],
    ids=["ip-route", "ipconfig", "route-print", "macos-route-get", "netstat"],
)  # fmt: skip
def test_default_gateway_parsers(text: str) -> None:
    assert s.gateway_from_text(text) == "192.168.1.1"


def test_gateway_from_the_linux_routing_table(tmp_path: Path) -> None:
    route = tmp_path / "route"
    route.write_text(PROC_ROUTE)
    assert s.gateway_from_proc_route(PROC_ROUTE) == "192.0.2.1"
    assert detect_gateway("linux", fake_runner({}), route) == "192.0.2.1"
    route.write_text(PROC_ROUTE.splitlines()[0] + "\n")
    runner = fake_runner({"ip": IP_ROUTE})
    assert detect_gateway("linux", runner, route) == "192.168.1.1"
    assert detect_gateway("linux", fake_runner({}), tmp_path / "none") is None


def test_gateway_on_windows_and_macos_comes_from_their_tools() -> None:
    assert detect_gateway("windows", fake_runner({"route": ROUTE_PRINT})) == "192.168.1.1"
    assert detect_gateway("windows", fake_runner({"ipconfig": IPCONFIG})) == "192.168.1.1"
    mac = fake_runner({"route": "gateway: 10.0.0.1\n"})
    assert detect_gateway("macos", mac) == "10.0.0.1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("vpn.example.com:443", ("vpn.example.com", 443)), (" 10.0.0.1:3389 ", ("10.0.0.1", 3389)),
     ("[2001:db8::1]:443", ("2001:db8::1", 443))],
)  # fmt: skip
def test_host_port(text: str, expected: tuple[str, int]) -> None:
    assert parse_host_port(text) == expected


@pytest.mark.parametrize("text", ["vpn.example.com", "host:0", "host:99999", ":443",
                                  "-oProxy=x:22", "2001:db8::1:443", "a b:80"])  # fmt: skip
def test_bad_host_port_is_refused_in_one_line(text: str) -> None:
    with pytest.raises(ValueError, match=r"^[^\n]+$"):
        parse_host_port(text)


def test_an_option_is_never_accepted_as_a_target() -> None:
    with pytest.raises(ValueError, match="not a host name or address: -f"):
        NetTestRequest(target="-f").validated()


# -- real sockets on 127.0.0.1 -------------------------------------------------------


@pytest.fixture
def listener() -> Iterator[int]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    yield server.getsockname()[1]
    server.close()


def closed_port() -> int:
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port: int = probe.getsockname()[1]
    probe.close()
    return port


def test_tcp_connect_to_a_real_listening_socket(listener: int) -> None:
    outcome = tcp_test("127.0.0.1", listener, 2.0)
    assert outcome.ok
    assert outcome.result.startswith(f"Connected to 127.0.0.1:{listener} in ")
    assert outcome.result.endswith(" ms")


def test_tcp_connect_to_a_closed_port_is_refused() -> None:
    port = closed_port()
    outcome = tcp_test("127.0.0.1", port, 2.0)
    assert (outcome.ok, outcome.result) == (False, f"Refused: nothing listens on 127.0.0.1:{port}")


def test_tcp_timeout_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    def hang(address: tuple[str, int], timeout: float) -> socket.socket:
        raise TimeoutError("timed out")

    monkeypatch.setattr(socket, "create_connection", hang)
    assert tcp_test("vpn.example.com", 443, 5.0).result == "Timed out after 5 s"


def test_getaddrinfo_of_localhost() -> None:
    assert {"127.0.0.1", "::1"} & set(system_resolve("localhost"))


def test_a_blocking_call_gets_a_deadline_and_a_cancel() -> None:
    started = time.monotonic()
    with pytest.raises(TimeoutError, match=r"no answer after 0\.2 s"):
        with_deadline(lambda: time.sleep(3), 0.2)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        with_deadline(lambda: time.sleep(3), 5, cancel)
    assert time.monotonic() - started < 2
    with pytest.raises(ZeroDivisionError):
        with_deadline(lambda: 1 / 0, 1)


# -- tools: missing, hanging, real ----------------------------------------------------


def fake_runner(outputs: dict[str, str]):  # type: ignore[no-untyped-def]
    """Answers with canned output per tool; any other tool is "not installed"."""

    def run(argv: Sequence[str], timeout: float, cancel: threading.Event | None) -> RunResult:
        if argv[0] not in outputs:
            return run_process(["handoff-no-such-tool", *argv[1:]], timeout, cancel)
        return RunResult(tuple(argv), outputs[argv[0]], 0)

    return run


@pytest.fixture
def sleeper(tmp_path: Path) -> Path:
    """A tool that prints a line and then hangs."""
    script = tmp_path / "sleeper.py"
    script.write_text("import time\nprint('PING 127.0.0.1 56 bytes', flush=True)\ntime.sleep(60)\n")
    return script


def only(report: nettests.Report, key: str) -> Outcome:
    (outcome,) = [o for o in report.outcomes if o.key == key]
    return outcome


def test_a_missing_tool_says_so_and_attaches_nothing(tmp_path: Path) -> None:
    request = NetTestRequest(target="127.0.0.1", gateway="")
    report = run_tests(request, tmp_path, os_name="linux", runner=fake_runner({}))
    ping = only(report, "ping")
    assert (ping.ran, ping.result) == (False, "ping is not installed here")
    trace = only(report, "trace")
    assert trace.result == "neither traceroute nor tracepath is installed here"
    assert only(report, "ipconfig").result == "neither ip nor ifconfig is installed here"
    assert only(report, "gateway").result == "no default gateway found"
    dns = only(report, "dns")  # nslookup missing: the OS resolver answers
    assert dns.ran and dns.ok and dns.result.startswith("127.0.0.1 \u2192 127.0.0.1 in ")
    assert [a.name for a in report.attachments] == [dns.attachment.name]  # type: ignore[union-attr]


def test_a_hanging_tool_is_killed_at_its_timeout(tmp_path: Path, sleeper: Path) -> None:
    def runner(argv: Sequence[str], timeout: float, cancel: threading.Event | None) -> RunResult:
        if argv[0] != "ping":
            return RunResult(tuple(argv), missing=True)
        return run_process([sys.executable, str(sleeper)], timeout, cancel)

    request = NetTestRequest(target="127.0.0.1", gateway="", ping_timeout=0.5)
    started = time.monotonic()
    report = run_tests(request, tmp_path, os_name="linux", runner=runner,
                       resolver=lambda host: ["127.0.0.1"])  # fmt: skip
    assert time.monotonic() - started < 5
    ping = only(report, "ping")
    assert (ping.ran, ping.ok, ping.result) == (True, False, "no answer after 0.5 s")
    assert ping.step is not None and ping.step.result == "no answer after 0.5 s"
    assert ping.attachment is not None
    saved = Path(ping.attachment.source or "").read_text(encoding="utf-8")
    assert "Result: no answer after 0.5 s" in saved
    assert "PING 127.0.0.1 56 bytes" in saved  # what it printed before it hung


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX process groups")
def test_a_tool_whose_child_hangs_is_killed_with_its_child(tmp_path: Path) -> None:
    script = tmp_path / "wrapper.sh"
    script.write_text("#!/bin/sh\necho started\nsleep 60\necho never\n")
    script.chmod(0o755)
    started = time.monotonic()
    result = run_process([str(script)], 0.5)
    assert time.monotonic() - started < 3
    assert (result.timed_out, result.returncode, result.output) == (True, None, "started\n")


def test_cancel_stops_a_running_tool_and_the_run(tmp_path: Path, sleeper: Path) -> None:
    cancel = threading.Event()

    def runner(argv: Sequence[str], timeout: float, event: threading.Event | None) -> RunResult:
        if argv[0] == "ping":
            threading.Timer(0.2, cancel.set).start()
            return run_process([sys.executable, str(sleeper)], timeout, event)
        return RunResult(tuple(argv), IP_ADDR, 0)

    request = NetTestRequest(target="127.0.0.1", gateway="")
    started = time.monotonic()
    report = run_tests(request, tmp_path, os_name="linux", runner=runner, cancel=cancel)
    assert time.monotonic() - started < 5
    assert report.cancelled
    assert [o.key for o in report.outcomes] == ["ipconfig", "gateway"]


def test_a_full_run_saves_each_output_and_adds_a_step(tmp_path: Path, listener: int) -> None:
    runner = fake_runner({"ping": LINUX_PING, "nslookup": LINUX_NSLOOKUP,
                          "traceroute": LINUX_TRACE, "ip": IP_ADDR})  # fmt: skip
    files = paths.draft_files_dir("abc123")
    heard: list[str] = []
    progress: list[tuple[int, int]] = []
    request = NetTestRequest(target="vpn.example.com", tcp=f"127.0.0.1:{listener}",
                             gateway="10.0.0.1")  # fmt: skip
    report = run_tests(
        request, files, os_name="linux", runner=runner,
        on_outcome=lambda o: heard.append(o.key), progress=lambda d, t: progress.append((d, t)),
    )  # fmt: skip
    assert heard == ["ipconfig", "gateway", "ping", "dns", "tcp", "trace"]
    assert progress == [(i, 6) for i in range(7)]
    assert not report.cancelled
    steps = {o.key: o.step for o in report.outcomes}
    assert all(step is not None and step.kind is StepKind.TEST for step in steps.values())
    assert steps["gateway"].action == "Ping the default gateway 10.0.0.1"  # type: ignore[union-attr]
    assert steps["gateway"].command == "ping -c 4 -W 2 10.0.0.1"  # type: ignore[union-attr]
    assert steps["ping"].result == "4/4 replies, 0% loss, avg 12 ms"  # type: ignore[union-attr]
    assert steps["tcp"].result.startswith(f"Connected to 127.0.0.1:{listener} in")  # type: ignore[union-attr]
    assert steps["trace"].result == "reached vpn.example.com in 3 hops"  # type: ignore[union-attr]
    for attachment in report.attachments:
        assert attachment.kind is AttachmentKind.NETWORK_TEST
        source = Path(attachment.source or "")
        assert source.parent == files
        assert attachment.size == source.stat().st_size
    assert sorted(p.name for p in files.iterdir()) == sorted(a.name for a in report.attachments)
    ping_file = Path(only(report, "ping").attachment.source or "")  # type: ignore[union-attr]
    assert ping_file.read_text(encoding="utf-8").startswith(
        "Ping vpn.example.com\nCommand: ping -c 4 -W 2 vpn.example.com\n"
    )


def test_real_ping_of_127_0_0_1(tmp_path: Path) -> None:
    require(
        shutil.which("ping") is not None, "ping is not installed (apt-get install iputils-ping)"
    )

    def runner(argv: Sequence[str], timeout: float, cancel: threading.Event | None) -> RunResult:
        if argv[0] == "ping":
            return run_process(argv, timeout, cancel)
        return RunResult(tuple(argv), missing=True)

    request = NetTestRequest(target="127.0.0.1", gateway="", ping_count=1)
    report = run_tests(request, tmp_path, runner=runner, resolver=lambda host: [host])
    ping = only(report, "ping")
    assert ping.ok, ping.output
    assert ping.result.startswith("1/1 replies, 0% loss, avg ")
