"""Translations: Qt's ``tr`` throughout the UI; catalogues load from resources/translations.

:func:`install_translator` is called once from ``ui.app.application``.  It loads
``handoff_<language>.qm`` for the OS locale when one ships (English, the source
language, needs none) and Qt's own ``qtbase`` catalogue, so the standard buttons
and dialogs (OK, Cancel, the file chooser) speak the same language.
``HANDOFF_TRANSLATIONS`` points at another folder of ``.qm`` files (translators
try their work without a rebuild; the pseudo-translation test uses it).
Core strings (quality-check messages, the CLI, the notes) stay English.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from handoff.resources import resource_path

log = logging.getLogger(__name__)

CATALOGUE = "handoff"
TRANSLATIONS_ENV = "HANDOFF_TRANSLATIONS"
"""A folder of ``handoff_<lang>.qm`` files to use instead of the shipped ones."""


def translations_dir() -> Path:
    override = os.environ.get(TRANSLATIONS_ENV)
    return Path(override) if override else resource_path("translations")


def install_translator(app: QApplication, locale: QLocale | None = None) -> list[QTranslator]:
    """Load the catalogues for ``locale`` (default: the OS's); returns those installed.

    Qt's ``qtbase`` catalogue only together with ours: on a German Windows without a
    German Handoff catalogue, "Abbrechen" beside English text would be worse than
    English throughout.
    """
    locale = locale or QLocale()
    installed: list[QTranslator] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name, folder in ((CATALOGUE, str(translations_dir())), ("qtbase", qt_dir)):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            translator.deleteLater()
            break  # no Handoff catalogue for this language: stay English throughout
    log.debug("translations for %s: %d catalogue(s)", locale.name(), len(installed))
    return installed
