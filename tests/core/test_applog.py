"""The app's own log: where it goes, that secrets never reach it, and that it never fails loudly."""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from handoff import applog, paths
from tests.helpers.app_log import configured_log

log = logging.getLogger("handoff.test")

TOKEN = "rt-TOKEN/with+plus=42"  # noqa: S105 - a test value


@pytest.fixture
def logfile(data_dir: Path) -> Iterator[Path]:
    with configured_log(logging.DEBUG) as path:
        yield path


def text_of(path: Path) -> str:
    applog.flush()
    return path.read_text(encoding="utf-8")


def test_the_log_lives_in_the_data_folder_with_zoned_timestamps(
    logfile: Path, data_dir: Path
) -> None:
    log.info("hello from the test")

    assert logfile == data_dir / "logs" / "handoff.log"
    [line] = text_of(logfile).splitlines()
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d INFO ", line), line
    assert line.endswith("hello from the test") and "handoff.test" in line


def test_configure_is_idempotent_and_follows_the_data_folder(logfile: Path, tmp_path: Path) -> None:
    applog.configure(logging.DEBUG)
    ours = [h for h in logging.getLogger().handlers if isinstance(h, applog._Handler)]
    assert len(ours) == 1

    paths.set_data_dir(tmp_path / "other")
    moved = applog.configure(logging.DEBUG)
    log.info("in the other folder")
    assert moved == tmp_path / "other" / "logs" / "handoff.log"
    assert "in the other folder" in text_of(moved)
    assert not logfile.exists() or "in the other folder" not in logfile.read_text()


def test_the_level_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(applog.LEVEL_ENV, "debug")
    assert applog.log_level() == logging.DEBUG
    monkeypatch.setenv(applog.LEVEL_ENV, "30")
    assert applog.log_level() == logging.WARNING
    monkeypatch.setenv(applog.LEVEL_ENV, "nonsense")
    assert applog.log_level() == logging.INFO


def test_registered_secrets_are_removed_in_every_form(logfile: Path) -> None:
    applog.register_secret(TOKEN)
    encoded = base64.b64encode(TOKEN.encode()).decode()
    log.info("token %s", TOKEN)
    log.debug("query ?t=%s and form t=%s", quote(TOKEN, safe=""), quote(TOKEN))
    log.debug("bare base64 %s", encoded)
    try:
        raise RuntimeError(f"the server echoed {TOKEN}")
    except RuntimeError:
        log.exception("posting failed")
    log.warning("headers %r", {"Authorization": f"token {TOKEN}"})

    text = text_of(logfile)
    for form in (TOKEN, quote(TOKEN, safe=""), encoded):
        assert form not in text
    assert text.count(applog.REDACTED) >= 6 and "[secret]]" not in text
    assert "Traceback" in text and "RuntimeError: the server echoed [secret]" in text


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("Authorization: Basic YWNtZStwdWI6cHJpdmF0ZQ==", "Authorization: "),
        ("{'Authorization': 'Bearer eyJhbGciOi.abc.def'}", "'Authorization': "),
        ("GET https://bob:hunter2@psa.example/x?password=pw1&ok=1", "ok=1"),
        ("client_secret=halo-s3cret&grant_type=client_credentials", "grant_type"),
        ('{"access_token": "tok-1", "expires_in": 3600}', '"expires_in": 3600'),
        ("clientId: 5c7e0a52 ApiIntegrationCode: HANDOFF123 Secret: s3cr3t*AT", "clientId"),
    ],
)
def test_secret_looking_values_are_removed_unregistered(line: str, kept: str) -> None:
    scrubbed = applog.scrub(line)
    for secret in ("YWNtZStwdWI6cHJpdmF0ZQ", "eyJhbGciOi", "hunter2", "pw1", "halo-s3cret",
                   "tok-1", "5c7e0a52", "HANDOFF123", "s3cr3t"):  # fmt: skip
        assert secret not in scrubbed
    assert kept in scrubbed and applog.REDACTED in scrubbed


def test_ordinary_lines_are_left_alone() -> None:
    line = "POST /REST/2.0/ticket/42/comment -> 201; the API token was refused (401)"
    assert applog.scrub(line) == line


def only_our_handler() -> logging.Logger:
    """A logger that reaches only the app's file (pytest's capture handler is strict)."""
    isolated = logging.getLogger("handoff.test.isolated")
    isolated.propagate = False
    assert applog._handler is not None
    isolated.handlers = [applog._handler]
    return isolated


def test_an_unwritable_file_never_disturbs_the_app(
    data_dir: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    (data_dir / "logs" / "handoff.log").mkdir(parents=True)  # opening the file fails
    applog.configure(logging.DEBUG)
    try:
        only_our_handler().error("cannot be written anywhere")
    finally:
        applog.shutdown()
    assert capfd.readouterr().err == ""


def test_a_bad_format_argument_is_logged_not_lost(
    logfile: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    only_our_handler().info("%d apples", "three")
    assert "apples" in text_of(logfile) and "three" in text_of(logfile)
    assert capfd.readouterr().err == ""


def test_the_file_rotates_and_keeps_five_copies(
    logfile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log.info("first")
    assert applog._handler is not None
    monkeypatch.setattr(applog._handler, "maxBytes", 2000)
    for n in range(200):
        log.info("line %d %s", n, "x" * 80)
    files = applog.log_files()
    assert [f.name for f in files] == ["handoff.log"] + [f"handoff.log.{n}" for n in range(1, 6)]
    assert all(f.stat().st_size <= 2200 for f in files)


def test_shutdown_restores_the_root_level(data_dir: Path) -> None:
    root = logging.getLogger()
    before = root.level
    applog.configure(logging.DEBUG)
    assert root.level == logging.DEBUG
    applog.shutdown()
    assert root.level == before
    assert not [h for h in root.handlers if isinstance(h, applog._Handler)]
