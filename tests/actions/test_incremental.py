"""Incremental reconcile (``changed`` + ``since``): the same result as a full reconcile, for less work."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guided_actions._builders import make_contact, make_email, make_meeting, make_user
from guided_actions.actions import (
    ActionStatus,
    ActionType,
    Criterion,
    GuidedAction,
    KnownActions,
    Reconciliation,
    RuleRegistry,
    reconcile,
)
from guided_actions.actions._builtin import builtin_rules
from guided_actions.actions._incremental import plan_incremental
from guided_actions.actions._judged import Judged
from guided_actions.actions._registry import default_registry
from guided_actions.actions._rule import Context
from guided_actions.crm import CrmSnapshot, EmailDirection, ObjectRef, ObjectType
from guided_actions.errors import GuidedActionsError
from guided_actions.testing import snapshots as lib_snapshots
from tests.actions._changes import changes
from tests.actions._scenes import NOW, scene
from tests.actions._strategies import instants
from tests.actions._strategies import snapshots as dense_snapshots

nows = instants(20)
portals = st.one_of(lib_snapshots(now=NOW), lib_snapshots(now=NOW, strict=False), dense_snapshots())
HALF_HOUR = dt.timedelta(minutes=30)


def _after(known: tuple[GuidedAction, ...], result: Reconciliation) -> tuple[GuidedAction, ...]:
    """What a host stores after applying ``result``: earlier expired actions, then the new state."""
    return tuple(a for a in known if not a.active) + result.active + result.expired


def _history(crm: CrmSnapshot, first: dt.datetime, gap: int) -> tuple[GuidedAction, ...]:
    """The stored actions after two full reconciles, ``gap`` half hours apart, the last at ``first``."""
    known = _after((), reconcile(crm, now=first - gap * HALF_HOUR))
    return _after(known, reconcile(crm, now=first, known=known))


def _rebuilt(crm: CrmSnapshot) -> CrmSnapshot:
    """The same records in a snapshot that remembers no ``evolve`` step."""
    return CrmSnapshot.build(
        users=crm.users,
        companies=crm.companies,
        contacts=crm.contacts,
        leads=crm.leads,
        deals=crm.deals,
        tasks=crm.tasks,
        meetings=crm.meetings,
        calls=crm.calls,
        emails=crm.emails,
        notes=crm.notes,
        pipelines=crm.pipelines,
        settings=crm.settings,
        strict=False,
    )


_VARIANTS = ("as is", "emails by address only", "originals unlinked")


def _variant(crm: CrmSnapshot, variant: str) -> CrmSnapshot:
    """A scene whose emails reach their contacts another way (so each way of finding readers is needed)."""
    if variant == "as is" or not crm.emails:
        return crm
    if variant == "emails by address only":
        emails = [attrs.evolve(e, contact_ids=()) for e in crm.emails]
    else:  # an original reaches the contact only through its reply
        emails = [
            e if e.in_reply_to else attrs.evolve(e, contact_ids=(), to_addresses=("nobody@elsewhere.example",))
            for e in crm.emails
        ]
    return crm.evolve(upsert=emails).evolve()


class TestIncrementalEqualsFull:
    @settings(max_examples=300)
    @given(crm=portals, first=nows, gap=st.integers(0, 96), later=st.integers(0, 10 * 48), data=st.data())
    def test_after_an_evolve_step(
        self, crm: CrmSnapshot, first: dt.datetime, gap: int, later: int, data: st.DataObject
    ) -> None:
        known = _history(crm, first, gap)
        after, refs = data.draw(changes(crm))
        now = first + later * HALF_HOUR
        full = reconcile(after, now=now, known=known)
        assert reconcile(after, now=now, known=known, changed=refs, since=first) == full

    @settings(max_examples=2000)
    @given(
        action_type=st.sampled_from(list(ActionType)),
        variant=st.sampled_from(_VARIANTS),
        back=st.integers(-2 * 48, 2 * 48),
        later=st.integers(0, 4 * 48),
        data=st.data(),
    )
    def test_on_the_scene_of_every_rule(
        self, action_type: ActionType, variant: str, back: int, later: int, data: st.DataObject
    ) -> None:
        """Each rule's scene creates its action, so a change there is likely to flip a rule."""
        base = scene(action_type)
        crm, first = _variant(base.build(), variant), base.now + back * HALF_HOUR
        known = _history(crm, first, 4)
        after, refs = data.draw(changes(crm))
        now = first + later * HALF_HOUR
        full = reconcile(after, now=now, known=known)
        assert reconcile(after, now=now, known=known, changed=refs, since=first) == full

    @settings(max_examples=150)
    @given(crm=portals, first=nows, later=st.integers(0, 10 * 48), data=st.data())
    def test_with_the_previous_snapshot_given(
        self, crm: CrmSnapshot, first: dt.datetime, later: int, data: st.DataObject
    ) -> None:
        known = _history(crm, first, 4)
        evolved, refs = data.draw(changes(crm))
        after = _rebuilt(evolved)
        now = first + later * HALF_HOUR
        full = reconcile(after, now=now, known=known)
        assert reconcile(after, now=now, known=known, changed=refs, since=first, previous=crm) == full

    @settings(max_examples=100)
    @given(crm=portals, first=nows, later=st.integers(0, 10 * 48), data=st.data())
    def test_for_some_users_only(self, crm: CrmSnapshot, first: dt.datetime, later: int, data: st.DataObject) -> None:
        user_ids = data.draw(st.lists(st.sampled_from([u.id for u in crm.users]), unique=True)) if crm.users else []
        known = _history(crm, first, 4)
        after, refs = data.draw(changes(crm))
        now = first + later * HALF_HOUR
        full = reconcile(after, now=now, known=known, user_ids=user_ids)
        assert reconcile(after, now=now, known=known, user_ids=user_ids, changed=refs, since=first) == full

    @given(crm=portals, first=nows, later=st.integers(0, 20 * 48))
    def test_with_no_change_only_time_passes(self, crm: CrmSnapshot, first: dt.datetime, later: int) -> None:
        known = _history(crm, first, 4)
        now = first + later * HALF_HOUR
        assert reconcile(crm, now=now, known=known, changed=(), since=first) == reconcile(crm, now=now, known=known)

    @settings(max_examples=50)
    @given(crm=portals, first=nows, later=st.integers(0, 10 * 48), data=st.data())
    def test_two_evolve_steps_need_the_previous_snapshot(
        self, crm: CrmSnapshot, first: dt.datetime, later: int, data: st.DataObject
    ) -> None:
        known = _history(crm, first, 4)
        middle, one = data.draw(changes(crm))
        after, two = data.draw(changes(middle))
        now = first + later * HALF_HOUR
        full = reconcile(after, now=now, known=known)
        refs = one | two
        assert reconcile(after, now=now, known=known, changed=refs, since=first, previous=crm) == full
        # without it, the last step alone does not know the first step's versions: a full reconcile
        assert reconcile(after, now=now, known=known, changed=refs, since=first) == full


