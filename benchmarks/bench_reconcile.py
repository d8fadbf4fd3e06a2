"""Full reconcile of ``synthetic_portal`` at about 10k, 100k and 1M records, on one core.

Prints, per size: records, users, the build time of the snapshot, the time of a
full reconcile from nothing (and records per second), the number of actions,
and the time of a second, no-change reconcile with ``known=`` the first
result.  Times are CPU seconds of this process (``time.process_time``), so a
busy machine does not distort them; wall-clock seconds are printed too.
Run it with ``python benchmarks/bench_reconcile.py [--sizes 1,10,100]``
(scales; ``scale=1`` is about 10,000 records).
"""

from __future__ import annotations

import argparse
import time

import pendulum

from guided_actions.actions import reconcile
from guided_actions.testing import synthetic_portal

NOW = pendulum.datetime(2026, 3, 2, 12, tz="UTC")


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,10,100", help="comma-separated scales (default: 1,10,100)")
    parser.add_argument("--users", type=int, default=0, help="users per portal (default: 10 per scale unit, max 500)")
    parser.add_argument("--quick", action="store_true", help="small sizes only (0.2 and 1)")
    args = parser.parse_args()
    if args.quick:
        args.sizes = "0.2,1"
    print("| records | users | build s | reconcile s (wall) | records/s | actions | no-change s (wall) | records/s |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for scale in (float(s) for s in args.sizes.split(",")):
        users = args.users or min(500, max(10, int(10 * scale)))
        started = time.process_time()
        crm = synthetic_portal(users=users, scale=scale, seed=1, now=NOW)
        built = time.process_time() - started
        records = len(crm)
        started, wall = time.process_time(), time.perf_counter()
        first = reconcile(crm, now=NOW)
        full, full_wall = time.process_time() - started, time.perf_counter() - wall
        known = first.active + first.expired
        started, wall = time.process_time(), time.perf_counter()
        second = reconcile(crm, now=NOW, known=known)
        again, again_wall = time.process_time() - started, time.perf_counter() - wall
        if second.created or second.expired or second.updated:
            raise SystemExit("a no-change reconcile changed something")
        print(
            f"| {records:,} | {users} | {built:.2f} | {full:.2f} ({full_wall:.2f}) | {records / full:,.0f} "
            f"| {len(known):,} | {again:.2f} ({again_wall:.2f}) | {records / again:,.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
