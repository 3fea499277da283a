"""VPN log discovery on fake directory trees laid out like each client's, on each OS."""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from handoff.evidence import vpnlogs
from handoff.evidence.netrun import RunResult
from handoff.evidence.textlogs import LogError
from handoff.evidence.vpnlogs import OS_NAMES, discover, dump_log, load_clients, log_attachment
from handoff.model import AttachmentKind
from handoff.resources import read_text

WINDOWS_ENV = {
    "ProgramFiles": r"C:\Program Files",
    "ProgramFiles(x86)": r"C:\Program Files (x86)",
    "LOCALAPPDATA": r"C:\Users\dana\AppData\Local",
    "APPDATA": r"C:\Users\dana\AppData\Roaming",
    "USERPROFILE": r"C:\Users\dana",
    "SystemRoot": r"C:\Windows",
}
MAC_ENV = {"HOME": "/Users/dana"}
LINUX_ENV = {"HOME": "/home/dana"}
ENVS = {"windows": WINDOWS_ENV, "macos": MAC_ENV, "linux": LINUX_ENV}

PF, PF86, USER = "C/Program Files", "C/Program Files (x86)", "C/Users/dana"
LOCAL, ROAMING = f"{USER}/AppData/Local", f"{USER}/AppData/Roaming"
MAC_LIB, MAC_APPS = "Users/dana/Library", "Library/Application Support"
GP_WIN = "Palo Alto Networks/GlobalProtect"
# (OS, client id, file under the fake root): one row per place a client logs.
LAYOUTS = [
    ("windows", "globalprotect", f"{PF}/{GP_WIN}/PanGPS.log"),
    ("windows", "globalprotect", f"{PF}/{GP_WIN}/PanGPS.log.old"),
    ("windows", "globalprotect", f"{LOCAL}/{GP_WIN}/PanGPA.log"),
    ("windows", "globalprotect", f"{USER}/GlobalProtectLogs.zip"),
    ("windows", "forticlient", f"{PF}/Fortinet/FortiClient/logs/trace/sslvpndaemon_1.log"),
    ("windows", "forticlient", f"{PF86}/Fortinet/FortiClient/logs/trace/ipsec.log"),
    ("windows", "forticlient", f"{LOCAL}/FortiClient/logs/trace/fortitray.log"),
    ("windows", "forticlient", f"{ROAMING}/FortiClient/logs/trace/sslvpn.log"),
    ("windows", "openvpn-gui", f"{USER}/OpenVPN/log/office.log"),
    ("windows", "openvpn-gui", f"{PF}/OpenVPN/log/openvpnserv.log"),
    ("windows", "openvpn-connect", f"{ROAMING}/OpenVPN Connect/logs/ovpn3.log"),
    ("windows", "openvpn-connect", f"{LOCAL}/OpenVPN Connect/logs/core.log"),
    ("windows", "wireguard", f"{USER}/Desktop/wireguard-log-2026-11-23.txt"),
    ("windows", "cisco-secure-client", f"{USER}/Desktop/DARTBundle_1123_0914.zip"),
    ("windows", "windows-vpn", "C/Windows/tracing/rasapi32.log"),
    ("macos", "globalprotect", "Library/Logs/PaloAltoNetworks/GlobalProtect/PanGPS.log"),
    ("macos", "globalprotect", f"{MAC_LIB}/Logs/PaloAltoNetworks/GlobalProtect/PanGPA.log"),
    ("macos", "forticlient", f"{MAC_APPS}/Fortinet/FortiClient/Logs/vpn-provider.log"),
    ("macos", "forticlient", f"Users/dana/{MAC_APPS}/Fortinet/FortiClient/Logs/Tray/tray.log"),
    ("macos", "openvpn-connect", f"Users/dana/{MAC_APPS}/OpenVPN Connect/logs/a.log"),
    ("macos", "wireguard", "Users/dana/Downloads/wireguard-log-1.txt"),
    ("macos", "cisco-secure-client", "Users/dana/Desktop/DARTBundle_0.zip"),
    ("linux", "globalprotect", "home/dana/.GlobalProtect/PanGPA.log"),
    ("linux", "globalprotect", "opt/paloaltonetworks/globalprotect/PanGPS.log"),
    ("linux", "forticlient", "var/log/forticlient/sslvpn.log"),
    ("linux", "openvpn-gui", "var/log/openvpn/client.log"),
    ("linux", "cisco-secure-client", "home/dana/Desktop/DARTBundle_0.tar.gz"),
]
WHEN = datetime(2026, 11, 23, 9, 14, 2, tzinfo=UTC)


