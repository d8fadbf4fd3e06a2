"""The Hypothesis strategies: one per entity, registered, and whole snapshots that always build."""

from __future__ import annotations

import datetime as _dt
import inspect
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

import guided_actions._builders
import guided_actions.crm
import guided_actions.testing as testing
from guided_actions.crm import CrmSnapshot, Deal, EmailDirection, Lead, ObjectType

NOW = pendulum.datetime(2026, 3, 29, 1, 30, tz="Europe/Berlin")  # the night Berlin springs forward
ENTITY_CLASSES = [
    getattr(guided_actions.crm, name)
    for name in guided_actions.crm.__all__
    if isinstance(getattr(guided_actions.crm, name), type)
    and (attrs.has(getattr(guided_actions.crm, name)) or getattr(guided_actions.crm, name) is CrmSnapshot)
]
PLURAL_STRATEGIES = [
    "users",
    "teams",
    "companies",
    "contacts",
    "leads",
    "deals",
    "pipelines",
    "stages",
    "tasks",
    "sequence_steps",
    "meetings",
    "calls",
    "emails",
    "notes",
    "portal_settings",
    "object_refs",
    "aware_datetimes",
    "snapshots",
]
FIND = settings(max_examples=2000, database=None)


def _records(crm: CrmSnapshot) -> dict[str, Any]:
    kinds: tuple[str, ...] = ("users", "teams", "companies", "contacts", "leads", "deals", "pipelines")
    kinds += ("tasks", "meetings", "calls", "emails", "notes")
    return {kind: list(getattr(crm, kind)) for kind in kinds}


class TestRegisteredStrategies:
    def test_the_walk_over_crm_all_finds_every_entity_class(self) -> None:
        names = {cls.__name__ for cls in ENTITY_CLASSES}
        assert {"User", "Contact", "Email", "Engagement", "ObjectRef", "CrmSnapshot", "SequenceStep"} <= names

    @pytest.mark.parametrize("cls", ENTITY_CLASSES, ids=lambda cls: cls.__name__)
    def test_every_entity_class_of_crm_all_has_a_registered_strategy(self, cls: type) -> None:
        assert cls in testing.register_strategies()

    @pytest.mark.parametrize("cls", ENTITY_CLASSES, ids=lambda cls: cls.__name__)
    @settings(max_examples=5)
    @given(data=st.data())
    def test_from_type_draws_valid_instances_of_every_entity_class(self, cls: type, data: st.DataObject) -> None:
        assert isinstance(data.draw(st.from_type(cls)), cls)

    def test_registering_again_is_harmless_and_returns_the_same_kinds(self) -> None:
        assert testing.register_strategies().keys() == testing.register_strategies().keys()

    @given(deal=st.from_type(guided_actions.crm.Deal))
    def test_from_type_deals_sit_in_a_stage_of_their_pipeline(self, deal: guided_actions.crm.Deal) -> None:
        pipeline = guided_actions._builders.make_pipeline()
        assert deal.pipeline_id == pipeline.id
        assert pipeline.stage(deal.stage_id).id == deal.stage_id


class TestPublicSurface:
    @pytest.mark.parametrize("name", PLURAL_STRATEGIES)
    def test_every_strategy_takes_keyword_only_arguments_and_has_a_docstring(self, name: str) -> None:
        function = getattr(testing, name)
        kinds = {p.kind for p in inspect.signature(function).parameters.values()}
        assert kinds <= {inspect.Parameter.KEYWORD_ONLY, inspect.Parameter.VAR_KEYWORD}
        assert function.__doc__

    @pytest.mark.parametrize("name", list(guided_actions._builders.__all__))
    def test_the_builders_are_re_exported_unchanged(self, name: str) -> None:
        assert getattr(testing, name) is getattr(guided_actions._builders, name)
        assert name in testing.__all__

    def test_all_is_sorted_and_names_synthetic_portal(self) -> None:
        assert testing.__all__ == sorted(testing.__all__)
        assert testing.synthetic_portal.__module__ == "guided_actions._portal"


