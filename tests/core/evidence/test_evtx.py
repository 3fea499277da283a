"""Event Viewer logs: exact summaries of generated files, windows, damage, bad input, memory.

Every .evtx here comes from ``tests/helpers/evtx_writer.py``; the expected
numbers are computed from the events we wrote, never from the parser.
"""

from __future__ import annotations

import csv
import json
import random
import threading
import tracemalloc
from collections import Counter, deque
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from handoff.evidence import evtx as evtx_module
from handoff.evidence.evtx import (
    DEFAULT_LEVELS,
    EvtxCancelled,
    EvtxError,
    LogEvent,
    attachment_kind,
    decode_event,
    is_evtx,
    normal_level,
    parse_levels,
    scan_evtx,
)
from handoff.evidence.evtx_report import (
    extract_attachments,
    log_attachment,
    summary_dict,
    summary_text,
    write_extract,
)
from handoff.model import AttachmentKind
from tests.helpers import evtx_damage as damage
from tests.helpers import evtx_writer as w

EVENTS = w.sample_events(400)
ALL_LEVELS = frozenset({1, 2, 3, 4, 5})


def one_line(error: BaseException) -> str:
    text = str(error)
    assert text and "\n" not in text and "Traceback" not in text
    return text


@pytest.fixture(scope="module")
def clean_bytes() -> bytes:
    return w.build_evtx(EVENTS)


@pytest.fixture
def clean(tmp_path: Path, clean_bytes: bytes) -> Path:
    path = tmp_path / "System.evtx"
    path.write_bytes(clean_bytes)
    return path


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# -- the writer itself ------------------------------------------------------------------


def test_generated_file_is_read_whole_by_evtx_and_by_python_evtx(
    tmp_path: Path, clean: Path, clean_bytes: bytes
) -> None:
    import evtx
    from Evtx.Evtx import Evtx as PythonEvtx

    assert len(damage.chunk_record_counts(clean_bytes)) == 2  # the records span two chunks
    records = list(evtx.PyEvtxParser(str(clean), skip_errors=False).records_json())
    assert [r["event_record_id"] for r in records] == list(range(1, 401))
    small = write(tmp_path, "small.evtx", w.build_evtx(EVENTS[:40]))  # python-evtx is slow
    with PythonEvtx(str(small)) as log:
        xml = [record.xml() for record in log.records()]
    assert len(xml) == 40
    assert '<Provider Name="RasClient">' in xml[0] and "<EventID>20227</EventID>" in xml[0]


# -- a clean file: every number exact ---------------------------------------------------


def test_clean_summary_matches_what_was_written(clean: Path) -> None:
    summary = scan_evtx(clean, levels=ALL_LEVELS, cap=1000)
    names = {1: "Critical", 2: "Error", 3: "Warning", 4: "Information", 5: "Verbose"}
    by_level = Counter(names[e.level] for e in EVENTS)
    providers = Counter(e.provider for e in EVENTS)
    ids = Counter((e.provider, e.event_id) for e in EVENTS)
    assert (summary.records, summary.skipped, summary.problems) == (400, 0, [])
    assert summary.size == clean.stat().st_size
    assert (summary.first, summary.last) == (EVENTS[0].time, EVENTS[-1].time)
    assert summary.by_level == {name: by_level[name] for name in names.values()}
    assert dict(summary.top_providers) == dict(providers.most_common(10))
    assert [(c.provider, c.event_id, c.count) for c in summary.top_event_ids] == [
        (p, i, n) for (p, i), n in ids.most_common(10)
    ]
    assert [e.record_id for e in summary.events] == list(range(1, 401))
    first = summary.events[0]
    assert (first.provider, first.event_id, first.level_name, first.channel) == (
        "RasClient", 20227, "Error", "Application",
    )  # fmt: skip
    assert first.data == EVENTS[0].data


