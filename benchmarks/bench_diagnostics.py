"""Cost of the app log's secret filter and of a diagnostics zip with full logs.

Every log record is scrubbed before it is written, and "Save diagnostics" scrubs
the (up to 6 MiB of) log files again while zipping, on the GUI thread.  Two kinds
of log are measured: *typical* lines (request paths and statuses, no secret-looking
key) and a *worst case* where every line carries an ``Authorization`` header.

Run: ``uv run python benchmarks/bench_diagnostics.py [--lines 60000]``
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

from handoff import applog, diagnostics, paths


def run(kind: str, lines: int, line: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        paths.set_data_dir(Path(folder))
        applog.configure(logging.INFO)
        applog.register_secret("abcd-secret-1234")
        log = logging.getLogger("bench")
        start = time.perf_counter()
        for n in range(lines):
            log.info(line, n)
        per_line = (time.perf_counter() - start) / lines * 1e6
        size = sum(p.stat().st_size for p in applog.log_files()) / 2**20
        start = time.perf_counter()
        diagnostics.write_zip(Path(folder) / "d.zip")
        zipped = time.perf_counter() - start
        applog.shutdown()
        applog.forget_secrets()
    print(f"{kind:>10}: {per_line:5.1f} us per log line; zip with {size:.1f} MiB of logs "
          f"in {zipped:.2f} s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=60000)
    lines = parser.parse_args().lines
    run("typical", lines, "POST /REST/2.0/ticket/%d/comment -> 201 (attachment PanGPS.log)")
    run("worst", lines, "POST /api/tickets/%d -> 201 Authorization: token abcd-secret-1234")


if __name__ == "__main__":
    main()
