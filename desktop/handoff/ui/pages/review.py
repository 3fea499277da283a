"""Page 8: the handoff as the next technician will read it, every finding, and Export.

The page only renders and asks; the export itself is :class:`ExportFlow`: check
the attachments, choose the target, confirm exporting over unresolved findings
(recorded in the package as a lint override), then write the package on a worker
thread behind a progress dialog with a working Cancel.  The draft stays a draft:
exporting is a copy for the next technician, not the end of editing.

``handoff.package`` (zip, hashing, Pillow) is imported on first use, not at
start-up: most sessions open the app long before they export.

The preview shows the exported ``handoff.html`` itself, with its style sheet put
into the CSS that Qt's rich text reads (:func:`preview_html`): Qt drops a whole
style sheet at the first CSS custom property (``--ink: …``) and knows no ``rem``,
so without that the report's ``pre { white-space: pre-wrap }`` never applied and a
long note line made the preview scroll sideways.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent, QTextOption
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QWidget,
)

from handoff import notes, paths
from handoff.lint import Finding
from handoff.model import Attachment, utc_now
from handoff.ui.dialogs import Prompts
from handoff.ui.flows import BackgroundFlow
from handoff.ui.pages.base import HandoffPage
from handoff.ui.session import DraftSession

if TYPE_CHECKING:
    from handoff.package import ExportResult, LintOverride

_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.DOTALL | re.IGNORECASE)
_CUSTOM_PROPERTIES = re.compile(r":root\s*\{([^}]*)\}")
_CUSTOM_PROPERTY = re.compile(r"(--[\w-]+)\s*:\s*([^;]+?)\s*(?:;|$)")
_VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^)]*))?\)")
_REM = re.compile(r"(?<![\w.-])(\d*\.?\d+)rem\b")
_ROOT_FONT = re.compile(r"(?<![\w-])html\s*\{[^}]*?font-size\s*:\s*(\d*\.?\d+)px")
_DEFAULT_ROOT_PX = 16.0


def _qt_css(css: str) -> str:
    """``css`` without custom properties (``var()`` replaced by their values) and
    with ``rem`` in pixels: what Qt's rich-text engine can parse."""
    variables: dict[str, str] = {}
    for block in _CUSTOM_PROPERTIES.findall(css):
        variables.update(_CUSTOM_PROPERTY.findall(block))
    css = _CUSTOM_PROPERTIES.sub("", css)
    css = _VAR.sub(lambda m: variables.get(m.group(1), m.group(2) or "inherit"), css)
    found = _ROOT_FONT.search(css)
    root_px = float(found.group(1)) if found else _DEFAULT_ROOT_PX
    return _REM.sub(lambda m: f"{float(m.group(1)) * root_px:g}px", css)


def preview_html(html: str) -> str:
    """The report's HTML for the preview: its ``<style>`` sheets in Qt's CSS subset.

    Only the style sheets change; the handoff's own text (which may well say
    ``var(--x)`` or ``2rem``) is left as it is.
    """
    return _STYLE.sub(lambda m: m.group(1) + _qt_css(m.group(2)) + m.group(3), html)


