"""The schedule tab: calendar windows (DST-correct), items in a window, and the privacy rule."""

from __future__ import annotations

import datetime as _dt
import zoneinfo

import attrs
import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from guided_actions._builders import make_contact, make_meeting, make_task, make_user
from guided_actions.crm import CrmSnapshot, MeetingOutcome, ObjectType, TaskStatus
from guided_actions.errors import AccessDenied, GuidedActionsError
from guided_actions.sales import (
    BUSY_TITLE,
    HIDDEN_TASK_TITLE,
    contacts_with_meetings_today,
    day_window,
    month_window,
    schedule,
    week_window,
)
from guided_actions.testing import snapshots
from tests.sales._strategies import USER_IDS, ZONES, instants, sales_snapshots

BERLIN = "Europe/Berlin"
NOW_W = pendulum.datetime(2026, 3, 29, 12, tz="UTC")


class TestWindows:
    def test_a_day_window_is_local_midnight_to_local_midnight_in_the_given_zone(self) -> None:
        now = pendulum.datetime(2026, 6, 10, 23, 30, tz="UTC")  # 11 June 01:30 in Berlin
        start, end = day_window(now, BERLIN)
        assert (start, end) == (pendulum.datetime(2026, 6, 11, tz=BERLIN), pendulum.datetime(2026, 6, 12, tz=BERLIN))
        assert start.timezone_name == BERLIN
        assert end.timezone_name == BERLIN

    def test_the_day_of_the_spring_dst_change_is_23_hours_and_of_the_autumn_change_25(self) -> None:
        spring = day_window(pendulum.datetime(2026, 3, 29, 12, tz=BERLIN), BERLIN)
        autumn = day_window(pendulum.datetime(2026, 10, 25, 12, tz=BERLIN), BERLIN)
        assert spring[1] - spring[0] == _dt.timedelta(hours=23)
        assert autumn[1] - autumn[0] == _dt.timedelta(hours=25)

    def test_a_week_window_starts_on_monday_and_spans_seven_local_days(self) -> None:
        for day in range(22, 30):  # Sunday 22 March to Sunday 29 March 2026
            now = pendulum.datetime(2026, 3, day, 12, tz=BERLIN)
            start, end = week_window(now, BERLIN)
            monday = pendulum.datetime(2026, 3, 16 if day == 22 else 23, tz=BERLIN)
            assert start == monday
            assert start.weekday() == 0
            assert end.weekday() == 0
            assert (end.date() - start.date()).days == 7
            assert end.hour == 0
            assert end.minute == 0

    def test_a_week_across_a_dst_change_is_seven_local_days_not_168_hours(self) -> None:
        start, end = week_window(pendulum.datetime(2026, 3, 25, tz=BERLIN), BERLIN)
        assert (start, end) == (pendulum.datetime(2026, 3, 23, tz=BERLIN), pendulum.datetime(2026, 3, 30, tz=BERLIN))
        assert end - start == _dt.timedelta(hours=167)
        start, end = week_window(pendulum.datetime(2026, 10, 22, tz=BERLIN), BERLIN)  # falls back on 25 October
        assert (start, end) == (pendulum.datetime(2026, 10, 19, tz=BERLIN), pendulum.datetime(2026, 10, 26, tz=BERLIN))
        assert end - start == _dt.timedelta(hours=169)

    def test_the_autumn_week_of_new_york_is_169_hours(self) -> None:
        tz = "America/New_York"  # falls back on Sunday 1 November 2026
        start, end = week_window(pendulum.datetime(2026, 10, 28, 9, tz=tz), tz)
        assert start == pendulum.datetime(2026, 10, 26, tz=tz)
        assert end == pendulum.datetime(2026, 11, 2, tz=tz)
        assert end - start == _dt.timedelta(hours=169)

    @pytest.mark.parametrize(
        ("now", "first", "after"),
        [
            pytest.param(pendulum.datetime(2026, 2, 15, tz=BERLIN), (2026, 2, 1), (2026, 3, 1), id="february: 28 days"),
            pytest.param(pendulum.datetime(2028, 2, 29, tz=BERLIN), (2028, 2, 1), (2028, 3, 1), id="leap february"),
            pytest.param(pendulum.datetime(2026, 3, 31, 23, tz=BERLIN), (2026, 3, 1), (2026, 4, 1), id="march: DST"),
            pytest.param(pendulum.datetime(2026, 12, 31, 12, tz=BERLIN), (2026, 12, 1), (2027, 1, 1), id="december"),
            pytest.param(
                pendulum.datetime(2026, 4, 30, 22, 30, tz="UTC"), (2026, 5, 1), (2026, 6, 1), id="may in Berlin"
            ),
        ],
    )
    def test_a_month_window_is_the_calendar_month_in_the_zone(
        self, now: pendulum.DateTime, first: tuple[int, int, int], after: tuple[int, int, int]
    ) -> None:
        start, end = month_window(now, BERLIN)
        assert start == pendulum.datetime(*first, tz=BERLIN)
        assert end == pendulum.datetime(*after, tz=BERLIN)

    @given(now=instants, tz=st.sampled_from(ZONES))
    def test_every_window_contains_now_and_starts_at_a_local_midnight(self, now: pendulum.DateTime, tz: str) -> None:
        for window in (day_window, week_window, month_window):
            start, end = window(now, tz)
            assert start <= now < end
            assert start.timezone_name == tz
            assert (start.hour, start.minute, end.hour, end.minute) == (0, 0, 0, 0)

    def test_the_zone_may_be_a_zoneinfo_or_a_pendulum_timezone(self) -> None:
        expected = day_window(NOW_W, BERLIN)
        assert day_window(NOW_W, zoneinfo.ZoneInfo(BERLIN)) == expected
        assert week_window(NOW_W, pendulum.timezone(BERLIN)) == week_window(NOW_W, BERLIN)
        assert day_window(NOW_W, _dt.UTC) == day_window(NOW_W, "UTC")
        with pytest.raises(GuidedActionsError, match="IANA"):
            day_window(NOW_W, _dt.timezone(_dt.timedelta(hours=2)))

    def test_a_stdlib_aware_datetime_is_accepted(self) -> None:
        now = _dt.datetime(2026, 6, 10, 12, tzinfo=_dt.UTC)
        assert day_window(now, "UTC")[0] == pendulum.datetime(2026, 6, 10, tz="UTC")

    @pytest.mark.parametrize("window", [day_window, week_window, month_window])
    def test_a_naive_now_or_an_unknown_zone_is_refused(self, window: object) -> None:
        assert callable(window)
        with pytest.raises(GuidedActionsError, match="naive"):
            window(_dt.datetime(2026, 6, 10, 12), "UTC")
        with pytest.raises(GuidedActionsError, match="Mars/Olympus"):
            window(pendulum.datetime(2026, 6, 10, tz="UTC"), "Mars/Olympus")


