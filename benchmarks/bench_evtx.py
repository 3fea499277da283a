"""Event Viewer log summary speed against the bare ``evtx`` parser, in the same run.

The issue's target: our summary (``scan_evtx``: counts by level, top sources and
event IDs, time span, an incident window with its events decoded) reads at least
0.8x as fast as bare iteration over ``evtx.PyEvtxParser(path).records_json()``
that only counts records.  Every reader reads the same 100 MB+ generated log
(``tests/helpers/evtx_writer``, valid CRCs, a dozen providers at every level), in
alternating rounds (so background load hits them alike); each time is the median
of ``--repeat`` rounds and each ratio the median of the per-round ratios (the
best-of-rounds figures are printed beside them).  Then each of bare and ours runs
once more in a child process for its peak RSS (VmHWM), which must not grow with
the file.  The pure-Python ``python-evtx`` is the naive baseline: far too slow for
100 MB, it renders a slice of the first chunks and its time for the whole file is
*extrapolated* from that.

Readers besides bare JSON and ours (a 2-hour incident window):

* bare XML (``records()``): the parser's other output kind, shown so that the JSON
  baseline is seen not to be the slower kind we could hide behind;
* ours with no window (what the Event Viewer dialog runs when a log is added): all
  errors and warnings match, the latest 5000 are decoded;
* ours with ``cap=0``: the same scan without decoding the window's events, so the
  fixed cost of decoding them (bounded by the cap, not by the file) is seen apart;
* "locate only": bare iteration that also finds ``"TimeCreated"`` in each record's
  JSON, the least per-record work any summary of the JSON has to do.

Where the time goes: the Rust parser holds the GIL while it parses (a second
thread gets nothing done meanwhile), so nothing we do per record overlaps it.
``scan_evtx`` does, per batch of 256 records and in C (``map``/``Counter``/
``min``/``max``): find ``"TimeCreated"``, slice the key (the JSON before it:
provider, event id, level), count keys, slice the timestamp, take min/max;
Python code runs once per distinct key of a batch.

Why the 0.8x target is missed (2 vCPUs, 340,000 records, bare ~0.42 s = 1.2 µs a
record): 0.8x allows our work 0.31 µs a record in all.  Decoding the window's
~4,000 events for the list (~10 µs each, bounded by the cap) is ~45 ms = 0.13 µs
a record of this file; the "locate only" row, the one step any summary of the
JSON needs, is 0.84-0.89x on its own (0.15-0.2 µs).  Counted with valgrind per
record: the parser ~14,800 instructions; ours ~5,300 = the data string 360, the
find 1,350 (mostly CPython parsing ``str.find``'s arguments), the key slice 890,
counting it 1,280 (hashing a ~200-character key), the timestamp slice 940,
min/max 450.  Splitting a joined batch once (``str.split``), one regex over it,
``str.partition``, batches of 64-2048 all measured the same or slower; the old
per-record loop was 0.52-0.60x on the same file.

Run: ``uv run python benchmarks/bench_evtx.py [--records 340000] [--repeat 9] [--keep]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from itertools import islice, repeat
from operator import itemgetter
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "desktop")]

from tests.helpers import evtx_damage as damage  # noqa: E402 - needs the path above
from tests.helpers import evtx_writer as w  # noqa: E402

TARGET_RATIO = 0.8
MB = 1_000_000
WINDOW_START = datetime(2026, 1, 2, tzinfo=UTC)  # inside the generated span

# The child reports VmHWM (this process's own peak), not ru_maxrss: on Linux a child
# started with vfork inherits the parent's ru_maxrss high-water mark at exec.
_CHILD = """
import sys
sys.path[:0] = {paths!r}
from pathlib import Path
import bench_evtx
count = (bench_evtx.bare if sys.argv[1] == "bare" else bench_evtx.ours)(Path(sys.argv[2]))
peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(count, peak.split()[1])
"""


def build(path: Path, records: int) -> float:
    started = time.perf_counter()
    with path.open("wb") as handle:
        w.write_evtx_stream(handle, w.iter_bulk_events(records))
    return time.perf_counter() - started


def bare(path: Path) -> int:
    import evtx

    parser = evtx.PyEvtxParser(str(path), number_of_threads=0, skip_errors=True)
    return sum(1 for _ in parser.records_json())


def bare_xml(path: Path) -> int:
    import evtx

    parser = evtx.PyEvtxParser(str(path), number_of_threads=0, skip_errors=True)
    return sum(1 for _ in parser.records())


def locate_only(path: Path) -> int:
    """Bare iteration plus finding ``"TimeCreated"`` in every record (batched, in C)."""
    import evtx

    records = evtx.PyEvtxParser(str(path), number_of_threads=0, skip_errors=True).records_json()
    data, count = itemgetter("data"), 0
    while batch := list(islice(records, 256)):
        count += len(list(map(str.find, map(data, batch), repeat('"TimeCreated"'), repeat(160))))
    return count


def ours(path: Path) -> int:
    from handoff.evidence.evtx import scan_evtx

    since = WINDOW_START
    return scan_evtx(path, since=since, until=since + timedelta(hours=2)).records


def ours_no_window(path: Path) -> int:
    from handoff.evidence.evtx import scan_evtx

    return scan_evtx(path).records


def ours_no_decoding(path: Path) -> int:
    from handoff.evidence.evtx import scan_evtx

    since = WINDOW_START
    return scan_evtx(path, since=since, until=since + timedelta(hours=2), cap=0).records


READERS: dict[str, Callable[[Path], int]] = {
    "evtx bare (records_json, count)": bare,
    "evtx bare (records, XML, count)": bare_xml,
    "bare + locate TimeCreated only": locate_only,
    "handoff scan_evtx (2 h window)": ours,
    "handoff scan_evtx (no window)": ours_no_window,
    "handoff scan_evtx (window, cap=0)": ours_no_decoding,
}


def interleaved(repeat: int, path: Path, records: int) -> dict[str, list[float]]:
    """Seconds per round of every reader, run one after the other in each round."""
    times: dict[str, list[float]] = {name: [] for name in READERS}
    for _ in range(repeat):
        for name, reader in READERS.items():
            started = time.perf_counter()
            count = reader(path)
            times[name].append(time.perf_counter() - started)
            assert count == records, (name, count)
    return times


def child_rss_mib(mode: str, path: Path) -> float:
    code = _CHILD.format(paths=[str(ROOT), str(ROOT / "desktop"), str(ROOT / "benchmarks")])
    done = subprocess.run(
        [sys.executable, "-c", code, mode, str(path)], capture_output=True, text=True, check=True
    )
    return int(done.stdout.split()[1]) / 1024


def python_evtx_slice(big: Path, folder: Path, chunks: int) -> tuple[float, int, int]:
    """(seconds, records, bytes) for python-evtx rendering every record of a slice."""
    from Evtx.Evtx import Evtx

    with big.open("rb") as handle:
        handle.seek(w.FILE_HEADER_SIZE)
        data = handle.read(chunks * w.CHUNK_SIZE)
    records = sum(damage.chunk_record_counts(bytes(w.FILE_HEADER_SIZE) + data))
    small = folder / "slice.evtx"
    small.write_bytes(w.file_header(chunks, records + 1) + data)
    started = time.perf_counter()
    with Evtx(str(small)) as log:
        rendered = sum(1 for record in log.records() if record.xml())
    return time.perf_counter() - started, rendered, small.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=340_000, help="records in the big log")
    parser.add_argument("--repeat", type=int, default=9, help="alternating rounds of each")
    parser.add_argument("--slice-chunks", type=int, default=4, help="chunks python-evtx reads")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    import evtx  # noqa: F401 - imports are not part of the timed runs

    import handoff.evidence.evtx  # noqa: F401

    folder = Path(tempfile.mkdtemp(prefix="bench-evtx-"))
    try:
        big = folder / "big.evtx"
        made = build(big, args.records)
        size = big.stat().st_size
        print(f"generated {big} ({size / MB:.1f} MB, {args.records} records) in {made:.1f} s")
        times = interleaved(args.repeat, big, args.records)
        base = times["evtx bare (records_json, count)"]
        rss = {"evtx bare (records_json, count)": child_rss_mib("bare", big),
               "handoff scan_evtx (2 h window)": child_rss_mib("ours", big)}  # fmt: skip
        print(f"\n{'reader':36} {'median s':>9} {'best s':>7} {'MB/s':>7} {'vs bare':>8}"
              f" {'(best)':>7} {'peak RSS':>9}")  # fmt: skip
        for name, seconds in times.items():
            ratio = median(b / s for b, s in zip(base, seconds, strict=True))
            best = min(base) / min(seconds)
            peak = f"{rss[name]:.0f} MiB" if name in rss else "-"
            speed = size / MB / median(seconds)
            print(f"{name:36} {median(seconds):9.3f} {min(seconds):7.3f} {speed:7.1f}"
                  f" {ratio:7.2f}x {best:6.2f}x {peak:>9}")  # fmt: skip
        slice_s, slice_n, slice_size = python_evtx_slice(big, folder, args.slice_chunks)
        print(
            f"{'python-evtx (xml, extrapolated)':36} {slice_s * size / slice_size:9.1f}"
            f"  from {slice_n} records / {slice_size / MB:.2f} MB in {slice_s:.1f} s"
        )
        ours_s = times["handoff scan_evtx (2 h window)"]
        plain = times["handoff scan_evtx (window, cap=0)"]
        decoding = median(o - p for o, p in zip(ours_s, plain, strict=True))
        per_record = median(o - b for o, b in zip(ours_s, base, strict=True)) / args.records * 1e9
        print(
            f"\nours - bare: {per_record:.0f} ns per record, of which decoding the window's"
            f" events: {decoding * 1e3:.0f} ms in all"
        )
        ratio = median(b / s for b, s in zip(base, ours_s, strict=True))
        verdict = "meets" if ratio >= TARGET_RATIO else "misses"
        print(
            f"summary throughput = {ratio:.2f}x bare evtx, median of {args.repeat} rounds"
            f" ({verdict} the {TARGET_RATIO}x target)"
        )
        print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}")
        return 0
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
