"""Every user-visible UI string goes through Qt's translation, and a catalogue really loads.

(a) An AST scan of ``desktop/handoff/ui``: a string literal (or f-string) passed
straight to a text-setting call fails the test, with file and line.
(b) ``pyside6-lupdate`` extracts the messages (the template ``handoff.ts``).
(c) A pseudo-translation (every string wrapped in ⟦…⟧), compiled with
``pyside6-lrelease`` and installed the way the app does, shows up in the wizard.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from handoff.ui import i18n
from handoff.ui.dialogs import tr
from handoff.ui.wizard import PageId

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "desktop" / "handoff" / "ui"
sys.path.insert(0, str(ROOT / "scripts"))

import update_translations  # noqa: E402 - the script lives in scripts/

TEXT_METHODS = {
    "setText", "setWindowTitle", "setToolTip", "setPlaceholderText", "setAccessibleName",
    "setAccessibleDescription", "setTitle", "setSubTitle", "setStatusTip", "setWhatsThis",
    "addAction", "addMenu", "addItem", "addTab", "setTabText", "setButtonText",
    "setLabelText", "setInformativeText", "setDetailedText", "setHeaderLabels",
    "setCancelButtonText", "setWindowIconText", "showMessage", "setSpecialValueText",
    "setPrefix", "setSuffix",
}  # fmt: skip
TEXT_CLASSES = {
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QMenu",
    "QToolButton", "QCommandLinkButton", "QToolBar",
}  # fmt: skip
MESSAGE_BOX = {"information", "warning", "critical", "question", "about"}
ALLOWED = re.compile(r"^(?:<[^>]*>|[\s\W\d])*$")
"""Strings with no letters outside markup (dashes, numbers, empty links) need no translation."""
ALLOWED_CALLS = {"addItem"}
"""Calls whose literal arguments are data, not language, when the second is user data."""


def _literal_text(node: ast.expr) -> str | None:
    """The text of a string literal or f-string, else None (a tr() call, a variable)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value for part in node.values
            if isinstance(part, ast.Constant) and isinstance(part.value, str)
        )  # fmt: skip
    return None


def _call_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _text_arguments(call: ast.Call) -> list[ast.expr]:
    """The arguments of ``call`` that a user reads, if it is a text-setting call."""
    name = _call_name(call)
    if name in TEXT_METHODS:
        if name == "addItem" and len(call.args) > 1:
            return call.args[:1]  # (label, data): the label is read
        return call.args[:1] if name != "setHeaderLabels" else list(call.args)
    if name in TEXT_CLASSES:
        return call.args[:1]
    if name in MESSAGE_BOX and isinstance(call.func, ast.Attribute):
        owner = call.func.value
        if isinstance(owner, ast.Name) and owner.id == "QMessageBox":
            return call.args[1:3]
    return [kw.value for kw in call.keywords if kw.arg in {"text", "title", "toolTip"}]


def untranslated(folder: Path = UI) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for argument in _text_arguments(node):
                elements = argument.elts if isinstance(argument, ast.List) else [argument]
                for element in elements:
                    text = _literal_text(element)
                    if text and not ALLOWED.match(text):
                        where = f"{path.relative_to(folder.parent)}:{element.lineno}"
                        found.append(f"{where} {_call_name(node)}({text!r})")
    return found


def test_no_user_visible_literal_bypasses_tr() -> None:
    offenders = untranslated()
    assert not offenders, "Strings shown to the user without tr():\n  " + "\n  ".join(offenders)


def test_the_scan_finds_a_planted_literal(tmp_path: Path) -> None:
    """The scan can fail: a bare literal, an f-string and a message box are caught."""
    (tmp_path / "bad.py").write_text(
        "def build(label, box, QMessageBox, parent):\n"
        "    label.setText('Hello engineer')\n"
        "    box.setTitle(f'Ticket {label}')\n"
        "    QMessageBox.warning(parent, 'Handoff', 'Disk full')\n"
        "    label.setText(label.tr('Fine'))\n"
        "    label.setText('\u2014')\n",
        encoding="utf-8",
    )
    found = untranslated(tmp_path)
    assert len(found) == 4, found  # setText, setTitle, and both message box texts


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("ts") / "handoff.ts"
    update_translations.lupdate(target)
    return target


def test_lupdate_extracts_the_messages(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    assert text.count("<message") > 400
    for context, source in (("TicketPage", "Ticket"), ("StepsPage", "Steps already taken"),
                            ("HandoffWizard", "&amp;Next &gt;"), ("PostDialog", None)):  # fmt: skip
        assert f"<name>{context}</name>" in text
        if source is not None:
            assert f"<source>{source}</source>" in text


def _pseudo(ts_text: str) -> str:
    """Fill every translation with its source wrapped in ⟦…⟧ (mnemonics and %s kept)."""
    root = ElementTree.fromstring(ts_text)  # noqa: S314 - lupdate output made by this test
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        translation.attrib.pop("type", None)
        forms = translation.findall("numerusform")
        for form in forms:
            form.text = f"\u27e6{source}\u27e7"
        if not forms:
            translation.text = f"\u27e6{source}\u27e7"
    return ElementTree.tostring(root, encoding="unicode")


@pytest.fixture
def pseudo_translation(
    template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[Any]]:
    ts_file = tmp_path / "handoff_de.ts"
    ts_file.write_text(_pseudo(template.read_text(encoding="utf-8")), encoding="utf-8")
    update_translations.lrelease(ts_file, tmp_path / "handoff_de.qm")
    monkeypatch.setenv(i18n.TRANSLATIONS_ENV, str(tmp_path))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    installed = i18n.install_translator(app, QLocale(QLocale.Language.German))
    yield installed
    for translator in installed:
        app.removeTranslator(translator)
        translator.deleteLater()


def test_a_translation_shows_in_the_wizard(pseudo_translation: list[Any], make_window: Any) -> None:
    assert len(pseudo_translation) >= 1
    window = make_window()
    wizard = window.wizard
    assert wizard.page(PageId.TICKET).title() == "\u27e6Ticket & summary\u27e7"
    assert wizard.page(PageId.STEPS).title() == "\u27e6Steps already taken\u27e7"
    assert window.actions_by_name["save"].text() == "\u27e6&Save draft\u27e7"
    # The bare tr() of module-level code finds its messages too (the empty context).
    assert tr("API token") == "\u27e6API token\u27e7"


def test_english_needs_no_handoff_catalogue() -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    installed = i18n.install_translator(app, QLocale(QLocale.Language.English))
    for translator in installed:
        app.removeTranslator(translator)
        translator.deleteLater()
    assert installed == []


def test_qt_speaks_the_language_of_a_handoff_catalogue_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """German Qt buttons beside English Handoff text would be worse than English throughout."""
    monkeypatch.setenv(i18n.TRANSLATIONS_ENV, str(tmp_path))  # no handoff_de.qm here
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    installed = i18n.install_translator(app, QLocale(QLocale.Language.German))
    for translator in installed:
        app.removeTranslator(translator)
        translator.deleteLater()
    assert installed == []


def _class_names(folder: Path = UI) -> set[str]:
    names = set()
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names |= {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
    return names


def test_every_extracted_context_is_looked_up_at_runtime(template: Path) -> None:
    """``obj.tr()`` outside obj's class is filed by lupdate under the variable's name, but
    PySide looks it up under obj's class: such strings would never be translated."""
    contexts = set(re.findall(r"<name>(.*?)</name>", template.read_text(encoding="utf-8")))
    stray = sorted(contexts - _class_names() - {""})
    assert not stray, f"contexts no class has (use dialogs.tr there): {stray}"
