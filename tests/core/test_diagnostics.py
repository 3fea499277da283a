"""The diagnostics zip and ``handoff diagnostics`` / ``handoff --version`` as scripts run them."""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from handoff import __version__, applog, diagnostics
from handoff.delivery.connections import ConnectionStore
from handoff.delivery.connector import ConnectionProfile
from handoff.delivery.outbox import Outbox
from handoff.drafts import DraftStore
from handoff.model import Handoff
from handoff.recent import Action, RecentPackages
from tests.helpers.app_log import configured_log

CLIENT_TEXT = "Maria Lopez cannot reach the payroll share"
SECRET = "sup3r-s3cret-pr1vate"  # noqa: S105 - a test value


@pytest.fixture
def logged(data_dir: Path) -> Iterator[Path]:
    with configured_log(logging.INFO) as path:
        yield path


def _fill(data_dir: Path, example: Handoff) -> str:
    """A data folder as an engineer's: drafts, a set-aside one, an outbox item, settings."""
    example.summary = CLIENT_TEXT
    store = DraftStore()
    store.save(example)
    (data_dir / "drafts" / "broken.json").write_text("{not json")
    store.scan()  # sets the broken one aside
    ConnectionStore().save(ConnectionProfile(
        name="cw-main", kind="connectwise", url="https://psa.example",
        fields={"company_id": "acme", "public_key": "pUbLiC", "client_id": "cid-123"},
    ))  # fmt: skip
    item = Outbox().add_draft(example, connection="cw-main", ticket_id="4321")
    item.reason = f"the API token was refused (401); echoed token={SECRET}"
    Outbox().save(item)
    RecentPackages().add(data_dir / "received.handoff.zip", ticket_id="4321",
                         title=CLIENT_TEXT, action=Action.OPENED)  # fmt: skip
    (data_dir / "window.ini").write_text(
        "[General]\ngeometry=@ByteArray(abc)\napi_token=plain-in-ini\n", encoding="utf-8"
    )
    return item.id


def _read(zip_path: Path) -> dict[str, str]:
    with zipfile.ZipFile(zip_path) as archive:
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_the_zip_holds_versions_logs_settings_and_a_listing_but_no_content_or_secret(
    logged: Path, data_dir: Path, example: Handoff, tmp_path: Path
) -> None:
    item_id = _fill(data_dir, example)
    applog.register_secret(SECRET)
    logging.getLogger("handoff.test").warning("about to fail with %s", SECRET)

    dest = diagnostics.write_zip(tmp_path / "out" / "diag.zip", versions={"Qt": "6.x test"})
    files = _read(dest)

    expected = {"README.txt", "versions.json", "versions.txt", "logs/handoff.log", "listing.json",
                "listing.txt", "settings/connections.json", "settings/window.ini"}  # fmt: skip
    assert expected <= set(files)
    versions = json.loads(files["versions.json"])
    assert versions["Handoff"] == __version__ and versions["Qt"] == "6.x test"
    assert {"Python", "Platform", "Keyring backend", "Locale", "Logs folder"} <= set(versions)
    assert "about to fail with [secret]" in files["logs/handoff.log"]
    connections = json.loads(files["settings/connections.json"])
    fields = connections["connections"][0]["fields"]
    assert fields["public_key"] == diagnostics.REMOVED and fields["company_id"] == "acme"
    assert "api_token=[removed]" in files["settings/window.ini"]
    listing = json.loads(files["listing.json"])
    assert [d["name"] for d in listing["drafts"]] == [f"{example.id}.json"]
    assert len(listing["drafts_set_aside"]) == 1
    [outbox] = listing["outbox"]
    assert outbox["name"] == f"{item_id}.json" and outbox["state"] == "queued"
    assert outbox["last_error"].startswith("the API token was refused (401)")
    everything = "\n".join(files.values())
    for leaked in (SECRET, CLIENT_TEXT, "plain-in-ini", "pUbLiC"):
        assert leaked not in everything
    assert "No draft, package, attachment or outbox content" in files["README.txt"]
    assert "settings/recent.json" not in files  # ticket titles are client data


def test_write_zip_is_atomic_and_says_why_it_failed(data_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OSError):
        diagnostics.write_zip(blocker / "diag.zip")
    target = tmp_path / "diag.zip"
    target.write_bytes(b"old")
    diagnostics.write_zip(target)
    assert zipfile.is_zipfile(target)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def _handoff(*args: str, data_dir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HANDOFF_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "handoff", *args],
        capture_output=True, text=True, cwd=cwd, env=env, check=False, timeout=60,
    )  # fmt: skip


def test_the_diagnostics_command_prints_the_path(data_dir: Path, tmp_path: Path) -> None:
    done = _handoff("diagnostics", data_dir=data_dir, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = Path(done.stdout.strip())
    assert written.parent == tmp_path and written.name.startswith("handoff-diagnostics-")
    assert "README.txt" in _read(written)

    folder = tmp_path / "into"
    folder.mkdir()
    done = _handoff("diagnostics", "-o", str(folder), data_dir=data_dir, cwd=tmp_path)
    assert done.returncode == 0 and Path(done.stdout.strip()).parent == folder


def test_the_diagnostics_command_fails_with_code_3_and_one_line(
    data_dir: Path, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("x")
    done = _handoff("diagnostics", "-o", str(tmp_path / "a-file" / "d.zip"),
                    data_dir=data_dir, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 3 and done.stdout == ""
    assert (
        done.stderr.startswith("handoff: error: could not write ") and done.stderr.count("\n") == 1
    )


def test_version_names_handoff_qt_and_python(data_dir: Path, tmp_path: Path) -> None:
    done = _handoff("--version", data_dir=data_dir, cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == ""
    first, qt, python = done.stdout.splitlines()
    assert first == f"handoff {__version__}"
    if importlib.util.find_spec("PySide6") is None:  # .ci/run's core-only environment
        assert qt.startswith("Qt not available (")
    else:
        assert qt.startswith("Qt 6.") and "(PySide6 6." in qt
    assert python.startswith("Python 3.") and " on " in python


def test_version_without_qt_still_exits_0(data_dir: Path, tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None; sys.argv = ['handoff', '--version']\n"
        "from handoff.__main__ import main; main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    first, qt, _ = done.stdout.splitlines()
    assert first == f"handoff {__version__}" and qt.startswith("Qt not available (")
