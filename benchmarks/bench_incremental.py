"""Incremental reconcile: one changed email, deal or task, and no change, in portals of 10k to 1M records.

Per size, the portal is reconciled in full at ``T0`` (a few seconds after the
instant ``synthetic_portal`` builds around, so boundaries do not pile up on
it) and the stored actions are indexed once (``KnownActions.of``).  Then, per
kind of change, one record in the middle of its table is modified with
``crm.evolve`` and reconciled incrementally (``changed`` + ``since=T0``), with
the index as ``known``:

- *at once*: ``now == since`` (the host reconciles as the change arrives);
- *1 s later*: ``now = since + 1 s`` (time-boundary search included).

Each figure is the median (and 90th percentile) wall time of many runs, in
milliseconds; every result is checked once against a full reconcile of the
same snapshot at the same ``now``.  The table also shows the time of the
``evolve`` step itself (the host's cost of making the new snapshot; it rebuilds
the changed kind's table), of ``KnownActions.apply`` (storing the result), and
of the same incremental reconcile with ``known`` given as a plain list of
actions (every stored action read: linear in their number).

*No change* is a reconcile before ``next_check_at`` with ``changed=()``: at
``since`` and half-way to ``next_check_at`` (nothing may be created, updated or
expired; checked).

With ``duckdb`` installed, the last table compares one change with re-running
the SQL version of rules 4, 6, 8, 12 and 16-19 in DuckDB on one thread (see
``bench_duckdb.py``; a SQL engine has no incremental mode, so a single change
means running the queries again).

Run it with ``python benchmarks/bench_incremental.py [--sizes 1,10,100] [--quick]``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import functools
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import attrs
import pendulum

from guided_actions.actions import KnownActions, Reconciliation, reconcile
from guided_actions.crm import CrmSnapshot, ObjectRef, ObjectType
from guided_actions.testing import synthetic_portal

NOW = pendulum.datetime(2026, 3, 2, 12, tz="UTC")
T0 = NOW + _dt.timedelta(seconds=17)
SECOND = _dt.timedelta(seconds=1)


def _users(scale: float) -> int:
    return min(500, max(10, int(10 * scale)))


def _middle(records: Any) -> Any:
    found = list(records)
    return found[len(found) // 2]


def _changes(crm: CrmSnapshot) -> dict[str, tuple[ObjectType, Any]]:
    """One realistic change per kind: an email re-sent later, a deal losing a contact, a task completed."""
    email = _middle(crm.emails)
    deal = _middle(d for d in crm.deals if d.contact_ids)
    task = _middle(t for t in crm.tasks if t.completed_at is None)
    from guided_actions.crm import TaskStatus

    return {
        "email": (ObjectType.EMAIL, attrs.evolve(email, sent_at=email.sent_at + 5 * 60 * SECOND)),
        "deal": (ObjectType.DEAL, attrs.evolve(deal, contact_ids=deal.contact_ids[:-1])),
        "task": (ObjectType.TASK, attrs.evolve(task, status=TaskStatus.COMPLETED, completed_at=T0 - SECOND)),
    }


def _times(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """(median ms, 90th percentile ms, last result) of ``repeat`` wall-clock runs."""
    found: list[float] = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        found.append((time.perf_counter() - started) * 1000)
    found.sort()
    return statistics.median(found), found[int(len(found) * 0.9) - 1 if len(found) > 1 else 0], result


def _quiet(result: Reconciliation) -> bool:
    return not (result.created or result.updated or result.expired)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,100", help="comma-separated scales (default: 1,10,100)")
    parser.add_argument("--quick", action="store_true", help="small sizes only (0.2 and 1)")
    parser.add_argument("--repeat", type=int, default=200, help="runs per figure (default: 200)")
    args = parser.parse_args()
    scales = [0.2, 1.0] if args.quick else [float(s) for s in args.sizes.split(",")]
    try:
        import bench_duckdb
        import duckdb  # noqa: F401
    except ImportError:
        bench_duckdb = None  # type: ignore[assignment]
    change_rows, quiet_rows, peer_rows = [], [], []
    ok = True
    for scale in scales:
        crm = synthetic_portal(users=_users(scale), scale=scale, seed=1, now=NOW)
        started = time.process_time()
        first = reconcile(crm, now=T0)
        full_s = time.process_time() - started
        stored = first.active + first.expired
        started = time.process_time()
        index = KnownActions.of(stored)
        index_s = time.process_time() - started
        repeat = args.repeat if len(crm) < 500_000 else max(20, args.repeat // 4)
        best_one = 0.0
        for name, (kind, record) in _changes(crm).items():
            started = time.process_time()
            after = crm.evolve(upsert=[record])
            evolve_ms = (time.process_time() - started) * 1000
            changed = [ObjectRef(kind, record.id)]
            figures = []
            for now in (T0, T0 + SECOND):
                one = functools.partial(reconcile, after, now=now, known=index, changed=changed, since=T0)
                median, p90, result = _times(one, repeat)
                same = result == reconcile(after, now=now, known=stored)
                ok = ok and same
                figures.append((median, p90, same, result))
                best_one = max(best_one, median)
            started = time.perf_counter()
            index.apply(figures[0][3])
            apply_ms = (time.perf_counter() - started) * 1000
            listed, _, _ = _times(
                functools.partial(reconcile, after, now=T0, known=stored, changed=changed, since=T0),
                max(3, repeat // 20),
            )
            (m0, p0, s0, r0), (m1, p1, s1, _) = figures
            change_rows.append(
                f"| {len(crm):,} | {len(stored):,} | {name} | {evolve_ms:.1f} | {m0:.2f} | {p0:.2f} | {m1:.2f} "
                f"| {p1:.2f} | {apply_ms:.2f} | {listed:.1f} | {len(r0.created)}/{len(r0.updated)}/{len(r0.expired)} "
                f"| {'same' if s0 and s1 else 'DIFFERENT'} |"
            )
        until = first.next_check_at
        quiet_at = [T0] if until is None or until <= T0 + _dt.timedelta(microseconds=2) else [T0, T0 + (until - T0) / 2]
        for at in quiet_at:
            quiet_run = functools.partial(reconcile, crm, now=at, known=index, changed=(), since=T0)
            median, p90, result = _times(quiet_run, repeat)
            quiet = _quiet(result)
            ok = ok and quiet
            quiet_rows.append(
                f"| {len(crm):,} | {len(stored):,} | {at.isoformat()} | {until.isoformat() if until else '-'} "
                f"| {median:.3f} | {p90:.3f} | {'nothing' if quiet else 'CHANGED'} |"
            )
        if bench_duckdb is not None:
            peer_rows.append(_peer(bench_duckdb, crm, best_one))
        print(
            f"measured {len(crm):,} records (full reconcile {full_s:.2f} s CPU, index {index_s:.2f} s)",
            flush=True,
        )
    print()
    print("One change, incremental reconcile with `KnownActions` (wall ms; median and 90th percentile)")
    print()
    print(
        "| records | stored actions | change | evolve ms | at once ms | p90 | 1 s later ms | p90 | apply ms "
        "| with a list ms | created/updated/expired | vs full reconcile |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|---|")
    print("\n".join(change_rows))
    print()
    print("No change, before `next_check_at` (wall ms)")
    print()
    print("| records | stored actions | now | next_check_at | median ms | p90 | result |")
    print("|---:|---:|---|---|---:|---:|---|")
    print("\n".join(quiet_rows))
    if peer_rows:
        print()
        print("One change: our slowest incremental median against DuckDB re-running its queries (1 thread)")
        print()
        print("| records | ours ms | DuckDB batch ms | DuckDB / ours |")
        print("|---:|---:|---:|---:|")
        print("\n".join(peer_rows))
    return 0 if ok else 1


def _peer(bench: Any, crm: CrmSnapshot, ours_ms: float) -> str:
    import duckdb

    con = duckdb.connect()
    bench.load(con, crm)
    con.execute("SET threads = 1")
    now_us = bench.us(NOW)
    sql_s, _ = bench._timed(lambda: bench.run_sql(con, now_us), time.perf_counter)
    con.close()
    return f"| {len(crm):,} | {ours_ms:.2f} | {sql_s * 1000:.0f} | {sql_s * 1000 / ours_ms:,.0f} |"


if __name__ == "__main__":
    sys.exit(main())
