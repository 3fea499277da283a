"""The draft being edited, shared by every wizard page.

Pages write user input into ``session.handoff`` and call :meth:`DraftSession.mark_changed`;
the session then regenerates the notes that were not edited by hand, re-runs the
quality check and tells everyone (autosave, pages' findings boxes, the review page).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from handoff import notes
from handoff.lint import Finding, lint
from handoff.model import Handoff


class DraftSession(QObject):
    """Owns the current :class:`Handoff`; emits when it changes or is replaced."""

    changed = Signal()
    """User input was written into the handoff (autosave listens to this)."""
    replaced = Signal()
    """A different handoff is now being edited: pages re-render everything."""
    findings_changed = Signal(list)
    """The quality-check findings after a change: ``list[Finding]``."""

    def __init__(
        self, handoff: Handoff, parent: QObject | None = None, *, defer_notes: bool = False
    ) -> None:
        """``defer_notes`` skips rendering the notes until :meth:`refresh` or the first
        change: the first wizard page needs no rendered text, and the first render
        (Jinja2's import and template compile) costs about 0.1 s of start-up."""
        super().__init__(parent)
        self._handoff = handoff
        self._findings: list[Finding] = []
        if defer_notes:
            self._findings = lint(self._handoff)
        else:
            self._refresh()

    def refresh(self) -> None:
        """Regenerate the notes that were not edited and re-run the quality check."""
        self._refresh()

    @property
    def handoff(self) -> Handoff:
        return self._handoff

    @property
    def findings(self) -> list[Finding]:
        return list(self._findings)

    def mark_changed(self) -> None:
        """Call after writing into ``handoff``: regenerate notes, re-lint, notify."""
        self._handoff.touch()
        self._refresh()
        self.changed.emit()

    def replace(self, handoff: Handoff) -> None:
        """Edit another handoff (a resumed draft, a continued package, a new one)."""
        self._handoff = handoff
        self._refresh()
        self.replaced.emit()

    def _refresh(self) -> None:
        notes.refresh_generated(self._handoff)
        self._findings = lint(self._handoff)
        self.findings_changed.emit(self.findings)
