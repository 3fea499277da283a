"""Handoff: hand an in-progress MSP ticket to the next technician, cleanly."""

APP_NAME = "Handoff"

__version__ = "0.1.0"
"""The one place the version lives: ``pyproject.toml`` reads it from here (hatch)."""
