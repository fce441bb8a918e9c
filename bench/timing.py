"""Interleaved timing of two calls, and the statistics the report prints.

Each round times the measured call and the reference call back to back, and the next round
times them in the opposite order (A B, B A, A B ...). A slowdown of the shared machine then
hits both sides of a round alike, and neither side always runs first. The ratio is taken per
round, and the report gives the median of those ratios with the 25th and 75th percentiles.

Every call is timed twice: wall time, and the CPU time of this process. Everything runs in
this process (the app, moto, the token signing), so without other load the two agree. On a
shared machine the scheduler pauses the process for several milliseconds at a time, which
lands in wall time but not in CPU time, so the CPU-time ratio is the steadier of the two.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from bench.harness import AwsCalls


@dataclass(frozen=True)
class Sample:
    """One timed call: wall and CPU time, the parts of them spent in AWS client calls, and the requests sent."""

    seconds: float
    cpu_seconds: float
    aws_seconds: float
    aws_cpu_seconds: float
    dynamodb: tuple[tuple[str, int], ...]
    kms: tuple[tuple[str, int], ...]

    @property
    def app_cpu_seconds(self) -> float:
        """CPU time outside AWS client calls: the app's own code and the Chalice test client."""
        return self.cpu_seconds - self.aws_cpu_seconds

    @property
    def dynamodb_total(self) -> int:
        return sum(number for _, number in self.dynamodb)


def time_call(calls: AwsCalls, call: Callable[[], object]) -> Sample:
    calls.reset()
    cpu_started = time.process_time()
    started = time.perf_counter()
    call()
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    return Sample(
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        aws_seconds=calls.seconds,
        aws_cpu_seconds=calls.cpu_seconds,
        dynamodb=tuple(calls.by_operation("dynamodb").items()),
        kms=tuple(calls.by_operation("kms").items()),
    )


@dataclass(frozen=True)
class Spread:
    median: float
    low: float  # 25th percentile
    high: float  # 75th percentile


def spread(values: list[float]) -> Spread:
    if len(values) == 1:
        return Spread(values[0], values[0], values[0])
    quartiles = statistics.quantiles(values, n=4, method="inclusive")
    return Spread(statistics.median(values), quartiles[0], quartiles[2])


def median_of(samples: list[Sample], name: str) -> float:
    return statistics.median(getattr(sample, name) for sample in samples)


def ratio_of(numerators: list[Sample], denominators: list[Sample], name: str,
             denominator_name: str | None = None) -> Spread:
    """Per-pair ratio of attribute `name` (over `denominator_name`, the same by default)."""
    below = denominator_name or name
    return spread([getattr(a, name) / getattr(b, below) for a, b in zip(numerators, denominators)])


@dataclass
class Series:
    samples: list[Sample] = field(default_factory=list)

    def median(self, name: str) -> float:
        return median_of(self.samples, name)

    def request_shapes(self) -> Counter[tuple[tuple[str, int], ...]]:
        """Count how often each combination of DynamoDB operations occurred."""
        return Counter(sample.dynamodb for sample in self.samples)

    def kms_shapes(self) -> Counter[tuple[tuple[str, int], ...]]:
        return Counter(sample.kms for sample in self.samples)


@dataclass
class Pair:
    """Interleaved samples of a measured call and its reference, one of each per round."""

    measured: Series = field(default_factory=Series)
    reference: Series = field(default_factory=Series)

    def ratio(self, name: str = "seconds", denominator_name: str | None = None) -> Spread:
        return ratio_of(self.measured.samples, self.reference.samples, name, denominator_name)

    def extend(self, other: "Pair") -> None:
        self.measured.samples.extend(other.measured.samples)
        self.reference.samples.extend(other.reference.samples)


def interleave(
    calls: AwsCalls,
    measured: Callable[[int], object],
    reference: Callable[[int], object],
    rounds: int,
    warmup: int = 3,
    before_measured: Callable[[int], object] | None = None,
) -> Pair:
    """Time `measured(i)` and `reference(i)` once per round, alternating which goes first.

    The first `warmup` rounds are run but not kept. Each call gets the index of its round,
    so that a call needing a fresh input (an invitation, a code) can take the i-th prepared
    one. `before_measured(i)`, when given, runs untimed right before each measured call.
    """
    pair = Pair()

    def run_measured(index: int) -> Sample:
        if before_measured is not None:
            before_measured(index)
        return time_call(calls, lambda: measured(index))

    for index in range(warmup + rounds):
        if index % 2 == 0:
            measured_sample = run_measured(index)
            reference_sample = time_call(calls, lambda: reference(index))
        else:
            reference_sample = time_call(calls, lambda: reference(index))
            measured_sample = run_measured(index)
        if index >= warmup:
            pair.measured.samples.append(measured_sample)
            pair.reference.samples.append(reference_sample)
    return pair
