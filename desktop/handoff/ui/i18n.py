"""Translations: Qt's ``tr`` throughout the UI; catalogues load from resources/translations.

Seam module: :func:`install_translator` is called once from ``ui.app.application``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def install_translator(app: QApplication) -> None:
    """Load the catalogue for the OS language, if one ships (English needs none)."""