def _plan(crm: CrmSnapshot, changed: frozenset[ObjectRef], *, previous: CrmSnapshot | None = None) -> object:
    registry = default_registry()
    return plan_incremental(Context(crm, NOW), registry, Judged(crm.users), changed, NOW, previous)


class TestWhatIsJudgedAgain:
    def _portal(self) -> CrmSnapshot:
        return CrmSnapshot.build(
            users=[make_user(id="u1"), make_user(id="u2", email="u2@vendor.example")],
            contacts=[
                make_contact(id="c1", owner_id="u1", email="c1@customer.example"),
                make_contact(id="c2", owner_id="u2", email="c2@customer.example"),
            ],
            emails=[make_email(id="e1", owner_id="u1", to_addresses=("c1@customer.example",), contact_ids=("c1",))],
        )

    def test_a_changed_email_touches_its_contact_only(self) -> None:
        crm = self._portal()
        email = crm.email("e1")
        after = crm.evolve(upsert=[attrs.evolve(email, sent_at=NOW)])
        affected = _plan(after, frozenset({ObjectRef(ObjectType.EMAIL, "e1")}))
        assert affected is not None
        assert ObjectRef(ObjectType.CONTACT, "c1") in affected.refs  # type: ignore[attr-defined]
        assert ObjectRef(ObjectType.CONTACT, "c2") not in affected.refs  # type: ignore[attr-defined]

    def test_an_email_moved_to_another_contact_touches_both(self) -> None:
        crm = self._portal()
        email = crm.email("e1")
        moved = attrs.evolve(email, contact_ids=("c2",), to_addresses=("c2@customer.example",))
        after = crm.evolve(upsert=[moved])
        affected = _plan(after, frozenset({ObjectRef(ObjectType.EMAIL, "e1")}))
        assert affected is not None
        refs = affected.refs  # type: ignore[attr-defined]
        assert {ObjectRef(ObjectType.CONTACT, "c1"), ObjectRef(ObjectType.CONTACT, "c2")} <= refs

    def test_a_snapshot_built_from_scratch_needs_the_previous_one(self) -> None:
        crm = self._portal()
        email = crm.email("e1")
        after = _rebuilt(crm.evolve(upsert=[attrs.evolve(email, sent_at=NOW)]))
        changed = frozenset({ObjectRef(ObjectType.EMAIL, "e1")})
        assert _plan(after, changed) is None
        assert _plan(after, changed, previous=crm) is not None

    def test_a_changed_user_means_a_full_reconcile(self) -> None:
        crm = self._portal()
        after = crm.evolve(upsert=[make_user(id="u1", timezone="Asia/Tokyo")])
        assert _plan(after, frozenset({ObjectRef(ObjectType.USER, "u1")})) is None

    def test_changed_settings_mean_a_full_reconcile(self) -> None:
        crm = self._portal()
        after = crm.evolve(settings=attrs.evolve(crm.settings, closed_lifecycle_stages=frozenset({"customer"})))
        assert _plan(after, frozenset()) is None
        assert _plan(after, frozenset(), previous=crm) is None

    def test_a_host_rule_means_a_full_reconcile(self) -> None:
        crm = self._portal()
        rule = attrs.evolve(
            builtin_rules()[0],
            type="host_rule",
            criteria=(Criterion(name="always", description="always", test=lambda ctx, c: True),),
        )
        registry = RuleRegistry([*builtin_rules(), rule])
        assert plan_incremental(Context(crm, NOW), registry, Judged(crm.users), (), NOW, None) is None


