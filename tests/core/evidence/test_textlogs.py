"""Reading text logs as they come: any encoding, binary refused, streamed, incident window."""

from __future__ import annotations

import codecs
import os
import threading
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from handoff.evidence import textlogs
from handoff.evidence.textlogs import (
    EmptyWindowError,
    LogCancelled,
    LogError,
    NotTextError,
    detect_encoding,
    extract_attachment,
    extract_window,
    iter_lines,
    sniff,
)
from handoff.evidence.timestamps import local_naive, parse_timestamp
from handoff.model import Attachment, AttachmentKind

TEXT = (
    "2026-11-23 09:14:02 Verbindung zu vpn.example.com \u2013 \u201cGateway\u201d ok\r\n"
    "second line\r\n"
)
MB = 1024 * 1024


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
        (TEXT.encode("cp1252"), "cp1252"),
        (b"caf\xe9 \x81 legacy\n", "latin-1"),
        (b"", "utf-8"),
    ],
    ids=[
        "utf8",
        "utf8-bom",
        "utf16le-bom",
        "utf16be-bom",
        "utf16le",
        "utf16be",
        "cp1252",
        "latin1",
        "empty",
    ],
)
def test_encoding_is_detected_and_the_text_reads_back(
    tmp_path: Path, data: bytes, expected: str
) -> None:
    assert detect_encoding(data) == expected
    path = write(tmp_path / "a.log", data)
    text = "".join(iter_lines(path))
    if expected in {"utf-8", "utf-8-sig", "cp1252"} or expected.startswith("utf-16"):
        assert text == (TEXT if data else "")
    else:
        assert text == "caf\xe9 \x81 legacy\n"


def test_utf8_cut_in_the_middle_of_a_character_by_the_sample_is_still_utf8() -> None:
    data = ("ä" * (textlogs.SNIFF_BYTES // 2)).encode("utf-8")[: textlogs.SNIFF_BYTES - 1]
    assert detect_encoding(data) == "utf-8"


def test_invalid_utf8_later_in_a_big_file_reads_with_replacement(tmp_path: Path) -> None:
    head = b"2026-11-23 09:14:02 ok\n" * 4000
    path = write(tmp_path / "mixed.log", head + b"bad \xff\xfe byte\n")
    assert sniff(path) == "utf-8"
    assert list(iter_lines(path))[-1] == "bad \ufffd\ufffd byte\n"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"PK\x03\x04" + os.urandom(200), "a zip archive"),
        (b"ElfFile\x00" + bytes(200), "a Windows event log (.evtx)"),
        (b"\x89PNG\r\n\x1a\n" + os.urandom(200), "a PNG image"),
        (bytes(range(256)) * 8, "binary data"),
        (b"text\x00\x00\x00\x00\x01\x02\x03\x04" * 100, "binary data"),
    ],
    ids=["zip", "evtx", "png", "all-bytes", "nul-padded"],
)
def test_binary_dropped_as_a_log_is_refused_with_what_it_is(
    tmp_path: Path, data: bytes, what: str
) -> None:
    path = write(tmp_path / "PanGPS.log", data)
    message = f"PanGPS.log is {what}, not a text log: attach it as a file"
    with pytest.raises(NotTextError, match=message.replace("(", r"\(").replace(")", r"\)")):
        list(iter_lines(path))


def test_utf16_is_not_mistaken_for_binary_by_its_nuls(tmp_path: Path) -> None:
    path = write(tmp_path / "u.log", ("plain ascii log line\n" * 200).encode("utf-16-le"))
    assert sniff(path) == "utf-16-le"


