"""``Reconciliation.next_check_at``: before it, a reconcile with no data change changes nothing."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from guided_actions._builders import make_deal, make_meeting, make_pipeline, make_user
from guided_actions.actions import Criterion, GuidedAction, Reconciliation, RuleRegistry, reconcile
from guided_actions.actions._builtin import builtin_rules
from guided_actions.actions._next_check import rule_boundaries
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
TICK = dt.timedelta(microseconds=1)


def _stored(result: Reconciliation) -> tuple[GuidedAction, ...]:
    return result.active + result.expired


def _quiet(result: Reconciliation) -> bool:
    return not (result.created or result.updated or result.expired)


class TestNextCheckProperties:
    @given(crm=portals, first=nows, later=st.integers(0, 10 * 48), where=st.floats(0, 1), data=st.data())
    def test_before_the_next_check_a_no_change_reconcile_changes_nothing(
        self, crm: CrmSnapshot, first: dt.datetime, later: int, where: float, data: st.DataObject
    ) -> None:
        now = first + dt.timedelta(minutes=30 * later)
        result = reconcile(crm, now=now, known=_stored(reconcile(crm, now=first)))
        known = _stored(result)
        until = result.next_check_at
        if until is None:
            until = now + dt.timedelta(days=400)
        assert until > now
        for t in (now, now + (until - now) * where, until - TICK):
            assert _quiet(reconcile(crm, now=max(now, t), known=known))

    @given(crm=portals, now=nows)
    def test_the_next_check_is_after_now(self, crm: CrmSnapshot, now: dt.datetime) -> None:
        result = reconcile(crm, now=now)
        assert result.next_check_at is None or result.next_check_at > now


class TestNextCheckScenes:
    def test_an_upcoming_meeting_is_checked_again_when_it_comes_within_a_day(self) -> None:
        user = make_user(id="u1")
        meeting = make_meeting(id="m1", owner_id="u1", start=NOW + dt.timedelta(days=3), end=NOW + dt.timedelta(days=3))
        crm = CrmSnapshot.build(users=[user], meetings=[meeting])
        result = reconcile(crm, now=NOW)
        assert result.created == ()
        assert result.next_check_at == NOW + dt.timedelta(days=2)
        later = reconcile(crm, now=result.next_check_at, known=_stored(result))
        assert [a.type for a in later.created] == ["upcoming_meeting_prep"]

    def test_a_deal_without_contact_is_checked_when_it_turns_a_week_old(self) -> None:
        deal = make_deal(id="d1", owner_id="u1", created_at=NOW - dt.timedelta(days=2), contact_ids=())
        crm = CrmSnapshot.build(users=[make_user(id="u1")], deals=[deal], pipelines=[make_pipeline()])
        result = reconcile(crm, now=NOW)
        assert result.next_check_at == NOW + dt.timedelta(days=5)

    def test_an_empty_portal_never_needs_a_check(self) -> None:
        crm = CrmSnapshot.build(users=[make_user(id="u1")])
        assert reconcile(crm, now=NOW).next_check_at is None

    def test_a_synthetic_portal_is_quiet_until_its_next_check(self) -> None:
        crm = synthetic_portal(users=5, scale=0.3, seed=2, now=NOW)
        result = reconcile(crm, now=NOW)
        assert result.next_check_at is not None
        assert _quiet(reconcile(crm, now=result.next_check_at - TICK, known=_stored(result)))

    def test_a_variant_of_a_built_in_rule_is_understood_with_its_own_numbers(self) -> None:
        rule = next(r for r in builtin_rules() if r.type == "add_contact_to_deal")
        variant = attrs.evolve(rule, type="add_contact_soon", window=dt.timedelta(days=1))
        assert rule_boundaries(variant) is rule_boundaries(rule)
        deal = make_deal(id="d1", owner_id="u1", created_at=NOW - dt.timedelta(hours=2), contact_ids=())
        crm = CrmSnapshot.build(users=[make_user(id="u1")], deals=[deal], pipelines=[make_pipeline()])
        result = reconcile(crm, now=NOW, registry=RuleRegistry([variant]))
        assert result.next_check_at == NOW + dt.timedelta(hours=22)

    def test_a_host_rule_of_unknown_time_behaviour_means_check_every_time(self) -> None:
        rule = attrs.evolve(
            next(r for r in builtin_rules() if r.type == "add_contact_to_deal"),
            type="host_rule",
            criteria=(Criterion(name="always", description="always", test=lambda ctx, c: True),),
        )
        crm = CrmSnapshot.build(users=[make_user(id="u1")])
        assert reconcile(crm, now=NOW, registry=RuleRegistry([rule])).next_check_at == NOW


class TestChangeLogArguments:
    """``changed`` and ``since`` (the incremental reconcile's change log) are checked, then reconciled in full."""

    def test_changed_without_since_is_refused(self) -> None:
        crm = CrmSnapshot.build(users=[make_user(id="u1")])
        with pytest.raises(GuidedActionsError, match="go together"):
            reconcile(crm, now=NOW, changed=[])

    def test_since_without_changed_is_refused(self) -> None:
        crm = CrmSnapshot.build(users=[make_user(id="u1")])
        with pytest.raises(GuidedActionsError, match="go together"):
            reconcile(crm, now=NOW, since=NOW)

    def test_changed_must_hold_refs(self) -> None:
        crm = CrmSnapshot.build(users=[make_user(id="u1")])
        with pytest.raises(GuidedActionsError, match="ObjectRef"):
            reconcile(crm, now=NOW, changed=["d1"], since=NOW)  # type: ignore[list-item]

    def test_since_after_now_is_refused(self) -> None:
        crm = CrmSnapshot.build(users=[make_user(id="u1")])
        with pytest.raises(GuidedActionsError, match="after now"):
            reconcile(crm, now=NOW, changed=[], since=NOW + TICK)

    @given(crm=portals, first=nows, later=st.integers(0, 5 * 48), data=st.data())
    def test_a_reconcile_with_a_change_log_equals_a_full_reconcile(
        self, crm: CrmSnapshot, first: dt.datetime, later: int, data: st.DataObject
    ) -> None:
        known = _stored(reconcile(crm, now=first))
        after, refs = data.draw(changes(crm))
        now = first + dt.timedelta(minutes=30 * later)
        assert reconcile(after, now=now, known=known, changed=refs, since=first) == reconcile(
            after, now=now, known=known
        )


def test_a_lead_assigned_in_the_future_is_checked_again_when_the_assignment_passes() -> None:
    """Rule 11 refuses a candidate while the lead's assignment is after ``now`` (reassigned)."""
    from guided_actions._builders import make_contact, make_email, make_lead, make_lead_pipeline
    from guided_actions.crm import EmailDirection

    assigned = NOW + dt.timedelta(minutes=30)
    crm = CrmSnapshot.build(
        users=[make_user()],
        contacts=[make_contact(id="c0", email="c0@customer.example")],
        pipelines=[make_lead_pipeline()],
        leads=[make_lead(id="l1", contact_id="c0", owner_assigned_at=assigned)],
        emails=[
            make_email(id="e0", owner_id="u1", to_addresses=("c0@customer.example",), sent_at=NOW),
            make_email(
                id="e3",
                owner_id="u1",
                direction=EmailDirection.INCOMING,
                from_address="c0@customer.example",
                to_addresses=("u1@vendor.example",),
                sent_at=NOW,
                in_reply_to="e0",
            ),
        ],
        strict=False,
    )
    result = reconcile(crm, now=NOW)
    assert not [a for a in result.created if a.type == "leads_awaiting_reply"]
    assert result.next_check_at is not None
    assert result.next_check_at <= assigned
    later = reconcile(crm, now=assigned, known=_stored(result))
    assert [a.subject.id for a in later.created if a.type == "leads_awaiting_reply"] == ["l1"]