def test_window_and_level_filter(clean: Path) -> None:
    since, until = EVENTS[100].time, EVENTS[199].time  # both ends inclusive
    summary = scan_evtx(clean, since=since, until=until, levels=frozenset({2}))
    expected = [i + 1 for i, e in enumerate(EVENTS) if e.level == 2 and since <= e.time <= until]
    assert [e.record_id for e in summary.events] == expected
    assert summary.matched == len(expected) and not summary.capped
    assert summary.records == 400  # the counts still cover the whole file
    default = scan_evtx(clean, since=since)
    assert default.matched == sum(
        1 for e in EVENTS if e.level in DEFAULT_LEVELS and e.time >= since
    )


def test_cap_keeps_the_latest_events_and_says_so(clean: Path) -> None:
    summary = scan_evtx(clean, cap=5)
    matching = [i + 1 for i, e in enumerate(EVENTS) if e.level in DEFAULT_LEVELS]
    assert summary.capped and summary.matched == len(matching)
    assert [e.record_id for e in summary.events] == matching[-5:]
    assert "kept the latest 5" in summary_text(summary)


def test_progress_reaches_the_total_and_cancel_stops(tmp_path: Path) -> None:
    path = w.write_evtx(tmp_path / "big.evtx", w.iter_bulk_events(5000))
    calls: list[tuple[int, int]] = []
    scan_evtx(path, progress=lambda done, total: calls.append((done, total)))
    assert len(calls) >= 2 and calls[-1] == (5000, 5000)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    cancel = threading.Event()
    with pytest.raises(EvtxCancelled):
        scan_evtx(path, progress=lambda done, total: cancel.set(), cancel=cancel)


# -- damaged files: never an exception, what could be read is kept -----------------------


def test_a_broken_record_is_skipped_and_counted(tmp_path: Path, clean_bytes: bytes) -> None:
    path = write(tmp_path, "flip.evtx", damage.break_record(clean_bytes, 0, 10))
    summary = scan_evtx(path, levels=ALL_LEVELS, cap=1000)
    ids = [e.record_id for e in summary.events]
    assert summary.records == 399 and summary.skipped == 1
    assert ids[:10] == list(range(1, 11)) and 11 not in ids and ids[-1] == 400
    assert "record" in summary.problems[0] and "\n" not in summary.problems[0]


def test_a_file_cut_mid_chunk_keeps_the_chunks_before(tmp_path: Path, clean_bytes: bytes) -> None:
    first_chunk = damage.chunk_record_counts(clean_bytes)[0]
    path = write(tmp_path, "cut.evtx", damage.truncate_mid_chunk(clean_bytes, 1))
    summary = scan_evtx(path, levels=ALL_LEVELS, cap=1000)
    assert summary.records == first_chunk and summary.skipped >= 1
    assert [e.record_id for e in summary.events] == list(range(1, first_chunk + 1))
    assert "cut short" in summary.problems[0]


def test_a_zeroed_chunk_header_loses_only_that_chunk(tmp_path: Path, clean_bytes: bytes) -> None:
    counts = damage.chunk_record_counts(clean_bytes)
    summary = scan_evtx(write(tmp_path, "z1.evtx", damage.zero_chunk_header(clean_bytes, 1)))
    assert (summary.records, summary.skipped) == (counts[0], 1)
    summary = scan_evtx(write(tmp_path, "z0.evtx", damage.zero_chunk_header(clean_bytes, 0)))
    assert (summary.records, summary.skipped) == (counts[1], 1)
    assert "chunk" in summary.problems[0]