def test_locked_file_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "PanGPS.log", b"x\n")
    original = Path.open

    def locked(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self == path:
            error = PermissionError(13, "The process cannot access the file")
            error.winerror = 32  # type: ignore[attr-defined]
            raise error
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", locked)
    with pytest.raises(LogError) as caught:
        list(iter_lines(path))
    assert str(caught.value) == (
        "PanGPS.log: locked by another program (close the VPN client or try again)"
    )


def test_missing_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(LogError, match=r"^gone\.log: no longer exists$"):
        sniff(tmp_path / "gone.log")


def test_a_line_without_newline_is_streamed_in_pieces(tmp_path: Path) -> None:
    data = "x" * (3 * MB)
    path = write(tmp_path / "one-line.log", data.encode())
    pieces = list(iter_lines(path))
    assert max(len(p) for p in pieces) == textlogs.MAX_LINE_CHARS
    assert "".join(pieces) == data


# -- timestamps ------------------------------------------------------------------

STAMPED = [
    ("(P1234-T5678)Debug( 512): 11/23/26 09:14:02:113 Debug(  47): Connected", 113000),
    ("date=2026-11-23 time=09:14:02 logver=1 id=96567 type=event subtype=vpn", 0),
    ("2026-11-23 09:14:02 us=512345 TCP/UDP: Preserving recently used remote address", 0),
    ("2026-11-23 09:14:02.123: [TUN] [office] Handshake for peer 1 did not complete", 123000),
    ("2026-11-23T09:14:02 PanGPS started", 0),
    ("Nov 23 09:14:02 laptop nm-openvpn[812]: Initialization Sequence Completed", 0),
    ("Mon Nov 23 09:14:02 2026 OpenVPN 2.4.9 x86_64-w64-mingw32", 0),
]


@pytest.mark.parametrize(("line", "micro"), STAMPED, ids=lambda v: str(v)[:12])
def test_timestamp_formats_of_vpn_logs(line: str, micro: int) -> None:
    assert parse_timestamp(line, year=2026) == datetime(2026, 11, 23, 9, 14, 2, micro)


def test_zoned_iso_stamps_become_local_time() -> None:
    aware = datetime(2026, 11, 23, 9, 14, 2, tzinfo=UTC)
    assert parse_timestamp("2026-11-23T09:14:02Z boot") == local_naive(aware)
    offset = parse_timestamp("2026-11-23T10:14:02+01:00 x")
    assert offset == local_naive(aware)


@pytest.mark.parametrize(
    "line", ["    at stack.frame(Unknown)", "13/45/26 10:00:00 not a date", "", "port 2026-11"]
)
def test_lines_without_a_timestamp(line: str) -> None:
    assert parse_timestamp(line) is None


# -- the incident window ----------------------------------------------------------

LOG = (
    "header without time\n"
    "2026-11-23 09:10:00 connecting\n"
    "2026-11-23 09:14:00 TLS handshake started\r\n"
    "    continuation of 09:14\n"
    "2026-11-23 09:15:30.500 AUTH_FAILED\n"
    "traceback line\n"
    "2026-11-23 09:16:00 retry\n"
    "2026-11-23 09:20:00 gave up\n"
)
T = datetime(2026, 11, 23)


def at(hour: int, minute: int, second: int = 0) -> datetime:
    return T.replace(hour=hour, minute=minute, second=second)


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (at(9, 14), at(9, 16), LOG.splitlines(keepends=True)[2:7]),
        (at(9, 15), at(9, 15, 59), LOG.splitlines(keepends=True)[4:6]),
        (None, at(9, 10), LOG.splitlines(keepends=True)[0:2]),
        (at(9, 16), None, LOG.splitlines(keepends=True)[6:]),
        (None, None, LOG.splitlines(keepends=True)),
    ],
    ids=["inclusive", "seconds", "from-start", "to-end", "everything"],
)
def test_window_extraction_is_exact(
    tmp_path: Path, since: datetime | None, until: datetime | None, expected: list[str]
) -> None:
    source = write(tmp_path / "openvpn.log", LOG.encode())
    out = tmp_path / "draft"
    out.mkdir()
    extract = extract_window(source, out, since=since, until=until)
    assert extract.path.read_bytes() == "".join(expected).encode()
    assert extract.lines == len(expected)
    assert extract.size == extract.path.stat().st_size
    assert source.read_bytes() == LOG.encode()
    assert [p.name for p in out.iterdir()] == [extract.path.name]


def test_each_log_format_cuts_by_its_own_stamps(tmp_path: Path) -> None:
    for index, (line, _) in enumerate(STAMPED):
        later = line.replace("09:14:02", "09:44:02")
        earlier = line.replace("09:14:02", "08:44:02")
        source = write(tmp_path / f"f{index}.log", f"{earlier}\n{line}\n{later}\n".encode())
        extract = extract_window(source, tmp_path, since=at(9, 0), until=at(9, 30))
        assert extract.path.read_text(encoding="utf-8") == f"{line}\n", line


