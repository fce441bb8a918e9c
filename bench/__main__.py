"""Run the benchmarks and print their ratios: `python -m bench [--quick]`.

The exit status is 0 whatever the timings are. It is 1 only when a step of the benchmark
itself fails, such as a route that returns an error or a cancelled transaction, because
the timings of such a run mean nothing.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from bench.coldstart import ColdStartPlan, cold_start_rows, profile_imports
from bench.harness import AwsStack, BenchmarkError
from bench.latency import LatencyBench, LatencyPlan
from bench.profiling import COLD_START, ROUTES, profile_route
from bench.report import Row, render
from bench.scale import ScalePlan, ScaleBench

SECTIONS = ("latency", "coldstart", "scale")


@dataclass(frozen=True)
class Plan:
    latency: LatencyPlan
    cold_start: ColdStartPlan
    scale: ScalePlan


FULL = Plan(
    latency=LatencyPlan(status_rounds=300, write_rounds=150, block=10),
    cold_start=ColdStartPlan(runs=15),
    scale=ScalePlan(status_sizes=(100, 100_000), sweep_sizes=(10_000, 100_000), status_rounds=10, sweep_rounds=3),
)
QUICK = Plan(
    latency=LatencyPlan(status_rounds=40, write_rounds=20, block=10),
    cold_start=ColdStartPlan(runs=5),
    scale=ScalePlan(status_sizes=(100, 10_000), sweep_sizes=(1_000, 10_000), status_rounds=5, sweep_rounds=2),
)


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="fewer rounds and smaller tables (10,000 items instead of 100,000);"
                             " under a minute on an idle machine")
    parser.add_argument("--only", choices=SECTIONS, action="append",
                        help="run only this section; repeat the option for several")
    parser.add_argument("--profile", choices=(*ROUTES, COLD_START), metavar="TARGET",
                        help=f"instead of the benchmark, profile one route with cProfile ({', '.join(ROUTES)}),"
                             f" or the import of app.py with -X importtime ({COLD_START})")
    parser.add_argument("--keep-moto-table-backup", action="store_true",
                        help="leave moto's copy of the whole table before each transaction in place "
                             "(slower transactions, growing with the table size)")
    return parser.parse_args(argv)


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def describe_machine() -> str:
    import os

    import chalice
    import moto
    import pynamodb

    return (
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores, {cpu_model()};"
        f" Python {platform.python_version()}; chalice {chalice.__version__}, pynamodb {pynamodb.__version__},"
        f" moto {moto.__version__}"
    )


def main(argv: list[str]) -> int:
    arguments = parse_arguments(argv)
    if arguments.profile == COLD_START:
        print(profile_imports())
        return 0
    if arguments.profile:
        print(profile_route(arguments.profile))
        return 0

    plan = QUICK if arguments.quick else FULL
    sections = arguments.only or list(SECTIONS)
    started = time.perf_counter()
    print(f"REMI access benchmark ({'quick' if arguments.quick else 'full'} run): {describe_machine()}")
    if arguments.keep_moto_table_backup:
        print("moto's table backup before each transaction is kept: transaction times include it.")

    rows: list[Row] = []
    notes: list[str] = []
    try:
        if "coldstart" in sections:
            print("cold start: importing app.py and the bare app in new processes ...", flush=True)
            rows.extend(cold_start_rows(plan.cold_start))
        with AwsStack(keep_moto_table_backup=arguments.keep_moto_table_backup) as stack:
            if "latency" in sections:
                print("latency: product routes against the reference routes ...", flush=True)
                rows.extend(LatencyBench(stack, plan.latency).run())
            if "scale" in sections:
                scale = ScaleBench(stack, plan.scale)
                rows.extend(scale.run())
                notes.extend(scale.notes)
            stack.check_no_cancellations()
    except BenchmarkError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1

    print()
    print(render(rows))
    for note in notes:
        print(f"note: {note}")
    print(f"finished in {time.perf_counter() - started:.0f} s; results are informational and never fail the run.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
