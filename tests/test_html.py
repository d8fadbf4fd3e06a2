"""The notebook HTML tables: every value shown, every piece of data escaped."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

from guided_actions._builders import make_contact, make_meeting, make_task, make_user
from guided_actions._html import (
    render_explanation,
    render_health_summary,
    render_reconciliation,
    render_score_result,
    render_task_buckets,
)
from guided_actions.actions import ActionType, Reconciliation, explain, reconcile
from guided_actions.crm import Company, CrmSnapshot, ObjectRef, ObjectType, TaskPriority
from guided_actions.sales import task_buckets
from guided_actions.success import (
    Condition,
    HealthScore,
    HealthStatus,
    Operator,
    PropertyCriterion,
    ScoreGroup,
    calculate,
    summarize,
)

NOW = pendulum.datetime(2026, 3, 4, 15, tz="Europe/Berlin")
EVIL = "<script>alert('x')</script>"


class _Tags(HTMLParser):
    """Collects the tags of a fragment and checks they nest properly."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.seen: list[str] = []
        self.balanced = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack.append(tag)
        self.seen.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.balanced = False


def _tags(fragment: str) -> _Tags:
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    return parser


def _portal(title: str = "Demo with Lena") -> CrmSnapshot:
    return CrmSnapshot.build(
        users=[make_user(id="ana", timezone="Europe/Berlin")],
        contacts=[make_contact(id="lena", owner_id="ana", owner_assigned_at=NOW - dt.timedelta(days=2))],
        meetings=[
            make_meeting(
                id="m1",
                owner_id="ana",
                title=title,
                start=NOW - dt.timedelta(hours=3),
                end=NOW - dt.timedelta(hours=2),
                contact_ids=("lena",),
            )
        ],
        tasks=[
            make_task(id="t1", owner_id="ana", title=title, priority=TaskPriority.HIGH, due_at=NOW),
            make_task(id="t2", owner_id="ana", title="Send quote", due_at=NOW - dt.timedelta(days=2)),
        ],
    )


def _score() -> HealthScore:
    return HealthScore(
        id="hs",
        name="Health",
        object_type="companies",
        segment_ids=("all",),
        groups=(
            ScoreGroup(
                name="Sentiment",
                max_points=100,
                criteria=(
                    PropertyCriterion(
                        points=80,
                        conditions=(Condition(property="nps", operator=Operator.GTE, value=9),),
                    ),
                    PropertyCriterion(points=20, label=EVIL),
                ),
            ),
        ),
    )


class TestReconciliation:
    def test_every_created_action_has_a_row_and_the_caption_counts_each_group(self) -> None:
        result = reconcile(_portal(), now=NOW)
        page = render_reconciliation(result)
        assert page.count("<tr><td>created</td>") == len(result.created) > 0
        assert f"{len(result.created)} created, 0 updated, 0 expired, 0 unchanged" in page
        for action in result.created:
            assert action.type in page
        assert _tags(page).balanced

    def test_an_empty_reconciliation_is_a_table_with_headers_and_no_rows(self) -> None:
        page = render_reconciliation(Reconciliation())
        assert "0 created, 0 updated, 0 expired, 0 unchanged" in page
        assert "<td>" not in page
        assert "expiry reason" in page

    def test_a_second_reconcile_shows_everything_unchanged(self) -> None:
        first = reconcile(_portal(), now=NOW)
        second = reconcile(_portal(), now=NOW, known=first.active)
        page = render_reconciliation(second)
        assert page.count("<tr><td>unchanged</td>") == len(first.active)
        assert "<tr><td>created</td>" not in page


class TestExplanation:
    def test_each_criterion_and_condition_is_a_row_with_its_mark(self) -> None:
        explanation = explain(
            _portal(),
            ActionType.NEWLY_ASSIGNED_CONTACTS,
            ObjectRef(ObjectType.CONTACT, "lena"),
            user_id="ana",
            now=NOW,
        )
        page = render_explanation(explanation)
        for check in explanation.criteria + explanation.conditions:
            assert f"<td>{check.name}</td>" in page
        assert page.count("creation criterion (all must hold)") == len(explanation.criteria)
        assert page.count("expiration condition (none may hold)") == len(explanation.conditions)
        assert "would be created" in page
        assert explanation.key is not None
        assert "key: <code>" in page
        assert _tags(page).balanced


