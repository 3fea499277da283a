"""Run the real app (``run_gui``) and type into the summary, one key at a time, until killed.

Used by ``test_kill_reopen``: it prints the number of characters typed so far
after every key, so the test knows the process was killed *mid-typing*.  The
data folder comes from ``HANDOFF_DATA_DIR``; run it offscreen.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from handoff.ui.app import application, run_gui

TEXT = (
    "Maria cannot connect to the VPN since Monday: Authentication failed after MFA. "
    "Gateway answers, DNS resolves, her account is enabled and not locked. "
    "Found: she is not in the VPN-Users group any more. Waiting on networking. "
) * 4
KEY_INTERVAL_MS = 15


class Typist:
    """Types :data:`TEXT` into the summary field on a timer, reporting progress."""

    def __init__(self) -> None:
        self.typed = 0
        self.timer = QTimer()
        self.timer.setInterval(KEY_INTERVAL_MS)
        self.timer.timeout.connect(self.type_one)

    def start(self) -> None:
        self.timer.start()

    def type_one(self) -> None:
        summary = next(
            (
                edit
                for window in QApplication.topLevelWidgets()
                if (edit := window.findChild(QPlainTextEdit, "summary")) is not None
            ),
            None,
        )
        if summary is None:
            return  # the main window is not up yet
        if self.typed == len(TEXT):
            self.timer.stop()
            print("done", flush=True)
            return
        QTest.keyClicks(summary, TEXT[self.typed])
        self.typed += 1
        print(self.typed, flush=True)


def main() -> int:
    application(sys.argv[:1])
    typist = Typist()
    QTimer.singleShot(0, typist.start)  # once run_gui has shown the window
    return run_gui()


if __name__ == "__main__":
    sys.exit(main())
