"""The checks ``CrmSnapshot.build`` runs across records: every problem, at once.

Kept apart from the snapshot so the list of checks reads as one table of
"what must fit together", each check named by its problem code.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from guided_actions.crm._enums import ObjectType
from guided_actions.errors import Problem

if TYPE_CHECKING:
    from guided_actions.crm._snapshot import CrmSnapshot

__all__ = ["find_problems"]

#: (kind of the referring record, its field, the kind the field points to)
_REFERENCES: tuple[tuple[ObjectType, str, ObjectType], ...] = (
    (ObjectType.COMPANY, "owner_id", ObjectType.USER),
    (ObjectType.CONTACT, "owner_id", ObjectType.USER),
    (ObjectType.CONTACT, "company_ids", ObjectType.COMPANY),
    (ObjectType.LEAD, "owner_id", ObjectType.USER),
    (ObjectType.LEAD, "contact_id", ObjectType.CONTACT),
    (ObjectType.DEAL, "owner_id", ObjectType.USER),
    (ObjectType.DEAL, "contact_ids", ObjectType.CONTACT),
    (ObjectType.DEAL, "company_ids", ObjectType.COMPANY),
    *(
        (engagement, field, target)
        for engagement in (ObjectType.TASK, ObjectType.MEETING, ObjectType.CALL, ObjectType.EMAIL, ObjectType.NOTE)
        for field, target in (
            ("owner_id", ObjectType.USER),
            ("contact_ids", ObjectType.CONTACT),
            ("company_ids", ObjectType.COMPANY),
            ("deal_ids", ObjectType.DEAL),
            ("lead_ids", ObjectType.LEAD),
        )
    ),
    (ObjectType.TASK, "meeting_id", ObjectType.MEETING),
    (ObjectType.EMAIL, "in_reply_to", ObjectType.EMAIL),
)


def _plural(kind: ObjectType) -> str:
    from guided_actions.crm._snapshot import KINDS

    return KINDS[kind][0]


def _ids(value: Any) -> Iterable[str]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return value  # type: ignore[no-any-return]


def find_problems(crm: CrmSnapshot, duplicate_pipelines: Iterable[str], duplicate_teams: Iterable[str]) -> list[Problem]:
    """Every problem with the snapshot, in a stable order."""
    tables = crm._tables
    problems: list[Problem] = []
    for pipeline_id in duplicate_pipelines:
        problems.append(Problem("duplicate_id", f"pipelines[{pipeline_id}]", f"pipeline id {pipeline_id!r} appears more than once"))
    for team_id in duplicate_teams:
        problems.append(Problem("duplicate_id", f"teams[{team_id}]", f"team id {team_id!r} appears more than once"))
    for kind, table in tables.items():
        for record_id in table.duplicates:
            problems.append(
                Problem("duplicate_id", f"{_plural(kind)}[{record_id}]", f"{kind.value} id {record_id!r} appears more than once")
            )

    for kind, expected in ((ObjectType.LEAD, ObjectType.LEAD), (ObjectType.DEAL, ObjectType.DEAL)):
        plural = _plural(kind)
        for record in tables[kind].by_id.values():
            pipeline = crm._pipelines.get(record.pipeline_id)
            path = f"{plural}[{record.id}]"
            if pipeline is None:
                problems.append(
                    Problem("unknown_pipeline", f"{path}.pipeline_id", f"pipeline {record.pipeline_id!r} does not exist")
                )
                continue
            if pipeline.object_type is not expected:
                problems.append(
                    Problem(
                        "wrong_pipeline_object",
                        f"{path}.pipeline_id",
                        f"pipeline {pipeline.id!r} is a {pipeline.object_type.value} pipeline, not a {expected.value} pipeline",
                    )
                )
            if record.stage_id not in crm._stages[pipeline.id]:
                elsewhere = crm._stage_pipelines.get(record.stage_id)
                if elsewhere:
                    problems.append(
                        Problem(
                            "stage_not_in_pipeline",
                            f"{path}.stage_id",
                            f"stage {record.stage_id!r} belongs to pipeline {elsewhere[0]!r}, not {pipeline.id!r}",
                        )
                    )
                else:
                    problems.append(Problem("unknown_stage", f"{path}.stage_id", f"stage {record.stage_id!r} does not exist"))

    if not crm.strict:
        return problems

    teams = crm._teams
    for user in tables[ObjectType.USER].by_id.values():
        for field in ("primary_team_id", "team_ids"):
            for team_id in sorted(_ids(getattr(user, field))):
                if team_id not in teams:
                    problems.append(
                        Problem("dangling_reference", f"users[{user.id}].{field}", f"team {team_id!r} is not in the snapshot")
                    )
    for kind, field, target in _REFERENCES:
        targets = tables[target].by_id
        plural = _plural(kind)
        for record in tables[kind].by_id.values():
            for target_id in _ids(getattr(record, field)):
                if target_id not in targets:
                    problems.append(
                        Problem(
                            "dangling_reference",
                            f"{plural}[{record.id}].{field}",
                            f"{target.value} {target_id!r} is not in the snapshot",
                        )
                    )
    return problems
