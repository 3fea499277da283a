"""Exporting writes one complete, verifiable zip, or nothing at all."""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import re
import stat
import threading
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

import handoff
from handoff.model import Attachment, Handoff, Ticket, utc_now
from handoff.package import (
    ExportCancelled,
    ExportError,
    LintOverride,
    MissingAttachmentsError,
    export_package,
    open_package,
    package_file_name,
)
from handoff.package.export import CHUNK_SIZE

LOG_LINE = "2026-05-09 09:14:{s:02d} PanGPS[4412] auth: user mlopez group check failed (#{n})\n"


def write_log(path: Path, lines: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(LOG_LINE.format(s=n % 60, n=n) for n in range(lines)))
    return path


def write_png(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.effect_noise((640, 480), 60).convert("RGB")
    image.save(path, format="PNG")
    return path


@pytest.fixture
def draft(example: Handoff, tmp_path: Path) -> Handoff:
    """The worked example with a real text log and a real PNG attached."""
    log = write_log(tmp_path / "src" / "PanGPS.log", 4000)
    png = write_png(tmp_path / "src" / "screen shot.png")
    example.attachments = [
        Attachment(name="PanGPS.log", source=str(log), note="GlobalProtect client log"),
        Attachment(name="screen shot.png", source=str(png), note="the error dialog"),
    ]
    return example


@pytest.fixture
def out(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "out"
    folder.mkdir()
    yield folder
    folder.chmod(0o700)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_export_writes_exactly_the_listed_files(draft: Handoff, out: Path, tmp_path: Path) -> None:
    before = draft.model_copy(deep=True)
    result = export_package(draft, out)

    assert draft == before  # the caller's handoff is untouched
    assert [p.name for p in out.iterdir()] == [result.path.name]  # no temp file left
    assert re.fullmatch(r"T-20418-\d{8}-\d{4}\.handoff\.zip", result.path.name)
    assert result.size == result.path.stat().st_size
    with zipfile.ZipFile(result.path) as zf:
        assert zf.testzip() is None
        manifest = json.loads(zf.read("manifest.json"))
        listed = {entry["path"]: entry for entry in manifest["package"]["files"]}
        assert set(zf.namelist()) == {"manifest.json", *listed}
        assert set(listed) == {
            "handoff.html", "handoff.md", "internal-note.txt", "user-message.txt",
            "attachments/PanGPS.log", "attachments/screen shot.png",
        }  # fmt: skip
        for path, entry in listed.items():
            data = zf.read(path)
            assert (entry["size"], entry["sha256"]) == (len(data), sha256(data))
        assert zf.getinfo("attachments/screen shot.png").compress_type == zipfile.ZIP_STORED
        assert zf.getinfo("attachments/PanGPS.log").compress_type == zipfile.ZIP_DEFLATED
        log = Path(draft.attachments[0].source or "").read_bytes()
        assert zf.read("attachments/PanGPS.log") == log
        note = zf.read("internal-note.txt").decode()
        html = zf.read("handoff.html").decode()

    assert manifest["package"]["app_version"] == handoff.__version__
    assert manifest["package"]["lint_override"] is None
    attachments = manifest["attachments"]
    assert [a["path"] for a in attachments] == [
        "attachments/PanGPS.log",
        "attachments/screen shot.png",
    ]
    assert all(a["source"] is None for a in attachments)
    assert [a["media_type"] for a in attachments] == ["text/plain", "image/png"]
    assert attachments[0]["sha256"] == sha256(log) and attachments[0]["size"] == len(log)
    assert str(tmp_path) not in json.dumps(manifest)  # no local paths leak into the package
    assert result.manifest.package.files[0].path == "attachments/PanGPS.log"
    assert "@netops" in note and "Continue from:" in note
    assert "data:image/png;base64," in html and "PanGPS.log" in html


def test_override_and_texts_in_package(draft: Handoff, out: Path) -> None:
    draft.user_message.needed = False
    draft.next_tech_note.text, draft.next_tech_note.edited = "Edited by hand.", True
    override = LintOverride(confirmed_by="Dana Onsite", at=utc_now(), findings=["summary: vague"])
    result = export_package(draft, out / "chosen.zip", override=override)
    assert result.path == out / "chosen.zip"
    with zipfile.ZipFile(result.path) as zf:
        assert zf.read("internal-note.txt") == b"Edited by hand."
        assert b"marked it as not needed" in zf.read("user-message.txt")
        assert b"summary: vague" in zf.read("handoff.html")
        assert json.loads(zf.read("manifest.json"))["package"]["lint_override"]["findings"] == [
            "summary: vague"
        ]


def test_same_minute_exports_do_not_replace_each_other(draft: Handoff, out: Path) -> None:
    draft.attachments = []
    first = export_package(draft, out)
    second = export_package(draft, out)
    assert first.path != second.path and first.path.exists()


def test_package_file_name() -> None:
    when = utc_now()
    stamp = when.astimezone().strftime("%Y%m%d-%H%M")
    assert package_file_name(Handoff(), when) == f"no-ticket-{stamp}.handoff.zip"
    odd = Handoff(ticket=Ticket(id="INC 12/34:5"))
    assert package_file_name(odd, when) == f"INC-12_34_5-{stamp}.handoff.zip"


def test_large_attachment_is_streamed(example: Handoff, tmp_path: Path) -> None:
    big = tmp_path / "big.log"
    with big.open("wb") as handle:
        block = write_log(tmp_path / "block.log", 20_000).read_bytes()[:CHUNK_SIZE]
        for _ in range(64):
            handle.write(block)
    example.attachments = [Attachment(name="big.log", source=str(big))]
    tracemalloc.start()
    try:
        result = export_package(example, tmp_path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, f"peak {peak / 2**20:.1f} MiB"
    assert result.manifest.attachments[0].size == 64 * CHUNK_SIZE


def test_extremely_compressible_file_is_stored_so_the_package_opens(
    example: Handoff, tmp_path: Path
) -> None:
    zeros = tmp_path / "disk.img"
    zeros.write_bytes(bytes(4 * CHUNK_SIZE))  # deflates about 1000:1: looks like a zip bomb
    example.attachments = [Attachment(name="disk.img", source=str(zeros))]
    seen: list[tuple[int, int]] = []
    result = export_package(example, tmp_path, progress=lambda *pair: seen.append(pair))
    with zipfile.ZipFile(result.path) as zf:
        assert zf.getinfo("attachments/disk.img").compress_type == zipfile.ZIP_STORED
        assert zf.read("attachments/disk.img") == bytes(4 * CHUNK_SIZE)
        assert zf.testzip() is None
    assert open_package(result.path).ok
    assert all(done <= total for done, total in seen)


def test_cancel_leaves_nothing(draft: Handoff, out: Path) -> None:
    big = write_log(out.parent / "src" / "more.log", 60_000)  # several chunks
    draft.attachments.append(Attachment(name="more.log", source=str(big)))
    cancel = threading.Event()
    with pytest.raises(ExportCancelled):
        export_package(draft, out, progress=lambda done, total: cancel.set(), cancel=cancel)
    assert list(out.iterdir()) == []


def test_read_only_folder(draft: Handoff, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out.chmod(0o500)
    if os.geteuid() == 0:  # root ignores the mode; fail the temp file as the OS would

        def refuse(*_args: object, **_kwargs: object) -> None:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(out))

        monkeypatch.setattr("handoff.atomic.tempfile.mkstemp", refuse)
    with pytest.raises(ExportError) as caught:
        export_package(draft, out)
    message = str(caught.value)
    assert str(out) in message and "Permission denied" in message and "\n" not in message
    assert list(out.iterdir()) == []


class _FullDisk(io.FileIO):
    """A file that takes 64 KiB and then fails with ENOSPC, like a disk filling up."""

    room = 64 * 1024

    def write(self, data: object) -> int:
        size = len(memoryview(data))  # type: ignore[arg-type]
        if self.tell() + size > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().write(data)  # type: ignore[arg-type]


def test_disk_full_leaves_no_half_package(
    draft: Handoff, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "handoff.atomic.os.fdopen", lambda fd, mode: io.BufferedWriter(_FullDisk(fd, "wb"))
    )
    with pytest.raises(ExportError) as caught:
        export_package(draft, out)
    assert "No space left on device" in str(caught.value)
    assert str(out) in str(caught.value)
    assert list(out.iterdir()) == []


def test_missing_attachment_is_reported_up_front(draft: Handoff, out: Path) -> None:
    Path(draft.attachments[1].source or "").unlink()
    draft.attachments.append(Attachment(name="never.txt"))
    with pytest.raises(MissingAttachmentsError) as caught:
        export_package(draft, out)
    problems = caught.value.problems
    assert len(problems) == 2
    assert problems[0].startswith("screen shot.png: file not found:")
    assert problems[1] == "never.txt: no file on this computer"
    assert list(out.iterdir()) == []


def test_attachment_vanishing_mid_export(draft: Handoff, out: Path) -> None:
    second = Path(draft.attachments[1].source or "")

    def delete_second(done: int, total: int) -> None:
        second.unlink(missing_ok=True)

    with pytest.raises(MissingAttachmentsError) as caught:
        export_package(draft, out, progress=delete_second)
    assert caught.value.problems[0].startswith("screen shot.png: file not found")
    assert list(out.iterdir()) == []


def test_missing_target_folder(draft: Handoff, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="No such file or directory"):
        export_package(draft, tmp_path / "nowhere" / "x.handoff.zip")


def test_package_is_readable_by_others_unlike_a_private_draft(
    example: Handoff, tmp_path: Path
) -> None:
    """The next technician (or a file share) must be able to read an exported package."""
    written = export_package(example, tmp_path).path
    expected = 0o644 if os.name == "posix" else stat.S_IMODE(written.stat().st_mode)
    assert stat.S_IMODE(written.stat().st_mode) == expected