class TestDatetimes:
    @given(value=testing.aware_datetimes())
    def test_aware_datetimes_are_always_aware(self, value: _dt.datetime) -> None:
        assert value.utcoffset() is not None
        assert (value + _dt.timedelta(minutes=1)).utcoffset() is not None

    def test_aware_datetimes_come_as_pendulum_and_as_stdlib_zoneinfo_values(self) -> None:
        stdlib = find(testing.aware_datetimes(), lambda v: not isinstance(v, pendulum.DateTime), settings=FIND)
        assert type(stdlib) is _dt.datetime
        assert isinstance(
            find(testing.aware_datetimes(), lambda v: isinstance(v, pendulum.DateTime), settings=FIND), _dt.datetime
        )

    def test_aware_datetimes_reach_the_dst_zones_of_both_hemispheres(self) -> None:
        for zone in ("Europe/Berlin", "Pacific/Auckland", "America/Los_Angeles"):

            def in_zone(value: _dt.datetime, zone: str = zone) -> bool:
                return zone in repr(value.tzinfo)

            assert in_zone(find(testing.aware_datetimes(), in_zone, settings=FIND))

    @given(value=testing.near(NOW))
    def test_near_stays_within_forty_days_of_now_and_is_aware(self, value: _dt.datetime) -> None:
        assert abs(value - NOW) <= _dt.timedelta(days=40)
        assert value.utcoffset() is not None

    @pytest.mark.parametrize("window", [_dt.timedelta(minutes=10), _dt.timedelta(hours=24), _dt.timedelta(days=7)])
    def test_near_hits_the_rule_windows_exactly_on_both_sides(self, window: _dt.timedelta) -> None:
        seconds = window.total_seconds()
        before = find(testing.near(NOW), lambda v: NOW.timestamp() - v.timestamp() == seconds, settings=FIND)
        after = find(testing.near(NOW), lambda v: v.timestamp() - NOW.timestamp() == seconds, settings=FIND)
        assert before < NOW < after


class TestSnapshots:
    @given(crm=testing.snapshots())
    def test_snapshots_always_build_in_strict_mode_and_rebuild_from_their_records(self, crm: CrmSnapshot) -> None:
        assert crm.strict
        assert CrmSnapshot.build(**_records(crm), settings=crm.settings, strict=True) == crm
        assert 1 <= len(crm.users) <= 3

    @given(crm=testing.snapshots())
    def test_stages_replies_and_follow_ups_point_into_the_snapshot(self, crm: CrmSnapshot) -> None:
        records: list[Lead | Deal] = [*crm.leads, *crm.deals]
        assert all(crm.stage_of(record) is not None for record in records)
        assert all(crm.pipeline(lead.pipeline_id).object_type is ObjectType.LEAD for lead in crm.leads)
        email_ids = {e.id for e in crm.emails}
        assert all(e.in_reply_to in email_ids for e in crm.emails if e.in_reply_to)
        meeting_ids = {m.id for m in crm.meetings}
        assert all(t.meeting_id in meeting_ids for t in crm.tasks if t.meeting_id)

    @given(crm=testing.snapshots(now=NOW))
    def test_every_time_clusters_around_the_given_now(self, crm: CrmSnapshot) -> None:
        times = [e.happened_at for kind in (crm.tasks, crm.meetings, crm.calls, crm.emails, crm.notes) for e in kind]
        times += [c.last_engaged_at for c in crm.contacts]
        window = _dt.timedelta(days=41)
        assert all(abs(t - NOW) <= window for t in times if t is not None)

    @given(crm=testing.snapshots(min_users=0, max_users=2, strict=False))
    def test_non_strict_snapshots_build_with_dangling_references_allowed(self, crm: CrmSnapshot) -> None:
        assert not crm.strict
        assert len(crm.users) <= 2

    def test_contacts_often_reply_to_users_emails_and_share_their_addresses_or_domains(self) -> None:
        seen: list[tuple[bool, bool]] = []

        @settings(max_examples=30, database=None, phases=[Phase.generate])
        @given(crm=testing.snapshots(now=NOW))
        def collect(crm: CrmSnapshot) -> None:
            replies = any(
                e.direction is EmailDirection.INCOMING and crm.email(e.in_reply_to).direction is EmailDirection.OUTGOING
                for e in crm.emails
                if e.in_reply_to
            )
            domains = {u.domain for u in crm.users}
            seen.append((replies, any(c.domain in domains for c in crm.contacts if c.email)))

        collect()
        assert any(replies for replies, _ in seen)
        assert any(shares for _, shares in seen)

    @pytest.mark.parametrize(
        "arguments",
        [
            pytest.param({"min_users": 3, "max_users": 1}, id="min_users above max_users"),
            pytest.param({"max_records": -1}, id="negative max_records"),
            pytest.param({"now": _dt.datetime(2026, 1, 1)}, id="naive now"),
        ],
    )
    def test_bad_arguments_are_refused_with_invalid_argument(self, arguments: dict[str, Any]) -> None:
        with pytest.raises(InvalidArgument):
            testing.snapshots(**arguments)


def test_later_never_gives_an_end_before_its_start_in_a_repeated_dst_hour() -> None:
    import datetime as _dt
    import zoneinfo

    from guided_actions import Meeting
    from guided_actions.testing._datetimes import later

    start = _dt.datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))
    end = later(start, _dt.timedelta(minutes=15))
    assert end.timestamp() - start.timestamp() == 15 * 60
    assert Meeting(id="m1", title="t", start=start, end=end).end is end
