"""Collecting from this PC: exact argv and XPath, and a fake ``wevtutil`` on PATH that
exports generated logs or answers with the real wevtutil's error texts.

Linux truncates exit codes to 8 bits (15007 arrives as 159), so the fake also
proves the message texts are understood; :func:`classify` is checked with the
real Windows codes separately.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import pytest

from handoff.evidence import wevtutil
from handoff.evidence.evtx import scan_evtx
from handoff.evidence.wevtutil import (
    DEFAULT_CHANNELS,
    ChannelSpec,
    CollectStatus,
    RunResult,
    WevtutilMissingError,
    classify,
    collect,
    export_argv,
    file_name,
    window_around,
    xpath,
)

ROOT = Path(__file__).resolve().parents[3]
INCIDENT = datetime(2026, 11, 27, 9, 14, 2, tzinfo=UTC)
SINCE, UNTIL = window_around(INCIDENT)
TIME_XPATH = (
    "TimeCreated[@SystemTime>='2026-11-27T07:14:02.000Z' and "
    "@SystemTime<='2026-11-27T09:44:02.000Z']"
)

FAKE = '''\
#!{python}
"""A stand-in for wevtutil.exe: `gl` and `epl`, with the real tool's messages."""
import json, sys, time
sys.path.insert(0, {root!r})
from datetime import datetime, timezone
from tests.helpers import evtx_writer as w

rules = json.load(open({rules!r}))
with open({calls!r}, "a") as log:
    log.write(json.dumps(sys.argv[1:]) + "\\n")
command, channel = sys.argv[1], sys.argv[2]
rule = rules.get(channel, "ok")
if rule == "hang":
    time.sleep(30)
if rule == "missing":
    verb = "read configuration for" if command == "gl" else "export"
    print(f"Failed to {{verb}} log {{channel}}. The specified channel could not be found.")
    sys.exit(15007)
if rule == "denied" and command == "epl":
    print(f"Failed to export log {{channel}}. Access is denied.")
    sys.exit(5)
if command == "gl":
    enabled = "false" if rule == "disabled" else "true"
    print(f"name: {{channel}}\\nenabled: {{enabled}}\\ntype: Operational\\nisolation: Application")
    sys.exit(0)
if rule == "disabled":
    print(f"Failed to export log {{channel}}. The system cannot find the file specified.")
    sys.exit(2)
