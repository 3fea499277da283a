"""Capture to thumbnail shown, against a bare Qt screen grab of the same screen (Xvfb).

What the engineer waits for after the grab: our capture (every screen grabbed and
composed, converted for Pillow), the save (edits applied, PNG encoded, written
atomically with fsync, thumbnail made and written) and the thumbnail shown in a
list.  The baseline, measured in the same run on the same screen, is the bare
``QScreen.grabWindow(0)``.  Target: our path under 2x the baseline (medians).

The full capture also hides Handoff and waits ``SETTLE_MS`` for the windows
underneath to repaint; that wait is deliberate, so it is reported separately.
The screen shows a full-screen log viewer, so the PNG encoder has real text to
compress (an empty black screen would flatter every figure).

Run: ``xvfb-run -a -s "-screen 0 1280x800x24" uv run python benchmarks/bench_capture.py``
(or with ``DISPLAY`` set to a running X server) ``[--runs 30]``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

if not os.environ.get("DISPLAY"):
    sys.exit("bench_capture: no X display (run it under xvfb-run)")
os.environ["QT_QPA_PLATFORM"] = "xcb"

from PIL import Image
from PySide6.QtCore import QEventLoop
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QListWidget, QListWidgetItem, QPlainTextEdit, QWidget

from handoff.evidence import images
from handoff.ui.evidence.capture import (
    SETTLE_MS,
    Capture,
    CaptureMode,
    ScreenCapturer,
    compose,
    grab_screens,
    to_pil,
)
from handoff.ui.evidence.screenshots import thumbnail_icon

TARGET_RATIO = 2.0
LOG_LINE = (
    "2026-11-23 09:14:{s:02d}.{ms:03d} PanGPS[4412] (T{t}) Debug( 512): "
    "portal auth for dana@contoso.example -> {result}\n"
)


_LOOP: list[QEventLoop] = []


def events() -> None:
    """Process pending events via a QEventLoop instance: PySide6 6.12's static
    ``processEvents`` leaks a reference to None per call and crashes long loops."""
    if not _LOOP:
        _LOOP.append(QEventLoop())
    _LOOP[0].processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def pump(ms: int = 30) -> None:
    deadline = time.perf_counter() + ms / 1000
    while time.perf_counter() < deadline:
        events()


def log_viewer() -> QPlainTextEdit:
    """A screen full of text, as an engineer's screenshot usually is."""
    viewer = QPlainTextEdit()
    viewer.setPlainText("".join(
        LOG_LINE.format(s=n % 60, ms=n * 37 % 1000, t=n % 9, result=("ok", "failed: group")[n % 2])
        for n in range(400)
    ))  # fmt: skip
    screen = QApplication.primaryScreen()
    viewer.setGeometry(screen.geometry())
    viewer.show()
    return viewer


class Pipeline:
    """Our path, stage by stage, each stage timed (``times``: stage -> ms per run)."""

    STAGES = ("bare grab", "grab + compose", "convert for Pillow", "save", "show")

    def __init__(self, folder: Path, listing: QListWidget) -> None:
        self.folder, self.listing, self.count = folder, listing, 0
        self.times: dict[str, list[float]] = {stage: [] for stage in self.STAGES}

    def save(self, image: Image.Image) -> images.SavedScreenshot:
        self.count += 1
        return images.save_screenshot(image, [], self.folder / f"shot-{self.count}.png", None)

    def show(self, saved: images.SavedScreenshot) -> None:
        self.listing.addItem(QListWidgetItem(thumbnail_icon(saved.path), saved.path.name))
        self.listing.scrollToBottom()
        self.listing.repaint()  # painted now, not at the next event loop turn

    def run_once(self, screen: QScreen) -> None:
        """The bare grab and ours back to back, so both see the same machine load."""
        marks = [time.perf_counter()]
        screen.grabWindow(0)
        marks.append(time.perf_counter())
        desktop = compose(grab_screens())
        marks.append(time.perf_counter())
        image = to_pil(desktop.image)
        marks.append(time.perf_counter())
        saved = self.save(image)
        marks.append(time.perf_counter())
        self.show(saved)
        marks.append(time.perf_counter())
        for stage, (begin, end) in zip(self.STAGES, itertools.pairwise(marks), strict=True):
            self.times[stage].append((end - begin) * 1000)

    def medians(self) -> dict[str, float]:
        return {stage: statistics.median(values) for stage, values in self.times.items()}

    def ours(self) -> float:
        """Median of the per-run total of our stages (not the sum of the stage medians)."""
        runs = zip(*(self.times[stage] for stage in self.STAGES[1:]), strict=True)
        return float(statistics.median(sum(run) for run in runs))


def full_capture_ms(window: QWidget, pipeline: Pipeline, runs: int) -> float:
    """Hide → settle → grab → show window → save → thumbnail shown, through the event loop."""
    capturer = ScreenCapturer(window)
    done: list[bool] = []

    def finish(shot: Capture) -> None:
        pipeline.show(pipeline.save(shot.image))
        done.append(True)

    capturer.captured.connect(finish)
    times = []
    for _ in range(runs):
        done.clear()
        start = time.perf_counter()
        capturer.start(CaptureMode.SCREEN)
        while not done:
            events()
        times.append((time.perf_counter() - start) * 1000)
        pump(100)
    return statistics.median(times)


def report(name: str, ms: float, baseline: float | None = None) -> None:
    ratio = f"   {ms / baseline:5.2f}x the bare grab" if baseline else ""
    print(f"{name:<52} median {ms:8.2f} ms{ratio}")


def measure(pipeline: Pipeline, screen: QScreen, runs: int) -> float:
    """Print the interleaved figures; returns the bare grab's median."""
    for _ in range(3):
        pipeline.run_once(screen)  # warm-up: first grabs, imports, font caches
    pipeline.times = {stage: [] for stage in Pipeline.STAGES}
    for _ in range(runs):
        pipeline.run_once(screen)
    stages = pipeline.medians()
    bare = stages["bare grab"]
    report("baseline: QScreen.grabWindow(0)", bare)
    for stage in Pipeline.STAGES[1:]:
        report(f"  {stage}", stages[stage])
    total = pipeline.ours()
    report("OURS: capture -> saved -> thumbnail shown", total, bare)
    verdict = "OK" if total <= TARGET_RATIO * bare else f"OVER the {TARGET_RATIO:g}x target"
    print(f"{'':<52} {verdict}")
    return bare


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    viewer = log_viewer()
    listing = QListWidget()
    listing.setGeometry(20, 20, 360, 500)
    listing.show()
    pump(500)
    screen = app.primaryScreen()
    size = screen.geometry().size()
    print(f"screen {size.width()}x{size.height()} DPR {screen.devicePixelRatio():g}, "
          f"{len(app.screens())} screen(s), {args.runs} runs, Python {sys.version.split()[0]}, "
          f"load {os.getloadavg()[0]:.2f}")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-capture-") as folder:
        pipeline = Pipeline(Path(folder), listing)
        bare = measure(pipeline, screen, args.runs)
        full = full_capture_ms(viewer, pipeline, max(5, args.runs // 4))
        report(f"with hide + {SETTLE_MS} ms settle + show (event loop)", full, bare)
    listing.close()
    viewer.close()


if __name__ == "__main__":
    main()
