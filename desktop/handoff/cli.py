"""The ``handoff`` command line: what scripts and RMM tools call.

Subcommands, options and exit codes are a public contract; keep them stable.

=====  ==========================================================================
code   meaning
=====  ==========================================================================
0      success: clean lint, package written, package intact
1      lint findings; export refused (findings without ``--accept-findings``,
       missing or unreadable attachments); package not intact (verify, show)
2      usage error, or the input cannot be read / is not a valid handoff draft
       or package (including one written by a newer Handoff)
3      export / diagnostics: writing the file failed (disk full, read-only folder ...)
4      unexpected internal error (a bug; ``HANDOFF_DEBUG=1`` shows the traceback)
5      the desktop app could not start (``handoff`` / ``handoff open`` only)
130    interrupted (Ctrl+C)
=====  ==========================================================================

``handoff evtx FILE [--since T] [--until T] [--level LEVELS] [--json]`` summarises
a Windows Event Viewer log (.evtx): time span, events by level, top sources and
event IDs, and the events of the incident window (``--since`` / ``--until``, ISO
8601 such as ``2026-11-27T09:00`` or ``2026-11-27 09:00+01:00``; a time without a
zone is local time; either may be left open) at the chosen levels (``--level``,
comma-separated: critical, error, warning, information, verbose; default
critical,error,warning).  Exit 0 when the log was read, even if damaged parts
had to be skipped (their count is a ``handoff: warning:`` line on stderr); 2
when the file is not an .evtx or cannot be read; 2 for a bad time or level.
Text output lists the newest 50 events of the window; ``--json`` gives all kept
events (the latest 5,000) with UTC times.

``handoff diagnostics [-o FILE|DIR]`` writes the diagnostics zip for the MSP's
internal IT (versions, the app's log, settings with secrets removed, a listing of
drafts and outbox items without their content; see docs/diagnostics.md) and
prints its path.  Default: ``handoff-diagnostics-<date>-<time>.zip`` in the
current folder.  Exit 0, or 3 when the zip cannot be written.

Every error is one line on stderr, ``handoff: error: <reason>``, never a
traceback; stdout carries only the command's output (a written package's path,
JSON, a note) so scripts can capture it.

This module uses only the core and never imports the UI or Qt: ``handoff`` with no
subcommand and ``handoff open FILE`` start the desktop app, which
:mod:`handoff.__main__` does (``main()`` here returns :data:`RUN_GUI` for them).
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from handoff import __version__, diagnostics, notes, paths
from handoff.delivery import cli_args
from handoff.evidence.evtx import EvtxError, parse_levels, scan_evtx
from handoff.evidence.evtx_report import summary_dict, summary_text
from handoff.example import example_handoff
from handoff.lint import Finding, lint
from handoff.migrations import HandoffFormatError, handoff_from_json
from handoff.model import Handoff, utc_now
from handoff.package import (
    ExportError,
    LintOverride,
    MissingAttachmentsError,
    OpenedPackage,
    PackageError,
    check_attachments,
    export_package,
    open_package,
    package_file_name,
)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2
EXIT_USAGE = 2
EXIT_WRITE_FAILED = 3
EXIT_INTERNAL = 4
EXIT_NO_GUI = 5
EXIT_INTERRUPTED = 130

RUN_GUI = -1
"""Returned by :func:`main` for ``handoff`` / ``handoff open``: the caller starts the app."""

GUI_COMMANDS = frozenset({"gui", "open"})


class CliError(Exception):
    """Ends a command with a one-line reason on stderr and an exit code."""

    def __init__(self, reason: str, code: int) -> None:
        super().__init__(reason)
        self.code = code


def error(reason: str, *, label: str = "error") -> None:
    """Print ``handoff: error: <reason>`` to stderr, always on one line."""
    one_line = " ".join(str(reason).split("\n")).strip()
    print(f"handoff: {label}: {one_line}", file=sys.stderr)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (no usage dump) like every other error."""

    def error(self, message: str) -> NoReturn:
        error(f"{message} (see 'handoff --help')")
        raise SystemExit(EXIT_USAGE)