class TestTaskBuckets:
    def test_each_task_appears_in_its_bucket_with_escaped_titles(self) -> None:
        buckets = task_buckets(_portal(title=EVIL), "ana", now=NOW)
        page = render_task_buckets(buckets)
        assert "Tasks: 1 overdue, 1 due today, 0 due tomorrow" in page
        assert "<tr><td>overdue</td><td>t2</td>" in page
        assert "<tr><td>due today</td><td>t1</td>" in page
        assert "<script>" not in page
        assert "&lt;script&gt;" in page
        assert "script" not in _tags(page).seen


class TestHealth:
    def test_the_summary_shows_every_status_and_all_ten_buckets(self) -> None:
        company = Company(id="acme", name="Acme", properties={"nps": 10})
        quiet = Company(id="quiet", name="Quiet", properties={"nps": 3})
        results = [calculate(_score(), c, (), now=NOW) for c in (company, quiet)]
        page = render_health_summary(summarize(results))
        for status in HealthStatus:
            assert f"<td>{status.value}</td>" in page
        assert "Health of 2 records, average score 60.0" in page
        assert page.count("<tr>") == 1 + len(HealthStatus) + 1 + 10
        assert "<td>90–100</td><td>1</td>" in page
        assert _tags(page).balanced

    def test_a_score_result_lists_groups_and_criteria_and_escapes_labels(self) -> None:
        result = calculate(_score(), Company(id="acme", name="Acme", properties={"nps": 10}), (), now=NOW)
        page = render_score_result(result)
        assert "acme: 100 (healthy)" in page
        assert "<td>Sentiment</td>" in page
        assert "100 / 100" in page
        assert "<td>nps</td>" in page
        assert EVIL not in page
        assert "script" not in _tags(page).seen


@given(text=st.text(max_size=40))
def test_no_title_can_inject_markup(text: str) -> None:
    buckets = task_buckets(_portal(title=text or "x"), "ana", now=NOW)
    page = render_task_buckets(buckets)
    tags = _tags(page)
    assert tags.balanced
    assert set(tags.seen) <= {"table", "caption", "thead", "tr", "th", "tbody", "td"}


@pytest.mark.parametrize(
    "render",
    [render_reconciliation, render_explanation, render_task_buckets, render_health_summary, render_score_result],
)
def test_every_renderer_says_why_in_its_docstring(render: object) -> None:
    doc = getattr(render, "__doc__", None)
    assert doc is not None
    assert re.search(r"\w", doc)


def test_explanations_and_task_buckets_display_as_html_in_notebooks() -> None:
    import pendulum

    from guided_actions import CrmSnapshot, ObjectRef, ObjectType, explain, task_buckets
    from guided_actions.testing import make_contact, make_user

    now = pendulum.datetime(2026, 3, 4, 9, tz="UTC")
    crm = CrmSnapshot.build(
        users=[make_user()], contacts=[make_contact(owner_id="u1", owner_assigned_at=now.subtract(days=1))]
    )
    explanation = explain(crm, "newly_assigned_contacts", ObjectRef(ObjectType.CONTACT, "c1"), user_id="u1", now=now)
    assert "<table" in explanation._repr_html_()
    assert "<table" in task_buckets(crm, "u1", now=now)._repr_html_()


def test_health_summaries_and_score_results_display_as_html_in_notebooks() -> None:
    import pendulum

    from guided_actions import calculate, default_health_score, summarize
    from guided_actions.testing import make_company

    now = pendulum.datetime(2026, 3, 4, 9, tz="UTC")
    result = calculate(default_health_score("companies", ("s1",)), make_company(), (), now=now)
    assert "<table" in result._repr_html_()
    assert "<table" in summarize([result])._repr_html_()


def test_reconciliations_display_as_html_in_notebooks() -> None:
    import pendulum

    from guided_actions import CrmSnapshot, reconcile
    from guided_actions.testing import make_contact, make_user

    now = pendulum.datetime(2026, 3, 4, 9, tz="UTC")
    crm = CrmSnapshot.build(
        users=[make_user()], contacts=[make_contact(owner_id="u1", owner_assigned_at=now.subtract(days=1))]
    )
    html = reconcile(crm, now=now)._repr_html_()
    assert "<table" in html
    assert "newly_assigned_contacts" in html or "Newly assigned contacts" in html