def test_a_header_without_chunks_is_an_empty_log(tmp_path: Path, clean_bytes: bytes) -> None:
    summary = scan_evtx(write(tmp_path, "header.evtx", clean_bytes[: w.FILE_HEADER_SIZE]))
    assert summary.records == 0 and summary.first is None and summary.skipped == 1


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "is empty"),
        (damage.wrong_magic(w.build_evtx(EVENTS[:3])), "EVTX signature"),
        (bytes(range(256)) * 40, "EVTX signature"),
        (b"Date,Source,Event ID\r\n2026-11-27,RasClient,20227\r\n", "it is text"),
        (b"PK\x03\x04" + bytes(100), "zip archive"),
        (b"\x30\x00\x00\x00LfLe" + bytes(100), ".evt"),
    ],
    ids=["empty", "wrong-magic", "junk", "csv-export", "zip", "xp-evt"],
)
def test_not_an_evtx_is_one_clear_line(tmp_path: Path, data: bytes, fragment: str) -> None:
    with pytest.raises(EvtxError) as info:
        scan_evtx(write(tmp_path, "Security.evtx", data))
    text = one_line(info.value)
    assert text.startswith("not an Event Viewer log (.evtx): ") and fragment in text


def test_short_header_locked_and_vanished_files(
    tmp_path: Path, clean_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(EvtxError, match="cut short"):
        scan_evtx(write(tmp_path, "short.evtx", clean_bytes[:300]))
    with pytest.raises(EvtxError, match="not found") as info:
        scan_evtx(tmp_path / "gone.evtx")
    one_line(info.value)
    locked = write(tmp_path, "locked.evtx", clean_bytes)
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self == locked:
            raise PermissionError(13, "The process cannot access the file", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(EvtxError, match="another program") as info:
        scan_evtx(locked)
    one_line(info.value)


def test_file_kinds(tmp_path: Path, clean: Path) -> None:
    text = write(tmp_path, "notes.evtx", b"hello")
    assert is_evtx(clean) and not is_evtx(text) and not is_evtx(tmp_path / "none")
    assert attachment_kind(clean) is AttachmentKind.EVENT_LOG
    assert attachment_kind(text) is AttachmentKind.FILE
    renamed = write(tmp_path, "System.bin", clean.read_bytes())
    assert attachment_kind(renamed) is AttachmentKind.FILE  # judged by name and content


# -- decoding the shapes real logs have ---------------------------------------------------


def test_decode_event_handles_qualifiers_userdata_and_unnamed_data() -> None:
    record = {
        "Event": {
            "System": {
                "Provider": {"#attributes": {"Name": "Service Control Manager",
                                             "EventSourceName": "Service Control Manager"}},
                "EventID": {"#attributes": {"Qualifiers": 16384}, "#text": 7036},
                "TimeCreated": {"#attributes": {"SystemTime": "2026-11-27T09:14:02.123456Z"}},
                "Channel": "System",
            },
            "EventData": {"Data": ["Print Spooler", "stopped"]},
            "UserData": {"EventXML": {"Param1": "x"}},
        }
    }  # fmt: skip
    event = decode_event(json.dumps(record), 7)
    assert event is not None
    assert (event.provider, event.event_id, event.level_name, event.record_id) == (
        "Service Control Manager", 7036, "Information", 7,
    )  # fmt: skip
    assert event.time == datetime(2026, 11, 27, 9, 14, 2, 123456, tzinfo=UTC)
    assert event.data == (("", "Print Spooler"), ("", "stopped"), ("Param1", "x"))
    assert event.details == "Print Spooler; stopped; Param1=x"
    assert decode_event("not json") is None and decode_event('{"Event": {}}') is None


def test_records_in_an_unusual_layout_are_still_counted() -> None:
    scan = evtx_module._Scan(DEFAULT_LEVELS, "", "~", deque(maxlen=10), None)
    no_time = {"Event": {"System": {"Provider": {"#attributes": {"Name": "X"}}, "Level": 2}}}
    scan.feed([{"data": json.dumps(no_time), "event_record_id": 1}])
    assert scan.records == 1 and scan.matched == 1
    assert next(iter(scan.table.values()))[:4] == ["X", 0, 2, 1]


# -- the batch path counts exactly what the record-by-record path counts ------------------

_NS = {"xmlns": "http://schemas.microsoft.com/win/2004/08/events/event"}
_ODD_LAYOUTS = ("no-xmlns", "no-time", "time-first", "data-named-time", "no-zone",
                "long-provider", "no-system", "no-xmlns-data-named-time")  # fmt: skip


def parser_json(layout: str, row: tuple[str, int, int], stamp: str, rid: int) -> str:
    """One record (``row``: provider, event id, level) as ``evtx`` renders it (compact
    JSON), in the usual layout or an odd one."""
    provider, event_id, level = row
    time = {"#attributes": {"SystemTime": stamp if layout == "no-zone" else stamp + "Z"}}
    name = provider * 300 if layout == "long-provider" else provider
    system: dict[str, object] = {
        "Provider": {"#attributes": {"Name": name}}, "EventID": event_id, "Level": level,
        "TimeCreated": time, "EventRecordID": rid,
    }  # fmt: skip
    if layout == "no-time":
        del system["TimeCreated"]
    if layout == "time-first":  # "TimeCreated" within the first 40 characters
        system = {"TimeCreated": time, **{k: v for k, v in system.items() if k != "TimeCreated"}}
    event: dict[str, object] = {"System": system, "EventData": {"Reason": "x"}}
    if layout not in ("no-xmlns", "time-first", "no-xmlns-data-named-time"):
        event = {"#attributes": _NS, **event}
    if layout.endswith("data-named-time"):  # a second "TimeCreated", at another time
        other = {"#attributes": {"SystemTime": "1999-12-31T23:59:59.000000Z"}}
        event["EventData"] = {"TimeCreated": other, "Reason": "x"}
    if layout == "no-system":
        event = {"#attributes": _NS, "EventData": {"TimeCreated": time}}
    return json.dumps({"Event": event}, separators=(",", ":"))


def scan_state(scan: evtx_module._Scan) -> tuple[object, ...]:
    counts: Counter[tuple[str, int, int]] = Counter()
    for provider, event_id, level, count, _ in scan.table.values():
        counts[provider, event_id, level] += count
    return (+counts, scan.records, scan.matched, list(scan.kept), scan.lowest, scan.highest)


@settings(max_examples=150, deadline=None)
@given(
    count=st.integers(0, 600),
    rng=st.randoms(use_true_random=False),
    odd=st.sampled_from([0.0, 0.0, 0.002, 0.02, 0.3]),
    size=st.integers(1, 300),
    window=st.tuples(st.integers(0, 400), st.integers(0, 400)),
    levels=st.sets(st.integers(1, 5), min_size=1),
)
def test_batches_count_exactly_like_record_by_record(
    *, count: int, rng: random.Random, odd: float, size: int, window: tuple[int, int],
    levels: set[int],
) -> None:  # fmt: skip
    """Random logs (times out of order, levels 0-6, records in odd layouts at ``odd``
    rate), cut into batches of ``size``, with a random window and levels."""
    layouts = [rng.choice(_ODD_LAYOUTS) if rng.random() < odd else "usual" for _ in range(count)]
    rows = [
        (rng.choice(["A", "RasClient", "Microsoft-Windows-Kernel-Power", "NETLOGON"]),
         rng.choice([41, 129, 5719, 20227]), rng.randint(0, 6))
        for _ in range(count)
    ]  # fmt: skip
    start = datetime(2026, 1, 1, tzinfo=UTC)
    stamps = [f"{start + timedelta(seconds=rng.randint(0, 400)):%Y-%m-%dT%H:%M:%S.%f}"
              for _ in range(count)]  # fmt: skip
    records = [
        {"data": parser_json(layout, row, stamp, rid), "event_record_id": rid}
        for rid, (layout, row, stamp) in enumerate(zip(layouts, rows, stamps, strict=True), 1)
    ]
    since = start + timedelta(seconds=window[0])
    bounds = (f"{since:%Y-%m-%dT%H:%M:%S.%f}",
              f"{since + timedelta(seconds=window[1]):%Y-%m-%dT%H:%M:%S.%f}")  # fmt: skip
    batched, single = (
        evtx_module._Scan(frozenset(levels), *bounds, deque(maxlen=50), None) for _ in range(2)
    )
    for at in range(0, count, size):
        batched.feed(records[at : at + size])
        single.feed_each(records[at : at + size])
    assert scan_state(batched) == scan_state(single)
    if set(layouts) <= {"usual"}:  # also against what was written
        assert scan_state(batched)[0] == Counter((p, i, normal_level(lvl)) for p, i, lvl in rows)
        matched = [rid for rid, ((_, _, lvl), stamp) in enumerate(zip(rows, stamps, strict=True), 1)
                   if normal_level(lvl) in levels and bounds[0] <= stamp <= bounds[1]]  # fmt: skip
        assert batched.matched == len(matched)
        assert [rid for _, rid in batched.kept] == matched[-50:]
        if stamps:
            assert (batched.lowest, batched.highest) == (min(stamps), max(stamps))


def test_a_shorter_key_with_a_later_time_created_is_not_cut_at_the_later_one() -> None:
    """The batch search starts at the shortest key seen: a record whose own key is
    shorter and which names ``TimeCreated`` again in its data must not be keyed there."""
    stamp = "2026-01-01T00:00:00.000000"
    row = ("RasClient", 20227, 2)
    usual = [
        {"data": parser_json("usual", row, stamp, i), "event_record_id": i} for i in range(1, 11)
    ]
    odd = parser_json("no-xmlns-data-named-time", ("A", 41, 1), stamp, 11)
    scans = [evtx_module._Scan(ALL_LEVELS, "", "~", deque(maxlen=50), None) for _ in range(2)]
    for scan, feed in zip(scans, ("feed", "feed_each"), strict=True):
        getattr(scan, feed)(usual)
        getattr(scan, feed)([*usual, {"data": odd, "event_record_id": 11}])
    assert scan_state(scans[0]) == scan_state(scans[1])
    assert scans[0].lowest == stamp and scans[0].records == 21


def test_batches_take_the_fast_path_and_learn_new_shorter_keys(tmp_path: Path) -> None:
    """After the first batch every batch is counted in C; a provider with a shorter key
    appearing late (the search starts at the shortest key seen) is still counted exactly."""
    late = [w.Event("A", 1, 2, datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=4000 + i))
            for i in range(300)]  # fmt: skip
    events = [*w.iter_bulk_events(4000), *late]
    path = w.write_evtx(tmp_path / "late.evtx", events)
    slow: list[int] = []
    real = evtx_module._Scan.feed_each

    def spy(self: evtx_module._Scan, batch: list[dict[str, object]]) -> None:
        slow.append(len(batch))
        real(self, batch)

    since = events[3900].time
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(evtx_module._Scan, "feed_each", spy)
        summary = scan_evtx(path, since=since, until=events[4100].time, cap=10_000)
    assert 1 <= len(slow) <= 3, slow  # the first batch, and the one where "A" first appears
    assert summary.records == len(events)
    assert dict(summary.top_providers)["A"] == 300
    expected = [i + 1 for i, e in enumerate(events)
                if e.level in DEFAULT_LEVELS and since <= e.time <= events[4100].time]  # fmt: skip
    assert [e.record_id for e in summary.events] == expected
    assert (summary.first, summary.last) == (events[0].time, events[-1].time)


def test_quote_is_one_line_in_the_given_zone() -> None:
    event = LogEvent(
        datetime(2026, 11, 27, 9, 14, 2, tzinfo=UTC), 2, "RasClient", 20227,
        data=(("RasEntryName", "Contoso VPN"), ("ErrorCode", "691")),
    )  # fmt: skip
    assert event.quote(UTC) == (
        "2026-11-27 09:14:02 Error RasClient 20227: RasEntryName=Contoso VPN; ErrorCode=691"
    )
    tokyo = timezone(timedelta(hours=9))
    assert event.quote(tokyo).startswith("2026-11-27 18:14:02 Error")


def test_parse_levels() -> None:
    assert parse_levels("error,warning") == {2, 3}
    assert parse_levels("Critical, info ,5") == {1, 4, 5}
    assert parse_levels("all") == {1, 2, 3, 4, 5} and parse_levels("0") == {4}
    for bad in ("", "loud", "error,7"):
        with pytest.raises(ValueError, match="level"):
            parse_levels(bad)


# -- the extract ---------------------------------------------------------------------------


def test_extract_csv_and_text_summary_are_readable(tmp_path: Path, clean: Path) -> None:
    since = EVENTS[300].time
    extract = write_extract(clean, tmp_path / "out", since=since)
    expected = [e for e in EVENTS if e.level in DEFAULT_LEVELS and e.time >= since]
    with extract.events_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(expected) == extract.summary.matched
    assert rows[0]["provider"] == expected[0].provider
    assert rows[0]["time_utc"] == expected[0].time.strftime("%Y-%m-%dT%H:%M:%SZ")
    text = extract.summary_path.read_text(encoding="utf-8")
    assert "400 events" in text and f"{len(rows)} event(s)" in text
    assert extract.events_path.name in text
    again = write_extract(clean, tmp_path / "out", since=since, fmt="jsonl")
    assert again.events_path.name == "System.events.jsonl"
    assert again.summary_path.name == "System (2).summary.txt"  # never overwrites
    lines = again.events_path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["record_id"] for line in lines] == [int(r["record_id"]) for r in rows]


