"""What every wizard page shares: the session, its section's findings, re-rendering."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizardPage

from handoff.lint import Finding, Section, for_section
from handoff.ui.session import DraftSession


class FindingsBox(QLabel):
    """The quality-check findings for one page, with reason and hint, or nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setObjectName("findings")
        self.setAccessibleName(self.tr("Quality check for this page"))
        self.setVisible(False)

    def show_findings(self, findings: list[Finding]) -> None:
        self.setVisible(bool(findings))
        self.setText("\n".join(f"\u26a0 {f.message} \u2014 {f.hint}" for f in findings))


class HandoffPage(QWizardPage):
    """Base for the wizard pages.

    Subclasses build their widgets in ``__init__`` into ``self.body`` (a
    QVBoxLayout), render the model in :meth:`load`, and on every edit write the
    value into ``self.session.handoff`` and call ``self.session.mark_changed()``.
    ``load`` must not trigger ``mark_changed`` (block signals while rendering).
    """

    section: Section | None = None

    def __init__(self, session: DraftSession, title: str, subtitle: str) -> None:
        super().__init__()
        self.session = session
        self.setTitle(title)
        self.setSubTitle(subtitle)
        outer = QVBoxLayout(self)
        self.body = QVBoxLayout()
        outer.addLayout(self.body, 1)
        self.findings_box = FindingsBox(self)
        outer.addWidget(self.findings_box)
        session.replaced.connect(self.load)
        session.findings_changed.connect(self._show_findings)

    def load(self) -> None:
        """Render ``self.session.handoff`` into the widgets (override)."""

    def initializePage(self) -> None:  # noqa: N802 - Qt API name
        self.load()
        self._show_findings(self.session.findings)

    def _show_findings(self, findings: list[Finding]) -> None:
        if self.section is not None:
            self.findings_box.show_findings(for_section(findings, self.section))
