"""``handoff evtx FILE``: the summary on stdout, one-line errors, the exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from handoff import cli
from tests.helpers import evtx_damage as damage
from tests.helpers import evtx_writer as w

EVENTS = w.sample_events(400)


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return w.write_evtx(tmp_path / "System.evtx", EVENTS)


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_summary(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "evtx", log)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("System.evtx: Event Viewer log, ")
    assert lines[1].startswith("400 events from ")
    assert "By level: Critical 30, Error 92, Warning 93, Information 155, Verbose 30" in out
    assert "Top sources: RasClient 124" in out
    expected = sum(1 for e in EVENTS if e.level <= 3)
    assert f"Whole log, Critical/Error/Warning: {expected} event(s)" in out
    assert len([line for line in lines if line.startswith("  20")]) == 50  # newest 50 listed


def test_window_levels_and_json(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    since = EVENTS[350].time
    code, out, err = run(
        capsys, "evtx", log, "--since", since.isoformat(), "--until", "2026-11-27T09:00:00Z",
        "--level", "error,critical", "--json",
    )  # fmt: skip
    assert (code, err) == (0, "")
    data = json.loads(out)
    until = datetime(2026, 11, 27, 9, tzinfo=UTC)
    expected = [
        i + 1 for i, e in enumerate(EVENTS) if e.level in (1, 2) and since <= e.time <= until
    ]
    assert [e["record_id"] for e in data["events"]] == expected
    assert data["window"] == {
        "since": "2026-11-27T08:35:50Z",
        "until": "2026-11-27T09:00:00Z",
        "levels": ["Critical", "Error"],
    }
    assert data["records"] == 400 and data["skipped"] == 0


def test_a_time_without_zone_is_local_time() -> None:
    local = cli.parse_time("2026-11-27T09:00", "--since")
    assert local == datetime(2026, 11, 27, 9).astimezone()
    zoned = cli.parse_time("2026-11-27 09:00+01:00", "--since")
    assert zoned is not None and zoned.utcoffset() == timedelta(hours=1)


def test_damaged_log_exits_0_and_counts_on_stderr(
    tmp_path: Path, log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = tmp_path / "damaged.evtx"
    damaged.write_bytes(damage.break_record(log.read_bytes(), 0, 3))
    code, out, err = run(capsys, "evtx", damaged)
    assert code == 0 and "399 events" in out
    assert err.startswith("handoff: warning: ") and "skipped 1 damaged part(s)" in err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "code", "fragment"),
    [
        (["--since", "yesterday"], 2, "is not a date and time"),
        (["--level", "loud"], 2, "unknown level"),
        (["--since", "2026-11-27T10:00Z", "--until", "2026-11-27T09:00Z"], 2, "after --until"),
    ],
)
def test_usage_errors(
    log: Path, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, fragment: str
) -> None:
    got, out, err = run(capsys, "evtx", log, *argv)
    assert (got, out) == (code, "")
    assert err.startswith("handoff: error: ") and fragment in err and len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "is empty"),
        (b"Date,Source\r\n", "not an Event Viewer log (.evtx)"),
        (None, "not found"),
    ],
)
def test_unreadable_is_exit_2_and_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, fragment: str
) -> None:
    path = tmp_path / "Application.evtx"
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(capsys, "evtx", path)
    assert (code, out) == (2, "")
    assert err.startswith("handoff: error: ") and fragment in err and len(err.splitlines()) == 1


def test_as_a_real_process(log: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "handoff", "--data-dir", str(tmp_path / "d"), "evtx", str(log),
         "--level", "critical", "--json"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["matched"] == sum(1 for e in EVENTS if e.level == 1)
