"""The app in a real X window (Xvfb): every page renders, and the screenshot script works.

This runs the same script that refreshes ``docs/screenshots/``, in a subprocess
on the xcb platform, so it exercises real window creation, real painting and a
real screen grab — what the offscreen tests cannot show.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers.environment import require, x_display

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]


def test_every_page_renders_in_a_real_window(tmp_path: Path) -> None:
    display = x_display()
    require(display is not None, "no X display (run the tests under xvfb-run)")
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": str(display)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "take_screenshots.py"), "--out", str(tmp_path)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    shots = sorted(tmp_path.glob("*.png"))
    assert [shot.name[:2] for shot in shots] == [f"{n:02d}" for n in range(1, 9)]
    for shot in shots:
        with Image.open(shot) as image:
            assert image.size == (1100, 760), shot.name
            colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
            # A painted page has text, frames and buttons: many colours, not a blank fill.
            assert colours is not None and len(colours) > 20, f"{shot.name} looks blank"
