"""Extract the UI's translatable strings into ``resources/translations/handoff.ts``.

Runs Qt's ``pyside6-lupdate`` (from this venv) over ``desktop/handoff/ui``::

    uv run python scripts/update_translations.py            # the template, handoff.ts
    uv run python scripts/update_translations.py --lang de  # also handoff_de.ts (new or updated)

A translator opens ``handoff_<lang>.ts`` in ``pyside6-linguist``; ``--release``
compiles every ``handoff_*.ts`` into the ``.qm`` files the app loads (see
docs/accessibility.md).  Exits non-zero if lupdate fails.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "desktop" / "handoff" / "ui"
OUT = ROOT / "resources" / "translations"


def tool(name: str) -> str:
    """A Qt tool next to this Python (the venv's bin or Scripts folder)."""
    folder = Path(sys.executable).parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.exists():
            return str(candidate)
    return name


def sources(folder: Path = UI) -> list[str]:
    return sorted(str(path) for path in folder.rglob("*.py"))


def lupdate(target: Path, folder: Path = UI) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    command = [tool("pyside6-lupdate"), *sources(folder), "-no-obsolete", "-ts", str(target)]
    subprocess.run(command, check=True, capture_output=True, text=True)


def lrelease(ts_file: Path, qm_file: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(ts_file), "-qm", str(qm_file)],
                   check=True, capture_output=True, text=True)  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--lang", action="append", default=[], help="also update handoff_LANG.ts")
    parser.add_argument("--release", action="store_true", help="compile handoff_*.ts to .qm")
    args = parser.parse_args()
    targets = [args.out / "handoff.ts"] + [args.out / f"handoff_{lang}.ts" for lang in args.lang]
    try:
        for target in targets:
            lupdate(target)
            print(target)
        if args.release:
            for ts_file in sorted(args.out.glob("handoff_*.ts")):
                lrelease(ts_file, ts_file.with_suffix(".qm"))
                print(ts_file.with_suffix(".qm"))
    except subprocess.CalledProcessError as exc:
        print(exc.stderr or exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
