"""cProfile of one product route on moto: where its time goes, grouped by package.

`python -m bench --profile ROUTE` prepares the route's inputs like the latency benchmark,
runs a few untimed calls, then profiles the next ones and prints the time spent in each
package's own functions (cProfile's `tottime`) and the functions with the most such time.
"""

from __future__ import annotations

import cProfile
import pstats
from collections import Counter
from typing import Callable

from bench.harness import AwsStack
from bench.latency import LatencyBench, LatencyPlan

WARMUP_CALLS = 5

# First path fragment that matches names the group; order matters.
_GROUPS = (
    ("/chalicelib/", "chalicelib (the product)"),
    ("/bench/", "bench and test helpers"),
    ("/tests/", "bench and test helpers"),
    ("/moto/", "moto (stands in for AWS)"),
    ("/botocore/", "botocore"),
    ("/boto3/", "botocore"),
    ("/pynamodb/", "pynamodb"),
    ("/chalice/", "chalice (routing, test client)"),
    ("/jwt/", "PyJWT and cryptography"),
    ("/cryptography/", "PyJWT and cryptography"),
    ("/aws_lambda_powertools/", "powertools logging"),
    ("/logging/", "powertools logging"),
)


def group_of(filename: str) -> str:
    for fragment, group in _GROUPS:
        if fragment in filename:
            return group
    if filename.startswith("~") or filename.startswith("<"):
        return "built-in functions"
    return "standard library and others"


def route_preparers(bench: LatencyBench) -> dict[str, Callable[[int], Callable[[int], None]]]:
    return {
        "status": bench.prepare_status,
        "accept": bench.prepare_accept,
        "code-exchange": bench.prepare_code_exchange,
        "refresh": bench.prepare_refresh,
    }


ROUTES = ("status", "accept", "code-exchange", "refresh")
# Not a route: the import of app.py in a new process, broken down with `python -X importtime`.
COLD_START = "cold-start"


def profile_route(route: str, calls: int = 50, top: int = 15) -> str:
    with AwsStack() as stack:
        bench = LatencyBench(stack, LatencyPlan(status_rounds=0, write_rounds=0, block=1))
        call = route_preparers(bench)[route](WARMUP_CALLS + calls)
        for index in range(WARMUP_CALLS):
            call(index)

        profiler = cProfile.Profile()
        profiler.enable()
        for index in range(WARMUP_CALLS, WARMUP_CALLS + calls):
            call(index)
        profiler.disable()
        bench.close()

    stats = pstats.Stats(profiler)
    total = sum(entry[2] for entry in stats.stats.values())  # type: ignore[attr-defined]
    by_group: Counter[str] = Counter()
    for (filename, _, _), entry in stats.stats.items():  # type: ignore[attr-defined]
        by_group[group_of(filename)] += entry[2]

    lines = [f"{route}: {calls} calls, {total / calls * 1000:.2f} ms per call under the profiler",
             "own time (tottime) by package:"]
    for group, seconds in by_group.most_common():
        lines.append(f"  {seconds / total:6.1%}  {group}")
    lines.append(f"top {top} functions by own time:")
    ranked = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)  # type: ignore[attr-defined]
    for (filename, line, name), entry in ranked[:top]:
        lines.append(f"  {entry[2] / total:6.1%}  {name}  {filename}:{line}")
    return "\n".join(lines)
