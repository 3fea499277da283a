"""Our capture on a real X display, checked against an independent grab (ImageMagick).

In a subprocess on xcb (``_capture_driver.py``) the real main window with the
screenshot tools installed captures the full screen, the window under the cursor
and a region dragged on the picker; each is saved from the editor.  Then
``import -window root`` grabs the same screen without Qt, and they must agree:
same size, nearly the same pixels, the known pattern at the same place — and
Handoff hidden during each grab and back afterwards.  Skips without a display
locally; fails with ``CI=true``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageChops, ImageStat

from tests.helpers.environment import require, x_display
from tests.ui.evidence._capture_driver import CELL, COLOURS

pytestmark = pytest.mark.gui

DRIVER = Path(__file__).with_name("_capture_driver.py")
ROOT = Path(__file__).resolve().parents[3]
MAX_MEAN_DIFFERENCE = 2.0
MAX_CHANGED_SHARE = 0.01
"""The driver's noise window makes a grab shifted or rescaled by one pixel fail both."""


def read_line(stream: Any, timeout_s: float) -> str:
    """One line from the driver, or "" if it says nothing within ``timeout_s``."""
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout_s)
    return lines[0] if lines else ""


def run_driver(tmp_path: Path, display: str, magick_import: str) -> dict[str, Any]:
    """Start the driver, wait for its report, grab the screen with ImageMagick, let it exit."""
    env = {
        **os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display,
        "HANDOFF_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT),
    }  # fmt: skip
    driver = subprocess.Popen(
        [sys.executable, str(DRIVER)], env=env, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        line = read_line(driver.stdout, 90)
        if line:
            subprocess.run(
                [magick_import, "-window", "root", str(tmp_path / "import.png")],
                env=env, check=True, timeout=60, capture_output=True,
            )  # fmt: skip
    finally:
        _out, err = driver.communicate("done\n", timeout=60)
    assert driver.returncode == 0 and line, f"driver failed:\n{err[-3000:]}"
    report: dict[str, Any] = json.loads(line)
    return report


def pattern_at(image: Image.Image, left: int, top: int) -> list[tuple[int, int, int]]:
    """The colour at the centre of each of the 12 pattern cells, if it starts at (left, top)."""
    rgb = image.convert("RGB")
    cells = []
    for index in range(len(COLOURS)):
        x = left + (index % 4) * CELL + CELL // 2
        y = top + (index // 4) * CELL + CELL // 2
        cells.append(rgb.getpixel((x, y)))
    return cells  # type: ignore[return-value]


def differences(a: Image.Image, b: Image.Image) -> tuple[float, float]:
    """(mean absolute difference per channel, share of pixels that differ at all)."""
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    mean = sum(ImageStat.Stat(diff).mean) / 3
    histogram = diff.convert("L").histogram()
    return mean, 1 - histogram[0] / (a.width * a.height)


def test_capture_matches_an_independent_grab_and_hides_handoff(tmp_path: Path) -> None:
    display = x_display()
    require(display is not None, "no X display (run the tests under xvfb-run)")
    magick_import = shutil.which("import")
    require(magick_import is not None, "ImageMagick's import is not installed (imagemagick)")
    assert display is not None and magick_import is not None
    report = run_driver(tmp_path, display, magick_import)

    assert report["visible_during_grab"] == [False] * 3  # Handoff hid itself for each grab
    assert report["visible_after"] == [True] * 3  # ... and came back before the editor
    left, top, width, height = report["pattern"]
    with (
        Image.open(report["shots"]["screen"]) as ours,
        Image.open(tmp_path / "import.png") as theirs,
    ):
        assert ours.size == theirs.size == tuple(report["screen"])
        assert pattern_at(ours, left, top) == COLOURS  # incl. the part Handoff had covered
        assert pattern_at(theirs, left, top) == COLOURS
        mean, changed = differences(ours, theirs)
        assert mean < MAX_MEAN_DIFFERENCE and changed < MAX_CHANGED_SHARE, (mean, changed)
    with Image.open(report["shots"]["window"]) as window_shot:
        assert window_shot.size == (width, height)  # exactly the window under the cursor
        assert pattern_at(window_shot, 0, 0) == COLOURS
    x, y, w, h = report["region"]
    with (
        Image.open(report["shots"]["region"]) as region,
        Image.open(tmp_path / "import.png") as theirs,
    ):
        assert region.size == (w, h)  # the dragged rectangle, pixel for pixel
        mean, changed = differences(region, theirs.crop((x, y, x + w, y + h)))
        assert mean < MAX_MEAN_DIFFERENCE and changed < MAX_CHANGED_SHARE, (mean, changed)
