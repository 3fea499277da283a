"""Bad input on the command line: exactly one ``handoff: error:`` line, the documented
exit code, and nothing written outside (or half-written inside) the chosen folder.

The cases test_cli.py already covers (unreadable / newer drafts, not a zip, a tampered
file, a missing attachment) are not repeated here.  Tests run as root, so a read-only
folder or a locked file is simulated where the OS would refuse: ``PermissionError``
(EACCES) from the open or from the temp file of the atomic write.
"""

from __future__ import annotations

import errno
import io
import os
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from handoff import cli
from handoff.model import Attachment, Handoff
from handoff.package import export_package

Run = tuple[int, str, str]


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> Run:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def the_error(err: str) -> str:
    """The reason of the one and only stderr line, ``handoff: error: <reason>``."""
    lines = err.splitlines()
    assert len(lines) == 1, f"expected exactly one stderr line, got:\n{err}"
    assert err == lines[0] + "\n"
    assert lines[0].startswith("handoff: error: "), lines[0]
    return lines[0].removeprefix("handoff: error: ")


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def deny(path: Path) -> PermissionError:
    return PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))


def lock_file(monkeypatch: pytest.MonkeyPatch, locked: Path) -> None:
    """``locked`` opens with EACCES, as a file held open by another program on Windows."""
    real_path_open, real_open = Path.open, open

    def path_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == locked:
            raise deny(self)
        return real_path_open(self, *args, **kwargs)

    def builtin_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, (str, os.PathLike)) and Path(file) == locked:
            raise deny(locked)
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(Path, "open", path_open)
    monkeypatch.setattr("builtins.open", builtin_open)


def temp_files_in(
    monkeypatch: pytest.MonkeyPatch, folder: Path, *, refuse: bool = False
) -> set[int]:
    """Watch (or, ``refuse``: fail with EACCES) the atomic writer's temp files in ``folder``."""
    real_mkstemp = tempfile.mkstemp
    fds: set[int] = set()

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if Path(kwargs.get("dir") or ".") == folder:
            if refuse:
                raise deny(folder / f"{kwargs.get('prefix', '')}xxxx{kwargs.get('suffix', '')}")
            fd, name = real_mkstemp(*args, **kwargs)
            fds.add(fd)
            return fd, name
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr("handoff.atomic.tempfile.mkstemp", mkstemp)
    return fds


class _FullDisk(io.FileIO):
    """Takes 64 KiB, then fails with ENOSPC like a disk filling up."""

    room = 64 * 1024

    def write(self, data: Any) -> int:
        if self.tell() + len(memoryview(data)) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return super().write(data)


@pytest.fixture
def evidence(tmp_path: Path) -> Path:
    path = tmp_path / "src" / "PanGPS.log"
    path.parent.mkdir()
    path.write_bytes(b"09:14 Authentication failed: user not in allowed group\n" * 50)
    return path


@pytest.fixture
def draft_file(tmp_path: Path, example: Handoff, evidence: Path) -> Path:
    """The (lint-clean) worked example with one real attachment, as a draft file."""
    example.attachments = [Attachment(name=evidence.name, source=str(evidence))]
    path = tmp_path / "draft.json"
    path.write_text(example.to_json(), encoding="utf-8")
    return path


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def package(example: Handoff, evidence: Path, tmp_path: Path) -> Path:
    example.attachments = [Attachment(name=evidence.name, source=str(evidence))]
    folder = tmp_path / "received"
    folder.mkdir()
    return export_package(example, folder / "good.handoff.zip").path


def copy_without(source: Path, target: Path, drop: str) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            if info.filename != drop:
                new.writestr(info, old.read(info))
    return target


# -- export --------------------------------------------------------------------------


def test_export_with_a_locked_attachment_is_one_line_naming_it_exit_1(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    draft_file: Path,
    evidence: Path,
    out: Path,
) -> None:
    lock_file(monkeypatch, evidence)
    code, stdout, err = run(capsys, "export", draft_file, "-o", out)
    assert (code, stdout) == (1, "")
    assert the_error(err) == (
        "not exported: 1 attachment(s) missing or unreadable: "
        f"PanGPS.log: cannot be read: {evidence} (Permission denied)"
    )
    assert list(out.iterdir()) == []


