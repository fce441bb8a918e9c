"""Cold start: importing app.py in a new process against importing a bare Chalice app with boto3.

Each run starts a new interpreter that times its own import of the module and then prints
its peak resident memory in KiB. On Linux that is `VmHWM` from /proc/self/status. Linux
keeps `ru_maxrss` across execve(), so a child started from this process reports at least
this process's own size there: 300 MiB for a bare interpreter started from a 300 MiB
parent, against 11 MiB in VmHWM. Other systems fall back to `ru_maxrss`.

Runs of the two apps alternate. Both read and write compiled bytecode in one temporary
folder (PYTHONPYCACHEPREFIX), filled by an untimed first run of each, so neither side pays
for compiling its sources, and nothing is written into the working tree.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.harness import BenchmarkError
from bench.report import Row, within
from bench.timing import spread

PROJECT_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent

_PROBE = (
    "import resource, time\n"
    "cpu_started = time.process_time()\n"
    "started = time.perf_counter()\n"
    "{import_line}\n"
    "elapsed = time.perf_counter() - started\n"
    "cpu = time.process_time() - cpu_started\n"
    "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "try:\n"
    "    with open('/proc/self/status') as status:\n"
    "        peak = next(int(line.split()[1]) for line in status if line.startswith('VmHWM:'))\n"
    "except (OSError, StopIteration):\n"
    "    pass\n"
    "print(elapsed, cpu, peak)\n"
)


@dataclass(frozen=True)
class ColdStartPlan:
    runs: int


@dataclass(frozen=True)
class ImportRun:
    seconds: float
    cpu_seconds: float
    max_rss_kib: int


def import_in_new_process(import_line: str, cwd: Path, environment: dict[str, str]) -> ImportRun:
    completed = subprocess.run(
        [sys.executable, "-c", _PROBE.format(import_line=import_line)],
        cwd=cwd, env=environment, capture_output=True, text=True, check=False, timeout=120,
    )
    if completed.returncode != 0:
        raise BenchmarkError(f"`{import_line}` in {cwd} failed: {completed.stderr.strip()[-500:]}")
    seconds, cpu_seconds, max_rss = completed.stdout.split()
    return ImportRun(float(seconds), float(cpu_seconds), int(max_rss))


def bytecode_environment(cache_dir: str) -> dict[str, str]:
    """Return this process's environment with compiled bytecode read from and written to `cache_dir`."""
    environment = dict(os.environ)
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    environment["PYTHONPYCACHEPREFIX"] = cache_dir
    return environment


def cold_start_rows(plan: ColdStartPlan) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="remi-bench-pycache-") as cache_dir:
        environment = bytecode_environment(cache_dir)

        def product() -> ImportRun:
            return import_in_new_process("import app", PROJECT_DIR, environment)

        def bare() -> ImportRun:
            return import_in_new_process("import bare_app", BENCH_DIR, environment)

        interpreter = import_in_new_process("pass", BENCH_DIR, environment)
        product()
        bare()
        product_runs: list[ImportRun] = []
        bare_runs: list[ImportRun] = []
        for index in range(plan.runs):
            if index % 2 == 0:
                product_runs.append(product())
                bare_runs.append(bare())
            else:
                bare_runs.append(bare())
                product_runs.append(product())

    time_ratio = spread([a.seconds / b.seconds for a, b in zip(product_runs, bare_runs)])
    cpu_ratio = spread([a.cpu_seconds / b.cpu_seconds for a, b in zip(product_runs, bare_runs)])
    memory_ratio = spread([a.max_rss_kib / b.max_rss_kib for a, b in zip(product_runs, bare_runs)])
    product_seconds = spread([run.seconds for run in product_runs]).median
    bare_seconds = spread([run.seconds for run in bare_runs]).median
    product_mib = spread([run.max_rss_kib for run in product_runs]).median / 1024
    bare_mib = spread([run.max_rss_kib for run in bare_runs]).median / 1024
    return [
        Row(
            "cold start: import app.py vs bare Chalice app with boto3",
            time_ratio,
            cpu_ratio,
            "<= 1.3x",
            within(time_ratio, 1.3),
            f"median import app.py {product_seconds * 1000:.0f} ms, bare app {bare_seconds * 1000:.0f} ms;"
            f" {plan.runs} runs each, bytecode already compiled",
            "",
        ),
        Row(
            "peak memory after import: app.py vs bare app",
            memory_ratio,
            None,
            "-",
            "info",
            f"median peak RSS app.py {product_mib:.1f} MiB, bare app {bare_mib:.1f} MiB,"
            f" interpreter alone {interpreter.max_rss_kib / 1024:.1f} MiB",
            "",
        ),
    ]


def import_times_by_package(import_line: str, cwd: Path, environment: dict[str, str]) -> Counter[str]:
    """Run `import_line` under `python -X importtime`, and add up each top-level package's own import time.

    The totals are in seconds.
    """
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", import_line],
        cwd=cwd, env=environment, capture_output=True, text=True, check=False, timeout=120,
    )
    if completed.returncode != 0:
        raise BenchmarkError(f"`{import_line}` in {cwd} failed: {completed.stderr.strip()[-500:]}")
    totals: Counter[str] = Counter()
    # Lines read "import time: <self us> | <cumulative us> | <indented module name>".
    for line in completed.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _, name = line.removeprefix("import time:").split("|")
        totals[name.strip().split(".")[0]] += int(own) / 1_000_000
    return totals


def profile_imports(runs: int = 5, top: int = 12) -> str:
    """Report where the import of app.py and of the bare app spends its time, by top-level package.

    The figures are medians over `runs` alternating runs, after one untimed run of each.
    """
    with tempfile.TemporaryDirectory(prefix="remi-bench-pycache-") as cache_dir:
        environment = bytecode_environment(cache_dir)
        sides = {"app.py": ("import app", PROJECT_DIR), "bare app": ("import bare_app", BENCH_DIR)}
        for import_line, cwd in sides.values():
            import_times_by_package(import_line, cwd, environment)
        runs_by_side: dict[str, list[Counter[str]]] = {name: [] for name in sides}
        for _ in range(runs):
            for name, (import_line, cwd) in sides.items():
                runs_by_side[name].append(import_times_by_package(import_line, cwd, environment))

    lines = []
    for name, side_runs in runs_by_side.items():
        packages = set().union(*side_runs)
        medians = {package: statistics.median(run[package] for run in side_runs) for package in packages}
        total = statistics.median(sum(run.values()) for run in side_runs)
        lines.append(f"{name}: {total * 1000:.0f} ms of own import time (median of {runs} runs), largest packages:")
        for package, seconds in sorted(medians.items(), key=lambda item: item[1], reverse=True)[:top]:
            lines.append(f"  {seconds * 1000:7.1f} ms  {package}")
    return "\n".join(lines)