NOW = pendulum.datetime(2026, 6, 10, 12, tz="UTC")  # a Wednesday


def _crm() -> CrmSnapshot:
    return CrmSnapshot.build(
        users=[
            make_user(id="u1", timezone=BERLIN),
            make_user(id="u2"),
            make_user(id="admin", super_admin=True),
        ],
        contacts=[make_contact(id="c1"), make_contact(id="c2")],
        meetings=[
            make_meeting(id="m-today", owner_id="u1", title="Pricing with ACME", start=NOW, contact_ids=("c1", "c2")),
            make_meeting(
                id="m-yesterday", owner_id="u1", start=NOW.subtract(days=1), end=NOW.subtract(days=1).add(minutes=30)
            ),
            make_meeting(id="m-across", owner_id="u1", start=NOW.subtract(hours=14), end=NOW.subtract(hours=9)),
            make_meeting(id="m-other", owner_id="u2", start=NOW),
        ],
        tasks=[
            make_task(id="t-today", owner_id="u1", due_at=NOW.add(hours=3), title="Call Bob", contact_ids=("c1",)),
            make_task(id="t-done", owner_id="u1", due_at=NOW.add(hours=3), status=TaskStatus.COMPLETED),
            make_task(id="t-undated", owner_id="u1"),
        ],
    )


