"""Entry point of the ``handoff`` program (and ``python -m handoff``).

Command-line work goes to :mod:`handoff.cli`, which never imports Qt; only
``handoff`` with no command and ``handoff open FILE`` import the desktop app, and
only then, so scripts and RMM tools start fast and work where Qt cannot load.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Handoff uses no pydantic plugins; looking for them scans every installed package's
# entry points, which costs start-up time on each run (pydantic's documented switch).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from handoff import cli  # after the environment is set


def _run_gui(open_path: Path | None) -> int:
    if open_path is not None and not open_path.is_file():
        cli.error(f"no such package: {open_path}")
        return cli.EXIT_UNREADABLE
    try:
        from handoff.ui.app import run_gui  # noqa: PLC0415 - Qt loads only for the app
    except ImportError as exc:  # PySide6 or a system library missing
        cli.error(f"the Handoff app cannot start here: {exc}")
        return cli.EXIT_NO_GUI
    return run_gui(open_path=open_path)


def main() -> None:
    ns = cli.parse(sys.argv[1:])
    if cli.wants_gui(ns):
        cli.apply_globals(ns)
        sys.exit(_run_gui(ns.package if ns.command == "open" else None))
    sys.exit(cli.run(ns))


if __name__ == "__main__":
    main()