def _add_commands(sub: argparse._SubParsersAction[_Parser], common: _Parser) -> None:
    def add(name: str, help_text: str) -> _Parser:
        return sub.add_parser(name, parents=[common], help=help_text, description=help_text)

    add("open", "open a handoff package in the app").add_argument("package", type=Path)
    add("example", "print a complete example draft as JSON")
    add("schema", "print the JSON Schema of the draft format")
    p = add("lint", "check a draft against the handoff best practices")
    p.add_argument("draft", type=Path, metavar="DRAFT.json")
    p.add_argument("--json", action="store_true", help="print the findings as a JSON list")
    p = add("export", "write a draft as a handoff package (.handoff.zip)")
    p.add_argument("draft", type=Path, metavar="DRAFT.json")
    p.add_argument("-o", "--output", metavar="OUT", help="package file or folder (default: .)")
    p.add_argument(
        "--accept-findings",
        action="store_true",
        help="export despite quality-check findings (recorded in the package)",
    )
    add("verify", "check a package's files against its manifest").add_argument("package", type=Path)
    add("show", "print a package's note for the next tech").add_argument("package", type=Path)
    _add_evtx(add("evtx", "summarise a Windows Event Viewer log (.evtx)"))
    p = add("diagnostics", "write a diagnostics zip (log, versions, settings; no secrets)")
    p.add_argument("-o", "--output", metavar="OUT", help="zip file or folder (default: .)")
    cli_args.register(sub, parents=[common])  # post, outbox, connections


def _add_evtx(p: _Parser) -> None:
    p.add_argument("file", type=Path, metavar="FILE")
    when = "ISO 8601, e.g. 2026-11-27T09:00; local time when no zone is given"
    p.add_argument("--since", metavar="T", help=f"start of the incident window ({when})")
    p.add_argument("--until", metavar="T", help=f"end of the incident window ({when})")
    p.add_argument(
        "--level",
        default="critical,error,warning",
        metavar="LEVELS",
        help="levels to list, comma-separated: critical, error, warning, information, verbose "
        "(default: critical,error,warning)",
    )
    p.add_argument("--json", action="store_true", help="print the summary as JSON")


def build_parser() -> argparse.ArgumentParser:
    data_dir_help = "use DIR for drafts and settings instead of the per-user folder"
    # --data-dir is accepted before or after the subcommand; SUPPRESS keeps the
    # subcommand's copy from resetting a value given before it.
    common = _Parser(add_help=False)
    common.add_argument(
        "--data-dir", type=Path, metavar="DIR", default=argparse.SUPPRESS, help=data_dir_help
    )
    parser = _Parser(
        prog="handoff",
        description="Hand an in-progress ticket to the next technician. "
        "Without a command, starts the app.",
    )
    parser.add_argument("--data-dir", type=Path, metavar="DIR", default=None, help=data_dir_help)
    parser.add_argument("--version", action="version", version=f"handoff {__version__}")
    _add_commands(parser.add_subparsers(dest="command", metavar="COMMAND"), common)
    return parser


