"""The Qt binding in use does not corrupt the interpreter.

PySide6 6.12.0 drops a reference to ``None`` on every ``processEvents()`` call;
the app (and pytest-qt's waits) call it thousands of times, and the interpreter
then aborts with "deallocating None".  ``pyproject.toml`` excludes that release;
this test fails if a build with the same fault comes back.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QCoreApplication


def test_process_events_keeps_references_to_none_true_and_false(qapp: Any) -> None:
    singletons = (None, True, False)
    before = [sys.getrefcount(item) for item in singletons]
    for _ in range(500):
        QCoreApplication.processEvents()
        qapp.processEvents()
    after = [sys.getrefcount(item) for item in singletons]
    # Other code may hold or drop a few references meanwhile; the fault loses one per call.
    lost = [b - a for a, b in zip(after, before, strict=True)]
    assert max(lost) < 20, f"references lost to None, True, False: {lost}"
