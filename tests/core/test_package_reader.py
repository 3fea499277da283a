"""Opening a package treats it as hostile: every bad shape is refused or reported."""

from __future__ import annotations

import json
import stat
import threading
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from handoff import paths
from handoff.model import Attachment, Handoff
from handoff.package import (
    IntegrityProblem,
    OpenCancelled,
    PackageError,
    continue_handoff,
    export_package,
    extract_attachment,
    open_package,
    reader,
    verify_package,
)

LOG = "".join(
    f"2026-05-09 09:14:{n % 60:02d} PanGPS auth failed for mlopez #{n}\n" for n in range(3000)
)


@pytest.fixture
def draft(example: Handoff, tmp_path: Path) -> Handoff:
    src = tmp_path / "src"
    src.mkdir()
    (src / "PanGPS.log").write_text(LOG)
    Image.effect_noise((320, 200), 50).convert("RGB").save(src / "shot.png")
    example.attachments = [
        Attachment(name="PanGPS.log", source=str(src / "PanGPS.log"), note="client log"),
        Attachment(name="../../shot.png", source=str(src / "shot.png")),  # hostile display name
    ]
    return example


@pytest.fixture
def package(draft: Handoff, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    return export_package(draft, out).path


def rewrite(
    src: Path,
    *,
    drop: tuple[str, ...] = (),
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
) -> Path:
    """A copy of the package with entries dropped, replaced or added (CRCs stay valid)."""
    dst = src.with_name("crafted.zip")
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(dst, "w") as new:
        for info in old.infolist():
            if info.filename not in drop:
                new.writestr(info, (replace or {}).get(info.filename, old.read(info)))
        for name, data in (add or {}).items():
            new.writestr(zipfile.ZipInfo(name), data)
    return dst


def manifest_of(path: Path) -> dict[str, object]:
    with zipfile.ZipFile(path) as zf:
        data: dict[str, object] = json.loads(zf.read("manifest.json"))
    return data


def test_clean_package_opens_and_verifies(package: Path) -> None:
    seen: list[tuple[int, int]] = []
    opened = open_package(package, progress=lambda done, total: seen.append((done, total)))
    assert opened.ok and opened.problems == []
    assert opened.handoff.ticket.id == "T-20418"
    assert [a.path for a in opened.handoff.attachments] == [
        "attachments/PanGPS.log",
        "attachments/_.._shot.png",
    ]
    assert seen[-1][0] == seen[-1][1] > len(LOG)
    assert verify_package(package) == []


def test_tampered_content_is_reported(package: Path) -> None:
    crafted = rewrite(
        package, replace={"attachments/PanGPS.log": LOG.replace("#7\n", "#8\n").encode()}
    )
    assert verify_package(crafted) == [IntegrityProblem("attachments/PanGPS.log", "tampered")]


def test_flipped_byte_in_the_zip_is_reported(package: Path) -> None:
    data = bytearray(package.read_bytes())
    with zipfile.ZipFile(package) as zf:
        info = zf.getinfo("attachments/_.._shot.png")  # stored: raw bytes are file bytes
    data[info.header_offset + 30 + len(info.filename) + len(info.extra) + 100] ^= 0xFF
    package.write_bytes(bytes(data))
    assert verify_package(package) == [IntegrityProblem("attachments/_.._shot.png", "tampered")]


def test_missing_file_is_reported(package: Path) -> None:
    crafted = rewrite(package, drop=("handoff.md",))
    assert verify_package(crafted) == [IntegrityProblem("handoff.md", "missing")]


def test_extra_file_is_reported(package: Path) -> None:
    crafted = rewrite(package, add={"attachments/invoice.exe": b"MZ..."})
    assert verify_package(crafted) == [IntegrityProblem("attachments/invoice.exe", "extra")]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("/etc/cron.d/evil", "absolute path"),
        ("attachments/../../../home/evil.sh", "'..' in path"),
        ("../evil.sh", "'..' in path"),
        ("C:/Windows/evil.dll", "drive letter"),
        ("attachments\\..\\evil.bat", "backslash"),
    ],
)
def test_unsafe_entry_names_are_refused(package: Path, name: str, reason: str) -> None:
    crafted = rewrite(package, add={name: b"x"})
    with pytest.raises(PackageError, match=reason) as caught:
        open_package(crafted)
    assert repr(name) in str(caught.value)


def test_symlink_entry_is_refused(package: Path) -> None:
    crafted = rewrite(package)
    with zipfile.ZipFile(crafted, "a") as zf:
        link = zipfile.ZipInfo("attachments/link")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    with pytest.raises(PackageError, match="symbolic link"):
        open_package(crafted)


