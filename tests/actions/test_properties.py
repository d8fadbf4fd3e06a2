"""Reconcile's promises over random portals and random instants."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from guided_actions.actions import ActionStatus, GuidedAction, explain, reconcile
from guided_actions.crm import CrmSnapshot
from guided_actions.testing import snapshots as lib_snapshots
from tests.actions._scenes import NOW
from tests.actions._strategies import instants, snapshots

nows = instants(10)


def _stored(*results: object) -> tuple[GuidedAction, ...]:
    out: list[GuidedAction] = []
    for result in results:
        out.extend(result.active + result.expired)  # type: ignore[attr-defined]
    return tuple(out)


class TestProperties:
    @given(crm=snapshots(), first=nows, later=st.integers(0, 20 * 48))
    def test_nothing_is_lost(self, crm: CrmSnapshot, first: dt.datetime, later: int) -> None:
        before = reconcile(crm, now=first)
        now = first + dt.timedelta(minutes=30 * later)
        known = _stored(before)
        after = reconcile(crm, now=now, known=known)
        returned = Counter(a.id for a in after.updated + after.expired + after.unchanged)
        assert returned == Counter(a.id for a in known if a.status is ActionStatus.ACTIVE)
        assert not {a.id for a in after.created} & {a.id for a in known}
        assert all(a.status is ActionStatus.EXPIRED and a.expired_at == now for a in after.expired)

    @given(crm=snapshots(), first=nows, later=st.integers(0, 10 * 48))
    def test_reconciling_again_with_the_result_changes_nothing(
        self, crm: CrmSnapshot, first: dt.datetime, later: int
    ) -> None:
        now = first + dt.timedelta(minutes=30 * later)
        once = reconcile(crm, now=now, known=_stored(reconcile(crm, now=first)))
        twice = reconcile(crm, now=now, known=_stored(once))
        assert twice.created == ()
        assert twice.expired == ()
        assert twice.updated == ()
        assert set(twice.unchanged) == set(once.active)

    @given(crm=snapshots(), now=nows, data=st.data())
    def test_the_output_is_deterministic(self, crm: CrmSnapshot, now: dt.datetime, data: st.DataObject) -> None:
        earlier = _stored(reconcile(crm, now=now - dt.timedelta(days=3)))
        shuffled = tuple(data.draw(st.permutations(earlier)))
        assert reconcile(crm, now=now, known=earlier) == reconcile(crm, now=now, known=shuffled)

    @given(crm=snapshots(), now=nows)
    def test_explain_agrees_with_every_created_action(self, crm: CrmSnapshot, now: dt.datetime) -> None:
        for action in reconcile(crm, now=now).created:
            report = explain(crm, action.type, action.subject, user_id=action.owner_id, now=now)
            assert report.would_create, str(report)
            assert report.key == action.key


class TestPropertiesOnTheLibrarysSnapshots:
    """The same promises over ``guided_actions.testing.snapshots()``: mixed zones and time flavours, loose refs."""

    @given(
        crm=st.one_of(lib_snapshots(now=NOW), lib_snapshots(now=NOW, strict=False)),
        first=nows,
        later=st.integers(0, 480),
    )
    def test_reconcile_is_idempotent_and_loses_nothing(self, crm: CrmSnapshot, first: dt.datetime, later: int) -> None:
        now = first + dt.timedelta(minutes=30 * later)
        before = reconcile(crm, now=first)
        once = reconcile(crm, now=now, known=_stored(before))
        returned = Counter(a.id for a in once.updated + once.expired + once.unchanged)
        assert returned == Counter(a.id for a in before.active)
        twice = reconcile(crm, now=now, known=_stored(once))
        assert (twice.created, twice.expired, twice.updated) == ((), (), ())
        assert reconcile(crm, now=now, known=_stored(once)) == twice

    @given(crm=st.one_of(lib_snapshots(now=NOW), lib_snapshots(now=NOW, strict=False)), now=nows)
    def test_explain_agrees_with_every_created_action(self, crm: CrmSnapshot, now: dt.datetime) -> None:
        for action in reconcile(crm, now=now).created:
            assert explain(crm, action.type, action.subject, user_id=action.owner_id, now=now).would_create