class TestScheduleItems:
    def test_meetings_and_open_tasks_overlapping_the_window_come_sorted_by_start(self) -> None:
        start, end = day_window(NOW, BERLIN)
        items = schedule(_crm(), "u1", viewer_id="u1", start=start, end=end)
        assert [(i.kind, i.id) for i in items] == [
            (ObjectType.MEETING, "m-across"),  # 22:00-03:00 Berlin: overlaps the start of the day
            (ObjectType.MEETING, "m-today"),
            (ObjectType.TASK, "t-today"),
        ]
        meeting = items[1]
        assert meeting.title == "Pricing with ACME"
        assert meeting.contact_ids == ("c1", "c2")
        assert not meeting.redacted
        assert items[2].start == items[2].end == NOW.add(hours=3)

    def test_the_window_is_half_open(self) -> None:
        items = schedule(_crm(), "u1", viewer_id="u1", start=NOW.add(hours=3), end=NOW.add(hours=4))
        assert [i.id for i in items] == ["t-today"]
        assert schedule(_crm(), "u1", viewer_id="u1", start=NOW.add(hours=2), end=NOW.add(hours=3)) == ()

    def test_hide_weekends_drops_items_starting_on_a_local_saturday_or_sunday_of_the_owner(self) -> None:
        # Friday 12 June 2026 23:30 UTC is Saturday 01:30 in Berlin (the owner's zone).
        friday_night_utc = pendulum.datetime(2026, 6, 12, 23, 30, tz="UTC")
        monday = pendulum.datetime(2026, 6, 15, 9, tz=BERLIN)
        crm = CrmSnapshot.build(
            users=[make_user(id="u1", timezone=BERLIN)],
            meetings=[
                make_meeting(id="fri", owner_id="u1", start=pendulum.datetime(2026, 6, 12, 9, tz=BERLIN)),
                make_meeting(id="sat", owner_id="u1", start=friday_night_utc),
                make_meeting(id="sun", owner_id="u1", start=pendulum.datetime(2026, 6, 14, 23, tz=BERLIN)),
                make_meeting(id="mon", owner_id="u1", start=monday),
            ],
        )
        start, end = week_window(monday.subtract(days=3), BERLIN)
        end = end.add(days=1)
        assert [i.id for i in schedule(crm, "u1", viewer_id="u1", start=start, end=end)] == ["fri", "sat", "sun", "mon"]
        shown = schedule(crm, "u1", viewer_id="u1", start=start, end=end, hide_weekends=True)
        assert [i.id for i in shown] == ["fri", "mon"]

    def test_contacts_with_meetings_today_are_the_contacts_of_todays_meetings_once_each(self) -> None:
        contacts = contacts_with_meetings_today(_crm(), "u1", now=NOW)
        assert [c.id for c in contacts] == ["c1", "c2"]
        assert contacts_with_meetings_today(_crm(), "u2", now=NOW) == ()

    def test_a_canceled_meeting_is_still_shown_on_the_schedule(self) -> None:
        crm = CrmSnapshot.build(
            users=[make_user()], meetings=[make_meeting(owner_id="u1", start=NOW, outcome=MeetingOutcome.CANCELED)]
        )
        assert len(schedule(crm, "u1", viewer_id="u1", start=NOW, end=NOW.add(hours=1))) == 1