def test_highly_compressible_entry_is_refused(package: Path) -> None:
    crafted = rewrite(package)
    with zipfile.ZipFile(crafted, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("attachments/zeros.bin", bytes(8 * 1024 * 1024))
    with pytest.raises(PackageError, match="zip bomb"):
        open_package(crafted)


def test_too_many_entries_are_refused(package: Path) -> None:
    crafted = rewrite(package)
    with zipfile.ZipFile(crafted, "a") as zf:
        for number in range(reader.MAX_ENTRIES):
            zf.writestr(f"attachments/{number}", b"")
    with pytest.raises(PackageError, match="entries"):
        open_package(crafted)


def test_huge_declared_total_is_refused(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_TOTAL_SIZE", 1000)
    with pytest.raises(PackageError, match="zip bomb"):
        open_package(package)


def test_not_a_zip(tmp_path: Path) -> None:
    fake = tmp_path / "fake.handoff.zip"
    fake.write_text("this is a text file, not a package")
    with pytest.raises(PackageError, match=r"^not a handoff package: not a zip file$"):
        open_package(fake)


def test_truncated_zip(package: Path) -> None:
    data = package.read_bytes()
    package.write_bytes(data[: len(data) // 2])
    with pytest.raises(PackageError, match=r"^not a handoff package: not a zip file$"):
        open_package(package)


def test_missing_package_file(tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="file not found"):
        open_package(tmp_path / "gone.zip")


def test_manifest_missing(package: Path) -> None:
    with pytest.raises(PackageError, match=r"no manifest\.json"):
        open_package(rewrite(package, drop=("manifest.json",)))


def test_manifest_invalid_json(package: Path) -> None:
    crafted = rewrite(package, replace={"manifest.json": b'{"schema_version": 1, '})
    with pytest.raises(PackageError, match=r"manifest\.json: not valid JSON"):
        open_package(crafted)


def test_manifest_invalid_handoff(package: Path) -> None:
    manifest = manifest_of(package)
    manifest["package"] = {"files": "nope"}
    crafted = rewrite(package, replace={"manifest.json": json.dumps(manifest).encode()})
    with pytest.raises(PackageError, match="invalid package section"):
        open_package(crafted)


def test_manifest_newer_schema(package: Path) -> None:
    manifest = manifest_of(package)
    manifest["schema_version"] = 99
    crafted = rewrite(package, replace={"manifest.json": json.dumps(manifest).encode()})
    with pytest.raises(PackageError, match="newer version of Handoff"):
        open_package(crafted)


def test_manifest_too_big(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_MANIFEST_SIZE", 100)
    with pytest.raises(PackageError, match="too big"):
        open_package(package)


def test_cancel_while_opening(package: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(OpenCancelled):
        open_package(package, cancel=cancel)


def _comparable(h: Handoff) -> dict[str, object]:
    """The fields a round trip must keep: all but identity, author, history and times."""
    return h.model_dump(exclude={"id", "author", "history", "created_at", "updated_at"})


def test_round_trip_keeps_every_field(draft: Handoff, package: Path, tmp_path: Path) -> None:
    first = open_package(package)
    continued = continue_handoff(first, by="Sam Next", files_dir=tmp_path / "files")
    again = export_package(continued, tmp_path / "out")
    second = open_package(again.path)
    assert second.ok

    one, two = first.handoff, second.handoff
    assert _comparable(two) == _comparable(one)
    assert two.id != one.id and two.author == "Sam Next"
    assert two.history == [*one.history, continued.history[-1]]
    entry = continued.history[-1]
    assert (entry.by, entry.handoff_id, entry.package) == (draft.author, draft.id, package.name)
    assert entry.at == first.manifest.package.created_at
    # The continued draft equals the package apart from identity and where files live.
    expected = _comparable(one)
    for attachment in expected["attachments"]:  # type: ignore[attr-defined]
        attachment["source"] = attachment["path"] = None
    actual = _comparable(continued)
    for attachment in actual["attachments"]:  # type: ignore[attr-defined]
        assert Path(attachment["source"]).parent == tmp_path / "files"
        attachment["source"] = None
    assert actual == expected
    assert Path(continued.attachments[0].source or "").read_text() == LOG


def test_continue_defaults_to_the_drafts_file_folder(package: Path, data_dir: Path) -> None:
    continued = continue_handoff(open_package(package), by="Sam")
    folder = paths.draft_files_dir(continued.id)
    assert folder.is_relative_to(data_dir)
    assert sorted(p.name for p in folder.iterdir()) == ["PanGPS.log", "_.._shot.png"]


def test_continue_skips_tampered_attachments(package: Path, tmp_path: Path) -> None:
    crafted = rewrite(package, replace={"attachments/PanGPS.log": b"evil"})
    continued = continue_handoff(open_package(crafted), by="Sam", files_dir=tmp_path / "f")
    assert continued.attachments[0].source is None
    assert continued.attachments[1].source is not None
    assert [p.name for p in (tmp_path / "f").iterdir()] == ["_.._shot.png"]


def test_extract_attachment_never_overwrites(package: Path, tmp_path: Path) -> None:
    opened = open_package(package)
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "PanGPS.log").write_text("mine")
    log_id = opened.handoff.attachments[0].id
    path = extract_attachment(opened, log_id, dest)
    assert path == dest / "PanGPS (2).log"
    assert path.read_text() == LOG and (dest / "PanGPS.log").read_text() == "mine"
    shot = extract_attachment(opened, opened.handoff.attachments[1].id, dest)
    assert shot.parent == dest  # the "../../" display name cannot escape


def test_extract_refuses_content_changed_since_opening(package: Path, tmp_path: Path) -> None:
    opened = open_package(package)
    rewrite(package, replace={"attachments/PanGPS.log": b"swapped"}).replace(package)
    with pytest.raises(PackageError, match="checksum"):
        extract_attachment(opened, opened.handoff.attachments[0].id, tmp_path)
    assert not (tmp_path / "PanGPS.log").exists()
    with pytest.raises(PackageError, match="no attachment"):
        extract_attachment(opened, "nope", tmp_path)
