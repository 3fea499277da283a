"""Drafts survive crashes, full disks, corrupt files and newer versions of the app."""

from __future__ import annotations

import errno
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import IO

import pytest

from handoff import paths
from handoff.drafts import DraftError, DraftStore
from handoff.model import SCHEMA_VERSION, Handoff, Ticket


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "drafts", tmp_path / "aside")


def _disk_full(*_args: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_defaults_are_the_data_folder(data_dir: Path) -> None:
    store = DraftStore()
    assert store.folder == paths.drafts_dir()
    assert store.set_aside == paths.quarantine_dir()
    assert store.folder.is_relative_to(data_dir)


def test_save_and_load_round_trip(store: DraftStore, example: Handoff) -> None:
    path = store.save(example)
    assert path == store.path_for(example.id) == store.folder / f"{example.id}.json"
    assert store.load(example.id) == example
    assert [p.name for p in store.folder.iterdir()] == [path.name]  # no temp file left


def test_write_snapshot_writes_given_text(store: DraftStore, example: Handoff) -> None:
    text = example.model_dump_json()
    path = store.write_snapshot(example.id, text)
    assert path.read_text(encoding="utf-8") == text
    store.write_snapshot(example.id, example.to_json())  # overwriting our own draft is fine
    assert store.load(example.id) == example


def test_load_missing_draft(store: DraftStore) -> None:
    with pytest.raises(DraftError, match="no saved draft"):
        store.load("0123abcd")


@pytest.mark.parametrize("bad_id", ["", "../evil", "a/b", ".hidden", "x" * 200])
def test_ids_that_are_not_file_names_are_refused(store: DraftStore, bad_id: str) -> None:
    with pytest.raises(DraftError, match="not a valid draft id"):
        store.path_for(bad_id)


def test_disk_full_keeps_previous_draft(
    store: DraftStore, example: Handoff, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store.save(example)
    before = path.read_bytes()
    example.summary = "A newer summary that never reaches the disk"
    monkeypatch.setattr(os, "fsync", _disk_full)
    with pytest.raises(DraftError) as info:
        store.save(example)
    assert str(info.value) == "could not save the draft: No space left on device"
    assert path.read_bytes() == before
    assert [p.name for p in store.folder.iterdir()] == [path.name]  # temp file cleaned up


class _DiskFillsUp:
    """A file whose write gets part of the data out, then fails like a full disk."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle

    def __enter__(self) -> _DiskFillsUp:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[:10])
        self.handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_failed_write_keeps_previous_draft(
    store: DraftStore, example: Handoff, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store.save(example)
    before = path.read_bytes()
    real_fdopen = os.fdopen

    def fdopen(fd: int, mode: str) -> _DiskFillsUp:
        assert mode == "wb"
        return _DiskFillsUp(real_fdopen(fd, "wb"))

    monkeypatch.setattr(os, "fdopen", fdopen)
    with pytest.raises(DraftError, match="No space left on device"):
        store.write_snapshot(example.id, example.to_json())
    assert path.read_bytes() == before
    assert [p.name for p in store.folder.iterdir()] == [path.name]


def test_scan_lists_drafts_newest_first(store: DraftStore) -> None:
    base = Handoff(ticket=Ticket(id="T-1", title="Printer")).updated_at
    ids = []
    for hours, ticket in [(1, "T-1"), (3, "T-3"), (2, "T-2")]:
        h = Handoff(ticket=Ticket(id=ticket, title=f"Ticket {ticket}"))
        h.updated_at = base + timedelta(hours=hours)
        store.save(h)
        ids.append(h.id)
    (store.folder / f".{ids[0]}.json.abc123.tmp").write_text("{", encoding="utf-8")
    scan = store.scan()
    assert scan.problems == []
    assert [d.ticket_id for d in scan.drafts] == ["T-3", "T-2", "T-1"]
    assert scan.drafts[0].title == "Ticket T-3"
    assert scan.drafts[0].path == store.path_for(scan.drafts[0].handoff_id)


def test_corrupt_draft_is_moved_aside_and_reported(store: DraftStore, example: Handoff) -> None:
    store.save(example)
    bad = store.folder / "0badc0de.json"
    bad.write_bytes(b'{"schema_version": 1, "summary": ')
    invalid = store.folder / "1nvalid.json"
    invalid.write_text('{"schema_version": 1, "status": "on fire"}', encoding="utf-8")
    scan = store.scan()
    assert [d.handoff_id for d in scan.drafts] == [example.id]
    problems = {p.path.name: p for p in scan.problems}
    assert set(problems) == {"0badc0de.json", "1nvalid.json"}
    assert "not valid JSON" in problems["0badc0de.json"].reason
    assert "status" in problems["1nvalid.json"].reason
    for problem in scan.problems:
        assert "\n" not in problem.reason
        assert problem.moved_to is not None and problem.moved_to.parent == store.set_aside
        assert not problem.path.exists()
    moved = problems["0badc0de.json"].moved_to
    assert moved is not None and moved.read_bytes() == b'{"schema_version": 1, "summary": '
    assert store.scan().problems == []  # reported once


def test_set_aside_never_overwrites(store: DraftStore) -> None:
    moved = []
    for content in (b"one", b"two", b"three"):
        (store.folder / "0badc0de.json").write_bytes(content)
        (problem,) = store.scan().problems
        assert problem.moved_to is not None
        moved.append(problem.moved_to)
    assert len(set(moved)) == 3
    assert sorted(p.read_bytes() for p in moved) == [b"one", b"three", b"two"]


def test_file_name_must_match_draft_id(store: DraftStore, example: Handoff) -> None:
    (store.folder / "copied.json").write_text(example.to_json(), encoding="utf-8")
    (problem,) = store.scan().problems
    assert "does not match" in problem.reason
    assert problem.moved_to is not None


def _newer_draft(store: DraftStore, handoff_id: str) -> tuple[Path, bytes]:
    data = json.dumps({"schema_version": SCHEMA_VERSION + 1, "id": handoff_id, "x": 1}).encode()
    path = store.path_for(handoff_id)
    path.write_bytes(data)
    return path, data


def test_newer_version_draft_left_untouched(store: DraftStore, example: Handoff) -> None:
    path, data = _newer_draft(store, "f00d")
    mtime = path.stat().st_mtime_ns
    store.save(example)
    scan = store.scan()
    (problem,) = scan.problems
    assert problem.path == path and problem.moved_to is None
    assert "newer version of Handoff" in problem.reason
    assert [d.handoff_id for d in scan.drafts] == [example.id]
    store.scan()
    assert path.read_bytes() == data and path.stat().st_mtime_ns == mtime
    assert not store.set_aside.exists() or not any(store.set_aside.iterdir())


def test_newer_version_draft_is_never_overwritten(store: DraftStore, example: Handoff) -> None:
    path, data = _newer_draft(store, example.id)
    with pytest.raises(DraftError, match="newer version"):
        store.save(example)
    with pytest.raises(DraftError, match="newer version"):
        store.write_snapshot(example.id, example.to_json())
    with pytest.raises(DraftError, match="newer version"):
        store.load(example.id)
    assert path.read_bytes() == data


def test_newer_version_written_after_our_save_is_still_protected(
    store: DraftStore, example: Handoff
) -> None:
    store.save(example)
    path, data = _newer_draft(store, example.id)  # a newer Handoff took the draft over
    with pytest.raises(DraftError, match="newer version"):
        store.save(example)
    assert path.read_bytes() == data


def test_save_over_corrupt_draft_sets_it_aside_first(store: DraftStore, example: Handoff) -> None:
    store.path_for(example.id).write_bytes(b"\x00garbage")
    store.save(example)
    (moved,) = store.set_aside.iterdir()
    assert moved.read_bytes() == b"\x00garbage"
    assert store.load(example.id) == example


def test_discard_moves_the_draft_aside(store: DraftStore, example: Handoff) -> None:
    path = store.save(example)
    store.discard(example.id)
    assert not path.exists()
    (moved,) = store.set_aside.iterdir()
    assert "discarded" in moved.name
    assert Handoff.model_validate_json(moved.read_text(encoding="utf-8")) == example
    store.discard(example.id)  # nothing left to discard: no error
    assert store.scan().drafts == []