def parse(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse the command line; ``command`` is ``"gui"`` when none is given.

    Raises SystemExit for ``--help``, ``--version`` and usage errors, as argparse does.
    """
    ns = build_parser().parse_args(argv)
    if ns.command is None:
        ns.command = "gui"
    return ns


def wants_gui(ns: argparse.Namespace) -> bool:
    return ns.command in GUI_COMMANDS


def apply_globals(ns: argparse.Namespace) -> None:
    """Apply the global options (``--data-dir``) before any command or the app runs."""
    if ns.data_dir is not None:
        paths.set_data_dir(Path(ns.data_dir).expanduser().absolute())


# -- commands ------------------------------------------------------------------


def _load_draft(path: Path) -> Handoff:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read {path}: {_reason(exc)}", EXIT_UNREADABLE) from None
    try:
        return handoff_from_json(data)
    except HandoffFormatError as exc:
        raise CliError(f"{path}: {exc}", EXIT_UNREADABLE) from None


def _open(path: Path) -> OpenedPackage:
    try:
        return open_package(path)
    except PackageError as exc:
        raise CliError(f"{path}: {exc}", EXIT_UNREADABLE) from None
    except OSError as exc:
        raise CliError(f"cannot read {path}: {_reason(exc)}", EXIT_UNREADABLE) from None


def _format(finding: Finding) -> str:
    return f"[{finding.severity.value}] {finding.one_line()}"


def _cmd_example(ns: argparse.Namespace) -> int:
    handoff = example_handoff()
    notes.refresh_generated(handoff)
    print(handoff.to_json())
    return EXIT_OK


def _cmd_schema(ns: argparse.Namespace) -> int:
    print(json.dumps(Handoff.model_json_schema(), indent=2))
    return EXIT_OK


def _cmd_lint(ns: argparse.Namespace) -> int:
    """Lint as the export would: generated notes are refreshed first (in memory only)."""
    handoff = _load_draft(ns.draft)
    notes.refresh_generated(handoff)
    findings = lint(handoff)
    if ns.json:
        rows = [{**dataclasses.asdict(f), "line": f.one_line()} for f in findings]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    elif findings:
        print("\n".join(_format(f) for f in findings))
    else:
        print(f"{ns.draft}: no findings")
    return EXIT_FINDINGS if findings else EXIT_OK


def _export_target(output: str | None, handoff: Handoff) -> Path:
    if output is None:
        return Path.cwd() / package_file_name(handoff)
    target = Path(output).expanduser()
    if target.is_dir() or output.endswith(("/", os.sep)):
        return target / package_file_name(handoff)
    return target


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name (some services, containers)
        return "unknown"


def _accepted(handoff: Handoff, findings: list[Finding], accept: bool) -> LintOverride | None:
    """The lint override to record, or CliError when findings block the export."""
    if not findings:
        return None
    if not accept:
        for finding in findings:
            error(_format(finding))
        raise CliError(
            f"not exported: {len(findings)} quality-check finding(s); "
            "fix them or pass --accept-findings",
            EXIT_FINDINGS,
        )
    by = handoff.author.strip() or _login_name()
    error(f"exporting with {len(findings)} finding(s) accepted by {by}", label="warning")
    return LintOverride(confirmed_by=by, at=utc_now(), findings=[f.one_line() for f in findings])


def _missing_attachments(problems: Sequence[str]) -> CliError:
    """The error that ends the export: every missing / unreadable attachment, on one line."""
    return CliError(
        f"not exported: {len(problems)} attachment(s) missing or unreadable: "
        + "; ".join(problems),
        EXIT_FINDINGS,
    )


def _cmd_export(ns: argparse.Namespace) -> int:
    handoff = _load_draft(ns.draft)
    notes.refresh_generated(handoff)
    if problems := check_attachments(handoff):
        raise _missing_attachments(problems)
    override = _accepted(handoff, lint(handoff), ns.accept_findings)
    target = _export_target(ns.output, handoff)
    try:
        result = export_package(handoff, target, override=override)
    except MissingAttachmentsError as exc:  # a file vanished since the check
        raise _missing_attachments(exc.problems or [str(exc)]) from None
    except ExportError as exc:
        raise CliError(str(exc), EXIT_WRITE_FAILED) from None  # names the path already
    except OSError as exc:
        raise CliError(f"could not write {target}: {_reason(exc)}", EXIT_WRITE_FAILED) from None
    print(result.path)
    return EXIT_OK


def _cmd_verify(ns: argparse.Namespace) -> int:
    opened = _open(ns.package)
    if opened.problems:
        for problem in opened.problems:
            print(f"{problem.kind}: {problem.path}")
        error(f"{ns.package}: not intact: {len(opened.problems)} problem(s)")
        return EXIT_FINDINGS
    print(f"intact: {len(opened.manifest.package.files)} file(s) match the manifest")
    return EXIT_OK


def _cmd_show(ns: argparse.Namespace) -> int:
    opened = _open(ns.package)
    handoff = opened.handoff
    print(handoff.next_tech_note.text or notes.render_next_tech_note(handoff))
    if opened.problems:
        error(
            f"{ns.package} is not intact ({len(opened.problems)} problem(s)); "
            f"run 'handoff verify {ns.package}'",
            label="warning",
        )
        return EXIT_FINDINGS
    return EXIT_OK


def parse_time(text: str | None, option: str) -> datetime | None:
    """ISO 8601 with or without a zone; a time without one is this machine's local time."""
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CliError(
            f"{option}: {text!r} is not a date and time (use ISO 8601, e.g. 2026-11-27T09:00)",
            EXIT_USAGE,
        ) from None
    return value.astimezone() if value.tzinfo is None else value


_EVTX_TEXT_EVENTS = 50


def _cmd_evtx(ns: argparse.Namespace) -> int:
    since, until = parse_time(ns.since, "--since"), parse_time(ns.until, "--until")
    if since and until and since > until:
        raise CliError("--since is after --until", EXIT_USAGE)
    try:
        levels = parse_levels(ns.level)
    except ValueError as exc:
        raise CliError(f"--level: {exc}", EXIT_USAGE) from None
    try:
        summary = scan_evtx(ns.file, since=since, until=until, levels=levels)
    except EvtxError as exc:
        raise CliError(f"{ns.file}: {exc}", EXIT_UNREADABLE) from None
    if ns.json:
        print(json.dumps(summary_dict(summary), indent=2, ensure_ascii=False))
    else:
        print(summary_text(summary, events=_EVTX_TEXT_EVENTS), end="")
    if summary.skipped:
        first = summary.problems[0] if summary.problems else "damaged data"
        error(f"{ns.file}: skipped {summary.skipped} damaged part(s): {first}", label="warning")
    return EXIT_OK


def _cmd_diagnostics(ns: argparse.Namespace) -> int:
    name = diagnostics.default_name()
    if ns.output is None:
        target = Path.cwd() / name
    else:
        target = Path(ns.output).expanduser()
        if target.is_dir() or ns.output.endswith(("/", os.sep)):
            target = target / name
    try:
        diagnostics.write_zip(target)
    except OSError as exc:
        raise CliError(f"could not write {target}: {_reason(exc)}", EXIT_WRITE_FAILED) from None
    print(target)
    return EXIT_OK


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "example": _cmd_example,
    "schema": _cmd_schema,
    "lint": _cmd_lint,
    "export": _cmd_export,
    "verify": _cmd_verify,
    "show": _cmd_show,
    "evtx": _cmd_evtx,
    "diagnostics": _cmd_diagnostics,
}


