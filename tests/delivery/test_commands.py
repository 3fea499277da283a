"""``handoff post / outbox / connections``: output, exit codes and one-line errors."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from handoff.delivery import cli_args, commands
from handoff.delivery.http import RetryPolicy
from handoff.delivery.outbox import ItemState, Outbox
from tests.delivery.conftest import Scene
from tests.helpers.memory_keyring import MemoryKeyring
from tests.helpers.rt_server import free_port

Run = tuple[int, str, str]
RunFn = Callable[..., Run]
WRONG_TOKEN = "1-14-" + "0" * 32


def _use(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    before = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(before)


@pytest.fixture
def memory_keyring() -> Iterator[KeyringBackend]:
    yield from _use(MemoryKeyring())


@pytest.fixture
def no_keyring() -> Iterator[KeyringBackend]:
    yield from _use(fail.Keyring())


def parse(*argv: str | Path) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="handoff")
    cli_args.register(parser.add_subparsers(dest="command"))
    return parser.parse_args([str(a) for a in argv])


@pytest.fixture
def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, policy: RetryPolicy
) -> RunFn:
    """``run(*argv, stdin="")`` -> (exit code, stdout, stderr); stdin is never a terminal."""

    def call(*argv: str | Path, stdin: str = "") -> Run:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        code = commands.run(parse(*argv), policy=policy)
        out, err = capsys.readouterr()
        return code, out, err

    return call


def one_error(err: str, *fragments: str) -> None:
    lines = [line for line in err.splitlines() if not line.startswith("handoff: warning: ")]
    assert len(lines) == 1 and lines[0].startswith("handoff: error: "), err
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def add_rt(run: RunFn, scene: Scene, url: str | None = None) -> Run:
    """``connections add rt-test`` (the scene's connection name) with the token on stdin."""
    argv = ["connections", "add", "rt-test", "--kind", "rt", "--url", url or scene.rt.url,
            "--field", "queue=General", "--secret-stdin"]  # fmt: skip
    return run(*argv, stdin=scene.rt.token + "\n")


def test_add_list_test_remove_with_a_password_store(
    run: RunFn, scene: Scene, memory_keyring: MemoryKeyring, data_dir: Path
) -> None:
    code, out, err = add_rt(run, scene)
    assert (code, err) == (0, "")
    assert out == f"added rt-test (rt, {scene.rt.url})\n"
    assert memory_keyring.saved == {("Handoff", "rt-test"): scene.rt.token}
    assert scene.rt.token not in (data_dir / "connections.json").read_text()

    assert run("connections") == (0, f"rt-test  rt  {scene.rt.url}  secret saved\n", "")
    code, out, _ = run("connections", "test", "rt-test")
    assert code == 0 and out.startswith("Connected to Request Tracker 5.")
    removed = run("connections", "remove", "rt-test")
    assert removed == (0, "removed rt-test and its saved secret\n", "")
    assert memory_keyring.saved == {}
    assert run("connections", "list") == (0, "", "")


def test_without_a_password_store_the_secret_is_asked_each_time(
    run: RunFn, scene: Scene, no_keyring: KeyringBackend, data_dir: Path, package: Path
) -> None:
    code, out, err = add_rt(run, scene)
    assert code == 0 and out.startswith("added rt-test")
    assert err.startswith("handoff: warning: No password store is available on this computer (")
    assert run("connections")[1].endswith("no password store\n")

    code, _, err = run("post", package, "--to", "rt-test", "--ticket", scene.ticket)
    assert code == 2
    one_error(err, "no secret saved for 'rt-test': pass it with --secret-stdin")

    code, out, err = run("post", package, "--to", "rt-test", "--ticket", scene.ticket,
                         "--secret-stdin", stdin=scene.rt.token + "\n")  # fmt: skip
    assert code == 0, err
    assert out == f"{scene.rt.url}/Ticket/Display.html?id={scene.ticket}\n"
    scene.assert_posted_once()
    token = scene.rt.token.encode()
    assert [p for p in data_dir.rglob("*") if p.is_file() and token in p.read_bytes()] == []


def test_offline_post_is_queued_then_retried_from_the_outbox(
    run: RunFn, scene: Scene, memory_keyring: KeyringBackend, package: Path
) -> None:
    add_rt(run, scene, url=f"http://127.0.0.1:{free_port()}")

    code, out, err = run("post", package, "--to", "rt-test", "--ticket", scene.ticket)

    assert (code, out) == (1, "")
    item = Outbox().items()[0]
    one_error(err, f"not posted yet, kept in the outbox as {item.id}", "refused the connection",
              f"run 'handoff outbox retry {item.id}' later")  # fmt: skip
    code, out, _ = run("outbox")
    assert code == 0 and out.startswith(f"{item.id}  queued  ticket {scene.ticket} on rt-test  0/")

    add_rt(run, scene)  # the engineer fixes the URL
    code, out, err = run("outbox", "retry")
    assert code == 0, err
    assert out == f"{scene.rt.url}/Ticket/Display.html?id={scene.ticket}\n"
    assert Outbox().load(item.id).state is ItemState.POSTED
    scene.assert_posted_once()
    assert run("outbox", "retry") == (0, "nothing to retry\n", "")


def test_cancel_then_retry_one_item(
    run: RunFn, scene: Scene, memory_keyring: KeyringBackend, package: Path
) -> None:
    add_rt(run, scene)
    item = scene.queue_package(package)

    code, out, _ = run("outbox", "cancel", item.id)
    assert code == 0 and f"{item.id}  cancelled" in out
    assert run("outbox", "retry")[1] == "nothing to retry\n", "a cancelled item waits to be named"
    code, out, err = run("outbox", "retry", item.id)
    assert code == 0, err
    scene.assert_posted_once()
    code, _, err = run("outbox", "cancel", item.id)
    assert code == 1
    one_error(err, "already posted")


@pytest.mark.parametrize(
    ("argv", "code", "fragment"),
    [
        ("post nope.handoff.zip --to ghost --ticket 1", 2, "no connection named 'ghost'"),
        ("post {package} --to rt-test --ticket 999999", 1, "ticket 999999 was not found"),
        ("post {missing} --to rt-test --ticket 1", 2, "cannot open"),
        ("outbox cancel 0123abcd", 2, "no outbox item 0123abcd"),
        ("outbox cancel", 2, "needs the item's ID"),
        ("connections test", 2, "needs a NAME"),
        ("connections add x --kind rt", 2, "needs --kind and --url"),
        ("connections add x --kind rt --url rt.local", 2, "not an http"),
        ("connections add x --kind rt --url http://a --field q", 2, "expected KEY=VALUE"),
        ("connections test rt-test {wrong}", 1, "the API token was refused (401)"),
    ],
)  # fmt: skip
def test_errors_are_one_line_with_the_documented_code(  # noqa: PLR0917 - fixtures by name
    run: RunFn, scene: Scene, package: Path, no_keyring: KeyringBackend, tmp_path: Path,
    argv: str, code: int, fragment: str,
) -> None:  # fmt: skip
    add_rt(run, scene)
    values = {"package": str(package), "missing": str(tmp_path / "gone.handoff.zip"), "wrong": ""}
    secret = WRONG_TOKEN if "{wrong}" in argv else scene.rt.token
    words = [*argv.format(**values).split(), "--secret-stdin"]

    got, out, err = run(*words, stdin=secret + "\n")

    assert (got, out) == (code, ""), err
    one_error(err, fragment)


def test_a_draft_json_posts_too(
    run: RunFn, scene: Scene, memory_keyring: KeyringBackend, tmp_path: Path
) -> None:
    add_rt(run, scene)
    draft = tmp_path / "draft.json"
    draft.write_text(scene.handoff.to_json())

    code, _, err = run(
        "post", draft, "--to", "rt-test", "--ticket", scene.ticket, "--reply-to-user"
    )

    assert code == 0, err
    scene.assert_posted_once()
    assert Outbox().items()[0].steps[-1].key == "user_reply"


def test_the_delivery_package_loads_no_qt_and_no_keyring_at_import() -> None:
    """Qt-free like the rest of the core; keyring (which probes D-Bus) loads on first use."""
    code = (
        "import sys\n"
        "import handoff.delivery.commands, handoff.delivery.poster, handoff.delivery.connections\n"
        "top = {'PySide6', 'shiboken6', 'keyring'}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in top"
        " or m.startswith(('handoff.ui', 'handoff.cli')))\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_cli_lists_exactly_the_connector_kinds_that_exist() -> None:
    """cli_args keeps the kind names without importing the connectors: they must agree."""
    from handoff.delivery.connectors import KINDS

    assert sorted(cli_args.KIND_NAMES) == sorted(KINDS)