def test_extract_name_and_utf16_source_become_a_utf8_extract(tmp_path: Path) -> None:
    source = write(tmp_path / "PanGPS.log", codecs.BOM_UTF16_LE + LOG.encode("utf-16-le"))
    first = extract_window(source, tmp_path, since=at(9, 14), until=at(9, 30))
    second = extract_window(source, tmp_path, since=at(9, 14), until=at(9, 30))
    assert first.path.name == "PanGPS-window-20261123T0914-20261123T0930.log"
    assert second.path.name == "PanGPS-window-20261123T0914-20261123T0930-2.log"
    assert first.path.read_text(encoding="utf-8").startswith("2026-11-23 09:14:00 TLS")


def test_aware_window_bounds_are_compared_as_local_time(tmp_path: Path) -> None:
    source = write(tmp_path / "a.log", LOG.encode())
    since = at(9, 14).astimezone(UTC)  # the same instant, written in UTC
    extract = extract_window(source, tmp_path, since=since, until=None)
    assert extract.lines == 6


def test_an_empty_window_says_what_times_the_log_has_and_writes_nothing(tmp_path: Path) -> None:
    source = write(tmp_path / "a.log", LOG.encode())
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(EmptyWindowError) as caught:
        extract_window(source, out, since=at(11, 0), until=at(12, 0))
    assert str(caught.value) == (
        "No lines of a.log fall from 2026-11-23 11:00:00 to 2026-11-23 12:00:00; "
        "its timestamps run from 2026-11-23 09:10:00 to 2026-11-23 09:20:00"
    )
    assert list(out.iterdir()) == []


def test_a_log_without_timestamps_cannot_be_cut(tmp_path: Path) -> None:
    source = write(tmp_path / "plain.log", b"just text\nmore\n")
    with pytest.raises(EmptyWindowError, match=r"No timestamps recognised in plain\.log"):
        extract_window(source, tmp_path, since=at(9, 0), until=None)


def big_log(path: Path, size: int) -> tuple[Path, int]:
    """A log of ``size`` bytes: one ~500-byte line per second from 00:00."""
    padding = "x" * 470
    start = datetime(2026, 11, 23)
    lines = 0
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        written = 0
        while written < size:
            chunk = "".join(
                f"{start + timedelta(seconds=lines + i):%Y-%m-%d %H:%M:%S} {padding}\n"
                for i in range(2000)
            )
            handle.write(chunk)
            written += len(chunk)
            lines += 2000
    return path, lines


def test_a_50_mb_log_is_streamed_with_flat_memory_and_cut_exactly(tmp_path: Path) -> None:
    source, _ = big_log(tmp_path / "big.log", 50 * MB)
    reports: list[tuple[int, int]] = []
    tracemalloc.start()
    try:
        extract = extract_window(
            source,
            tmp_path,
            since=datetime(2026, 11, 23, 10, 0),
            until=datetime(2026, 11, 23, 10, 9, 59),
            progress=lambda done, total: reports.append((done, total)),
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * MB, f"peak {peak / MB:.1f} MiB"
    assert extract.lines == 600
    text = extract.path.read_text(encoding="utf-8").splitlines()
    assert (text[0][:19], text[-1][:19]) == ("2026-11-23 10:00:00", "2026-11-23 10:09:59")
    dones = [done for done, _ in reports]
    assert dones == sorted(dones)
    assert reports[-1] == (source.stat().st_size, source.stat().st_size)


def test_cancel_stops_the_extract_and_leaves_no_file(tmp_path: Path) -> None:
    source, _ = big_log(tmp_path / "big.log", 4 * MB)
    out = tmp_path / "out"
    out.mkdir()
    cancel = threading.Event()
    started = time.monotonic()
    with pytest.raises(LogCancelled):
        extract_window(
            source, out, since=None, until=None, cancel=cancel,
            progress=lambda done, total: cancel.set(),
        )  # fmt: skip
    assert time.monotonic() - started < 5
    assert list(out.iterdir()) == []


def test_extract_attachment_derives_from_the_original(tmp_path: Path) -> None:
    source = write(tmp_path / "PanGPS.log", LOG.encode())
    original = Attachment(name="PanGPS.log", source=str(source), kind=AttachmentKind.VPN_LOG)
    extract = extract_window(source, tmp_path, since=at(9, 14), until=at(9, 16))
    attachment = extract_attachment(extract, original)
    assert attachment.kind is AttachmentKind.LOG_EXTRACT
    assert attachment.derived_from == original.id
    assert attachment.source == str(extract.path)
    assert attachment.size == extract.size
    assert attachment.note == (
        "Incident window: 5 lines of PanGPS.log, from 2026-11-23 09:14:00 to 2026-11-23 09:16:00"
    )
    assert original.source == str(source)
