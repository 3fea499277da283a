"""The wizard at 100 % and 200 %: no clipped text, nothing off the window, fits a small laptop.

Each scale runs the app in its own process (``QT_SCALE_FACTOR`` must be set before
the QApplication exists) on a private Xvfb big enough for 200 % (2560x1600), which
this test starts with a free display number.  ``tests/ui/_scaling_driver.py``
walks all eight pages with the worked example, grabs each from the X server and
reports every label, button, check box, group box title or tab whose text is
wider than its widget.  Marked ``gui``: it runs under ``CI=true``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers.environment import require, x_display

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("_scaling_driver.py")
LAPTOP = (1280, 720)
SCREEN = "2560x1600x24"


@pytest.fixture(scope="module")
def big_display() -> Iterator[str]:
    """A private Xvfb at 2560x1600; ``-displayfd`` lets it pick a free display number."""
    require(x_display() is not None, "no X display (run the tests under xvfb-run)")
    xvfb = shutil.which("Xvfb")
    require(xvfb is not None, "Xvfb is not installed")
    assert xvfb is not None
    read, write = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", SCREEN, "-nolisten", "tcp"],
        pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write)
    try:
        with os.fdopen(read) as answer:
            number = answer.readline().strip()
        assert number.isdigit(), "Xvfb did not report its display"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(10)


def run_driver(display: str, scale: int, out: Path, scheme: str) -> dict[str, object]:
    env = {
        **os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display,
        "QT_SCALE_FACTOR": str(scale), "HANDOFF_COLOR_SCHEME": scheme,
        "QT_ENABLE_HIGHDPI_SCALING": "1",
    }  # fmt: skip
    env.pop("QT_SCREEN_SCALE_FACTORS", None)
    done = subprocess.run(
        [sys.executable, str(DRIVER), str(out)],
        env=env, capture_output=True, text=True, timeout=180, check=False, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return report


@pytest.mark.parametrize(("scale", "scheme"), [(1, "light"), (2, "dark")])
def test_pages_fit_without_clipped_text(
    big_display: str, tmp_path: Path, scale: int, scheme: str
) -> None:
    report = run_driver(big_display, scale, tmp_path, scheme)
    assert report["scale"] == scale
    problems = report["problems"]
    assert isinstance(problems, list)
    assert not problems, f"at {scale * 100} %:\n" + "\n".join(problems)
    minimum = report["minimum"]
    assert isinstance(minimum, list)
    assert minimum[0] <= LAPTOP[0] and minimum[1] <= LAPTOP[1], (
        f"the window needs {minimum} logical px at {scale * 100} %; a small laptop has {LAPTOP}"
    )
    shots = report["shots"]
    assert isinstance(shots, list) and len(shots) == 8
    for shot in shots:
        with Image.open(shot) as image:
            width, height = image.size
            assert (width, height) == (LAPTOP[0] * scale, LAPTOP[1] * scale), shot
            colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
            assert colours is not None and len(colours) > 20, f"{shot} is blank"


def test_the_clip_check_can_fail(big_display: str, tmp_path: Path) -> None:
    """A planted label wider than its box is reported (the check is not vacuous)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": big_display}
    code = (
        "import sys; sys.path.insert(0, '.');"
        "from PySide6.QtWidgets import QApplication, QLabel, QWidget;"
        "from tests.ui._scaling_driver import problems_in;"
        "app = QApplication([]); top = QWidget(); top.resize(200, 50);"
        "label = QLabel('a label far too long for its little box', top);"
        "label.setGeometry(0, 0, 60, 20); top.show(); app.processEvents();"
        "print(len(problems_in(top, 't')))"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=60, check=False, cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.strip()) >= 1
