"""What an engineer sees when the app hits a bug: the draft saved, then a message.

A crash in a slot must not cost the engineer their notes: :func:`install_excepthook`
writes the draft synchronously and says what happened in one line, instead of
Qt's default of printing a traceback and carrying on (or aborting).
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from handoff.ui.dialogs import one_line, show_error

if TYPE_CHECKING:
    from handoff.ui.main_window import MainWindow

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install_excepthook(window: MainWindow) -> ExceptHook:
    """Save the draft and show a one-line message on an uncaught error; returns the old hook."""
    previous = sys.excepthook
    handling = False

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        nonlocal handling
        log.error("uncaught error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        if handling or issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        handling = True
        try:
            saved = window.emergency_save()
            note = (
                window.tr("Your draft was saved.")
                if saved
                else window.tr("The draft could not be saved.")
            )
            show_error(window, window.tr("Something went wrong: %s. ") % one_line(error) + note)
        finally:
            handling = False

    sys.excepthook = hook
    return previous
