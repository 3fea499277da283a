"""Smoke-test the frozen Linux bundle the way an engineer and a script would use it.

    xvfb-run -a -s "-screen 0 1280x800x24" python packaging/smoke_test.py [dist/handoff]

1. ``handoff --version`` exits 0: ``handoff <__version__>``, then the Qt and Python lines.
2. The CLI of the same executable: ``example``, ``export`` and ``verify`` exit 0.
3. The app starts on a real X display with a fresh ``--data-dir``; a visible window
   named "Handoff..." appears; the screen is grabbed (``import -window root``) into
   ``dist/smoke/screen.png`` and must not be blank; a second ``handoff open PKG``
   hands the exported package to the running app and exits 0 (single instance,
   QtNetwork bundled); Ctrl+Q ends the app with exit code 0, the data folder has its
   ``drafts`` folder and the app's own log, and ``handoff diagnostics`` zips it.
4. The OS keyring works frozen (keyring finds its backends through package metadata):
   a connection's secret is saved, listed and removed under a private D-Bus session
   with an unlocked gnome-keyring.
5. Prints the bundle size.

Needs xdotool, imagemagick, dbus and gnome-keyring (Debian packages, see ``.ci/run``).
Any failure prints one line starting ``smoke: FAILED`` and exits 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import appmeta

WINDOW_TIMEOUT = 60.0
EXIT_TIMEOUT = 30.0
PAINT_TIMEOUT = 15.0
"""A window is mapped a moment before Qt paints it: grab again until then."""
MIN_COLOURS = 16
"""A grab of the shown wizard has hundreds of colours; an empty X screen has one."""


class SmokeError(Exception):
    """One failed check: its message is the line the build log shows."""


def run(args: list[str | Path], *, timeout: float = 60.0, name: str = "", **kwargs: object) -> str:
    """Run a command; its stdout, or SmokeError naming the command and its error output."""
    name = name or " ".join(map(str, args))
    try:
        done = subprocess.run(
            [str(arg) for arg in args], capture_output=True, text=True, timeout=timeout,
            check=False, **kwargs,  # type: ignore[arg-type]
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        raise SmokeError(f"{name} did not finish in {timeout:.0f} s") from None
    if done.returncode != 0:
        last = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1:] or ["(no output)"]
        raise SmokeError(f"{name} exited {done.returncode}: {last[0]}")
    return done.stdout


def tool(name: str) -> str:
    """The full path of a program the smoke test drives, or SmokeError naming its package."""
    found = shutil.which(name)
    if found is None:
        raise SmokeError(f"{name} is not installed (see the Debian packages in .ci/run)")
    return found


def check_version(exe: Path) -> None:
    lines = run([exe, "--version"]).splitlines()
    first = lines[0] if lines else ""
    expected = f"handoff {appmeta.version()}"
    if first.strip() != expected:
        raise SmokeError(f"--version printed {first!r}, expected {expected!r} first")
    for prefix in ("Qt 6.", "Python 3."):
        if not any(line.startswith(prefix) for line in lines[1:]):
            raise SmokeError(f"--version has no '{prefix}...' line: {lines!r}")
    print(f"smoke: ok - {' / '.join(lines)}")


def wait_for_window(app: subprocess.Popen[str]) -> str:
    """The X id of the app's first visible window named Handoff..."""
    try:
        found = subprocess.run(
            [tool("xdotool"), "search", "--sync", "--onlyvisible", "--name", "^Handoff"],
            capture_output=True, text=True, timeout=WINDOW_TIMEOUT, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        found = None
    if found is None or not found.stdout.split():
        code = app.poll()
        state = "it is still running" if code is None else f"it exited {code}"
        raise SmokeError(f"no visible 'Handoff' window within {WINDOW_TIMEOUT:.0f} s ({state})")
    return found.stdout.split()[0]


def check_screen(shot: Path) -> None:
    """Grab the screen until the mapped window has been painted (or PAINT_TIMEOUT passes)."""
    deadline = time.monotonic() + PAINT_TIMEOUT
    while True:
        run([tool("import"), "-window", "root", shot])
        colours = int(run([tool("identify"), "-format", "%k", shot]).strip() or 0)
        if colours >= MIN_COLOURS:
            break
        if time.monotonic() > deadline:
            raise SmokeError(f"the screen grab {shot} is blank ({colours} colours)")
        time.sleep(0.2)
    print(f"smoke: ok - window shown, screen grabbed to {shot} ({colours} colours)")


def check_handover(exe: Path, data_dir: Path, package: Path) -> None:
    """A second start with a package hands it to the running app and ends at once."""
    done = subprocess.run(
        [str(exe), "--data-dir", str(data_dir), "open", str(package)],
        capture_output=True, text=True, timeout=EXIT_TIMEOUT, check=False,
    )  # fmt: skip
    if done.returncode != 0 or "running Handoff" not in done.stderr:
        said = done.stderr.strip() or done.stdout.strip() or "(no output)"
        raise SmokeError(f"a second 'open' exited {done.returncode}, not handed over: {said}")
    print(f"smoke: ok - second instance handed {package.name} to the running app")


def check_log_and_diagnostics(exe: Path, data_dir: Path, work: Path) -> None:
    log = data_dir / "logs" / "handoff.log"
    if not log.is_file() or "Handoff" not in log.read_text(encoding="utf-8", errors="replace"):
        raise SmokeError(f"the app wrote no log at {log}")
    written = Path(run([exe, "--data-dir", data_dir, "diagnostics", "-o", work]).strip())
    with zipfile.ZipFile(written) as bundle:
        names = bundle.namelist()
    if "logs/handoff.log" not in names:
        raise SmokeError(f"the diagnostics zip {written.name} has no logs/handoff.log: {names}")
    print(f"smoke: ok - app log written, diagnostics zip has {len(names)} files")


def check_gui(exe: Path, data_dir: Path, shot: Path, package: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    if not env.get("DISPLAY"):
        raise SmokeError("no DISPLAY: run under xvfb-run")
    log = shot.with_name("app.log")
    with log.open("w", encoding="utf-8") as output:
        app = subprocess.Popen(
            [str(exe), "--data-dir", str(data_dir)], env=env, stdout=output, stderr=output,
            text=True,
        )  # fmt: skip
        try:
            window = wait_for_window(app)
            started = time.monotonic()
            check_screen(shot)
            check_handover(exe, data_dir, package)
            run([tool("xdotool"), "windowfocus", "--sync", window])
            run([tool("xdotool"), "key", "--clearmodifiers", "ctrl+q"])
            try:
                code = app.wait(timeout=EXIT_TIMEOUT)
            except subprocess.TimeoutExpired:
                quit_late = f"the app did not quit within {EXIT_TIMEOUT:.0f} s of Ctrl+Q"
                raise SmokeError(quit_late) from None
        finally:
            if app.poll() is None:
                app.kill()
                app.wait()
    if code != 0:
        raise SmokeError(f"the app exited {code} after Ctrl+Q (log: {log})")
    if not (data_dir / "drafts").is_dir():
        raise SmokeError(f"the app left no drafts folder in {data_dir}")
    took = time.monotonic() - started
    print(f"smoke: ok - Ctrl+Q quit with 0 in {took:.1f} s, drafts folder made")


def check_cli(exe: Path, work: Path) -> Path:
    data = ["--data-dir", work / "cli-data"]
    draft = work / "draft.json"
    draft.write_text(run([exe, *data, "example"]), encoding="utf-8")
    out = work / "out"
    out.mkdir()
    run([exe, *data, "export", draft, "-o", out])
    packages = sorted(out.glob("*.handoff.zip"))
    if len(packages) != 1:
        raise SmokeError(f"export wrote {len(packages)} packages in {out}, expected 1")
    verdict = run([exe, *data, "verify", packages[0]]).strip()
    print(f"smoke: ok - example, export, verify {packages[0].name}: {verdict}")
    return packages[0]


KEYRING_SCRIPT = """
set -e
# The daemon outlives this script: it must not hold our output pipes open.
printf smoke | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
echo token | "$EXE" --data-dir "$DATA" connections add smoke --kind rt \
    --url http://127.0.0.1:9/rt --secret-stdin
"$EXE" --data-dir "$DATA" connections list
"$EXE" --data-dir "$DATA" connections remove smoke
"""


def check_keyring(exe: Path, work: Path) -> None:
    tools = ("dbus-run-session", "gnome-keyring-daemon")
    if not all(shutil.which(tool) for tool in tools):
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            raise SmokeError(f"CI=true but {' or '.join(tools)} is missing")
        print("smoke: skipped - keyring check (no dbus-run-session / gnome-keyring-daemon)")
        return
    home = work / "home"  # gnome-keyring keeps its files under HOME: not the real one
    home.mkdir()
    env = {**os.environ, "EXE": str(exe), "DATA": str(work / "keyring-data"), "HOME": str(home),
           "XDG_DATA_HOME": str(home / "share")}  # fmt: skip
    # No display: with one, gnome-keyring may put up a prompt that nobody answers.
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"):
        env.pop(name, None)
    output = run(
        [tool("dbus-run-session"), "--", tool("sh"), "-c", KEYRING_SCRIPT],
        env=env,
        name="connections add/list/remove under dbus-run-session",
    )
    if "secret saved" not in output:
        raise SmokeError(f"the keyring did not keep the secret: {output.strip()!r}")
    print("smoke: ok - secret saved in and removed from the Secret Service keyring")


def bundle_size(bundle: Path) -> str:
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    return f"{sum(p.stat().st_size for p in files) / 2**20:.1f} MiB in {len(files)} files"


def main() -> int:
    bundle = Path(sys.argv[1] if len(sys.argv) > 1 else appmeta.ROOT / "dist" / appmeta.NAME)
    exe = bundle.resolve() / appmeta.NAME
    artifacts = appmeta.ROOT / "dist" / "smoke"
    artifacts.mkdir(parents=True, exist_ok=True)
    try:
        if not exe.is_file():
            raise SmokeError(f"{exe} does not exist: build it with packaging/build.py")
        with tempfile.TemporaryDirectory(prefix="handoff-smoke-") as tmp:
            work = Path(tmp)
            check_version(exe)
            package = check_cli(exe, work)
            check_gui(exe, work / "gui-data", artifacts / "screen.png", package)
            check_log_and_diagnostics(exe, work / "gui-data", work)
            check_keyring(exe, work)
    except SmokeError as exc:
        print(f"smoke: FAILED - {exc}")
        return 1
    print(f"smoke: ok - bundle {bundle}: {bundle_size(bundle)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
