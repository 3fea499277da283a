"""Redaction speed and memory on a 500 MB log, against baselines measured in the same run.

The issue's target: redacting a 500 MB log runs at 50 MB/s or better with flat
memory.  The log is realistic text (GlobalProtect, FortiClient, OpenVPN, IIS and
PowerShell transcript lines) with secrets sprinkled in (about one line in 400:
passwords, URL credentials, bearer tokens, JWTs, AWS keys, e-mail addresses, a
private key block now and then).  Each run is a child process that reports its
own peak RSS (``VmHWM`` from ``/proc/self/status``):

* ``copy``: a plain line-by-line copy in Python (the floor for touching every line);
* ``sed``: ``sed -E`` with one ``password=`` regex (what a quick script would do);
* ``plan``: :func:`plan_redaction` (scan and review, writes nothing);
* ``apply``: :func:`apply_redaction` with that review (writes the redacted copy);
* ``all categories``: plan + apply with every optional category on as well.

Run: ``uv run python benchmarks/bench_redact.py [--size-mib 500] [--keep]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_MB_S = 50.0
MIB = 1024 * 1024
MB = 1_000_000

_LINES = [
    "(T{tid}) {md} {hms}:{ms3} Debug({n:4d}): PanGPS: keepalive from 203.0.113.{b} rtt {ms} ms",
    "(T{tid}) {md} {hms}:{ms3} Info ({n:4d}): Connected to portal vpn.contoso-dental.com gw{b}",
    "{md} {hms} sslvpndaemon[{tid}] tunnel state changed to {n} bytes in {ms} out {b}",
    "{date} {hms} W3SVC1 10.0.0.{b} GET /owa/auth.owa - 443 - 198.51.100.{b} "
    "Mozilla/5.0+(Windows+NT+10.0;+Win64;+x64) 200 0 0 {ms}",
    "Tue May 14 {hms} 2024 TCP/UDP: Preserving recently used remote address: "
    "[AF_INET]203.0.113.{b}:1194",
    "Tue May 14 {hms} 2024 Data Channel: cipher 'AES-256-GCM', peer-id: {n}, compression: 'stub'",
    "PS C:\\Users\\jsmith> Test-NetConnection fs01 -Port 445 | Select-Object TcpTestSucceeded",
    "{date} {hms}.{ms3} [INFO] dns: query vpn.contoso-dental.com A -> 203.0.113.10 in {ms} ms",
    "{date} {hms}.{ms3} [DEBUG] kerberos: TGS request for cifs/fs01 result 0x{n:08x}",
]
_SECRETS = [
    "(T{tid}) {md} {hms}:{ms3} Debug( 299): getconfig.esp?user=jsmith&passwd=Hunter2!{b}&portal=gp",
    "{date} {hms} W3SVC1 GET /api/sync token=9f8e7d6c5b4a3928{n:08x}&sig=ZZtop{b} 443",
    "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ{n:08x}In0.dozjgNryP4J3jVmNHl0w5N{b}",
    "aws_access_key_id = AKIA{n:016X}",
    'PS C:\\Users\\jsmith> $cred = ConvertTo-SecureString "S3cure!Str1ng" -AsPlainText -Force',
    '{{"username": "jsmith", "password": "js0nPass{b}", "api_key": "0123456789abcdef{n:016x}"}}',
    "{date} {hms} mail sent to jane.doe{b}@contoso-dental.com by svc-backup@contoso.com",
    "{date} {hms} backup to ftp://backup:Ftp!Pass{b}@ftp.contoso.com/nightly failed",
]
_PEM = (
    "-----BEGIN RSA PRIVATE KEY-----\n"
    + "\n".join("MIIEowIBAAKCAQEA" + "x" * 48 for _ in range(8))
    + "\n-----END RSA PRIVATE KEY-----\n"
)


def _line(rng: random.Random, template: str) -> str:
    stamp = rng.randrange(1_715_000_000, 1_716_000_000)
    return template.format(
        tid=rng.randint(100, 9999), md=time.strftime("%m/%d/%y", time.gmtime(stamp)),
        hms=time.strftime("%H:%M:%S", time.gmtime(stamp)), ms3=rng.randint(0, 999),
        date=time.strftime("%Y-%m-%d", time.gmtime(stamp)), n=rng.getrandbits(31),
        b=rng.randint(1, 254), ms=rng.randint(1, 900),
    )  # fmt: skip


def _pool(rng: random.Random, size: int) -> bytes:
    """About ``size`` bytes of log lines, one in ~400 carrying a secret."""
    lines: list[str] = []
    total = 0
    while total < size:
        roll = rng.random()
        if roll < 0.0025:
            line = _line(rng, rng.choice(_SECRETS)) + "\n"
        elif roll < 0.00255:
            line = _PEM
        else:
            line = _line(rng, rng.choice(_LINES)) + "\n"
        lines.append(line)
        total += len(line)
    return "".join(lines).encode()


def make_log(path: Path, size_mib: int) -> int:
    """Write the log from random slices of a 16 MiB pool (cut at line ends); returns bytes."""
    rng = random.Random(8080)
    pool = _pool(rng, 16 * MIB)
    written = 0
    with path.open("wb") as handle:
        while written < size_mib * MIB:
            start = pool.find(b"\n", rng.randrange(len(pool) - 2 * MIB)) + 1
            end = pool.find(b"\n", start + MIB) + 1
            handle.write(pool[start:end])
            written += end - start
    return written


def _hwm_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child(mode: str, log: Path, out: Path) -> None:
    """Run one measurement in this (fresh) process; print a JSON line."""
    started = time.perf_counter()
    result: dict[str, float] = {}
    if mode == "copy":
        with log.open("rb") as source, out.open("wb") as dest:
            for line in source:
                dest.write(line)
        result["seconds"] = time.perf_counter() - started
    else:
        from handoff.evidence.redact import (
            Category,
            RedactionOptions,
            apply_redaction,
            plan_redaction,
        )

        every = frozenset(Category) - {Category.WORD}
        options = RedactionOptions(categories=every) if mode == "all" else RedactionOptions()
        review = plan_redaction([log], options, handoff_id="bench")
        result["plan_s"] = time.perf_counter() - started
        middle = time.perf_counter()
        applied = apply_redaction(review, "bench")
        result["apply_s"] = time.perf_counter() - middle
        result["seconds"] = time.perf_counter() - started
        result["replaced"] = float(sum(f.total for f in applied.files))
    result["rss_mib"] = _hwm_mib()
    print(json.dumps(result))


def _run(argv: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    proc = subprocess.run(argv, capture_output=True, text=True, env=env, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{argv[:3]} failed: {proc.stderr.strip()[-500:]}")
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def _sed(log: Path, out: Path) -> dict[str, float]:
    """``sed`` in a shell that reports its own peak RSS is not portable: time it, read
    its peak from /proc while it runs."""
    started = time.perf_counter()
    with out.open("wb") as dest:
        proc = subprocess.Popen(
            ["sed", "-E", r"s/(password=)[^ &]+/\1[SECRET]/g", str(log)], stdout=dest
        )
        peak = 0.0
        while proc.poll() is None:
            status = Path(f"/proc/{proc.pid}/status")
            text = status.read_text() if status.exists() else ""
            for line in text.splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
            time.sleep(0.05)
    return {"seconds": time.perf_counter() - started, "rss_mib": peak}


def report(size: int, rows: dict[str, dict[str, float]], load: tuple[float, float]) -> None:
    """The table; "x copy" is time relative to the line-by-line copy of the same run."""
    mb = size / MB
    floor = rows["baseline: Python line copy"]["seconds"]
    print(f"\nRedaction benchmark: one {mb:.0f} MB log ({size / MIB:.0f} MiB), {os.cpu_count()} "
          f"CPUs, load average {load[0]:.1f} before / {load[1]:.1f} after")  # fmt: skip
    print(f"{'':40}{'seconds':>9}{'MB/s':>9}{'x copy':>8}{'peak RSS MiB':>14}")
    for name, row in rows.items():
        seconds = row["seconds"]
        print(f"{name:40}{seconds:>9.2f}{mb / seconds:>9.1f}{seconds / floor:>8.1f}"
              f"{row['rss_mib']:>14.1f}")  # fmt: skip
    apply_rate = mb / rows["redact: apply (writes the copy)"]["seconds"]
    ours = rows["redact: plan + apply"]
    verdict = "OK" if apply_rate >= TARGET_MB_S else "MISSED"
    print(f"\napply: {apply_rate:.1f} MB/s, target >= {TARGET_MB_S:.0f} MB/s: {verdict}")
    print(f"replacements: {ours['replaced']:.0f}; peak RSS {ours['rss_mib']:.1f} MiB for the "
          f"{mb:.0f} MB file (plan and apply in one process; flat in the file's size)")  # fmt: skip


def _ours(rows: dict[str, dict[str, float]], label: str, result: dict[str, float]) -> None:
    rows[f"{label}: plan (review only)"] = {**result, "seconds": result["plan_s"]}
    rows[f"{label}: apply (writes the copy)"] = {**result, "seconds": result["apply_s"]}
    rows[f"{label}: plan + apply"] = result


def bench(size_mib: int, work: Path, all_categories: bool) -> None:
    log = work / "PanGPS.log"
    print(f"Writing a {size_mib} MiB log to {log} ...", flush=True)
    size = make_log(log, size_mib)
    env = {**os.environ, "HANDOFF_DATA_DIR": str(work / "handoff-data")}
    me = [sys.executable, str(Path(__file__).resolve()), "--child"]
    rows: dict[str, dict[str, float]] = {}
    before = os.getloadavg()[0]
    print("Baseline: line-by-line copy ...", flush=True)
    rows["baseline: Python line copy"] = _run([*me, "copy", str(log), str(work / "copy.log")])
    if shutil.which("sed"):
        print("Baseline: sed -E with one regex ...", flush=True)
        rows["baseline: sed -E one regex"] = _sed(log, work / "sed.log")
    print("Redacting (default categories) ...", flush=True)
    _ours(rows, "redact", _run([*me, "default", str(log), str(work / "-")], env))
    if all_categories:
        print("Redacting (every category) ...", flush=True)
        _ours(rows, "all categories", _run([*me, "all", str(log), str(work / "-")], env))
    report(size, rows, (before, os.getloadavg()[0]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=500, help="size of the log")
    parser.add_argument("--workdir", type=Path, default=None, help="where to put the temp files")
    parser.add_argument("--no-all", action="store_true", help="skip the every-category run")
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        mode, log, out = args.child
        child(mode, Path(log), Path(out))
        return 0
    work = Path(tempfile.mkdtemp(prefix="handoff-bench-redact-", dir=args.workdir))
    try:
        bench(args.size_mib, work, not args.no_all)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
