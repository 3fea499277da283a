"""Test helpers shared across test folders (no fixtures here: see conftest.py)."""