def lay(root: Path, relative: str, text: str = "log line\n", when: datetime = WHEN) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


@pytest.mark.parametrize(("os_name", "client_id", "relative"), LAYOUTS)
def test_each_client_is_found_where_it_logs(
    tmp_path: Path, os_name: str, client_id: str, relative: str
) -> None:
    path = lay(tmp_path, relative, "x" * 1234)
    found = discover(os_name=os_name, env=ENVS[os_name], root=tmp_path)
    assert [(log.client_id, log.path) for log in found.logs] == [(client_id, path)]
    log = found.logs[0]
    assert (log.size, log.modified) == (1234, WHEN)
    assert not found.skipped


def test_every_client_of_the_issue_is_in_the_table_with_valid_entries() -> None:
    table = json.loads(read_text("vpn_clients.json"))
    ids = [client["id"] for client in table["clients"]]
    assert len(ids) == len(set(ids))
    assert {"cisco-secure-client", "globalprotect", "forticlient", "openvpn-gui",
            "openvpn-connect", "wireguard", "windows-vpn"} <= set(ids)  # fmt: skip
    for client in table["clients"]:
        assert set(client) - {"id", "name"} <= set(OS_NAMES), client["id"]
    for os_name in OS_NAMES:
        for spec in load_clients(os_name):
            assert spec.paths or spec.channels or spec.dump, (os_name, spec.id)


def test_a_whole_windows_machine_lists_clients_newest_first(tmp_path: Path) -> None:
    rows = [r for r in LAYOUTS if r[0] == "windows"]
    for index, (_, _, relative) in enumerate(rows):
        lay(tmp_path, relative, when=WHEN.replace(minute=index))
    found = discover(os_name="windows", env=WINDOWS_ENV, root=tmp_path)
    assert len(found.logs) == len(rows)
    order = [spec.id for spec in load_clients("windows")]
    ranks = [order.index(log.client_id) for log in found.logs]
    assert ranks == sorted(ranks)
    gp = [log.modified for log in found.logs if log.client_id == "globalprotect"]
    assert gp == sorted(gp, reverse=True)
    assert "Windows built-in VPN" in found.clients


def test_event_log_channels_are_listed_for_collection_with_event_viewer(tmp_path: Path) -> None:
    found = discover(os_name="windows", env=WINDOWS_ENV, root=tmp_path)
    assert [c.channel for c in found.channels] == [
        "Application",
        "Microsoft-Windows-VPN-Client/Operational",
        "Microsoft-Windows-VPN-Plugin-Platform/Operational",
    ]
    assert found.channels[0].source == "RasClient"
    assert "collect with Event Viewer" in found.channels[0].one_line()
    (tmp_path / "C/Program Files (x86)/Cisco/Cisco Secure Client").mkdir(parents=True)
    found = discover(os_name="windows", env=WINDOWS_ENV, root=tmp_path)
    cisco = [c for c in found.channels if c.client.startswith("Cisco")]
    assert [c.channel for c in cisco] == [
        "Cisco Secure Client - AnyConnect VPN",
        "Cisco AnyConnect Secure Mobility Client",
    ]
    assert found.notes["Cisco Secure Client / AnyConnect"].startswith("Logs to the event log")


@pytest.mark.parametrize("os_name", OS_NAMES)
def test_an_empty_machine_finds_no_files_and_reports_nothing(tmp_path: Path, os_name: str) -> None:
    found = discover(os_name=os_name, env=ENVS[os_name], root=tmp_path)
    assert (found.logs, found.dumps, found.skipped) == ([], [], [])
    assert bool(found.channels) == (os_name == "windows")


def test_unset_variables_skip_their_paths_only(tmp_path: Path) -> None:
    lay(tmp_path, "C/Users/dana/OpenVPN/log/office.log")
    lay(tmp_path, "C/Program Files/Palo Alto Networks/GlobalProtect/PanGPS.log")
    found = discover(os_name="windows", env={"USERPROFILE": r"C:\Users\dana"}, root=tmp_path)
    assert [log.path.name for log in found.logs] == ["office.log"]