class TestIncrementalScenes:
    def test_a_new_reply_creates_the_action_a_full_reconcile_creates(self) -> None:
        crm = CrmSnapshot.build(
            users=[make_user(id="u1")],
            contacts=[make_contact(id="c1", owner_id="u1", email="c1@customer.example")],
            emails=[make_email(id="e1", owner_id="u1", to_addresses=("c1@customer.example",), sent_at=NOW)],
        )
        first = reconcile(crm, now=NOW)
        reply = make_email(
            id="e2",
            owner_id="u1",
            direction=EmailDirection.INCOMING,
            from_address="c1@customer.example",
            to_addresses=("u1@vendor.example",),
            sent_at=NOW + HALF_HOUR,
            in_reply_to="e1",
        )
        after = crm.evolve(upsert=[reply])
        now = NOW + 2 * HALF_HOUR
        result = reconcile(after, now=now, known=first.active, changed=[ObjectRef(ObjectType.EMAIL, "e2")], since=NOW)
        assert result == reconcile(after, now=now, known=first.active)
        assert result.created

    def test_a_meeting_that_ended_long_enough_ago_is_found_without_a_change(self) -> None:
        meeting = make_meeting(id="m1", owner_id="u1", start=NOW - 2 * HALF_HOUR, end=NOW - HALF_HOUR)
        crm = CrmSnapshot.build(users=[make_user(id="u1")], meetings=[meeting])
        first = reconcile(crm, now=NOW)
        later = NOW + dt.timedelta(days=3)
        full = reconcile(crm, now=later, known=first.active)
        assert reconcile(crm, now=later, known=first.active, changed=(), since=NOW) == full

    def test_previous_must_be_a_snapshot(self) -> None:
        crm = CrmSnapshot.build(users=[make_user(id="u1")])
        with pytest.raises(GuidedActionsError, match="previous must be a CrmSnapshot"):
            reconcile(crm, now=NOW, changed=(), since=NOW, previous="crm")  # type: ignore[arg-type]


