"""An editor for text the app generates from the fields but the engineer may rewrite.

It shows whether the text is still generated (and will follow the fields) or has
been edited (and is kept as written), offers "Regenerate from fields", and a
read-only preview of how the text reads once pasted into the ticket.
"""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from handoff.ui import theme
from handoff.ui.widgets.forms import describe, sync_plain

_HEADING = re.compile(r"^[A-Z][A-Z ()/,'-]{3,}$")
_MENTION = re.compile(r"(?<![\w@])@(\w[\w.-]*)")


def preview_html(text: str) -> str:
    """Plain text as it reads in a ticket: headings bold, @mentions highlighted."""
    lines = []
    for line in text.splitlines():
        escaped = html.escape(line)
        if _HEADING.match(line.strip()):
            lines.append(f"<b>{escaped}</b>")
        else:
            colour = theme.mention_color().name()
            lines.append(_MENTION.sub(rf'<span style="color:{colour}"><b>@\1</b></span>', escaped))
    return '<div style="white-space: pre-wrap">' + "<br>".join(lines) + "</div>"


class GeneratedTextEditor(QWidget):
    """Editor + "Regenerate from fields" + state line + preview for one generated text.

    ``user_edited(text)`` fires only for the engineer's typing (rendering is
    signal-blocked); ``regenerate_requested`` when the button is clicked.  Object
    names: ``<name>``, ``regenerate_<name>``, ``<name>_state``, ``<name>_preview``.
    """

    user_edited = Signal(str)
    regenerate_requested = Signal()

    def __init__(
        self, name: str, title: str, regenerate_text: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.edit = QPlainTextEdit(self)
        describe(
            self.edit,
            name,
            title,
            self.tr("Written from the fields; type to change it (your words are then kept)."),
        )
        self.edit.setTabChangesFocus(True)
        self.edit.textChanged.connect(lambda: self.user_edited.emit(self.edit.toPlainText()))
        self.regenerate = QPushButton(regenerate_text, self)
        self.regenerate.setObjectName(f"regenerate_{name}")
        self.regenerate.setAutoDefault(False)
        self.regenerate.setToolTip(self.tr("Throw away your edits and write it from the fields."))
        self.regenerate.clicked.connect(self.regenerate_requested)
        self.state = QLabel(self)
        self.state.setObjectName(f"{name}_state")
        self.preview = QTextBrowser(self)
        self.preview.setObjectName(f"{name}_preview")
        self.preview.setAccessibleName(self.tr("Preview: {title}").format(title=title))
        self.preview.setAccessibleDescription(
            self.tr("How the text reads once pasted into the ticket (read-only).")
        )
        self.preview.setOpenLinks(False)
        self._build_layout()

    def _build_layout(self) -> None:
        editor = QWidget(self)
        column = QVBoxLayout(editor)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.edit, 1)
        row = QHBoxLayout()
        row.addWidget(self.state, 1)
        row.addWidget(self.regenerate)
        column.addLayout(row)
        preview = QWidget(self)
        preview_column = QVBoxLayout(preview)
        preview_column.setContentsMargins(0, 0, 0, 0)
        preview_column.addWidget(QLabel(self.tr("Preview"), preview))
        preview_column.addWidget(self.preview, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(editor)
        splitter.addWidget(preview)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(splitter, 1)

    def add_widget(self, widget: QWidget) -> None:
        """Add a page-specific control under the preview (e.g. "not needed")."""
        self._layout.addWidget(widget)

    def show_text(self, text: str, edited: bool, preview: str | None = None) -> None:
        """Render the model's text; never replaces what the engineer is typing."""
        typing = edited and self.edit.hasFocus()
        if not typing:
            sync_plain(self.edit, text)
        self.state.setText(
            self.tr("Edited by you: kept as you wrote it.")
            if edited
            else self.tr("Written from the fields: follows your changes.")
        )
        shown = preview_html(text if preview is None else preview)
        if self.preview.property("shown") != shown:
            self.preview.setHtml(shown)
            self.preview.setProperty("shown", shown)

    def set_available(self, available: bool) -> None:
        """Grey out the editor and button (e.g. the user message is not needed)."""
        self.edit.setEnabled(available)
        self.regenerate.setEnabled(available)