class TestSchedulePrivacy:
    def test_a_user_who_is_not_a_super_admin_may_not_view_another_users_schedule(self) -> None:
        with pytest.raises(AccessDenied, match="super admin"):
            schedule(_crm(), "u1", viewer_id="u2", start=NOW, end=NOW.add(days=1))

    def test_access_denied_is_a_guided_actions_error(self) -> None:
        assert issubclass(AccessDenied, GuidedActionsError)

    def test_a_super_admin_sees_every_meeting_of_another_user_as_busy_with_its_time_only(self) -> None:
        start, end = day_window(NOW, BERLIN)
        own = schedule(_crm(), "u1", viewer_id="u1", start=start, end=end)
        seen = schedule(_crm(), "u1", viewer_id="admin", start=start, end=end)
        assert [(i.kind, i.start, i.end) for i in seen] == [(i.kind, i.start, i.end) for i in own]
        meetings = [i for i in seen if i.kind is ObjectType.MEETING]
        assert meetings
        assert all(i.title == BUSY_TITLE and i.contact_ids == () and i.redacted for i in meetings)
        real_ids = {i.id for i in own}
        assert not real_ids & {i.id for i in seen}

    def test_another_users_tasks_are_hidden_too(self) -> None:
        start, end = day_window(NOW, BERLIN)
        tasks = [
            i for i in schedule(_crm(), "u1", viewer_id="admin", start=start, end=end) if i.kind is ObjectType.TASK
        ]
        assert [(t.title, t.contact_ids, t.redacted) for t in tasks] == [("Task", (), True)]

    def test_a_super_admin_sees_their_own_schedule_in_full(self) -> None:
        crm = _crm().evolve(upsert=[make_meeting(id="m-admin", owner_id="admin", title="1:1", start=NOW)])
        items = schedule(crm, "admin", viewer_id="admin", start=NOW, end=NOW.add(hours=1))
        assert [(i.id, i.title) for i in items] == [("m-admin", "1:1")]

    @given(crm=sales_snapshots(), owner=st.sampled_from(USER_IDS), viewer=st.sampled_from(USER_IDS), now=instants)
    def test_no_meeting_title_or_contact_ever_reaches_a_viewer_who_is_not_its_owner(
        self, crm: CrmSnapshot, owner: str, viewer: str, now: pendulum.DateTime
    ) -> None:
        start, end = month_window(now, crm.user(viewer).timezone)
        try:
            items = schedule(crm, owner, viewer_id=viewer, start=start, end=end)
        except AccessDenied:
            assert viewer != owner
            assert not crm.user(viewer).super_admin
            return
        if viewer == owner:
            return
        secrets = {m.title for m in crm.meetings if m.owner_id != viewer} | {t.title for t in crm.tasks}
        for item in items:
            assert item.title not in secrets
            assert item.contact_ids == ()
            assert item.id not in {m.id for m in crm.meetings} | {t.id for t in crm.tasks}

    @given(crm=snapshots(min_users=2, max_records=6), data=st.data())
    def test_with_library_snapshots_another_users_schedule_is_only_busy_time(
        self, crm: CrmSnapshot, data: st.DataObject
    ) -> None:
        owners = sorted({m.owner_id for m in crm.meetings if m.owner_id is not None})
        if not owners:
            return
        owner = data.draw(st.sampled_from(owners), label="owner")
        viewer = data.draw(st.sampled_from(sorted(u.id for u in crm.users if u.id != owner)), label="viewer")
        if data.draw(st.booleans(), label="make the viewer a super admin"):
            crm = crm.evolve(upsert=[attrs.evolve(crm.user(viewer), super_admin=True)])
        meetings = crm.owned_by(owner, ObjectType.MEETING)
        start = min(m.start for m in meetings)
        end = max(m.end for m in meetings) + _dt.timedelta(minutes=1)
        try:
            seen = schedule(crm, owner, viewer_id=viewer, start=start, end=end)
        except AccessDenied:
            assert not crm.user(viewer).super_admin
            return
        own = schedule(crm, owner, viewer_id=owner, start=start, end=end)
        assert [(i.kind, i.start, i.end) for i in seen] == [(i.kind, i.start, i.end) for i in own]
        assert len([i for i in seen if i.kind is ObjectType.MEETING]) == len(meetings)
        hidden_ids = {m.id for m in meetings} | {t.id for t in crm.owned_by(owner, ObjectType.TASK)}
        for item in seen:
            assert item.redacted
            assert item.contact_ids == ()
            assert item.title == (BUSY_TITLE if item.kind is ObjectType.MEETING else HIDDEN_TASK_TITLE)
            assert item.id not in hidden_ids


class TestScheduleBadInput:
    def test_start_not_before_end_is_refused(self) -> None:
        with pytest.raises(GuidedActionsError, match="start must be before end"):
            schedule(_crm(), "u1", viewer_id="u1", start=NOW, end=NOW)
        with pytest.raises(GuidedActionsError, match="start must be before end"):
            schedule(_crm(), "u1", viewer_id="u1", start=NOW, end=NOW.subtract(hours=1))

    def test_naive_bounds_are_refused(self) -> None:
        naive = _dt.datetime(2026, 6, 10, 12)
        with pytest.raises(GuidedActionsError, match="start must be timezone-aware"):
            schedule(_crm(), "u1", viewer_id="u1", start=naive, end=NOW)
        with pytest.raises(GuidedActionsError, match="end must be timezone-aware"):
            schedule(_crm(), "u1", viewer_id="u1", start=NOW, end=naive)

    def test_an_unknown_owner_or_viewer_is_refused_with_a_suggestion(self) -> None:
        with pytest.raises(GuidedActionsError, match=r"unknown user owner_id='u11' \(did you mean 'u1'\?\)"):
            schedule(_crm(), "u11", viewer_id="u1", start=NOW, end=NOW.add(days=1))
        with pytest.raises(GuidedActionsError, match="viewer_id='ghost'"):
            schedule(_crm(), "u1", viewer_id="ghost", start=NOW, end=NOW.add(days=1))

    def test_an_unknown_viewer_gets_a_plain_error_not_access_denied(self) -> None:
        with pytest.raises(GuidedActionsError) as info:
            schedule(_crm(), "u1", viewer_id="ghost", start=NOW, end=NOW.add(days=1))
        assert not isinstance(info.value, AccessDenied)

    def test_contacts_with_meetings_today_refuses_a_naive_now(self) -> None:
        with pytest.raises(GuidedActionsError, match="naive"):
            contacts_with_meetings_today(_crm(), "u1", now=_dt.datetime(2026, 6, 10))
