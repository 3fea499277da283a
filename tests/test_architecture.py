"""The layering rules hold: the core and the CLI never import Qt or the UI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE_MODULES = [
    "handoff.model", "handoff.migrations", "handoff.paths", "handoff.resources",
    "handoff.atomic", "handoff.example", "handoff.lint", "handoff.drafts", "handoff.notes",
    "handoff.package", "handoff.cli", "handoff.evidence.evtx", "handoff.evidence.redact",
    "handoff.evidence.nettests", "handoff.evidence.vpnlogs", "handoff.evidence.images",
    "handoff.delivery.commands", "handoff.recent", "handoff.applog", "handoff.diagnostics",
]  # fmt: skip


def test_import_linter_contracts_hold() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_core_and_cli_load_no_qt_at_run_time() -> None:
    """Beyond static imports: importing the core pulls no Qt module in at all."""
    code = (
        "import sys\n"
        f"for name in {CORE_MODULES!r}: __import__(name)\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6'})\n"
        "print(qt); sys.exit(1 if qt else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
