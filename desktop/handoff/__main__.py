"""Entry point of the ``handoff`` program (and ``python -m handoff``).

Command-line work goes to :mod:`handoff.cli`, which never imports Qt; only
``handoff`` with no command and ``handoff open FILE`` import the desktop app, and
only then, so scripts and RMM tools start fast and work where Qt cannot load.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
from collections.abc import Sequence
from pathlib import Path

# Handoff uses no pydantic plugins; looking for them scans every installed package's
# entry points, which costs start-up time on each run (pydantic's documented switch).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from handoff import __version__, cli, paths  # after the environment is set


def _qt_line() -> str:
    """``Qt 6.x (PySide6 6.x)``, or why Qt cannot load here (``--version`` still exits 0)."""
    try:
        from handoff.ui.qt_version import qt_line  # noqa: PLC0415 - Qt loads only when asked for
    except ImportError as exc:  # PySide6 or a system library missing
        detail = " ".join(str(exc).split()) or type(exc).__name__
        return f"Qt not available ({detail})"
    return qt_line()


def version_text() -> str:
    """Three lines; the first stays ``handoff <version>`` because scripts parse it."""
    python = f"Python {platform.python_version()} ({platform.python_implementation()})"
    return f"handoff {__version__}\n{_qt_line()}\n{python} on {platform.platform()}\n"


def wants_version(argv: Sequence[str]) -> bool:
    """``--version`` among the global options, before any subcommand."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--version":
            return True
        elif arg == "--data-dir":
            skip = True
        elif not arg.startswith("-"):
            return False
    return False


def _run_gui(open_path: Path | None) -> int:
    if open_path is not None and not open_path.is_file():
        cli.error(f"no such package: {open_path}")
        return cli.EXIT_UNREADABLE
    from handoff import applog  # noqa: PLC0415 - the GUI process keeps a log file

    try:
        applog.configure()
    except OSError as exc:  # an unwritable data folder: the app still runs, unlogged
        cli.error(f"cannot write the log file: {exc.strerror or exc}", label="warning")
    try:
        from handoff.ui.app import run_gui  # noqa: PLC0415 - Qt loads only for the app
        from handoff.ui.crash_dialog import install_message_handler  # noqa: PLC0415
    except ImportError as exc:  # PySide6 or a system library missing
        cli.error(f"the Handoff app cannot start here: {exc}")
        return cli.EXIT_NO_GUI
    install_message_handler()  # Qt's warnings to the log; only here, never in tests
    logging.getLogger("handoff").info(
        "Handoff %s starting; %s; data folder %s",
        __version__, " / ".join(version_text().splitlines()[1:]), paths.data_dir(),
    )  # fmt: skip
    try:
        return run_gui(open_path=open_path)
    finally:
        applog.shutdown()


def main() -> None:
    if wants_version(sys.argv[1:]):
        sys.stdout.write(version_text())
        sys.exit(cli.EXIT_OK)
    ns = cli.parse(sys.argv[1:])
    if cli.wants_gui(ns):
        cli.apply_globals(ns)
        sys.exit(_run_gui(ns.package if ns.command == "open" else None))
    sys.exit(cli.run(ns))


if __name__ == "__main__":
    main()
