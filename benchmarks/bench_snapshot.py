"""How fast ``CrmSnapshot.build`` indexes a portal, and how much memory a record costs.

Run it with ``python benchmarks/bench_snapshot.py [--sizes 10000,100000,1000000]``
(sizes in records; ``synthetic_portal`` makes about 10,000 records per unit of
``scale``, with 10 users per unit, at most 500).

Method, per size:

1. **Draw** the records once with ``synthetic_records`` (the entities, not yet a
   snapshot) and time it (wall clock and CPU).
2. **Build**: time ``CrmSnapshot.build(**records, strict=True)`` on those same
   record lists with ``time.perf_counter``; the best of ``--repeat`` runs (3 by
   default) below a million records, one run at a million and above.  A full
   ``gc.collect()`` precedes every run so one run's garbage is not charged to
   the next; the cyclic collector stays on during the run, as in a host.
   ``records/s`` is records divided by that time.  CPU seconds of the process
   (``time.process_time``) are printed too: on a busy machine they show what
   the build costs, while wall-clock seconds also count time spent waiting.
3. **Memory**, in a separate pass because tracing slows allocation down:
   ``tracemalloc`` is started, the records are drawn again, and the traced
   memory still allocated afterwards (``get_traced_memory()[0]``, minus what was
   allocated before) is the cost of the *entities*; then the snapshot is built
   and the increase is the cost of the *snapshot's indexes* (the entities are
   shared, not copied).  Both are divided by the number of records.  These are
   bytes Python still holds after the step (not the peak, not the process RSS),
   measured at the allocator level, so they include the attrs instances, their
   tuples and strings, the shared datetimes, and the dicts and tuples of the
   indexes.  Memory is measured up to ``--memory-limit`` records (default: all).
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc
from typing import Any

import pendulum

from guided_actions._portal import synthetic_records
from guided_actions.crm import CrmSnapshot

NOW = pendulum.datetime(2026, 3, 2, 12, tz="UTC")


def _portal_args(records: int) -> dict[str, Any]:
    scale = records / 10_000
    return {"users": min(500, max(10, int(10 * scale))), "scale": scale, "seed": 1, "now": NOW}


def _count(records: dict[str, Any]) -> int:
    return sum(len(kind) for kind in records.values())


def _time_build(records: dict[str, Any], repeat: int) -> tuple[float, float]:
    """Best wall-clock (``perf_counter``) and best CPU (``process_time``) seconds of ``repeat`` builds."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        gc.collect()
        started, started_cpu = time.perf_counter(), time.process_time()
        CrmSnapshot.build(**records, strict=True)
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - started_cpu)
    return wall, cpu


def _memory(size: int) -> tuple[float, float]:
    """Bytes per record still allocated after drawing the entities, and after building the snapshot on them."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        records = synthetic_records(**_portal_args(size))
        gc.collect()
        entities = tracemalloc.get_traced_memory()[0] - before
        crm = CrmSnapshot.build(**records, strict=True)
        gc.collect()
        snapshot = tracemalloc.get_traced_memory()[0] - before - entities
        count = _count(records)
        del crm, records
    finally:
        tracemalloc.stop()
    return entities / count, snapshot / count


def main() -> None:
    """Measure and print the table (Markdown)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="comma-separated record counts")
    parser.add_argument("--repeat", type=int, default=3, help="build runs per size below 1M records (best is kept)")
    parser.add_argument("--memory-limit", type=int, default=10**9, help="skip the memory pass above this many records")
    parser.add_argument("--quick", action="store_true", help="small sizes only (2,000 and 10,000 records)")
    args = parser.parse_args()
    if args.quick:
        args.sizes = "2000,10000"
    print(
        "| records | users | draw s (wall / CPU) | build s (wall) | build s (CPU) | records/s (wall) | records/s (CPU) "
        "| entities B/record | snapshot B/record | total B/record |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        portal = _portal_args(size)
        gc.collect()
        started, started_cpu = time.perf_counter(), time.process_time()
        records = synthetic_records(**portal)
        drawn, drawn_cpu = time.perf_counter() - started, time.process_time() - started_cpu
        count = _count(records)
        wall, cpu = _time_build(records, args.repeat if count < 1_000_000 else 1)
        del records
        if count <= args.memory_limit:
            entities, snapshot = _memory(size)
            memory = f"{entities:,.0f} | {snapshot:,.0f} | {entities + snapshot:,.0f}"
        else:
            memory = "– | – | –"
        print(
            f"| {count:,} | {portal['users']} | {drawn:.2f} / {drawn_cpu:.2f} | {wall:.3f} | {cpu:.3f} "
            f"| {count / wall:,.0f} | {count / cpu:,.0f} | {memory} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