def test_windows_variables_are_case_insensitive(tmp_path: Path) -> None:
    path = lay(tmp_path, "D/Apps/Palo Alto Networks/GlobalProtect/PanGPS.log")
    found = discover(os_name="windows", env={"PROGRAMFILES": "D:\\Apps"}, root=tmp_path)
    assert [log.path for log in found.logs] == [path]


def test_a_file_matched_by_two_patterns_is_listed_once(tmp_path: Path) -> None:
    lay(tmp_path, "var/log/forticlient/sslvpn.log")
    lay(tmp_path, "var/log/forticlient/fctsched_log")
    found = discover(os_name="linux", env=LINUX_ENV, root=tmp_path)
    assert sorted(log.path.name for log in found.logs) == ["fctsched_log", "sslvpn.log"]


def test_links_and_special_files_are_reported_not_followed(tmp_path: Path) -> None:
    folder = "var/log/openvpn"
    real = lay(tmp_path, "elsewhere/secret.log")
    (tmp_path / folder).mkdir(parents=True)
    (tmp_path / folder / "linked.log").symlink_to(real)
    os.mkfifo(tmp_path / folder / "pipe.log")
    (tmp_path / "elsewhere/dir").mkdir()
    lay(tmp_path, "elsewhere/dir/inner.log")
    (tmp_path / "home/dana/.GlobalProtect").mkdir(parents=True)
    (tmp_path / "home/dana/.GlobalProtect/link.log").symlink_to(tmp_path / "elsewhere/dir")
    found = discover(os_name="linux", env=LINUX_ENV, root=tmp_path)
    assert found.logs == []
    reasons = {s.path.name: s.reason for s in found.skipped}
    assert reasons == {
        "linked.log": "is a symbolic link (not followed)",
        "pipe.log": "is not a regular file",
        "link.log": "is a symbolic link (not followed)",
    }


def test_a_link_to_a_folder_inside_a_deep_glob_is_not_followed(tmp_path: Path) -> None:
    logs = "Library/Application Support/Fortinet/FortiClient/Logs"
    lay(tmp_path, "elsewhere/other.log")
    (tmp_path / logs).mkdir(parents=True)
    (tmp_path / logs / "Tray").symlink_to(tmp_path / "elsewhere")
    found = discover(os_name="macos", env=MAC_ENV, root=tmp_path)
    assert found.logs == []


