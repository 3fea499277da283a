"""The app in a real X window (Xvfb): every page and dialog renders; the screenshot script works.

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


WINDOW = (1100, 760)
"""The script's default window size: the wizard's pages and the attachments page (01-09)."""
WINDOW_SHOTS = [*range(1, 10), 18]
"""The wizard's pages, a redacted screenshot attached, the side panel on Recent packages."""
DIALOG_SHOTS = [*range(10, 18), 19, 20]
"""The screenshot editor, the evidence tools, the delivery windows, F1 help and the crash
dialog, each at its own size."""
SCREEN = (1280, 800)
"""``.ci/run``'s Xvfb screen (``xvfb-run -s "-screen 0 1280x800x24"``): no dialog is bigger."""


def painted(image: Image.Image) -> bool:
    """Text, frames and buttons give many colours; a blank fill or a failed grab does not."""
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    return colours is not None and len(colours) > 20


def black_edge(image: Image.Image) -> bool:
    """A window grabbed beyond its own bounds (or off the screen) comes back with black edges."""
    rgb = image.convert("RGB")
    width, height = rgb.size
    edges = [
        rgb.crop((0, 0, width, 1)), rgb.crop((0, height - 1, width, height)),
        rgb.crop((0, 0, 1, height)), rgb.crop((width - 1, 0, width, height)),
    ]  # fmt: skip
    return any(edge.getextrema() == ((0, 0), (0, 0), (0, 0)) for edge in edges)


def test_every_page_and_dialog_renders_in_a_real_window(tmp_path: Path) -> None:
    display = x_display()
    require(display is not None, "no X display (run the tests under xvfb-run)")
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": str(display)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "take_screenshots.py"), "--out", str(tmp_path)],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    shots = sorted(tmp_path.glob("*.png"))
    assert done.stdout.splitlines() == [str(shot) for shot in shots]
    numbers = sorted([*WINDOW_SHOTS, *DIALOG_SHOTS])
    assert [shot.name[:3] for shot in shots] == [f"{n:02d}-" for n in numbers]
    for shot in shots:
        with Image.open(shot) as image:
            assert painted(image), f"{shot.name} looks blank"
            assert not black_edge(image), f"{shot.name} was grabbed beyond its window"
            if int(shot.name[:2]) in WINDOW_SHOTS:
                assert image.size == WINDOW, shot.name
            else:  # the dialog itself, not the main window or the whole screen
                width, height = image.size
                assert image.size != WINDOW, shot.name
                assert 300 <= width <= SCREEN[0] and 150 <= height <= SCREEN[1], shot.name