class TestKnownActions:
    @settings(max_examples=150)
    @given(crm=portals, first=nows, gap=st.integers(0, 96), later=st.integers(0, 10 * 48), data=st.data())
    def test_an_index_gives_the_same_result_as_the_list(
        self, crm: CrmSnapshot, first: dt.datetime, gap: int, later: int, data: st.DataObject
    ) -> None:
        stored = _history(crm, first, gap)
        index = KnownActions.of(stored)
        after, refs = data.draw(changes(crm))
        now = first + later * HALF_HOUR
        full = reconcile(after, now=now, known=stored)
        assert reconcile(after, now=now, known=index) == full
        assert reconcile(after, now=now, known=index, changed=refs, since=first) == full

    @settings(max_examples=300)
    @given(
        action_type=st.sampled_from(list(ActionType)),
        back=st.integers(-2 * 48, 2 * 48),
        steps=st.lists(st.integers(0, 2 * 48), min_size=1, max_size=4),
        data=st.data(),
    )
    def test_a_chain_of_changes_applied_to_the_index(
        self, action_type: ActionType, back: int, steps: list[int], data: st.DataObject
    ) -> None:
        """Change after change, the index kept with ``apply`` gives what the stored list gives."""
        base = scene(action_type)
        crm, since = base.build(), base.now + back * HALF_HOUR
        stored = _history(crm, since, 4)
        index = KnownActions.of(stored)
        for step in steps:
            after, refs = data.draw(changes(crm))
            now = since + step * HALF_HOUR
            full = reconcile(after, now=now, known=stored)
            result = reconcile(after, now=now, known=index, changed=refs, since=since)
            assert result == full
            stored, index = _after(stored, full), index.apply(result)
            assert set(index) == set(stored)
            assert index.active == KnownActions.of(stored).active
            crm, since = after, now

    def test_apply_refuses_a_result_about_other_actions(self) -> None:
        crm = scene(ActionType.FOLLOW_UP_MEETING).build()
        result = reconcile(crm, now=NOW)
        index = KnownActions.of(())
        stale = attrs.evolve(result.created[0], status=ActionStatus.EXPIRED)
        with pytest.raises(GuidedActionsError, match="not an active action stored here"):
            index.apply(Reconciliation(expired=(stale,)))
        with pytest.raises(GuidedActionsError, match="already stored"):
            KnownActions.of(result.created).apply(result)
        with pytest.raises(GuidedActionsError, match="needs a Reconciliation"):
            index.apply("result")  # type: ignore[arg-type]

    def test_of_refuses_duplicates_and_other_values(self) -> None:
        action = reconcile(scene(ActionType.FOLLOW_UP_MEETING).build(), now=NOW).created[0]
        with pytest.raises(GuidedActionsError, match="twice"):
            KnownActions.of([action, action])
        with pytest.raises(GuidedActionsError, match="GuidedAction values"):
            KnownActions.of(["action"])  # type: ignore[list-item]
        with pytest.raises(TypeError, match=r"KnownActions\.of"):
            KnownActions()

    def test_reading_an_index(self) -> None:
        action = reconcile(scene(ActionType.FOLLOW_UP_MEETING).build(), now=NOW).created[0]
        index = KnownActions.of([action])
        assert len(index) == 1
        assert index.get(action.id) == action
        assert index.get("nope") is None
        assert index.used(action.type, action.owner_id, action.key)
        assert list(index.about(action.subject)) == [action]
        assert list(index.of_owner(action.type, action.owner_id)) == [action]
        assert "1 active" in repr(index)
        assert index.apply(Reconciliation()) is index

    def test_an_index_sorted_for_another_registry_is_sorted_again(self) -> None:
        crm = scene(ActionType.FOLLOW_UP_MEETING).build()
        stored = reconcile(crm, now=NOW).created
        reversed_registry = RuleRegistry(reversed(list(builtin_rules())))
        index = KnownActions.of(stored, registry=reversed_registry)
        assert not index.ordered_for(default_registry())
        later = NOW + dt.timedelta(days=2)
        full = reconcile(crm, now=later, known=stored)
        assert reconcile(crm, now=later, known=index, changed=(), since=NOW) == full