def test_locked_and_unreadable_files_get_one_line_reasons(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = "C/Program Files/Palo Alto Networks/GlobalProtect"
    lay(tmp_path, f"{base}/PanGPS.log")
    lay(tmp_path, f"{base}/pan_gp_event.log")
    lay(tmp_path, f"{base}/debug_drv.log")
    real_open = vpnlogs._open_binary

    def fake_open(path: Path):  # type: ignore[no-untyped-def]
        if path.name == "PanGPS.log":
            locked = PermissionError(13, "The process cannot access the file")
            locked.winerror = 32  # type: ignore[attr-defined]
            raise locked
        if path.name == "pan_gp_event.log":
            raise PermissionError(13, "Permission denied")
        return real_open(path)

    monkeypatch.setattr(vpnlogs, "_open_binary", fake_open)
    found = discover(os_name="windows", env=WINDOWS_ENV, root=tmp_path)
    assert [log.path.name for log in found.logs] == ["debug_drv.log"]
    lines = sorted(s.one_line() for s in found.skipped)
    assert lines == [
        "PanGPS.log: locked by another program (close the VPN client or try again)",
        "pan_gp_event.log: cannot be read: permission denied",
    ]
    assert {s.client for s in found.skipped} == {"Palo Alto GlobalProtect"}


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads anything")
def test_a_file_without_read_permission_is_skipped(tmp_path: Path) -> None:
    path = lay(tmp_path, "var/log/openvpn/client.log")
    path.chmod(0)
    found = discover(os_name="linux", env=LINUX_ENV, root=tmp_path)
    assert [s.reason for s in found.skipped] == ["cannot be read: permission denied"]


def test_wireguard_ring_log_is_offered_as_a_dump_and_dumped_as_text(tmp_path: Path) -> None:
    binary = lay(tmp_path, "C/Program Files/WireGuard/Data/log.bin", "\x00" * 64)
    found = discover(os_name="windows", env=WINDOWS_ENV, root=tmp_path)
    (dump,) = found.dumps
    assert dump.binary == binary
    assert dump.argv == (str(tmp_path / "C/Program Files/WireGuard/wireguard.exe"), "/dumplog")
    calls: list[tuple[str, ...]] = []

    def runner(argv, timeout, cancel):  # type: ignore[no-untyped-def]
        calls.append(tuple(argv))
        return RunResult(tuple(argv), "2026-11-23 09:14:02.123: [TUN] [office] Handshake\n", 0)

    out = tmp_path / "out"
    out.mkdir()
    log = dump_log(dump, out, runner=runner)
    assert calls == [dump.argv]
    assert log.path == out / "wireguard-log.txt"
    assert log.path.read_text(encoding="utf-8").startswith("2026-11-23 09:14:02.123")
    assert dump_log(dump, out, runner=runner).path.name == "wireguard-log-2.txt"


@pytest.mark.parametrize(
    ("result", "message"),
    [
        (RunResult((), missing=True), "WireGuard: wireguard.exe is not installed here"),
        (RunResult((), timed_out=True), "WireGuard: wireguard.exe gave no answer after 30 s"),
        (RunResult((), "Access is denied.\r\n", 1), "could not dump the log (Access is denied.)"),
    ],
)
def test_a_failed_dump_says_why_in_one_line(
    tmp_path: Path, result: RunResult, message: str
) -> None:
    lay(tmp_path, "C/Program Files/WireGuard/Data/log.bin")
    (dump,) = discover(os_name="windows", env=WINDOWS_ENV, root=tmp_path).dumps
    with pytest.raises(LogError, match=r"^WireGuard: ") as caught:
        dump_log(dump, tmp_path, runner=lambda argv, timeout, cancel: result)
    assert message in str(caught.value)
    assert list(tmp_path.glob("wireguard-log*")) == []


def test_a_new_client_is_one_table_entry(tmp_path: Path) -> None:
    table = {"clients": [{"id": "zscaler", "name": "Zscaler",
                          "windows": {"paths": ["%LOCALAPPDATA%/Zscaler/**/*.log"]}}]}  # fmt: skip
    path = lay(tmp_path, "C/Users/dana/AppData/Local/Zscaler/logs/ZSATunnel.log")
    clients = load_clients("windows", json.dumps(table))
    found = discover(os_name="windows", env=WINDOWS_ENV, root=tmp_path, clients=clients)
    assert [(log.client, log.path) for log in found.logs] == [("Zscaler", path)]


def test_unknown_os_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown OS 'beos'"):
        load_clients("beos")


def test_found_log_becomes_a_vpn_log_attachment(tmp_path: Path) -> None:
    path = lay(tmp_path, "var/log/openvpn/client.log", "abc\n")
    (log,) = discover(os_name="linux", env=LINUX_ENV, root=tmp_path).logs
    attachment = log_attachment(log, now=WHEN)
    assert attachment.kind is AttachmentKind.VPN_LOG
    assert (attachment.name, attachment.source, attachment.size) == ("client.log", str(path), 4)
    assert attachment.captured_at == WHEN
    assert attachment.note == "OpenVPN GUI log, last changed 2026-11-23 09:14 UTC"


def test_discovery_on_this_machine_runs_without_overrides() -> None:
    found = discover()
    assert all(log.path.is_file() for log in found.logs)


def test_dropped_files_become_a_discovery(tmp_path: Path) -> None:
    log = lay(tmp_path, "copy/PanGPS.log", "abc\n")
    (tmp_path / "copy/link.log").symlink_to(log)
    found = vpnlogs.discovery_of([log, tmp_path / "copy/link.log", tmp_path / "gone.log"])
    assert [(f.client, f.path, f.size) for f in found.logs] == [("Dropped file", log, 4)]
    assert [s.one_line() for s in found.skipped] == [
        "link.log: is a symbolic link (not followed)",
        "gone.log: no longer exists",
    ]
