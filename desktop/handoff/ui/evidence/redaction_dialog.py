"""Redact logs…: replace secrets in the text attachments before the package is made.

Two steps, so nothing is changed unseen.  First the engineer picks what to hide
(passwords and e-mail addresses are on; user names, host names, IP and MAC
addresses are the evidence more often than not, so they are off) and Scan runs
:func:`~handoff.evidence.redact.plan_redaction` in a worker.  Then the review
lists, per file and line, what would be replaced, masked, and by which
placeholder; Redact writes the redacted copies (again in a worker, with Stop)
and points the attachments at them.  The originals stay where they were, and
the map from placeholders back to values stays on this computer.

:func:`install` puts "Redact logs…" on the attachments page; :func:`offer_redaction`
is for the review page to call before an export.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from handoff.evidence.redact import (
    Category,
    FileReview,
    RedactionOptions,
    RedactionResult,
    Review,
    apply_redaction,
    plan_redaction,
    sniff,
)
from handoff.model import Attachment
from handoff.ui.dialogs import tr
from handoff.ui.evidence.job_dialog import JobDialog, make_button
from handoff.ui.pages.attachments import AttachmentsPage
from handoff.ui.session import DraftSession
from handoff.ui.widgets.forms import describe

SKIPPED = 2
"""Dialog result of "Export without redacting" (offered before an export)."""
_CHOICES = (
    ("redact_secrets", "&Passwords, tokens and keys", (Category.SECRET,), True),
    ("redact_emails", "&E-mail addresses", (Category.EMAIL,), True),
    ("redact_users", "&User names", (Category.USERNAME,), False),
    ("redact_hosts", "&Host and domain names", (Category.HOSTNAME,), False),
    ("redact_ips", "&IP addresses (IPv4 and IPv6)", (Category.IPV4, Category.IPV6), False),
    ("redact_macs", "&MAC addresses", (Category.MAC,), False),
)
_SPLIT = re.compile(r"[,;\n]")


def text_attachments(attachments: Sequence[Attachment], *, pending: bool) -> list[Attachment]:
    """Attachments whose file is text (images and binaries cannot be redacted here);
    with ``pending``, only those not redacted yet."""
    found = []
    for attachment in attachments:
        if not attachment.source or (pending and attachment.redacted):
            continue
        if attachment.media_type.startswith(("image/", "video/", "audio/")):
            continue
        if not isinstance(sniff(Path(attachment.source)), str):
            found.append(attachment)
    return found


class RedactionDialog(JobDialog):
    """Object names: ``redact_scan``, ``redact_apply``, ``redact_back``, ``redact_skip``,
    ``redact_words``, ``redact_review`` (the tree), ``redact_summary``, the category
    boxes ``redact_secrets`` … ``redact_macs``, and ``redact_progress`` / ``redact_stop`` /
    ``redact_status`` (see :class:`JobDialog`)."""

    def __init__(
        self,
        session: DraftSession,
        parent: QWidget,
        *,
        attachments: Sequence[Attachment] | None = None,
        offer: bool = False,
        synchronous: bool = False,
    ) -> None:
        super().__init__(parent, "redact", synchronous=synchronous)
        self.setWindowTitle(self.tr("Redact logs"))
        self.session = session
        self.attachments = list(
            attachments
            if attachments is not None
            else text_attachments(session.handoff.attachments, pending=False)
        )
        self.review: Review | None = None
        self.result_of_apply: RedactionResult | None = None
        self.boxes: dict[str, QCheckBox] = {}
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._options_page(offer))
        self.pages.addWidget(self._review_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addLayout(self.status_row())
        self.resize(760, 520)

    # -- step 1: what to hide ----------------------------------------------------

    def _options_page(self, offer: bool) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        names = ", ".join(a.name for a in self.attachments[:4])
        more = len(self.attachments) - 4
        if more > 0:
            names += self.tr(" and %n more", "", more)
        intro = QLabel(self._intro(offer, names), page)
        intro.setWordWrap(True)
        column.addWidget(intro)
        for name, text, _categories, checked in _CHOICES:
            box = QCheckBox(self.tr(text), page)
            describe(box, name, text.replace("&", ""), self.tr("Replace these in every file"))
            box.setChecked(checked)
            self.boxes[name] = box
            column.addWidget(box)
        self.words = QLineEdit(page)
        tip = self.tr("Client names, people, projects: separated by commas")
        describe(self.words, "redact_words", self.tr("Other words or names to hide"), tip)
        self.words.setPlaceholderText(self.tr("Other words or names to hide, separated by commas"))
        column.addWidget(self.words)
        column.addStretch(1)
        column.addLayout(self._options_buttons(offer))
        return page

    def _intro(self, offer: bool, names: str) -> str:
        if not self.attachments:
            return self.tr("No text attachments to redact.")
        head = self.tr("%n text attachment(s) not redacted yet: ", "", len(self.attachments))
        if not offer:
            head = self.tr("Redact %n text attachment(s): ", "", len(self.attachments))
        return (
            head
            + names
            + "\n"
            + self.tr(
                "The same value always gets the same placeholder. The original files are not "
                "changed, and the key to the placeholders stays on this computer."
            )
        )

    def _options_buttons(self, offer: bool) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        if offer:
            text, tip = (
                self.tr("Export &without redacting"),
                self.tr("Export the files as they are"),
            )
            self.skip_button = make_button(self, "redact_skip", text, tip)
            self.skip_button.clicked.connect(lambda: self.done(SKIPPED))
            row.addWidget(self.skip_button)
        tip = self.tr("Find what would be replaced; nothing is changed yet")
        self.scan_button = make_button(self, "redact_scan", self.tr("&Scan\u2026"), tip)
        self.scan_button.setDefault(True)
        self.scan_button.setEnabled(bool(self.attachments))
        self.scan_button.clicked.connect(self.scan)
        row.addWidget(self.scan_button)
        row.addWidget(self._cancel_button())
        return row

    def _cancel_button(self) -> QPushButton:
        button = QPushButton(self.tr("&Cancel"), self)
        button.clicked.connect(self.reject)
        return button

    def options(self) -> RedactionOptions:
        """What the ticked boxes and the typed words ask for."""
        categories = {
            category
            for name, _text, group, _checked in _CHOICES
            if self.boxes[name].isChecked()
            for category in group
        }
        words = tuple(w.strip() for w in _SPLIT.split(self.words.text()) if w.strip())
        return RedactionOptions(categories=frozenset(categories), words=words)

    def scan(self) -> None:
        """Plan the redaction in a worker; the review appears when it is done."""
        paths = [Path(a.source or "") for a in self.attachments]
        options, handoff_id = self.options(), self.session.handoff.id
        self.say(self.tr("Scanning\u2026"))
        self.run_job(
            lambda progress, cancel: plan_redaction(
                paths, options, handoff_id=handoff_id, progress=progress, cancel=cancel
            ),
            self._show_review,
        )

    # -- step 2: review and apply ---------------------------------------------------

    def _review_page(self) -> QWidget:
        page = QWidget(self)
        column = QVBoxLayout(page)
        self.summary = QLabel(page)
        self.summary.setObjectName("redact_summary")
        self.summary.setWordWrap(True)
        column.addWidget(self.summary)
        self.tree = QTreeWidget(page)
        tip = self.tr("Per file: the line, what was found (masked) and its placeholder")
        describe(self.tree, "redact_review", self.tr("What will be replaced"), tip)
        self.tree.setHeaderLabels(
            [self.tr("File / line"), self.tr("Found"), self.tr("Masked"), self.tr("Replaced by")]
        )
        self.tree.setUniformRowHeights(True)
        column.addWidget(self.tree, 1)
        row = QHBoxLayout()
        tip = self.tr("Change what is hidden")
        self.back_button = make_button(page, "redact_back", self.tr("&Back"), tip)
        self.back_button.clicked.connect(lambda: self.pages.setCurrentIndex(0))
        tip = self.tr("Write redacted copies and attach them instead of the originals")
        self.apply_button = make_button(page, "redact_apply", self.tr("&Redact"), tip)
        self.apply_button.clicked.connect(self.apply)
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.apply_button)
        row.addWidget(self._cancel_button())
        column.addLayout(row)
        return page

    def _show_review(self, result: object) -> None:
        if not isinstance(result, Review):
            return
        self.review = result
        self.tree.clear()
        for file in result.files:
            self.tree.addTopLevelItem(self._file_item(file))
        self.tree.expandToDepth(0)
        for column in range(4):
            self.tree.resizeColumnToContents(column)
        self.summary.setText(summary_text(result))
        self.apply_button.setEnabled(result.total > 0)
        self.apply_button.setDefault(True)
        self.say("" if result.total else self.tr("Nothing to replace with these settings."))
        self.pages.setCurrentIndex(1)

    def _file_item(self, file: FileReview) -> QTreeWidgetItem:
        if file.skipped:
            return QTreeWidgetItem([file.path.name, self.tr("not redacted: %s") % file.skipped])
        counts = "; ".join(f"{c.label}: {n}" for c, n in file.counts.most_common())
        item = QTreeWidgetItem([file.path.name, counts or self.tr("nothing found")])
        for found in file.replacements:
            line = self.tr("line %d") % found.line
            QTreeWidgetItem(item, [line, found.kind, found.excerpt, found.placeholder])
        if file.truncated:
            more = file.total - len(file.replacements)
            QTreeWidgetItem(item, [self.tr("\u2026 and %n more", "", more), "", "", ""])
        return item

    def apply(self) -> None:
        """Write the copies in a worker; on success the attachments use them."""
        if self.review is None:
            return
        review, handoff_id = self.review, self.session.handoff.id
        self.say(self.tr("Writing redacted copies\u2026"))
        self.run_job(
            lambda progress, cancel: apply_redaction(
                review, handoff_id, progress=progress, cancel=cancel
            ),
            self._applied,
        )

    def _applied(self, result: object) -> None:
        if not isinstance(result, RedactionResult):
            return
        self.result_of_apply = result
        use_redacted_copies(self.session, result)
        self.accept()

    def set_inputs_enabled(self, enabled: bool) -> None:
        inputs: list[QWidget] = [self.scan_button, self.apply_button, self.back_button, self.words]
        if hasattr(self, "skip_button"):
            inputs.append(self.skip_button)
        for widget in inputs:
            widget.setEnabled(enabled)
        for box in self.boxes.values():
            box.setEnabled(enabled)
        if enabled and self.review is not None:
            self.apply_button.setEnabled(self.review.total > 0)

    def _cancelled(self) -> None:
        self.say(self.tr("Stopped: nothing was changed."))


def summary_text(review: Review) -> str:
    """One line for the review: how many replacements of what, and what was skipped."""
    files = [f for f in review.files if not f.skipped]
    counts = "; ".join(f"{c.label}: {n}" for c, n in review.counts.most_common())
    text = tr("{total} replacement(s) in {files} file(s)").format(
        total=review.total, files=len(files)
    )
    text += f": {counts}." if counts else "."
    skipped = [f.path.name for f in review.files if f.skipped]
    if skipped:
        text += " " + tr("Not redacted: {names}.").format(names=", ".join(skipped))
    return text


def use_redacted_copies(session: DraftSession, result: RedactionResult) -> None:
    """Point each redacted attachment at its copy; the original file is left alone."""
    changed = False
    for attachment in session.handoff.attachments:
        copy = result.outputs.get(Path(attachment.source or ""))
        if copy is None:
            continue
        attachment.source = str(copy)
        attachment.redacted = True
        attachment.size = copy.stat().st_size
        attachment.sha256 = None
        changed = True
    if changed:
        session.mark_changed()


ShowDialog = Callable[[RedactionDialog], int]


def offer_redaction(
    parent: QWidget,
    session: DraftSession,
    *,
    show: ShowDialog | None = None,
    synchronous: bool = False,
) -> bool:
    """Before an export: offer to redact text attachments not redacted yet.

    Returns True to go on with the export (redacted, nothing to redact, or
    "Export without redacting"), False when the engineer cancelled.  ``show``
    runs the dialog (default: modal ``exec``); tests pass one that clicks.
    """
    pending = text_attachments(session.handoff.attachments, pending=True)
    if not pending:
        return True
    dialog = RedactionDialog(
        session, parent, attachments=pending, offer=True, synchronous=synchronous
    )
    try:
        result = (show or _exec)(dialog)
    finally:
        dialog.deleteLater()
    return result != QDialog.DialogCode.Rejected.value


def _exec(dialog: RedactionDialog) -> int:
    return dialog.exec()


def install(page: AttachmentsPage, *, synchronous: bool = False) -> QAction:
    """Add "Redact logs…" to the attachments page's evidence bar."""
    action = QAction(tr("Re&dact logs\u2026"), page)
    action.setObjectName("redact_action")
    action.setToolTip(tr("Replace passwords, keys and personal data in the text files"))

    def open_dialog() -> None:
        dialog = RedactionDialog(page.session, page, synchronous=synchronous)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(page.load)
        dialog.open()

    action.triggered.connect(open_dialog)
    page.add_action(action)
    return action
