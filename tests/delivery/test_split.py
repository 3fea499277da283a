"""Attachments over a system's limit: split into parts that join back byte for byte, or kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from handoff.delivery.outbox import Outbox
from handoff.delivery.plan import StepKind
from handoff.delivery.split import (
    KEEP,
    SPLIT,
    human_size,
    parts_needed,
    postable,
    queue_postable,
    split_file,
)
from handoff.model import Attachment, Handoff

LIMIT = 1000


def attach(h: Handoff, folder: Path, name: str, size: int) -> Attachment:
    source = folder / name
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_bytes(os.urandom(size))
    attachment = Attachment(name=name, source=str(source), size=size)
    h.attachments.append(attachment)
    return attachment


@pytest.fixture
def three(example: Handoff, tmp_path: Path) -> tuple[Handoff, Attachment, Attachment, Attachment]:
    """The example with a small file, one to split (2.5 limits) and one to keep here."""
    example.attachments = []
    small = attach(example, tmp_path / "src", "small.txt", 10)
    big = attach(example, tmp_path / "src", "big log.txt", 2 * LIMIT + LIMIT // 2)
    kept = attach(example, tmp_path / "src", "memory.dmp", 3 * LIMIT)
    return example, small, big, kept


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 bytes"), (1023, "1023 bytes"), (1536, "1.5 KB"), (18 * 1024**2, "18.0 MB"),
     (3 * 1024**4, "3072.0 GB")],
)  # fmt: skip
def test_human_size(size: int, text: str) -> None:
    assert human_size(size) == text


def test_parts_needed_rounds_up_and_is_never_zero() -> None:
    assert [parts_needed(n, 10) for n in (0, 1, 10, 11, 20, 21)] == [1, 1, 1, 2, 2, 3]


def test_split_file_makes_numbered_parts_that_join_back(tmp_path: Path) -> None:
    data = os.urandom(2 * LIMIT + 1)
    source = tmp_path / "in.bin"
    source.write_bytes(data)
    (tmp_path / "out").mkdir()
    parts = split_file(source, LIMIT, tmp_path / "out", "in.bin")
    assert [p.name for p in parts] == ["in.bin.001", "in.bin.002", "in.bin.003"]
    assert [p.stat().st_size for p in parts] == [LIMIT, LIMIT, 1]
    assert b"".join(p.read_bytes() for p in parts) == data


def test_postable_splits_keeps_and_says_so_in_the_note(
    three: tuple[Handoff, Attachment, Attachment, Attachment], tmp_path: Path
) -> None:
    h, small, big, kept = three
    before = h.model_copy(deep=True)
    folder = tmp_path / "parts"
    folder.mkdir()
    out = postable(h, {big.id: SPLIT, kept.id: KEEP}, LIMIT, folder)

    assert h == before, "the draft itself is not changed"
    names = [a.name for a in out.attachments]
    assert names == ["small.txt", "big log.txt.001", "big log.txt.002", "big log.txt.003"]
    assert out.attachments[0] == small
    parts = out.attachments[1:]
    assert all(a.note == "part of big log.txt" for a in parts)
    assert [a.size for a in parts] == [LIMIT, LIMIT, LIMIT // 2]
    joined = b"".join(Path(a.source or "").read_bytes() for a in parts)
    assert joined == Path(big.source or "").read_bytes()

    note = out.next_tech_note.text
    assert note.startswith(h.next_tech_note.text.rstrip() + "\n\nAttachments not posted whole:\n")
    assert (f"- memory.dmp (2.9 KB) was too large to post: ask {h.author} for it."
            in note)  # fmt: skip
    assert ("- big log.txt is in 3 parts: join them with "
            "`copy /b big log.txt.001+big log.txt.002+big log.txt.003 \"big log.txt\"` "
            "(Windows) or `cat \"big log.txt\".0* > \"big log.txt\"`.") in note  # fmt: skip


def test_nothing_to_split_leaves_the_handoff_as_it_is(
    three: tuple[Handoff, Attachment, Attachment, Attachment], tmp_path: Path
) -> None:
    h = three[0]
    assert postable(h, {}, LIMIT, tmp_path) == h
    assert list(tmp_path.iterdir()) == [tmp_path / "src"], "no part written"


def test_split_without_a_limit_is_kept_here(
    three: tuple[Handoff, Attachment, Attachment, Attachment], tmp_path: Path
) -> None:
    h, _small, big, _kept = three
    out = postable(h, {big.id: SPLIT}, None, tmp_path)
    assert [a.name for a in out.attachments] == ["small.txt", "memory.dmp"]
    assert "- big log.txt (2.4 KB) was too large to post" in out.next_tech_note.text


def test_queue_postable_queues_the_parts_and_removes_its_temporary_folder(
    three: tuple[Handoff, Attachment, Attachment, Attachment], data_dir: Path
) -> None:
    h, _small, big, kept = three
    outbox = Outbox()
    item = queue_postable(h, {big.id: SPLIT, kept.id: KEEP}, LIMIT, outbox,
                          connection="rt-main", ticket="12", reply=False)  # fmt: skip

    assert (item.connection, item.ticket_id) == ("rt-main", "12")
    assert not any(p.name.startswith("split-") for p in data_dir.iterdir())
    copies = {s.name: outbox.files_dir(item.id) / s.file
              for s in item.steps if s.kind is StepKind.ATTACHMENT}  # fmt: skip
    assert list(copies) == ["small.txt", "big log.txt.001", "big log.txt.002", "big log.txt.003"]
    joined = b"".join(copies[f"big log.txt.00{n}"].read_bytes() for n in (1, 2, 3))
    assert joined == Path(big.source or "").read_bytes()
    assert "memory.dmp (2.9 KB) was too large to post" in item.handoff.next_tech_note.text
    assert outbox.load(item.id) == item