start = datetime(2026, 11, 27, 8, 0, tzinfo=timezone.utc)
events = w.sample_events(25, start=start)
w.write_evtx(__import__("pathlib").Path(sys.argv[3]), events)
'''


def install_fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rules: dict[str, str]) -> Path:
    """Put ``wevtutil`` on PATH (alone: nothing else is found there); returns its call log."""
    folder = tmp_path / "bin"
    folder.mkdir()
    rules_file, calls = tmp_path / "rules.json", tmp_path / "calls.jsonl"
    rules_file.write_text(json.dumps(rules), encoding="utf-8")
    script = folder / "wevtutil"
    source = FAKE.format(
        python=sys.executable, root=str(ROOT), rules=str(rules_file), calls=str(calls)
    )
    script.write_text(source, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(folder))
    return calls


SPECS = (
    ChannelSpec("Application", "vpn", providers=("RasClient", "PanGPS")),
    ChannelSpec("Security", "logons", event_ids=(4624, 4625, 4648), needs_admin=True),
    ChannelSpec("Microsoft-Windows-CAPI2/Operational", "certificates", levels=(1, 2, 3)),
    ChannelSpec("Cisco Secure Client - AnyConnect VPN", "vendor"),
)


# -- command lines ----------------------------------------------------------------------


def test_xpath_and_argv_are_exact(tmp_path: Path) -> None:
    system, security, application = DEFAULT_CHANNELS[1], DEFAULT_CHANNELS[2], SPECS[0]
    assert (
        xpath(system, SINCE, UNTIL)
        == f"*[System[(Level=1 or Level=2 or Level=3) and {TIME_XPATH}]]"
    )
    assert xpath(security, SINCE, UNTIL) == (
        f"*[System[(EventID=4624 or EventID=4625 or EventID=4648) and {TIME_XPATH}]]"
    )
    assert xpath(application, SINCE, UNTIL) == (
        f"*[System[Provider[@Name='RasClient' or @Name='PanGPS'] and {TIME_XPATH}]]"
    )
    out = tmp_path / "Security.evtx"
    assert export_argv(security, out, SINCE, UNTIL) == [
        "wevtutil", "epl", "Security", str(out),
        f"/q:*[System[(EventID=4624 or EventID=4625 or EventID=4648) and {TIME_XPATH}]]",
        "/ow:true",
    ]  # fmt: skip
    with pytest.raises(ValueError, match="quote"):
        xpath(ChannelSpec("Application", "x", providers=("O'Brien",)), SINCE, UNTIL)


def test_default_set_and_window() -> None:
    names = [spec.channel for spec in DEFAULT_CHANNELS]
    for needed in ("Application", "System", "Security", "Microsoft-Windows-AAD/Operational"):
        assert needed in names
    for operational in ("VPN-Plugin-Platform", "NetworkProfile", "WLAN-AutoConfig"):
        assert f"Microsoft-Windows-{operational}/Operational" in names
    assert "RasClient" in DEFAULT_CHANNELS[0].providers
    assert (
        datetime(2026, 11, 27, 7, 14, 2, tzinfo=UTC),
        datetime(2026, 11, 27, 9, 44, 2, tzinfo=UTC),
    ) == (SINCE, UNTIL)
    assert file_name(SPECS[2]) == "Microsoft-Windows-CAPI2_Operational.evtx"
    assert file_name(SPECS[3]) == "Cisco_Secure_Client_-_AnyConnect_VPN.evtx"


def test_classify_uses_the_windows_exit_codes_whatever_the_language() -> None:
    german = "Fehler beim Exportieren des Protokolls. Der angegebene Kanal wurde nicht gefunden."
    assert classify(RunResult(0, "")) is None
    assert classify(RunResult(15007, german)) is CollectStatus.NOT_FOUND
    assert classify(RunResult(5, "Zugriff verweigert")) is CollectStatus.ACCESS_DENIED
    assert classify(RunResult(87, "The parameter is incorrect.")) is CollectStatus.FAILED


# -- a fake wevtutil on PATH -------------------------------------------------------------


def test_collect_with_the_fake_reports_each_failure_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = install_fake(
        tmp_path, monkeypatch,
        {"Security": "denied", "Microsoft-Windows-CAPI2/Operational": "disabled",
         "Cisco Secure Client - AnyConnect VPN": "missing"},
    )  # fmt: skip
    progress: list[tuple[int, int]] = []
    result = collect(
        tmp_path / "out", since=SINCE, until=UNTIL, channels=SPECS,
        progress=lambda done, total: progress.append((done, total)),
    )  # fmt: skip
    statuses = [r.status for r in result.results]
    assert statuses == [CollectStatus.OK, CollectStatus.ACCESS_DENIED, CollectStatus.DISABLED,
                        CollectStatus.NOT_FOUND]  # fmt: skip
    assert result.problems == [
        "Security: needs administrator rights",
        "Microsoft-Windows-CAPI2/Operational: channel is disabled on this PC (it records nothing)",
        "Cisco Secure Client - AnyConnect VPN: not on this PC (channel not found)",
    ]
    assert result.files == [tmp_path / "out" / "Application.evtx"]
    assert scan_evtx(result.files[0]).records == 25
    assert progress[-1] == (4, 4)
    argvs = [json.loads(line) for line in calls.read_text().splitlines()]
    assert argvs[0] == ["gl", "Application"]
    assert argvs[1][:3] == ["epl", "Application", str(tmp_path / "out" / "Application.evtx")]
    assert argvs[1][3] == f"/q:{xpath(SPECS[0], SINCE, UNTIL)}" and argvs[1][4] == "/ow:true"


def test_a_hanging_wevtutil_times_out_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_fake(tmp_path, monkeypatch, {"Application": "hang"})
    result = collect(tmp_path / "out", since=SINCE, until=UNTIL, channels=SPECS[:1], timeout=1.0)
    assert result.results[0].status is CollectStatus.TIMEOUT
    assert result.problems == ["Application: wevtutil did not finish within 1 s"]


def test_missing_wevtutil(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(WevtutilMissingError, match="Windows only"):
        collect(tmp_path / "out", since=SINCE, until=UNTIL)

    def vanished(argv: object, timeout: float) -> RunResult:
        raise FileNotFoundError("wevtutil")

    with pytest.raises(WevtutilMissingError):
        collect(tmp_path / "out", since=SINCE, until=UNTIL, runner=vanished)


def test_an_injected_runner_sees_the_commands_and_unknown_failures_keep_their_text(
    tmp_path: Path,
) -> None:
    seen: list[list[str]] = []

    def runner(argv: object, timeout: float) -> RunResult:
        seen.append(list(argv))  # type: ignore[call-overload]
        if argv[1] == "gl":  # type: ignore[index]
            return RunResult(0, "enabled: true")
        return RunResult(87, "The parameter is incorrect.\r\n")

    result = collect(tmp_path, since=SINCE, until=UNTIL, channels=SPECS[:1], runner=runner)
    assert [argv[1] for argv in seen] == ["gl", "epl"] and seen[0][0] == "wevtutil"
    assert result.problems == [
        "Application: wevtutil failed (exit 87): The parameter is incorrect."
    ]
    assert os.environ.get("PATH")  # the real PATH was not needed


def test_cancel_between_channels(tmp_path: Path) -> None:
    import threading

    cancel = threading.Event()
    cancel.set()
    with pytest.raises(wevtutil.CollectCancelled):
        collect(
            tmp_path, since=SINCE, until=UNTIL, runner=lambda a, t: RunResult(0, ""), cancel=cancel
        )


def test_real_runner_kills_a_hanging_process(tmp_path: Path) -> None:
    script = tmp_path / "hang.py"
    script.write_text(textwrap.dedent("import time\ntime.sleep(30)\n"), encoding="utf-8")
    with pytest.raises(wevtutil.subprocess.TimeoutExpired):
        wevtutil.run_process([sys.executable, str(script)], 0.5)
    done = wevtutil.run_process([sys.executable, "-c", "print('enabled: true')"], 30)
    assert done == RunResult(0, "enabled: true")
