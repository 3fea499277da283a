"""Start-up time: Handoff against a bare PySide6 eight-page QWizard, in fresh processes.

Target: Handoff is ready (first wizard page shown, the event loop has processed
it) within 1.5x the time a bare PySide6 app needs to show an eight-page wizard.
Both run offscreen, from interpreter start to process exit, repeated and
interleaved so that a noisy moment hurts both alike; medians are compared.

    uv run python benchmarks/bench_startup.py [--runs 7] [--check]

``--check`` exits 1 when the ratio is over the target.  Handoff quits on its own
once its first page is up, through ``HANDOFF_EXIT_AFTER_SHOWN=1`` (see
:mod:`handoff.ui.app`); its data folder is a fresh, empty one per run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 1.5
ROOT = Path(__file__).resolve().parent.parent

BASELINE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage

app = QApplication(sys.argv)
wizard = QWizard()
for number in range(8):
    page = QWizardPage()
    page.setTitle(f"Page {number + 1}")
    QVBoxLayout(page).addWidget(QLabel("A field"))
    wizard.addPage(page)
wizard.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""

HANDOFF = ["-m", "handoff"]
RUN_GUI = ["-c", "import sys; from handoff.ui.app import run_gui; sys.exit(run_gui())"]
"""The app without the command-line front end (what ``handoff.cli`` adds is the difference)."""


def run_once(args: list[str], data_dir: Path | None) -> float:
    """Seconds from process start to exit; raises if the process failed."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HANDOFF_EXIT_AFTER_SHOWN": "1"}
    # An installed app runs from bytecode; let the warm-up run write it, as a first start would.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if data_dir is not None:
        env["HANDOFF_DATA_DIR"] = str(data_dir)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{args} exited {done.returncode}:\n{done.stderr}")
    return elapsed


CASES = {
    "bare PySide6 8-page QWizard": ["-c", BASELINE],
    "Handoff (python -m handoff)": HANDOFF,
    "Handoff (run_gui, no CLI)": RUN_GUI,
}
BASELINE_CASE, HANDOFF_CASE = "bare PySide6 8-page QWizard", "Handoff (python -m handoff)"


def measure(runs: int) -> dict[str, list[float]]:
    """Interleaved runs of every case, after one unmeasured warm-up each (disk cache)."""
    times: dict[str, list[float]] = {name: [] for name in CASES}
    with tempfile.TemporaryDirectory(prefix="handoff-bench-") as tmp:
        for number in range(-1, runs):
            for case, (name, args) in enumerate(CASES.items()):
                elapsed = run_once(args, Path(tmp) / f"run-{number}-{case}")
                if number >= 0:
                    times[name].append(elapsed)
    return times


def report(times: dict[str, list[float]]) -> float:
    """Print the medians; return the ratio of ``python -m handoff`` to the baseline."""
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians[BASELINE_CASE]
    print(f"runs: {len(times[BASELINE_CASE])} each, offscreen, {os.cpu_count()} CPU(s)")
    for name, values in times.items():
        spread = f"min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}"
        print(f"{name:30} median {medians[name] * 1000:6.0f} ms ({spread})  "
              f"{medians[name] / base:.2f}x")  # fmt: skip
    ratio = medians[HANDOFF_CASE] / base
    verdict = "OK" if ratio <= TARGET_RATIO else "OVER TARGET"
    print(f"ratio: {ratio:.2f}x (target <= {TARGET_RATIO}x): {verdict}")
    return ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--check", action="store_true", help="exit 1 when over the target")
    args = parser.parse_args()
    ratio = report(measure(args.runs))
    return 1 if args.check and ratio > TARGET_RATIO else 0


if __name__ == "__main__":
    sys.exit(main())