def test_extract_is_not_capped_and_a_cancelled_one_leaves_nothing(
    tmp_path: Path, clean: Path
) -> None:
    folder = tmp_path / "out"
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(EvtxCancelled):
        write_extract(clean, folder, cancel=cancel)
    assert list(folder.iterdir()) == []
    with pytest.raises(EvtxError):
        write_extract(write(tmp_path, "x.evtx", b"nope"), folder)
    assert list(folder.iterdir()) == []


def test_attachments_of_log_and_extract(tmp_path: Path, clean: Path) -> None:
    extract = write_extract(clean, tmp_path / "out", since=EVENTS[390].time)
    original = log_attachment(clean)
    made = extract_attachments(extract, original)
    assert original.kind is AttachmentKind.EVENT_LOG and original.size == clean.stat().st_size
    assert [a.kind for a in made] == [AttachmentKind.LOG_EXTRACT] * 2
    assert {a.derived_from for a in made} == {original.id}
    assert [a.media_type for a in made] == ["text/csv", "text/plain"]
    assert "Extract of System.evtx" in made[0].note


def test_summary_dict_is_json(clean: Path) -> None:
    data = summary_dict(scan_evtx(clean, since=EVENTS[-10].time))
    parsed = json.loads(json.dumps(data))
    assert parsed["records"] == 400 and parsed["first"] == "2026-11-27T05:00:00Z"
    assert parsed["window"]["levels"] == ["Critical", "Error", "Warning"]
    assert len(parsed["events"]) == parsed["matched"]


# -- memory -----------------------------------------------------------------------------------


def test_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    """Python-side peak for a 1 MB and a 4 MB log are about the same (the parser's own
    buffers are per chunk batch; ``benchmarks/bench_evtx.py`` measures the process)."""
    small = w.write_evtx(tmp_path / "small.evtx", w.iter_bulk_events(3_000))
    large = w.write_evtx(tmp_path / "large.evtx", w.iter_bulk_events(12_000))
    assert large.stat().st_size > 3.5 * small.stat().st_size
    peaks = []
    for path in (small, large):
        start = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(seconds=2_900)
        tracemalloc.start()
        scan_evtx(path, since=start, until=start + timedelta(minutes=1))
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < peaks[0] * 1.3 + 200_000, peaks
    assert peaks[1] < 4_000_000, peaks  # a batch of parsed records, not the file
