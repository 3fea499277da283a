"""The Qt and PySide6 versions, from QtCore alone.

``handoff --version`` asks here (Qt is imported only under ``ui/``) and loads
nothing more than QtCore, so it stays quick and works where no display is.
"""

from __future__ import annotations

import PySide6
from PySide6.QtCore import qVersion


def qt_line() -> str:
    """``Qt 6.x (PySide6 6.x)``: the Qt the bindings run on, which may differ from theirs."""
    return f"Qt {qVersion()} (PySide6 {PySide6.__version__})"