class ReportPreview(QTextBrowser):
    """The report, fitted to the width: lines wrap at a space, or anywhere in a word
    with none (a hash, a path); a scroll bar only for what really is wider (an image
    in a very narrow window).

    The text is laid out :data:`_SLACK_PX` narrower than the viewport: Qt rounds the
    width of a table it had to narrow up to the next pixel, so at one width in fifteen
    the report came out 1 px wider than the viewport, with a scroll bar for nothing.
    """

    _SLACK_PX = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setLineWrapMode(QTextBrowser.LineWrapMode.FixedPixelWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._fit()

    def _fit(self) -> None:
        width = max(1, self.viewport().width() - self._SLACK_PX)
        if width != self.lineWrapColumnOrWidth():
            self.setLineWrapColumnOrWidth(width)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        """The viewport's size changed (the window, or the vertical scroll bar came or went)."""
        self._fit()
        super().resizeEvent(event)


class ReviewPage(HandoffPage):
    """Read-only preview, the list of all findings (click one to fix it), Export."""

    section_requested = Signal(str)
    """A finding was chosen: the wizard shows the page owning this ``Section``."""
    export_requested = Signal()
    post_requested = Signal()
    """"Post to ticket…" was clicked: the main window's PostFlow takes over (ui/delivery)."""

    def __init__(self, session: DraftSession) -> None:
        super().__init__(
            session,
            self.tr("Review & export"),
            self.tr("Read the handoff as the next technician will, fix what the check "
                    "finds, then export the package."),
        )  # fmt: skip
        self._thumbnails: dict[tuple[str, int], str | None] = {}
        self.preview = ReportPreview(self)
        self.preview.setObjectName("preview")
        self.preview.setAccessibleName(self.tr("Handoff preview"))
        self.preview.setAccessibleDescription(
            self.tr("The handoff report as the next technician will read it (read-only).")
        )
        self.preview.setOpenLinks(False)  # nothing in the report navigates anywhere
        self.body.addWidget(self.preview, 1)
        self._build_findings()
        self.export_button = QPushButton(self.tr("&Export package\u2026"), self)
        self.export_button.setObjectName("export")
        self.export_button.clicked.connect(self.export_requested)
        self.post_button = QPushButton(self.tr("&Post to ticket\u2026"), self)
        self.post_button.setObjectName("post")
        self.post_button.clicked.connect(self.post_requested)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.post_button)
        row.addWidget(self.export_button)
        QWidget.setTabOrder(self.post_button, self.export_button)  # as they read: left first
        self.body.addLayout(row)
        session.findings_changed.connect(self._show_all_findings)
        session.changed.connect(self._refresh_if_visible)

    def _build_findings(self) -> None:
        self.findings_title = QLabel(self)
        self.findings_title.setObjectName("findings_title")
        self.findings_list = QListWidget(self)
        self.findings_list.setObjectName("all_findings")
        self.findings_list.setAccessibleName(self.tr("Quality check findings"))
        self.findings_list.setMaximumHeight(140)
        self.findings_list.itemActivated.connect(self._on_finding_chosen)
        self.findings_list.itemClicked.connect(self._on_finding_chosen)
        self.findings_title.setBuddy(self.findings_list)
        self.body.addWidget(self.findings_title)
        self.body.addWidget(self.findings_list)

    def load(self) -> None:
        handoff = self.session.handoff
        thumbs = {a.id: uri for a in handoff.attachments if (uri := self._thumbnail(a))}
        scroll = self.preview.verticalScrollBar().value()
        self.preview.setHtml(preview_html(notes.render_html(handoff, thumbnails=thumbs)))
        self.preview.verticalScrollBar().setValue(scroll)

    def _refresh_if_visible(self) -> None:
        if self.isVisible():
            self.load()

    def _show_findings(self, findings: list[Finding]) -> None:
        """The base class shows one section's findings; this page lists them all."""
        self._show_all_findings(findings)

    def _show_all_findings(self, findings: list[Finding]) -> None:
        self.findings_list.clear()
        for finding in findings:
            item = QListWidgetItem(f"\u26a0 {finding.one_line()}", self.findings_list)
            item.setData(Qt.ItemDataRole.UserRole, str(finding.section))
            item.setToolTip(self.tr("Go to the page where this is fixed"))
        self.findings_list.setVisible(bool(findings))
        if findings:
            text = self.tr("&Quality check: %n problem(s) to fix or confirm", "", len(findings))
        else:
            text = self.tr("&Quality check: no problems found")
        self.findings_title.setText(text)

    def _on_finding_chosen(self, item: QListWidgetItem) -> None:
        self.section_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def _thumbnail(self, attachment: Attachment) -> str | None:
        if not attachment.source or not attachment.media_type.startswith("image/"):
            return None
        key = (attachment.source, attachment.size)
        if key not in self._thumbnails:
            from handoff.package.media import thumbnail_data_uri  # noqa: PLC0415 - Pillow

            self._thumbnails[key] = thumbnail_data_uri(Path(attachment.source))
        return self._thumbnails[key]


class ExportFlow(BackgroundFlow):
    """Export the session's handoff to a package, asking and reporting through ``prompts``."""

    exported = Signal(str)
    """The package's path, after it was written and the engineer was told."""
    progress = Signal(int, int)
    """(done, total) bytes of the export in progress."""

    def __init__(
        self,
        session: DraftSession,
        prompts: Prompts,
        window: QWidget,
        *,
        user: Callable[[], str],
        synchronous: bool = False,
        progress_delay_ms: int = 400,
    ) -> None:
        super().__init__(
            prompts, window, user=user, synchronous=synchronous,
            progress_delay_ms=progress_delay_ms,
        )  # fmt: skip
        self._session = session

    def start(self) -> None:
        """Check, ask, and start writing the package (returns before it is written)."""
        from handoff import package  # noqa: PLC0415 - zip/hash/Pillow only when exporting

        if self.busy:
            return
        handoff = self._session.handoff
        if missing := package.check_attachments(handoff):
            self._prompts.error(
                self._window,
                self.tr("Not exported: attachments missing or unreadable: %s") % "; ".join(missing),
            )
            return
        if not self._prompts.redact(self._window, self._session):
            return
        suggested = paths.exports_dir() / package.package_file_name(handoff)
        target = self._prompts.save_path(self._window, self.tr("Export package"), suggested)
        if target is None:
            return
        if not target.name.lower().endswith(".zip"):
            target = target.with_name(target.name + ".handoff.zip")
        go_ahead, override = self._confirm_override()
        if go_ahead:
            self._run(target, override)

    def _confirm_override(self) -> tuple[bool, LintOverride | None]:
        """Ask before exporting over findings; the yes is recorded in the package."""
        from handoff.package import LintOverride  # noqa: PLC0415

        findings = self._session.findings
        if not findings:
            return True, None
        question = self.tr("Export with %n unresolved problem(s)?", "", len(findings))
        if not self._prompts.confirm(self._window, self.tr("Export package"), question):
            return False, None
        by = self._session.handoff.author or self._user()
        lines = [f.one_line() for f in findings]
        return True, LintOverride(confirmed_by=by, at=utc_now(), findings=lines)

    def _run(self, target: Path, override: LintOverride | None) -> None:
        from handoff.package import export_package  # noqa: PLC0415

        snapshot = self._session.handoff.model_copy(deep=True)  # the engineer may keep typing
        worker = self.new_worker(
            lambda progress, cancel: export_package(
                snapshot, target, override=override, progress=progress, cancel=cancel
            )
        )
        worker.progress.connect(self.progress)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        worker.cancelled.connect(lambda: self.message.emit(self.tr("Export cancelled")))
        self.start_worker(worker, self.tr("Writing %s\u2026") % target.name)

    def _on_finished(self, result: ExportResult) -> None:
        self._prompts.exported(self._window, result.path)
        self.exported.emit(str(result.path))

    def _on_failed(self, reason: str) -> None:
        self.message.emit(self.tr("Export failed"))
        self._prompts.error(self._window, self.tr("Export failed: %s") % reason)