def run(ns: argparse.Namespace) -> int:
    """Run a parsed non-GUI command; every failure becomes one stderr line and a code."""
    apply_globals(ns)
    if ns.command in cli_args.COMMANDS:
        # Posting pulls in the HTTP stack and the connectors: only when asked for.
        from handoff.delivery import commands  # noqa: PLC0415

        return commands.run(ns)
    command = _COMMANDS.get(ns.command)
    if command is None:
        error(f"'{ns.command}' starts the app; run it with the handoff program")
        return EXIT_USAGE
    try:
        return command(ns)
    except CliError as exc:
        error(str(exc))
        return exc.code
    except KeyboardInterrupt:
        error("interrupted")
        return EXIT_INTERRUPTED
    except Exception as exc:  # the contract is one line, never a traceback
        if os.environ.get("HANDOFF_DEBUG"):
            raise
        error(f"unexpected {type(exc).__name__}: {exc}")
        return EXIT_INTERNAL


def main(argv: Sequence[str] | None = None) -> int:
    """Parse and run; :data:`RUN_GUI` for the commands that start the app."""
    try:
        ns = parse(argv)
    except SystemExit as exc:  # --help, --version, usage error
        return exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else 2)
    if wants_gui(ns):
        return RUN_GUI
    return run(ns)
