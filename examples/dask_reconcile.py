"""Reconcile a portal in pieces on a Dask cluster and check it matches one single-process reconcile.

Run it with ``python examples/dask_reconcile.py`` (needs the ``dask`` extra:
``pip install "guided-actions[dask]"``; without it the script says so and exits 0).

The portal is split by users into groups; ``shard_records`` gives each group's
records (the users' book of business plus everything their rules look up),
which are plain entities and pickle.  Each Dask task builds its shard with
``CrmSnapshot.build(..., strict=False)`` and reconciles it for its users only.
The gathered results are checked against a reconcile of the whole portal in
this process: the same actions created, updated, expired and kept.  The
cluster is local (two worker processes bound to 127.0.0.1, no dashboard) and is
closed at the end.
"""

from __future__ import annotations

import datetime as _dt
import sys
from collections.abc import Collection, Sequence
from typing import Any

import pendulum

from guided_actions.actions import GuidedAction, Reconciliation, reconcile, shard_records
from guided_actions.crm import CrmSnapshot, PortalSettings
from guided_actions.testing import synthetic_portal

NOW = pendulum.datetime(2026, 3, 2, 12, tz="UTC")
EARLIER = NOW - _dt.timedelta(days=2)  # the reconcile whose stored actions the host sends as ``known``
GROUPS = 4


def reconcile_piece(
    records: dict[str, list[Any]],
    settings: PortalSettings,
    user_ids: Sequence[str],
    now: _dt.datetime,
    known: Collection[GuidedAction],
) -> Reconciliation:
    """Runs on a worker: build the shard from its records and reconcile it for its users."""
    piece = CrmSnapshot.build(**records, settings=settings, strict=False)
    return reconcile(piece, now=now, known=known, user_ids=user_ids)


def _by_owner(result: Reconciliation, owners: Collection[str]) -> dict[str, set[GuidedAction]]:
    return {
        name: {a for a in getattr(result, name) if a.owner_id in owners}
        for name in ("created", "updated", "expired", "unchanged")
    }


def main() -> int:
    """Partition, reconcile on the cluster, gather, compare with the single-process result."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        print("dask_reconcile: dask[distributed] is not installed; skipping (pip install 'guided-actions[dask]')")
        return 0

    crm = synthetic_portal(users=12, scale=1, seed=7, now=NOW)
    first = reconcile(crm, now=EARLIER)
    known = first.active + first.expired
    expected = reconcile(crm, now=NOW, known=known)

    user_ids = [user.id for user in crm.users]
    groups = [user_ids[i::GROUPS] for i in range(GROUPS)]
    pieces = shard_records(crm, groups, known=known)
    sizes = [sum(len(v) for v in records.values()) for records in pieces]
    print(f"portal: {len(crm):,} records, {len(user_ids)} users; shards: {', '.join(f'{n:,}' for n in sizes)}")

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None) as c,
        Client(c) as client,
    ):
        futures = [
            client.submit(reconcile_piece, records, crm.settings, group, NOW, known, pure=False)
            for records, group in zip(pieces, groups, strict=True)
        ]
        results: list[Reconciliation] = client.gather(futures)

    merged: dict[str, set[GuidedAction]] = {name: set() for name in ("created", "updated", "expired", "unchanged")}
    for result, group in zip(results, groups, strict=True):
        for name, actions in _by_owner(result, set(group)).items():
            merged[name] |= actions
    whole = _by_owner(expected, set(user_ids))
    for name in merged:
        if merged[name] != whole[name]:
            print(f"dask_reconcile: {name} differs between the cluster and the single-process reconcile")
            return 1
        print(f"{name:>9}: {len(merged[name]):,} actions, same as a single-process reconcile")
    print("dask_reconcile: the sharded run on 2 worker processes equals the single-process reconcile")
    return 0


if __name__ == "__main__":
    sys.exit(main())
