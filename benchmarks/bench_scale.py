"""Scale: full reconcile at about 10k, 100k and 1M records, memory, and a sharded multi-process run.

Prints two tables.

1. Per size: records, users, the CPU time of a full reconcile from nothing on
   one core (``time.process_time``) and records per second, the rate relative
   to the smallest size, the peak memory the reconcile allocates and the bytes
   per record the snapshot holds (records + indexes), both from ``tracemalloc``
   in a separate run (tracing slows Python down, so timed runs do not trace).
2. Per size: the portal split by users into groups with ``shard_records``
   (time of the split), then the shards built and reconciled by a
   ``concurrent.futures.ProcessPoolExecutor`` with 1 and with 2 processes
   (wall-clock seconds and the workers' CPU seconds) and the speed-up of 2
   processes over 1.  The workers are forked and inherit the shards' records,
   as workers that each load their own shard from storage would have them;
   pickling a million entities to a worker costs more than reconciling them.  The gathered actions are checked against
   the single-process reconcile.

Run it with ``python benchmarks/bench_scale.py [--sizes 1,10,100] [--quick]``
(scales; ``scale=1`` is about 10,000 records; ``--quick`` is ``--sizes 0.2,1``).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import gc
import multiprocessing
import time
import tracemalloc
from collections.abc import Sequence
from typing import Any

import pendulum

from guided_actions.actions import GuidedAction, reconcile
from guided_actions.actions._shard import shard_records
from guided_actions.crm import CrmSnapshot, PortalSettings
from guided_actions.testing import synthetic_portal

NOW = pendulum.datetime(2026, 3, 2, 12, tz="UTC")
GROUPS = 4  # user groups per portal: more groups than processes keeps both busy


def _users(scale: float) -> int:
    return min(500, max(10, int(10 * scale)))


_PIECES: list[tuple[dict[str, list[Any]], PortalSettings, Sequence[str]]] = []  # inherited by forked workers


def _reconcile_piece(index: int) -> tuple[frozenset[GuidedAction], float]:
    """In a worker: build shard ``index`` (inherited from the parent, not pickled) and reconcile it."""
    records, settings, user_ids = _PIECES[index]
    started = time.process_time()
    piece = CrmSnapshot.build(**records, settings=settings, strict=False)
    created = frozenset(reconcile(piece, now=NOW, user_ids=user_ids).created)
    return created, time.process_time() - started


def _memory(scale: float) -> tuple[int, int]:
    """(bytes the snapshot holds, peak bytes a full reconcile allocates), traced."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    crm = synthetic_portal(users=_users(scale), scale=scale, seed=1, now=NOW)
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    result = reconcile(crm, now=NOW)
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    del result, crm
    return held, peak


def _sharded(crm: CrmSnapshot, expected: frozenset[GuidedAction]) -> tuple[float, int, dict[int, tuple[float, float]]]:
    """(split CPU s, records in all shards, {processes: (wall s, worker CPU s)})."""
    ids = [user.id for user in crm.users]
    groups = [ids[i::GROUPS] for i in range(GROUPS)]
    started = time.process_time()
    pieces = shard_records(crm, groups)
    split = time.process_time() - started
    _PIECES[:] = [(records, crm.settings, group) for records, group in zip(pieces, groups, strict=True)]
    total = sum(len(v) for records in pieces for v in records.values())
    figures: dict[int, tuple[float, float]] = {}
    fork = multiprocessing.get_context("fork")  # workers inherit the shards, as if each loaded its own
    for workers in (1, 2):
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=fork) as pool:
            list(pool.map(abs, range(workers)))  # start the workers before the clock does
            started = time.perf_counter()
            results = list(pool.map(_reconcile_piece, range(len(groups))))
            wall = time.perf_counter() - started
        figures[workers] = (wall, sum(cpu for _, cpu in results))
        if frozenset().union(*(created for created, _ in results)) != expected:
            raise SystemExit("the sharded run differs from the single-process reconcile")
    _PIECES.clear()
    return split, total, figures


def main() -> None:
    """Measure and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,10,100", help="comma-separated scales (default: 1,10,100)")
    parser.add_argument("--quick", action="store_true", help="small sizes only (0.2 and 1)")
    args = parser.parse_args()
    scales = [0.2, 1.0] if args.quick else [float(s) for s in args.sizes.split(",")]

    rows: list[str] = []
    shard_rows: list[str] = []
    base_rate: float | None = None
    for scale in scales:
        crm = synthetic_portal(users=_users(scale), scale=scale, seed=1, now=NOW)
        records = len(crm)
        gc.collect()
        started = time.process_time()
        result = reconcile(crm, now=NOW)
        cpu = time.process_time() - started
        rate = records / cpu
        base_rate = base_rate or rate
        expected = frozenset(result.created)
        split, shard_total, walls = _sharded(crm, expected)
        del crm, result
        gc.collect()
        held, peak = _memory(scale)
        rows.append(
            f"| {records:,} | {_users(scale)} | {cpu:.2f} | {rate:,.0f} | {rate / base_rate:.0%} "
            f"| {len(expected):,} | {peak / 2**20:,.0f} | {held / records:,.0f} |"
        )
        shard_rows.append(
            f"| {records:,} | {GROUPS} | {split:.2f} | {shard_total / records:.2f} "
            f"| {walls[1][0]:.2f} ({walls[1][1]:.2f}) "
            f"| {walls[2][0]:.2f} ({walls[2][1]:.2f}) | {walls[1][0] / walls[2][0]:.2f}x |"
        )
        print(f"measured {records:,} records", flush=True)

    print()
    print("Full reconcile from nothing, one core (CPU seconds)")
    print()
    print(
        "| records | users | reconcile s | records/s | rate vs smallest | actions | peak MiB | snapshot bytes/record |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    print()
    print("Sharded run: shard_records in the parent (CPU s), build + reconcile of the shards in a process pool")
    print("(wall s, workers' CPU s in brackets); shards/portal = records in all shards over records in the portal")
    print()
    print("| records | groups | split s | shards/portal | 1 process s | 2 processes s | speed-up |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(shard_rows))


if __name__ == "__main__":
    main()
