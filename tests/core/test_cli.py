"""The command line is a contract for scripts: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from handoff import __version__, cli, paths
from handoff.example import example_handoff
from handoff.model import SCHEMA_VERSION, Attachment, Handoff
from handoff.package import open_package

Run = tuple[int, str, str]


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> Run:
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_error(err: str, *fragments: str) -> None:
    """Every error line is 'handoff: error: ...'; the last one names the reason."""
    lines = err.splitlines()
    assert lines and all(line.startswith("handoff: error: ") for line in lines), err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in lines[-1], lines[-1]


@pytest.fixture
def draft_file(tmp_path: Path, example: Handoff) -> Path:
    """The worked example as a draft (notes not yet generated, as a script would write it)."""
    path = tmp_path / "draft.json"
    path.write_text(example.to_json(), encoding="utf-8")
    return path


@pytest.fixture
def attachment(tmp_path: Path) -> Path:
    path = tmp_path / "PanGPS.log"
    path.write_bytes(b"09:14 Authentication failed: user not in allowed group\n" * 50)
    return path


@pytest.fixture
def package(
    tmp_path: Path, example: Handoff, attachment: Path, capsys: pytest.CaptureFixture[str]
) -> Path:
    """A real exported package with one attachment."""
    example.attachments = [Attachment(name=attachment.name, source=str(attachment))]
    draft = tmp_path / "with-attachment.json"
    draft.write_text(example.to_json(), encoding="utf-8")
    out = tmp_path / "out.handoff.zip"
    assert cli.main(["export", str(draft), "-o", str(out)]) == 0
    capsys.readouterr()
    return out


def tamper(package: Path, name_ends_with: str) -> str:
    """Rewrite the zip with one byte of a member changed; returns the member's name."""
    with zipfile.ZipFile(package) as zf:
        members = [(info, zf.read(info)) for info in zf.infolist()]
    target = next(info.filename for info, _ in members if info.filename.endswith(name_ends_with))
    with zipfile.ZipFile(package, "w", zipfile.ZIP_DEFLATED) as zf:
        for info, data in members:
            changed = bytes([data[0] ^ 0x01]) + data[1:] if info.filename == target else data
            zf.writestr(info, changed)
    return target


# -- global options and the GUI hand-off ------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"handoff {__version__}\n", "")


def test_gui_commands_are_left_to_the_entry_point(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main([]) == cli.RUN_GUI
    assert cli.main(["open", "x.handoff.zip"]) == cli.RUN_GUI
    ns = cli.parse(["open", "x.handoff.zip"])
    assert cli.wants_gui(ns) and ns.package == Path("x.handoff.zip")
    assert cli.parse([]).command == "gui"
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("before", [True, False])
def test_data_dir_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, before: bool
) -> None:
    folder = tmp_path / "elsewhere"
    option = ["--data-dir", str(folder)]
    argv = [*option, "schema"] if before else ["schema", *option]
    assert run(capsys, *argv)[0] == 0
    assert paths.data_dir() == folder


def test_usage_error_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "lint")
    assert code == 2 and out == ""
    assert_one_error(err, "required", "--help")
    assert len(err.splitlines()) == 1


# -- example, schema, lint ------------------------------------------------------------


def test_example_is_a_complete_clean_draft(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "example")
    assert (code, err) == (0, "")
    handoff = Handoff.model_validate_json(out)
    assert handoff.next_tech_note.text and handoff.user_message.text
    draft = tmp_path / "example.json"
    draft.write_text(out, encoding="utf-8")
    assert run(capsys, "lint", draft) == (0, f"{draft}: no findings\n", "")


def test_schema_describes_the_draft_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and {"steps_taken", "schema_version"} <= set(schema["properties"])


def test_lint_generates_notes_before_checking(
    capsys: pytest.CaptureFixture[str], draft_file: Path
) -> None:
    assert run(capsys, "lint", draft_file)[0] == 0


def test_lint_lists_findings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example: Handoff
) -> None:
    example.summary = "TBD"
    example.steps_taken[0].result = ""
    draft = tmp_path / "d.json"
    draft.write_text(example.to_json(), encoding="utf-8")
    code, out, err = run(capsys, "lint", draft)
    assert (code, err) == (1, "")
    assert "[vague] summary: Summary is vague" in out
    assert "[vague] steps_taken.0.result: Step 1 has no result" in out
    code, out, _ = run(capsys, "lint", draft, "--json")
    rows = json.loads(out)
    assert code == 1
    assert {"vague-text", "summary-no-finding", "step-no-result"} == {r["code"] for r in rows}
    assert set(rows[0]) == {"code", "severity", "section", "field", "message", "hint", "line"}