def test_a_subject_freed_by_an_expiry_is_judged_for_creation_again() -> None:
    """Found by fuzzing: a key that changed while the action was active is not blocked once it expires."""
    base = scene(ActionType.ADD_CONTACT_TO_DEAL)
    crm, first = base.build(), base.now
    stored = _after((), reconcile(crm, now=first))
    deal = crm.deal("d1")
    assert deal.owner_assigned_at is not None
    after = crm.evolve(upsert=[attrs.evolve(deal, owner_assigned_at=deal.owner_assigned_at + HALF_HOUR)])
    step = first + HALF_HOUR
    changed = [ObjectRef(ObjectType.DEAL, "d1")]
    result = reconcile(after, now=step, known=stored, changed=changed, since=first)
    assert result == reconcile(after, now=step, known=stored)
    stored = _after(stored, result)
    later = first + dt.timedelta(days=7, minutes=30)  # the first action reaches its maximum age
    full = reconcile(after, now=later, known=stored)
    assert [a.expiry_reason for a in full.expired] == ["max_age"]
    assert len(full.created) == 1  # the same deal, under its new key
    assert reconcile(after, now=later, known=stored, changed=(), since=step) == full
    assert reconcile(after, now=later, known=KnownActions.of(stored), changed=(), since=step) == full


class TestEachWayFromARecordToItsReaders:
    """One scene per way the readers of a changed email are found; each fails if that way is left out."""

    def _check(self, crm: CrmSnapshot, upsert: list[Any], now: dt.datetime) -> Reconciliation:
        stored = _after((), reconcile(crm, now=now))
        after = crm.evolve(upsert=upsert)
        changed = [ObjectRef(ObjectType.EMAIL, e.id) for e in upsert]
        full = reconcile(after, now=now, known=stored)
        assert full.changed, "the scene must change something, or it tests nothing"
        assert reconcile(after, now=now, known=stored, changed=changed, since=now) == full
        return full

    def _buyer(self) -> CrmSnapshot:
        return scene(ActionType.FOLLOW_UP_WITH_BUYER).drop("emails", "e1").build()

    def _opened(self, **fields: Any) -> Any:
        at = NOW - dt.timedelta(days=10)
        return make_email(
            id="e9", owner_id="u1", sent_at=at, opened_at=at + dt.timedelta(days=1), tracked=True, **fields
        )

    def test_an_email_reaches_the_deals_of_its_contact(self) -> None:
        full = self._check(self._buyer(), [self._opened(contact_ids=("c1",))], NOW)
        assert [a.type for a in full.created] == [ActionType.FOLLOW_UP_WITH_BUYER]

    def test_an_email_reaches_a_contact_by_the_address_it_was_sent_to(self) -> None:
        full = self._check(self._buyer(), [self._opened(contact_ids=(), to_addresses=("c1@customer.example",))], NOW)
        assert [a.type for a in full.created] == [ActionType.FOLLOW_UP_WITH_BUYER]

    def _replied(self) -> CrmSnapshot:
        """u1 wrote to someone else (e1); c1 answered it from their address (e2), linked by nothing else."""
        return (
            scene(ActionType.EMAIL_REPLIES)
            .change("emails", "e1", contact_ids=(), to_addresses=("someone@elsewhere.example",))
            .change("emails", "e2", contact_ids=())
            .build()
        )

    def test_a_reply_reaches_its_sender_by_address(self) -> None:
        crm = self._replied()
        reply = crm.email("e2")
        later = make_email(
            id="e3",
            owner_id="u1",
            direction=EmailDirection.INCOMING,
            from_address=reply.from_address,
            to_addresses=reply.to_addresses,
            in_reply_to="e1",
            sent_at=NOW - dt.timedelta(hours=1),
        )
        self._check(crm.evolve(remove=[ObjectRef(ObjectType.EMAIL, "e2")]), [later], NOW)

    def test_an_email_reaches_the_senders_of_its_replies(self) -> None:
        """e1 becomes u1's email: c1's answer to it is now a reply to u1."""
        crm = self._replied().evolve(upsert=[attrs.evolve(self._replied().email("e1"), owner_id="u2")]).evolve()
        full = self._check(crm, [attrs.evolve(crm.email("e1"), owner_id="u1")], NOW)
        assert full.created
