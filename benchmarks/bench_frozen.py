"""Frozen build: size on disk, and start-up to the first page against the source run.

    uv run --group packaging python packaging/build.py      # builds dist/handoff
    uv run python benchmarks/bench_frozen.py [--bundle dist/handoff] [--runs 9]

Size: bytes and files of the one-folder bundle (symbolic links count as nothing),
the ten biggest contributors (grouped by package folder), and PySide6 as installed
in the venv for scale.  Start-up: the frozen executable against ``.venv/bin/python
-m handoff`` in the same run, both offscreen, from process start to exit, quitting
once the first page is shown (``HANDOFF_EXIT_AFTER_SHOWN=1``) with a fresh data
folder per run; interleaved runs after one unmeasured warm-up each; medians.  The
CLI's start (``--version``) is measured the same way, for scripts and RMM tools.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_PYTHON = ROOT / ".venv" / "bin" / "python"


def files_of(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file() and not path.is_symlink()]


def contributor(bundle: Path, path: Path) -> str:
    """The group a file counts towards: its package folder, or itself at the top level."""
    parts = path.relative_to(bundle).parts
    if parts[0] != "_internal":
        return parts[0]
    inner = parts[1:]
    if len(inner) == 1:
        return inner[0]
    depth = 3 if inner[0] == "PySide6" and inner[1] == "Qt" else 2 if inner[0] == "PySide6" else 1
    return "/".join(inner[:depth]) + ("/" if len(inner) > depth else "")


def size_report(bundle: Path) -> None:
    files = files_of(bundle)
    total = sum(path.stat().st_size for path in files)
    print(f"bundle {bundle}: {total / 2**20:.1f} MiB in {len(files)} files")
    groups: Counter[str] = Counter()
    for path in files:
        groups[contributor(bundle, path)] += path.stat().st_size
    print("biggest contributors:")
    for name, size in groups.most_common(10):
        print(f"  {size / 2**20:6.1f} MiB  {size / total:5.1%}  {name}")
    pyside = ROOT / ".venv" / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}"
    installed = files_of(pyside / "site-packages" / "PySide6")
    if installed:
        mib = sum(path.stat().st_size for path in installed) / 2**20
        print(f"for scale: PySide6 as installed in .venv is {mib:.0f} MiB")


def run_once(argv: list[str], data_dir: Path) -> float:
    """Seconds from process start to exit; raises if the process failed."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HANDOFF_EXIT_AFTER_SHOWN": "1",
           "HANDOFF_DATA_DIR": str(data_dir)}  # fmt: skip
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app runs from bytecode
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{argv} exited {done.returncode}:\n{done.stderr}")
    return elapsed


def cases(exe: Path) -> dict[str, list[str]]:
    source = [str(SOURCE_PYTHON), "-m", "handoff"]
    return {
        "app, source (python -m handoff)": source,
        "app, frozen": [str(exe)],
        "CLI --version, source": [*source, "--version"],
        "CLI --version, frozen": [str(exe), "--version"],
    }


def measure(exe: Path, runs: int) -> dict[str, list[float]]:
    """Interleaved runs of every case, after one unmeasured warm-up each (disk cache)."""
    argvs = cases(exe)
    times: dict[str, list[float]] = {name: [] for name in argvs}
    with tempfile.TemporaryDirectory(prefix="handoff-bench-frozen-") as tmp:
        for number in range(-1, runs):
            for case, (name, argv) in enumerate(argvs.items()):
                elapsed = run_once(argv, Path(tmp) / f"run-{number}-{case}")
                if number >= 0:
                    times[name].append(elapsed)
    return times


def time_report(times: dict[str, list[float]]) -> None:
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"start-up, {len(next(iter(times.values())))} runs each, offscreen, "
          f"{os.cpu_count()} CPU(s):")  # fmt: skip
    for name, values in times.items():
        spread = f"min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}"
        print(f"  {name:32} median {medians[name] * 1000:6.0f} ms ({spread})")
    for what in ("app", "CLI --version"):
        source = medians[f"{what}, source" + (" (python -m handoff)" if what == "app" else "")]
        frozen = medians[f"{what}, frozen"]
        print(f"  {what}: frozen / source = {frozen / source:.2f}x")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "handoff")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    exe = args.bundle / "handoff"
    if not exe.is_file():
        print(f"no frozen build at {exe}: run packaging/build.py first", file=sys.stderr)
        return 2
    size_report(args.bundle)
    time_report(measure(exe, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