def _newer(tmp_path: Path) -> Path:
    data = json.loads(example_handoff().to_json())
    data["schema_version"] = SCHEMA_VERSION + 1
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


BAD_DRAFTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "missing": (lambda tmp: tmp / "nope.json", "cannot read"),
    "directory": (lambda tmp: tmp, "cannot read"),
    "not json": (lambda tmp: _write(tmp / "x.json", "{oops"), "not valid JSON"),
    "not a handoff": (lambda tmp: _write(tmp / "x.json", '{"schema_version": 1, "a": 1}'), "a:"),
    "newer schema": (_newer, "newer version of Handoff"),
}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["lint", "export"])
@pytest.mark.parametrize("case", sorted(BAD_DRAFTS))
def test_unreadable_draft_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, case: str
) -> None:
    make, reason = BAD_DRAFTS[case]
    if command == "lint":
        code, out, err = run(capsys, command, make(tmp_path))
    else:
        code, out, err = run(capsys, command, make(tmp_path), "-o", tmp_path / "o.handoff.zip")
    assert (code, out) == (2, "")
    assert_one_error(err, reason)
    assert not (tmp_path / "o.handoff.zip").exists()


def test_unexpected_failure_is_one_line_exit_4(
    capsys: pytest.CaptureFixture[str], draft_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("kaboom\nsecond line")

    monkeypatch.setattr(cli, "lint", boom)
    code, _, err = run(capsys, "lint", draft_file)
    assert code == 4
    assert err == "handoff: error: unexpected RuntimeError: kaboom second line\n"


# -- export ----------------------------------------------------------------------------


def test_export_writes_the_package(
    capsys: pytest.CaptureFixture[str], draft_file: Path, tmp_path: Path
) -> None:
    out_file = tmp_path / "custom.handoff.zip"
    code, out, err = run(capsys, "export", draft_file, "-o", out_file)
    assert (code, out, err) == (0, f"{out_file}\n", "")
    opened = open_package(out_file)
    assert opened.ok and opened.manifest.package.lint_override is None
    assert opened.handoff.next_tech_note.text  # generated before export


def test_export_into_a_folder_or_the_current_one(
    capsys: pytest.CaptureFixture[str],
    draft_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    code, out, _ = run(capsys, "export", draft_file, "-o", folder)
    written = Path(out.strip())
    assert code == 0 and written.parent == folder and written.name.startswith("T-20418-")
    assert written.name.endswith(".handoff.zip")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    code, out, _ = run(capsys, "export", draft_file)
    assert code == 0 and Path(out.strip()).parent == cwd and Path(out.strip()).is_file()


def test_export_refuses_findings_unless_accepted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example: Handoff
) -> None:
    example.remaining_steps[0].owner = ""
    draft = _write(tmp_path / "d.json", example.to_json())
    target = tmp_path / "p.handoff.zip"
    code, out, err = run(capsys, "export", draft, "-o", target)
    assert (code, out) == (1, "")
    assert_one_error(err, "1 quality-check finding", "--accept-findings")
    assert "remaining_steps.0.owner" in err.splitlines()[0]
    assert not target.exists() and list(tmp_path.glob("*.zip")) == []

    code, out, err = run(capsys, "export", draft, "-o", target, "--accept-findings")
    assert (code, out) == (0, f"{target}\n")
    assert err.startswith("handoff: warning: exporting with 1 finding(s) accepted by Dana Onsite")
    override = open_package(target).manifest.package.lint_override
    assert override is not None and override.confirmed_by == "Dana Onsite"
    assert len(override.findings) == 1 and override.findings[0].startswith(
        "remaining_steps.0.owner: Remaining step 1 has no owner"
    )


def test_export_refuses_missing_attachments(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, example: Handoff
) -> None:
    gone = tmp_path / "gone.png"
    example.attachments = [Attachment(name="gone.png", source=str(gone))]
    draft = _write(tmp_path / "d.json", example.to_json())
    code, out, err = run(capsys, "export", draft, "-o", tmp_path, "--accept-findings")
    assert (code, out) == (1, "")
    assert_one_error(err, "1 attachment(s) missing or unreadable")
    assert "gone.png" in err.splitlines()[0]
    assert list(tmp_path.glob("*.zip")) == []


def test_export_write_failure_exits_3(
    capsys: pytest.CaptureFixture[str], draft_file: Path, tmp_path: Path
) -> None:
    not_a_folder = _write(tmp_path / "file.txt", "x")
    code, out, err = run(capsys, "export", draft_file, "-o", not_a_folder / "p.handoff.zip")
    assert (code, out) == (3, "")
    assert_one_error(err, "cannot write")


# -- verify and show ---------------------------------------------------------------------


def test_verify_intact(capsys: pytest.CaptureFixture[str], package: Path) -> None:
    code, out, err = run(capsys, "verify", package)
    assert (code, err) == (0, "")
    assert out.startswith("intact: ") and "file(s)" in out


def test_verify_and_show_tampered(capsys: pytest.CaptureFixture[str], package: Path) -> None:
    member = tamper(package, "PanGPS.log")
    code, out, err = run(capsys, "verify", package)
    assert code == 1
    assert f"tampered: {member}" in out.splitlines()
    assert_one_error(err, "not intact")
    code, out, err = run(capsys, "show", package)
    assert code == 1
    assert out.startswith("@netops Handoff of T-20418")
    assert err.startswith("handoff: warning: ") and "handoff verify" in err


@pytest.mark.parametrize("command", ["verify", "show"])
def test_not_a_package_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    fake = _write(tmp_path / "fake.handoff.zip", "this is not a zip")
    code, out, err = run(capsys, command, fake)
    assert (code, out) == (2, "")
    assert_one_error(err, str(fake))
    code, out, err = run(capsys, command, tmp_path / "missing.handoff.zip")
    assert (code, out) == (2, "")
    assert_one_error(err)


def test_show_prints_the_note(capsys: pytest.CaptureFixture[str], package: Path) -> None:
    code, out, err = run(capsys, "show", package)
    assert (code, err) == (0, "")
    assert out.startswith("@netops Handoff of T-20418")
    assert "ALREADY DONE" in out


# -- as a real process -------------------------------------------------------------------


def handoff_process(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "handoff", *map(str, argv)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_process_example_then_lint(tmp_path: Path) -> None:
    result = handoff_process("--data-dir", tmp_path / "data", "example")
    assert (result.returncode, result.stderr) == (0, "")
    assert Handoff.model_validate_json(result.stdout).ticket.id == "T-20418"


@pytest.mark.parametrize(
    ("case", "reason"),
    [("not json", "not valid JSON"), ("newer schema", "newer version")],
)
def test_process_unreadable_draft(tmp_path: Path, case: str, reason: str) -> None:
    make, _ = BAD_DRAFTS[case]
    result = handoff_process("lint", make(tmp_path))
    assert (result.returncode, result.stdout) == (2, "")
    assert_one_error(result.stderr, reason)
    assert len(result.stderr.splitlines()) == 1


def test_process_verify(tmp_path: Path, package: Path) -> None:
    fake = _write(tmp_path / "fake.handoff.zip", "PK but not really")
    result = handoff_process("verify", fake)
    assert result.returncode == 2
    assert_one_error(result.stderr, str(fake))
    member = tamper(package, "PanGPS.log")
    result = handoff_process("verify", package)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [f"tampered: {member}"]


def test_cli_never_loads_qt_or_the_ui() -> None:
    code = (
        "import sys, handoff.cli, handoff.__main__\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')"
        " or m.startswith('handoff.ui'))\n"
        "print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_entry_point_runs_commands_and_checks_the_file_to_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from handoff import __main__ as entry

    monkeypatch.setattr(sys, "argv", ["handoff", "schema"])
    with pytest.raises(SystemExit) as info:
        entry.main()
    assert info.value.code == 0 and json.loads(capsys.readouterr().out)["title"] == "Handoff"
    monkeypatch.setattr(sys, "argv", ["handoff", "open", str(tmp_path / "gone.handoff.zip")])
    with pytest.raises(SystemExit) as info:
        entry.main()  # refused before Qt is loaded
    assert info.value.code == 2
    assert_one_error(capsys.readouterr().err, "no such package")
