"""The recent-packages list: newest first, one entry per path, capped, safe to corrupt."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from handoff.recent import MAX_ENTRIES, Action, RecentPackages


def package(folder: Path, name: str) -> Path:
    path = folder / f"{name}.handoff.zip"
    path.write_bytes(b"PK")
    return path


def test_newest_first_and_one_entry_per_path(tmp_path: Path, data_dir: Path) -> None:
    recent = RecentPackages()
    first, second = package(tmp_path, "a"), package(tmp_path, "b")
    recent.add(first, ticket_id="T-1", title="VPN", action=Action.EXPORTED)
    recent.add(second, ticket_id="T-2", title="Printer", action=Action.OPENED)
    entries = recent.add(first, ticket_id="T-1", title="VPN again", action=Action.OPENED)
    assert [(e.path, e.title, e.action) for e in entries] == [
        (first, "VPN again", Action.OPENED),
        (second, "Printer", Action.OPENED),
    ]
    assert RecentPackages().load() == entries, "what was written is what is read"
    assert (data_dir / "recent.json").is_file()


def test_relative_and_dotted_paths_are_the_same_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = package(tmp_path, "a")
    monkeypatch.chdir(tmp_path)
    recent = RecentPackages()
    recent.add(Path("a.handoff.zip"), ticket_id="", title="", action=Action.OPENED)
    entries = recent.add(tmp_path / "." / "a.handoff.zip", ticket_id="", title="",
                         action=Action.EXPORTED)  # fmt: skip
    assert [e.path for e in entries] == [path]


def test_capped_at_the_limit(tmp_path: Path) -> None:
    recent = RecentPackages()
    for number in range(MAX_ENTRIES + 5):
        recent.add(package(tmp_path, f"p{number}"), ticket_id=str(number), title="",
                   action=Action.EXPORTED)  # fmt: skip
    entries = recent.load()
    assert len(entries) == MAX_ENTRIES
    assert entries[0].ticket_id == str(MAX_ENTRIES + 4)


def test_a_deleted_package_stays_listed_as_missing_until_removed(tmp_path: Path) -> None:
    recent = RecentPackages()
    gone, kept = package(tmp_path, "gone"), package(tmp_path, "kept")
    recent.add(gone, ticket_id="T-1", title="", action=Action.EXPORTED)
    recent.add(kept, ticket_id="T-2", title="", action=Action.EXPORTED)
    gone.unlink()
    by_path = {e.path: e.exists() for e in recent.load()}
    assert by_path == {gone: False, kept: True}
    assert [e.path for e in recent.remove(gone)] == [kept]
    assert kept.exists(), "removing from the list never touches a file"


@pytest.mark.parametrize(
    "content",
    [b"{ not json", b"[]", b'{"entries": [{"path": "x"}]}', b'{"entries": [{"path": "x", '
     b'"at": "2026-01-01T00:00:00", "action": "opened"}]}', b"\xff\xfe"],
    ids=["torn", "not-an-object", "missing-fields", "naive-time", "binary"],
)  # fmt: skip
def test_a_corrupt_list_is_logged_ignored_and_replaced_on_the_next_add(
    tmp_path: Path, data_dir: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    (data_dir / "recent.json").write_bytes(content)
    recent = RecentPackages()
    with caplog.at_level(logging.WARNING, logger="handoff.recent"):
        assert recent.load() == []
    assert "unreadable recent packages list" in caplog.text
    entries = recent.add(package(tmp_path, "a"), ticket_id="T", title="", action=Action.OPENED)
    assert len(entries) == 1
    assert json.loads((data_dir / "recent.json").read_text())["schema_version"] == 1


def test_a_list_that_cannot_be_written_is_logged_not_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    recent = RecentPackages(tmp_path / "no-such-folder" / "recent.json")
    with caplog.at_level(logging.WARNING, logger="handoff.recent"):
        entries = recent.add(package(tmp_path, "a"), ticket_id="", title="",
                             action=Action.OPENED)  # fmt: skip
    assert len(entries) == 1
    assert "cannot save the recent packages list" in caplog.text
