"""Handoff: hand an in-progress MSP ticket to the next technician, cleanly."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("handoff")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

APP_NAME = "Handoff"
