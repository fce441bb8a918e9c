"""Scale: the status check and the expiry sweep on small and large tables.

Each table contains one OCMW, its main access manager, the person whose status is checked, and
N other people's role assignments at that OCMW. Every one of those assignments has an end
date, so all N are in the sparse sweep index, and 1% of them ended in the past and are due.

The status check should send the same DynamoDB requests whatever N is, because it reads only
the person's own partition. The sweep should send requests in proportion to the due items,
because it queries only the due part of the index. Latency is reported too, with a caveat:
moto 5.2.5 handles every Query by reading all items of the table, so in moto a Query gets
slower as the table grows, which real DynamoDB does not do. The rows that time only the app
code outside AWS calls, and the reference Query on the same tables, show how much of the
difference is moto's.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from chalice.test import Client

from bench import reference_app
from bench.harness import AwsStack, BenchmarkError, drop_table, use_table, without_garbage_collection
from bench.latency import CONTRACT_SIGNED_ON, ENTERPRISE, require_green_check, require_status
from bench.report import Row, format_operations, milliseconds, near_one, within
from bench.timing import Sample, median_of, ratio_of, spread, time_call
from tests.support import seed
from tests.support.people import new_person

DUE_EVERY = 100  # one assignment in 100 is due: 1%
PAST_DAY = date(2020, 12, 31)
FUTURE_DAY = date(2099, 12, 31)
LOAD_CHUNK = 5_000


@dataclass(frozen=True)
class ScalePlan:
    status_sizes: tuple[int, int]  # (small, large) numbers of other people's assignments
    sweep_sizes: tuple[int, int]
    status_rounds: int
    sweep_rounds: int
    # Loading stops after the chunk that crosses this limit, and the report notes the size reached.
    load_budget_seconds: float = 180.0


@dataclass
class LoadedTable:
    name: str
    requested: int
    loaded: int = 0
    seconds: float = 0.0

    @property
    def due(self) -> int:
        return len(range(0, self.loaded, DUE_EVERY))


def other_assignment(index: int, moment: Any) -> Any:
    """Build the index-th other person's social_worker assignment; every DUE_EVERY-th one ended in the past."""
    from chalicelib.identifiers import generate_ssin
    from chalicelib.services.assignments import schedule_assignment_sweep
    from chalicelib.store.models import RoleAssignment, assignment_key

    ssin = generate_ssin(date(1940, 1, 1) + timedelta(days=index // 997), index % 997 + 1)
    assignment_id = f"{index:032x}"
    valid_until = PAST_DAY if index % DUE_EVERY == 0 else FUTURE_DAY
    item = RoleAssignment(
        *assignment_key(ssin, ENTERPRISE, "social_worker"),
        assignment_id=assignment_id,
        enterprise_number=ENTERPRISE,
        ssin=ssin,
        role="social_worker",
        status="active",
        valid_from=date(2020, 1, 1),
        valid_until=valid_until,
        created_at=moment,
        updated_at=moment,
        org_pk=ENTERPRISE,
        org_sk=f"ASSIGNMENT#{assignment_id}",
    )
    schedule_assignment_sweep(item, moment)
    return item


def write_assignments(indexes: range) -> None:
    from chalicelib import clock
    from chalicelib.store.models import RoleAssignment

    moment = clock.now()
    with RoleAssignment.batch_write() as batch:
        for index in indexes:
            batch.save(other_assignment(index, moment))


@dataclass
class StatusSamples:
    status: list[Sample] = field(default_factory=list)
    query: list[Sample] = field(default_factory=list)


class ScaleBench:
    def __init__(self, stack: AwsStack, plan: ScalePlan) -> None:
        import app as remi_app

        self.stack = stack
        self.plan = plan
        self.product = Client(remi_app.app)
        self.reference = Client(reference_app.app)
        self.manager = new_person("Mia", "Maes")
        self.staff = new_person("Sam", "Smets")
        self.tables: dict[int, LoadedTable] = {}
        self._headers: dict[str, str] = {}
        self.notes: list[str] = []

    def run(self) -> list[Row]:
        for size in sorted(set(self.plan.status_sizes) | set(self.plan.sweep_sizes)):
            print(f"scale: loading a table with {size:,} other people's assignments ...", flush=True)
            self.tables[size] = self._load(size)
        print("scale: status check on the small and large tables ...", flush=True)
        rows = self.status_rows()
        print("scale: expiry sweep on the small and large tables ...", flush=True)
        rows.extend(self.sweep_rows())
        for table in self.tables.values():
            drop_table(table.name)
        return rows

    # Loading

    def _load(self, size: int) -> LoadedTable:
        table = LoadedTable(name=f"remi-bench-scale-{size}", requested=size)
        use_table(table.name)
        seed.organisation(ENTERPRISE, self.manager, contract_signed_on=CONTRACT_SIGNED_ON)
        seed.assignment(ENTERPRISE, self.staff, "social_worker")

        started = time.perf_counter()

        def load() -> None:
            for start in range(0, size, LOAD_CHUNK):
                end = min(start + LOAD_CHUNK, size)
                write_assignments(range(start, end))
                table.loaded = end
                if time.perf_counter() - started > self.plan.load_budget_seconds and end < size:
                    return

        without_garbage_collection(load)
        table.seconds = time.perf_counter() - started
        self.notes.append(f"loading {table.loaded:,} assignments with batch_write took {table.seconds:.0f} s")
        if table.loaded < size:
            self.notes.append(
                f"the {size:,} table was cut to {table.loaded:,} assignments because loading took longer than "
                f"{self.plan.load_budget_seconds:.0f} s"
            )
        return table

    def _label(self, size: int) -> str:
        return f"{self.tables[size].loaded:,}"

    # Status check

    def _status(self) -> None:
        require_green_check(self.product.http.get("/v1/me/status", headers=self._headers))

    def _query(self) -> None:
        require_status(self.reference.http.get("/reference/query"), 200, "GET /reference/query")

    def status_rows(self) -> list[Row]:
        from chalicelib.store import organisation_cache
        from chalicelib.store.models import person_pk

        small, large = self.plan.status_sizes
        self._headers = self.stack.minter.headers(self.staff)
        reference_app.point_query_at(person_pk(self.staff.ssin))
        samples = {small: StatusSamples(), large: StatusSamples()}
        cold_shapes: dict[int, Any] = {}
        calls = self.stack.calls

        for size in (small, large):
            use_table(self.tables[size].name)
            organisation_cache.clear()
            cold_shapes[size] = time_call(calls, self._status).dynamodb

        for round_index in range(self.plan.status_rounds):
            for size in ((small, large) if round_index % 2 == 0 else (large, small)):
                use_table(self.tables[size].name)
                self._status()  # untimed: builds the new table's clients; the organisation stays cached
                self._query()
                if round_index % 2 == 0:
                    samples[size].status.append(time_call(calls, self._status))
                    samples[size].query.append(time_call(calls, self._query))
                else:
                    samples[size].query.append(time_call(calls, self._query))
                    samples[size].status.append(time_call(calls, self._status))

        return self._status_report(small, large, samples, cold_shapes)

    def _status_report(self, small: int, large: int, samples: dict[int, StatusSamples],
                       cold_shapes: dict[int, Any]) -> list[Row]:
        warm_shapes = {size: {sample.dynamodb for sample in samples[size].status} for size in (small, large)}
        same_requests = warm_shapes[small] == warm_shapes[large] and cold_shapes[small] == cold_shapes[large]
        requests = "; ".join(
            f"{self._label(size)}: cached {format_operations(warm_shapes[size])},"
            f" not cached {format_operations([cold_shapes[size]])}"
            for size in (small, large)
        )
        big, little = samples[large], samples[small]

        def versus(kind: str, name: str) -> str:
            return (f"{milliseconds(median_of(getattr(big, kind), name))}"
                    f" vs {milliseconds(median_of(getattr(little, kind), name))}")

        latency = ratio_of(big.status, little.status, "seconds")
        # NOTE: this ratio also measures the CPU caches. moto's whole-table scan evicts them,
        # so the same app code runs slower right after a Query on the large table. A 100 MB
        # memory walk inside moto's Query on a 100-item table raised this app time from
        # 0.89 ms to 1.26 ms.
        app_time = ratio_of(big.status, little.status, "app_cpu_seconds")
        query = ratio_of(big.query, little.query, "seconds")
        label = f"{self._label(large)} vs {self._label(small)} other assignments"
        return [
            Row(f"status check requests, {label}", None, None, "same requests",
                "pass" if same_requests else "miss", "", requests),
            Row(f"status check latency, {label}", latency, ratio_of(big.status, little.status, "cpu_seconds"),
                "about 1x", near_one(latency),
                f"median wall {versus('status', 'seconds')}; CPU in AWS calls {versus('status', 'aws_cpu_seconds')};"
                f" {self.plan.status_rounds} rounds", ""),
            Row(f"status check app CPU time outside AWS calls, {label}", app_time, None, "about 1x",
                near_one(app_time), f"median {versus('status', 'app_cpu_seconds')}", ""),
            Row(f"reference Query latency (moto's own scaling), {label}", query,
                ratio_of(big.query, little.query, "cpu_seconds"), "-", "info",
                f"median wall {versus('query', 'seconds')}", ""),
        ]

    # Sweep

    def sweep_rows(self) -> list[Row]:
        from chalicelib.services import sweep

        small, large = self.plan.sweep_sizes
        runs: dict[int, list[Sample]] = {small: [], large: []}
        for round_index in range(self.plan.sweep_rounds):
            for size in ((small, large) if round_index % 2 == 0 else (large, small)):
                table = self.tables[size]
                use_table(table.name)
                if round_index > 0:
                    without_garbage_collection(lambda: write_assignments(range(0, table.loaded, DUE_EVERY)))
                summaries: list[dict[str, Any]] = []
                runs[size].append(time_call(self.stack.calls, lambda: summaries.append(sweep.run())))
                self._check_sweep(summaries[0], table)
        return self._sweep_report(small, large, runs)

    @staticmethod
    def _check_sweep(summary: dict[str, Any], table: LoadedTable) -> None:
        expired = summary["expired"]["role_assignment"]
        if expired != table.due or summary["failed"] or summary["skipped"]:
            raise BenchmarkError(
                f"the sweep on {table.loaded:,} assignments expired {expired} of {table.due} due,"
                f" with {summary['failed']} failed and {summary['skipped']} skipped"
            )

    def _sweep_report(self, small: int, large: int, runs: dict[int, list[Sample]]) -> list[Row]:
        due = {size: self.tables[size].due for size in (small, large)}
        per_due = {size: [sample.dynamodb_total / due[size] for sample in runs[size]] for size in (small, large)}
        request_ratio = spread([a / b for a, b in zip(per_due[large], per_due[small])])

        def per_due_item(name: str) -> Any:
            return spread([getattr(a, name) / due[large] / (getattr(b, name) / due[small])
                           for a, b in zip(runs[large], runs[small])])

        def milliseconds_per_due(size: int) -> str:
            return milliseconds(spread([sample.seconds / due[size] for sample in runs[size]]).median)

        label = f"{self._label(large)} items ({due[large]:,} due) vs {self._label(small)} ({due[small]:,} due)"
        requests = "; ".join(
            f"{self._label(size)}: {format_operations({sample.dynamodb for sample in runs[size]})},"
            f" {spread(per_due[size]).median:.3f} requests per due item"
            for size in (small, large)
        )
        return [
            Row(f"sweep requests per due item, {label}", request_ratio, None, "<= 1x",
                within(request_ratio, 1.0), f"{self.plan.sweep_rounds} runs per size", requests),
            Row(f"sweep time per due item, {label}", per_due_item("seconds"), per_due_item("cpu_seconds"), "-", "info",
                f"median wall {milliseconds_per_due(large)} vs {milliseconds_per_due(small)} per due item", ""),
        ]