def test_export_when_an_attachment_vanishes_after_the_check_is_one_line_exit_1(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    draft_file: Path,
    evidence: Path,
    out: Path,
) -> None:
    """Deleted between the CLI's own check and the export: the export's error, one line."""

    def export_after_the_file_is_gone(*args: Any, **kwargs: Any) -> Any:
        evidence.unlink()
        return export_package(*args, **kwargs)

    monkeypatch.setattr("handoff.cli.export_package", export_after_the_file_is_gone)
    code, stdout, err = run(capsys, "export", draft_file, "-o", out)
    assert (code, stdout) == (1, "")
    assert the_error(err) == (
        "not exported: 1 attachment(s) missing or unreadable: "
        f"PanGPS.log: file not found: {evidence}"
    )
    assert list(out.iterdir()) == []


def test_export_into_a_read_only_folder_exits_3_and_writes_nothing(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    draft_file: Path,
    out: Path,
    tmp_path: Path,
) -> None:
    before = files_under(tmp_path)
    temp_files_in(monkeypatch, out, refuse=True)
    code, stdout, err = run(capsys, "export", draft_file, "-o", out)
    assert (code, stdout) == (3, "")
    reason = the_error(err)
    assert reason.startswith(f"cannot write {out}{os.sep}T-20418-"), reason
    assert reason.endswith(": Permission denied"), reason
    assert list(out.iterdir()) == []
    assert files_under(tmp_path) == before


def test_export_on_a_full_disk_exits_3_and_leaves_no_half_package(
    capsys: pytest.CaptureFixture[str],
    *,
    monkeypatch: pytest.MonkeyPatch,
    draft_file: Path,
    evidence: Path,
    out: Path,
    tmp_path: Path,
) -> None:
    evidence.write_bytes(os.urandom(256 * 1024))  # more than the disk takes
    before = files_under(tmp_path)
    in_out = temp_files_in(monkeypatch, out)
    real_fdopen = os.fdopen

    def fdopen(fd: int, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if fd in in_out:
            return io.BufferedWriter(_FullDisk(fd, "wb"))
        return real_fdopen(fd, mode, *args, **kwargs)

    monkeypatch.setattr("handoff.atomic.os.fdopen", fdopen)
    target = out / "full.handoff.zip"
    code, stdout, err = run(capsys, "export", draft_file, "-o", target)
    assert (code, stdout) == (3, "")
    assert the_error(err) == (f"cannot write {target}: No space left on device")
    assert in_out, "the export never reached the disk"
    assert list(out.iterdir()) == []
    assert files_under(tmp_path) == before


# -- verify and show -------------------------------------------------------------------


def _bomb(zf: zipfile.ZipFile, _tmp: Path) -> str:
    zf.writestr("attachments/zeros.bin", bytes(8 * 1024 * 1024), zipfile.ZIP_DEFLATED)
    return "refused: entry 'attachments/zeros.bin' expands more than 200:1 (zip bomb?)"


def _absolute(zf: zipfile.ZipFile, tmp: Path) -> str:
    name = f"{tmp.as_posix()}/escaped-absolute.txt"
    zf.writestr(zipfile.ZipInfo(name), b"owned")
    return f"unsafe entry {name!r} in the package: absolute path"


def _dot_dot(zf: zipfile.ZipFile, _tmp: Path) -> str:
    name = "attachments/../../escaped-dotdot.txt"
    zf.writestr(zipfile.ZipInfo(name), b"owned")
    return f"unsafe entry {name!r} in the package: '..' in path"


HOSTILE: dict[str, Callable[[zipfile.ZipFile, Path], str]] = {
    "zip bomb": _bomb,
    "absolute path": _absolute,
    "dot-dot": _dot_dot,
}


@pytest.mark.parametrize("command", ["verify", "show"])
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_package_exits_2_with_one_line_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], package: Path, tmp_path: Path, command: str, case: str
) -> None:
    with zipfile.ZipFile(package, "a") as zf:
        reason = HOSTILE[case](zf, tmp_path)
    before = files_under(tmp_path.parent)
    code, stdout, err = run(capsys, command, package)
    assert (code, stdout) == (2, "")
    assert the_error(err) == f"{package}: {reason}"
    assert files_under(tmp_path.parent) == before
    assert not list(tmp_path.parent.rglob("escaped-*"))


def test_verify_names_a_file_missing_from_the_package_exit_1(
    capsys: pytest.CaptureFixture[str], package: Path
) -> None:
    crafted = copy_without(
        package, package.with_name("crafted.handoff.zip"), "attachments/PanGPS.log"
    )
    code, stdout, err = run(capsys, "verify", crafted)
    assert (code, stdout) == (1, "missing: attachments/PanGPS.log\n")
    assert the_error(err) == f"{crafted}: not intact: 1 problem(s)"
