"""``shard``: a group of users' piece of a portal gives them exactly the actions the whole portal gives."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guided_actions.actions import GuidedAction, Reconciliation, reconcile
from guided_actions.actions._shard import shard, shard_records, shards
from guided_actions.crm import CrmSnapshot
from guided_actions.errors import GuidedActionsError
from guided_actions.testing import snapshots as lib_snapshots
from guided_actions.testing import synthetic_portal
from tests.actions._changes import changes
from tests.actions._scenes import NOW
from tests.actions._strategies import instants
from tests.actions._strategies import snapshots as dense_snapshots

nows = instants(20)
portals = st.one_of(lib_snapshots(now=NOW), lib_snapshots(now=NOW, strict=False), dense_snapshots())


def _stored(result: Reconciliation) -> tuple[GuidedAction, ...]:
    return result.active + result.expired


def _same(a: Reconciliation, b: Reconciliation) -> None:
    assert a.created == b.created
    assert a.updated == b.updated
    assert a.expired == b.expired
    assert a.unchanged == b.unchanged


class TestShardProperties:
    @given(crm=portals, now=nows, data=st.data())
    def test_a_shard_gives_its_users_the_actions_of_a_full_reconcile(
        self, crm: CrmSnapshot, now: dt.datetime, data: st.DataObject
    ) -> None:
        ids = [user.id for user in crm.users]
        group = data.draw(st.lists(st.sampled_from(ids), min_size=1, unique=True)) if ids else []
        piece = shard(crm, group)
        assert piece.strict is False
        _same(reconcile(piece, now=now, user_ids=group), reconcile(crm, now=now, user_ids=group))

    @given(crm=portals, first=nows, later=st.integers(0, 20 * 48), data=st.data())
    def test_a_shard_with_known_actions_expires_and_keeps_them_as_a_full_reconcile_does(
        self, crm: CrmSnapshot, first: dt.datetime, later: int, data: st.DataObject
    ) -> None:
        known = _stored(reconcile(crm, now=first))
        changed, _ = data.draw(changes(crm))  # records reassigned, moved, added or removed since
        now = first + dt.timedelta(minutes=30 * later)
        ids = [user.id for user in changed.users]
        group = data.draw(st.lists(st.sampled_from(ids), min_size=1, unique=True)) if ids else []
        piece = shard(changed, group, known=known)
        _same(
            reconcile(piece, now=now, known=known, user_ids=group),
            reconcile(changed, now=now, known=known, user_ids=group),
        )

    @given(crm=portals, now=nows, parts=st.integers(1, 3))
    def test_shards_of_a_partition_of_the_users_together_give_the_full_reconcile(
        self, crm: CrmSnapshot, now: dt.datetime, parts: int
    ) -> None:
        ids = [user.id for user in crm.users]
        groups = [ids[i::parts] for i in range(parts)]
        created: set[GuidedAction] = set()
        for group, piece in zip(groups, shards(crm, groups), strict=True):
            created.update(reconcile(piece, now=now, user_ids=group).created)
        assert created == set(reconcile(crm, now=now).created)


class TestShardOnSyntheticPortals:
    @pytest.mark.parametrize("seed", [0, 1, 2])
    def test_every_group_of_a_synthetic_portal_gets_the_full_reconciles_actions(self, seed: int) -> None:
        crm = synthetic_portal(users=6, scale=0.3, seed=seed, now=NOW)
        earlier = NOW - dt.timedelta(days=3)
        known = _stored(reconcile(crm, now=earlier))
        ids = [user.id for user in crm.users]
        groups = [ids[:1], ids[1:3], ids[3:]]
        for group, piece in zip(groups, shards(crm, groups, known=known), strict=True):
            assert len(piece) < len(crm)
            _same(
                reconcile(piece, now=NOW, known=known, user_ids=group),
                reconcile(crm, now=NOW, known=known, user_ids=group),
            )

    def test_many_small_groups_keep_the_records_in_snapshot_order(self) -> None:
        crm = synthetic_portal(users=8, scale=0.2, seed=4, now=NOW)
        ids = [user.id for user in crm.users]
        groups = [[uid] for uid in ids]
        for group, records in zip(groups, shard_records(crm, groups), strict=True):
            order = {contact.id: i for i, contact in enumerate(crm.contacts)}
            positions = [order[contact.id] for contact in records["contacts"]]
            assert positions == sorted(positions)
            piece = CrmSnapshot.build(**records, settings=crm.settings, strict=False)
            _same(reconcile(piece, now=NOW, user_ids=group), reconcile(crm, now=NOW, user_ids=group))

    def test_a_shard_of_one_user_is_a_fraction_of_the_portal(self) -> None:
        crm = synthetic_portal(users=10, scale=0.5, seed=5, now=NOW)
        piece = shard(crm, [next(iter(crm.users)).id])
        assert len(piece) < len(crm) / 2
        assert piece.settings == crm.settings
        assert [user.id for user in piece.users] == [next(iter(crm.users)).id]


class TestShardRefusals:
    def test_a_single_string_of_user_ids_is_refused(self) -> None:
        crm = synthetic_portal(users=2, scale=0.01, seed=0, now=NOW)
        with pytest.raises(GuidedActionsError, match="collection of user ids"):
            shard(crm, "u1")

    def test_unknown_users_are_all_named(self) -> None:
        crm = synthetic_portal(users=2, scale=0.01, seed=0, now=NOW)
        with pytest.raises(GuidedActionsError, match="nobody, somebody"):
            shard(crm, ["somebody", "nobody"])

    def test_something_that_is_not_a_snapshot_is_refused(self) -> None:
        with pytest.raises(GuidedActionsError, match="CrmSnapshot"):
            shard({}, ["u1"])  # type: ignore[arg-type]

    def test_known_must_hold_guided_actions(self) -> None:
        crm = synthetic_portal(users=2, scale=0.01, seed=0, now=NOW)
        uid = next(iter(crm.users)).id
        with pytest.raises(GuidedActionsError, match="GuidedAction"):
            shard(crm, [uid], known=["not an action"])  # type: ignore[list-item]
