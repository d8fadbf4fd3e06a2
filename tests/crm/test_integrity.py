"""``CrmSnapshot.build`` refuses records that do not fit together, listing every problem at once."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guided_actions._builders import (
    EPOCH,
    make_call,
    make_company,
    make_contact,
    make_deal,
    make_email,
    make_lead,
    make_lead_pipeline,
    make_meeting,
    make_note,
    make_pipeline,
    make_task,
    make_team,
    make_user,
)
from guided_actions.crm import CrmSnapshot
from guided_actions.errors import InvalidSnapshot, Problem


def problems_of(**records: Any) -> list[Problem]:
    with pytest.raises(InvalidSnapshot) as info:
        CrmSnapshot.build(**records)
    return list(info.value.problems)


def codes_and_paths(problems: list[Problem]) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in problems]


PIPELINES = [make_pipeline(), make_lead_pipeline()]
BUILDERS = {
    "users": make_user,
    "teams": make_team,
    "companies": make_company,
    "contacts": make_contact,
    "leads": make_lead,
    "deals": make_deal,
    "tasks": make_task,
    "meetings": make_meeting,
    "calls": make_call,
    "emails": lambda **kw: make_email(from_address="x@vendor.example", **kw),
    "notes": make_note,
    "pipelines": make_pipeline,
}


class TestDuplicates:
    @pytest.mark.parametrize("kind", list(BUILDERS))
    def test_an_id_given_twice_within_one_kind_is_one_duplicate_id_problem(self, kind: str) -> None:
        record = BUILDERS[kind](id="x1")
        others: dict[str, Any] = {"pipelines": PIPELINES, "contacts": [make_contact()], "strict": False}
        others[kind] = [*others.get(kind, []), record, record, BUILDERS[kind](id="x2"), record]
        problems = problems_of(**others)
        assert codes_and_paths(problems) == [("duplicate_id", f"{kind}[x1]")]
        assert "'x1' appears more than once" in problems[0].message

    def test_the_same_id_in_two_kinds_is_fine(self) -> None:
        crm = CrmSnapshot.build(users=[make_user(id="x")], contacts=[make_contact(id="x")], teams=[make_team(id="x")])
        assert len(crm) == 3


class TestPipelinesAndStages:
    @pytest.mark.parametrize(
        ("record", "code", "path", "message"),
        [
            pytest.param(
                make_deal(pipeline_id="gone"),
                "unknown_pipeline",
                "deals[d1].pipeline_id",
                "pipeline 'gone' does not exist",
                id="deal in an unknown pipeline",
            ),
            pytest.param(
                make_lead(pipeline_id="gone"),
                "unknown_pipeline",
                "leads[l1].pipeline_id",
                "pipeline 'gone' does not exist",
                id="lead in an unknown pipeline",
            ),
            pytest.param(
                make_deal(stage_id="gone"),
                "unknown_stage",
                "deals[d1].stage_id",
                "stage 'gone' does not exist",
                id="deal in an unknown stage",
            ),
            pytest.param(
                make_lead(stage_id="gone"),
                "unknown_stage",
                "leads[l1].stage_id",
                "stage 'gone' does not exist",
                id="lead in an unknown stage",
            ),
            pytest.param(
                make_deal(stage_id="lead-new"),
                "stage_not_in_pipeline",
                "deals[d1].stage_id",
                "stage 'lead-new' belongs to pipeline 'leads', not 'deals'",
                id="deal in a stage of another pipeline",
            ),
            pytest.param(
                make_lead(stage_id="won"),
                "stage_not_in_pipeline",
                "leads[l1].stage_id",
                "stage 'won' belongs to pipeline 'deals', not 'leads'",
                id="lead in a stage of another pipeline",
            ),
            pytest.param(
                make_deal(pipeline_id="leads", stage_id="lead-new"),
                "wrong_pipeline_object",
                "deals[d1].pipeline_id",
                "pipeline 'leads' is a lead pipeline, not a deal pipeline",
                id="deal in a lead pipeline",
            ),
            pytest.param(
                make_lead(pipeline_id="deals", stage_id="new"),
                "wrong_pipeline_object",
                "leads[l1].pipeline_id",
                "pipeline 'deals' is a deal pipeline, not a lead pipeline",
                id="lead in a deal pipeline",
            ),
        ],
    )
    def test_a_record_whose_pipeline_or_stage_does_not_fit_is_refused(
        self, record: Any, code: str, path: str, message: str
    ) -> None:
        kind = "deals" if record.__class__.__name__ == "Deal" else "leads"
        problems = problems_of(pipelines=PIPELINES, contacts=[make_contact()], **{kind: [record]})
        assert problems == [Problem(code, path, message)]

    def test_a_misspelt_pipeline_or_stage_gets_a_suggestion(self) -> None:
        problems = problems_of(
            pipelines=PIPELINES, deals=[make_deal(pipeline_id="Deals"), make_deal(id="d2", stage_id="qualifed")]
        )
        assert [p.message for p in problems] == [
            "pipeline 'Deals' does not exist; did you mean 'deals'?",
            "stage 'qualifed' does not exist; did you mean 'qualified'?",
        ]

    def test_pipeline_problems_are_reported_even_when_references_are_not_checked(self) -> None:
        problems = problems_of(deals=[make_deal(pipeline_id="gone", owner_id="ghost")], strict=False)
        assert codes_and_paths(problems) == [("unknown_pipeline", "deals[d1].pipeline_id")]

    def test_a_deal_in_a_lead_pipeline_with_a_deal_stage_gets_both_problems(self) -> None:
        problems = problems_of(pipelines=PIPELINES, deals=[make_deal(pipeline_id="leads", stage_id="new")])
        assert codes_and_paths(problems) == [
            ("wrong_pipeline_object", "deals[d1].pipeline_id"),
            ("stage_not_in_pipeline", "deals[d1].stage_id"),
        ]

    def test_a_pipeline_for_another_object_with_stages_is_welcome(self) -> None:
        from guided_actions.crm import ObjectType

        crm = CrmSnapshot.build(pipelines=[*PIPELINES, make_pipeline(id="tickets", object_type=ObjectType.SERVICE)])
        assert crm.pipeline("tickets").object_type is ObjectType.SERVICE


#: (kind, the record with one dangling reference, the path, the message)
DANGLING = [
    ("users", make_user(primary_team_id="t9"), "users[u1].primary_team_id", "team 't9' is not in the snapshot"),
    ("users", make_user(team_ids={"t9"}), "users[u1].team_ids", "team 't9' is not in the snapshot"),
    ("companies", make_company(owner_id="u9"), "companies[co1].owner_id", "user 'u9' is not in the snapshot"),
    ("contacts", make_contact(owner_id="u9"), "contacts[c1].owner_id", "user 'u9' is not in the snapshot"),
    (
        "contacts",
        make_contact(company_ids=("co9",)),
        "contacts[c1].company_ids",
        "company 'co9' is not in the snapshot",
    ),
    ("leads", make_lead(owner_id="u9"), "leads[l1].owner_id", "user 'u9' is not in the snapshot"),
    ("leads", make_lead(contact_id="c9"), "leads[l1].contact_id", "contact 'c9' is not in the snapshot"),
    ("deals", make_deal(owner_id="u9"), "deals[d1].owner_id", "user 'u9' is not in the snapshot"),
    ("deals", make_deal(contact_ids=("c9",)), "deals[d1].contact_ids", "contact 'c9' is not in the snapshot"),
    ("deals", make_deal(company_ids=("co9",)), "deals[d1].company_ids", "company 'co9' is not in the snapshot"),
    ("tasks", make_task(meeting_id="m9"), "tasks[task1].meeting_id", "meeting 'm9' is not in the snapshot"),
    ("emails", make_email(in_reply_to="e9"), "emails[e1].in_reply_to", "email 'e9' is not in the snapshot"),
]
for _kind, _builder in [
    ("tasks", make_task),
    ("meetings", make_meeting),
    ("calls", make_call),
    ("emails", make_email),
    ("notes", make_note),
]:
    _rid = _builder().id
    DANGLING += [
        (_kind, _builder(owner_id="u9"), f"{_kind}[{_rid}].owner_id", "user 'u9' is not in the snapshot"),
        (_kind, _builder(contact_ids=("c9",)), f"{_kind}[{_rid}].contact_ids", "contact 'c9' is not in the snapshot"),
        (_kind, _builder(company_ids=("co9",)), f"{_kind}[{_rid}].company_ids", "company 'co9' is not in the snapshot"),
        (_kind, _builder(deal_ids=("d9",)), f"{_kind}[{_rid}].deal_ids", "deal 'd9' is not in the snapshot"),
        (_kind, _builder(lead_ids=("l9",)), f"{_kind}[{_rid}].lead_ids", "lead 'l9' is not in the snapshot"),
    ]


class TestDanglingReferences:
    @pytest.mark.parametrize(("kind", "record", "path", "message"), [pytest.param(*d, id=d[2]) for d in DANGLING])
    def test_a_reference_to_a_record_not_in_a_strict_snapshot_is_refused(
        self, kind: str, record: Any, path: str, message: str
    ) -> None:
        base: dict[str, Any] = {"pipelines": PIPELINES, "contacts": [make_contact()], kind: [record]}
        assert problems_of(**base) == [Problem("dangling_reference", path, message)]
        assert len(CrmSnapshot.build(**base, strict=False)) == len(PIPELINES) + (1 if kind == "contacts" else 2)

    def test_a_missing_id_listed_twice_on_one_record_is_one_problem(self) -> None:
        problems = problems_of(deals=[make_deal(contact_ids=("c9", "c9"))], pipelines=PIPELINES)
        assert codes_and_paths(problems) == [("dangling_reference", "deals[d1].contact_ids")]

    def test_every_missing_id_of_one_field_is_a_problem_of_its_own(self) -> None:
        problems = problems_of(deals=[make_deal(contact_ids=("c8", "c9"))], pipelines=PIPELINES)
        assert [p.message for p in problems] == [
            "contact 'c8' is not in the snapshot",
            "contact 'c9' is not in the snapshot",
        ]


class TestEveryProblemAtOnce:
    def test_build_lists_all_problems_of_every_kind_in_one_error(self) -> None:
        problems = problems_of(
            users=[make_user(team_ids={"t9"}), make_user()],
            teams=[make_team(), make_team()],
            pipelines=[*PIPELINES, make_pipeline()],
            contacts=[make_contact(owner_id="u9"), make_contact(id="c2", company_ids=("co9",))],
            deals=[make_deal(pipeline_id="gone"), make_deal(id="d2", stage_id="lead-new", contact_ids=("c9",))],
            leads=[make_lead(contact_id="c9", stage_id="gone")],
            tasks=[make_task(meeting_id="m9"), make_task()],
            emails=[make_email(in_reply_to="e9")],
            notes=[make_note(created_at=EPOCH, deal_ids=("d9",))],
        )
        assert codes_and_paths(problems) == [
            ("duplicate_id", "pipelines[deals]"),
            ("duplicate_id", "teams[t1]"),
            ("duplicate_id", "users[u1]"),
            ("duplicate_id", "tasks[task1]"),
            ("unknown_stage", "leads[l1].stage_id"),
            ("unknown_pipeline", "deals[d1].pipeline_id"),
            ("stage_not_in_pipeline", "deals[d2].stage_id"),
            ("dangling_reference", "users[u1].team_ids"),
            ("dangling_reference", "contacts[c1].owner_id"),
            ("dangling_reference", "contacts[c2].company_ids"),
            ("dangling_reference", "leads[l1].contact_id"),
            ("dangling_reference", "deals[d2].contact_ids"),
            ("dangling_reference", "tasks[task1].meeting_id"),
            ("dangling_reference", "emails[e1].in_reply_to"),
            ("dangling_reference", "notes[n1].deal_ids"),
        ]

    def test_the_error_message_lists_every_problem(self) -> None:
        with pytest.raises(InvalidSnapshot) as info:
            CrmSnapshot.build(contacts=[make_contact(owner_id="u9"), make_contact(id="c2", owner_id="u8")])
        message = str(info.value)
        assert message.startswith("invalid CRM snapshot: 2 problems")
        assert "contacts[c1].owner_id: user 'u9' is not in the snapshot [dangling_reference]" in message
        assert "contacts[c2].owner_id: user 'u8' is not in the snapshot [dangling_reference]" in message


# -- property: every injected fault is reported once, and nothing else ------------------------------------

STAGE_IDS = ("new", "qualified", "won", "lost")
LEAD_STAGE_IDS = ("lead-new", "lead-attempting", "lead-qualified", "lead-unqualified")
ASSOCIATIONS = ("contact_ids", "company_ids", "deal_ids", "lead_ids")
ENGAGEMENT_KINDS = ("tasks", "meetings", "calls", "emails", "notes")


def _some(draw: st.DrawFn, ids: list[str], max_size: int = 2) -> tuple[str, ...]:
    return tuple(draw(st.lists(st.sampled_from(ids), max_size=max_size, unique=True))) if ids else ()


def _maybe(draw: st.DrawFn, ids: list[str]) -> str | None:
    return draw(st.none() | st.sampled_from(ids)) if ids else None


@st.composite
def valid_portals(draw: st.DrawFn, *, minimum: int = 0) -> dict[str, Any]:
    """A small, referentially consistent portal, as ``build`` keyword arguments.

    ``minimum`` is the least number of records of each kind.
    """
    team_ids = [f"t{i}" for i in range(draw(st.integers(minimum, 2)))]
    user_ids = [f"u{i}" for i in range(draw(st.integers(max(1, minimum), 3)))]
    users = [make_user(id=u, primary_team_id=_maybe(draw, team_ids), team_ids=_some(draw, team_ids)) for u in user_ids]
    company_ids = [f"co{i}" for i in range(draw(st.integers(minimum, 3)))]
    companies = [make_company(id=c, owner_id=_maybe(draw, user_ids)) for c in company_ids]
    contact_ids = [f"c{i}" for i in range(draw(st.integers(minimum, 4)))]
    contacts = [
        make_contact(id=c, owner_id=_maybe(draw, user_ids), company_ids=_some(draw, company_ids)) for c in contact_ids
    ]
    lead_ids = [f"l{i}" for i in range(draw(st.integers(minimum, 3)))] if contact_ids else []
    leads = [
        make_lead(
            id=lead_id,
            contact_id=draw(st.sampled_from(contact_ids)),
            owner_id=_maybe(draw, user_ids),
            stage_id=draw(st.sampled_from(LEAD_STAGE_IDS)),
        )
        for lead_id in lead_ids
    ]
    deal_ids = [f"d{i}" for i in range(draw(st.integers(minimum, 3)))]
    deals = [
        make_deal(
            id=d,
            owner_id=_maybe(draw, user_ids),
            stage_id=draw(st.sampled_from(STAGE_IDS)),
            contact_ids=_some(draw, contact_ids),
            company_ids=_some(draw, company_ids),
        )
        for d in deal_ids
    ]
    targets = {"contact_ids": contact_ids, "company_ids": company_ids, "deal_ids": deal_ids, "lead_ids": lead_ids}
    portal: dict[str, Any] = {
        "users": users,
        "teams": [make_team(id=t) for t in team_ids],
        "companies": companies,
        "contacts": contacts,
        "leads": leads,
        "deals": deals,
        "pipelines": list(PIPELINES),
    }
    builders = {"meetings": make_meeting, "tasks": make_task, "calls": make_call, "emails": make_email}
    for kind in (*builders, "notes"):
        records: list[Any] = []
        for i in range(draw(st.integers(minimum, 3))):
            fields: dict[str, Any] = {name: _some(draw, ids) for name, ids in targets.items()}
            fields |= {"id": f"{kind[0]}{i}", "owner_id": _maybe(draw, user_ids)}
            if kind == "tasks":
                fields["meeting_id"] = _maybe(draw, [m.id for m in portal["meetings"]])
            if kind == "emails":
                fields["in_reply_to"] = _maybe(draw, [e.id for e in records])
            records.append(builders.get(kind, make_note)(**fields))
        portal[kind] = records
    return portal


REFERENCE_FIELDS: dict[str, tuple[str, ...]] = {
    "users": ("primary_team_id", "team_ids"),
    "companies": ("owner_id",),
    "contacts": ("owner_id", "company_ids"),
    "leads": ("owner_id", "contact_id"),
    "deals": ("owner_id", "contact_ids", "company_ids"),
    "tasks": ("owner_id", *ASSOCIATIONS, "meeting_id"),
    "meetings": ("owner_id", *ASSOCIATIONS),
    "calls": ("owner_id", *ASSOCIATIONS),
    "emails": ("owner_id", *ASSOCIATIONS, "in_reply_to"),
    "notes": ("owner_id", *ASSOCIATIONS),
}
PIPELINE_FAULTS = ("unknown_pipeline", "unknown_stage", "stage_not_in_pipeline", "wrong_pipeline_object")

#: (kind, index of the record, field or fault group, fault)
Fault = tuple[str, int, str, str]


def candidate_faults(portal: dict[str, Any]) -> list[Fault]:
    faults: list[Fault] = []
    for kind, records in portal.items():
        for i in range(len(records)):
            faults.append((kind, i, "duplicate", "duplicate_id"))
            faults += [(kind, i, field, "dangling_reference") for field in REFERENCE_FIELDS.get(kind, ())]
            if kind in ("deals", "leads"):
                faults += [(kind, i, "pipeline", fault) for fault in PIPELINE_FAULTS]
    return faults


def inject(portal: dict[str, Any], faults: list[Fault]) -> tuple[dict[str, Any], set[tuple[str, str]]]:
    """Apply the faults; return the broken portal and the (code, path) each fault must produce."""
    broken = {kind: list(records) for kind, records in portal.items()}
    expected: set[tuple[str, str]] = set()
    duplicates: list[tuple[str, int]] = []
    for n, (kind, i, field, fault) in enumerate(faults):
        record = broken[kind][i]
        path = f"{kind}[{record.id}]"
        if fault == "duplicate_id":
            duplicates.append((kind, i))
            expected.add((fault, path))
            continue
        if fault == "dangling_reference":
            missing = f"missing-{n}"
            value = getattr(record, field)
            if isinstance(value, tuple):
                value = (*value, missing)
            elif isinstance(value, frozenset):
                value = value | {missing}
            else:
                value = missing
            broken[kind][i] = attrs.evolve(record, **{field: value})
            expected.add((fault, f"{path}.{field}"))
            continue
        own, other = ("deals", "leads") if kind == "deals" else ("leads", "deals")
        other_stage = {"deals": "new", "leads": "lead-new"}
        changes = {
            "unknown_pipeline": ({"pipeline_id": f"missing-{n}"}, "pipeline_id"),
            "unknown_stage": ({"stage_id": f"missing-{n}"}, "stage_id"),
            "stage_not_in_pipeline": ({"stage_id": other_stage[other]}, "stage_id"),
            "wrong_pipeline_object": ({"pipeline_id": other, "stage_id": other_stage[other]}, "pipeline_id"),
        }
        fields, bad_field = changes[fault]
        assert own == kind
        broken[kind][i] = attrs.evolve(record, **fields)
        expected.add((fault, f"{path}.{bad_field}"))
    for kind, i in duplicates:
        broken[kind].append(broken[kind][i])
    return broken, expected


@st.composite
def broken_portals(draw: st.DrawFn) -> tuple[dict[str, Any], set[tuple[str, str]]]:
    portal = draw(valid_portals())
    faults = draw(st.lists(st.sampled_from(candidate_faults(portal)), max_size=6, unique_by=lambda f: f[:3]))
    return inject(portal, faults)


#: every kind of fault: (kind, field or fault group, fault), each exercised on its own below
FAULT_KINDS: list[tuple[str, str, str]] = [
    *((kind, "duplicate", "duplicate_id") for kind in BUILDERS),
    *((kind, field, "dangling_reference") for kind, fields in REFERENCE_FIELDS.items() for field in fields),
    *((kind, "pipeline", fault) for kind in ("deals", "leads") for fault in PIPELINE_FAULTS),
]


class TestEveryInjectedFaultIsReported:
    @pytest.mark.parametrize("fault_kind", FAULT_KINDS, ids=lambda f: f"{f[2]} {f[0]}.{f[1]}")
    @settings(max_examples=4)
    @given(data=st.data())
    def test_each_kind_of_fault_alone_is_reported_with_its_code_and_path(
        self, fault_kind: tuple[str, str, str], data: st.DataObject
    ) -> None:
        kind, group, fault = fault_kind
        portal = data.draw(valid_portals(minimum=1))
        index = data.draw(st.integers(0, len(portal[kind]) - 1))
        broken, expected = inject(portal, [(kind, index, group, fault)])
        problems = problems_of(**broken)
        assert codes_and_paths(problems) == list(expected)

    @given(valid_portals())
    def test_a_consistent_portal_builds_without_problems(self, portal: dict[str, Any]) -> None:
        crm = CrmSnapshot.build(**portal)
        assert len(crm) == sum(len(records) for records in portal.values())

    @given(broken_portals())
    def test_build_reports_each_injected_fault_with_its_code_and_path_and_nothing_else(
        self, case: tuple[dict[str, Any], set[tuple[str, str]]]
    ) -> None:
        broken, expected = case
        if not expected:
            assert CrmSnapshot.build(**broken) is not None
            return
        problems = problems_of(**broken)
        assert len(problems) == len(expected)
        assert set(codes_and_paths(problems)) == expected
        assert problems == problems_of(**broken)  # in a stable order

    @given(broken_portals())
    def test_a_loose_build_reports_the_same_faults_except_dangling_references(
        self, case: tuple[dict[str, Any], set[tuple[str, str]]]
    ) -> None:
        broken, expected = case
        still_expected = {(code, path) for code, path in expected if code != "dangling_reference"}
        if not still_expected:
            assert CrmSnapshot.build(**broken, strict=False).strict is False
            return
        problems = problems_of(**broken, strict=False)
        assert set(codes_and_paths(problems)) == still_expected
        assert len(problems) == len(still_expected)
