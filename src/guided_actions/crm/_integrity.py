"""The checks ``CrmSnapshot.build`` runs across records: every problem, at once.

Kept apart from the snapshot so the list of checks reads as one table of
"what must fit together", each check named by its problem code.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from guided_actions.crm._enums import ObjectType
from guided_actions.crm._tables import KINDS, Table
from guided_actions.errors import Problem

if TYPE_CHECKING:
    from guided_actions.crm._snapshot import CrmSnapshot

__all__ = ["changed_problems", "find_problems"]

#: (kind of the referring record, its field, the kind the field points to, the
#: index of the referring kind whose keys are exactly the ids that field names:
#: ``"owner"`` for ``by_owner``, ``"assoc"`` for the association index of the
#: target kind, otherwise the name of an ``extra`` index).
_REFERENCES: tuple[tuple[ObjectType, str, ObjectType, str], ...] = (
    (ObjectType.COMPANY, "owner_id", ObjectType.USER, "owner"),
    (ObjectType.CONTACT, "owner_id", ObjectType.USER, "owner"),
    (ObjectType.CONTACT, "company_ids", ObjectType.COMPANY, "company"),
    (ObjectType.LEAD, "owner_id", ObjectType.USER, "owner"),
    (ObjectType.LEAD, "contact_id", ObjectType.CONTACT, "contact"),
    (ObjectType.DEAL, "owner_id", ObjectType.USER, "owner"),
    (ObjectType.DEAL, "contact_ids", ObjectType.CONTACT, "contact"),
    (ObjectType.DEAL, "company_ids", ObjectType.COMPANY, "company"),
    *(
        (engagement, field, target, where)
        for engagement, own in (
            (ObjectType.TASK, (("meeting_id", ObjectType.MEETING, "meeting"),)),
            (ObjectType.MEETING, ()),
            (ObjectType.CALL, ()),
            (ObjectType.EMAIL, (("in_reply_to", ObjectType.EMAIL, "reply"),)),
            (ObjectType.NOTE, ()),
        )
        for field, target, where in (
            ("owner_id", ObjectType.USER, "owner"),
            ("contact_ids", ObjectType.CONTACT, "assoc"),
            ("company_ids", ObjectType.COMPANY, "assoc"),
            ("deal_ids", ObjectType.DEAL, "assoc"),
            ("lead_ids", ObjectType.LEAD, "assoc"),
            *own,
        )
    ),
)


def _plural(kind: ObjectType) -> str:
    return KINDS[kind][0]


def _ids(value: Any) -> Iterable[str]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return value  # type: ignore[no-any-return]


def _did_you_mean(name: str, known: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` when a known name is close to ``name`` (a typo), else ``""``."""
    close = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


def _referenced(table: Table[Any], target: ObjectType, where: str) -> Mapping[str, Any]:
    """The index whose keys are every id the field names (built by the snapshot already)."""
    if where == "owner":
        return table.by_owner
    if where == "assoc":
        return table.assoc[target]
    return table.extra[where]


def find_problems(
    crm: CrmSnapshot, duplicate_pipelines: Iterable[str], duplicate_teams: Iterable[str]
) -> list[Problem]:
    """Every problem with the snapshot, in a stable order (each problem once)."""
    tables = crm._tables
    problems: list[Problem] = []
    for pipeline_id in dict.fromkeys(duplicate_pipelines):
        problems.append(
            Problem("duplicate_id", f"pipelines[{pipeline_id}]", f"pipeline id {pipeline_id!r} appears more than once")
        )
    for team_id in dict.fromkeys(duplicate_teams):
        problems.append(Problem("duplicate_id", f"teams[{team_id}]", f"team id {team_id!r} appears more than once"))
    for kind, table in tables.items():
        for record_id in table.duplicates:
            problems.append(
                Problem(
                    "duplicate_id",
                    f"{_plural(kind)}[{record_id}]",
                    f"{kind.value} id {record_id!r} appears more than once",
                )
            )

    pipelines = crm._pipelines
    stages = crm._stages
    for kind, expected in ((ObjectType.LEAD, ObjectType.LEAD), (ObjectType.DEAL, ObjectType.DEAL)):
        plural = _plural(kind)
        for record in tables[kind].by_id.values():
            pipeline = pipelines.get(record.pipeline_id)
            if pipeline is not None and pipeline.object_type is expected and record.stage_id in stages[pipeline.id]:
                continue  # the common case, decided with three lookups
            path = f"{plural}[{record.id}]"
            if pipeline is None:
                problems.append(
                    Problem(
                        "unknown_pipeline",
                        f"{path}.pipeline_id",
                        f"pipeline {record.pipeline_id!r} does not exist{_did_you_mean(record.pipeline_id, pipelines)}",
                    )
                )
                continue
            if pipeline.object_type is not expected:
                problems.append(
                    Problem(
                        "wrong_pipeline_object",
                        f"{path}.pipeline_id",
                        f"pipeline {pipeline.id!r} is a {pipeline.object_type.value} pipeline,"
                        f" not a {expected.value} pipeline",
                    )
                )
            if record.stage_id not in stages[pipeline.id]:
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
                    hint = _did_you_mean(record.stage_id, stages[pipeline.id])
                    message = f"stage {record.stage_id!r} does not exist{hint}"
                    problems.append(Problem("unknown_stage", f"{path}.stage_id", message))

    if crm.strict:
        problems.extend(_dangling(crm))
    return list(dict.fromkeys(problems))


def _dangling(crm: CrmSnapshot) -> list[Problem]:
    """Every reference to a record that is not in the snapshot, by record in build order.

    The snapshot's indexes already hold, as their keys, every id each field
    names; a set comparison in C answers "anything missing?" for a whole field
    at once, and only a field that has a missing id is walked record by record.
    """
    tables = crm._tables
    problems: list[Problem] = []
    teams = crm._teams
    for user in tables[ObjectType.USER].by_id.values():
        for field in ("primary_team_id", "team_ids"):
            for team_id in sorted(_ids(getattr(user, field))):
                if team_id not in teams:
                    problems.append(
                        Problem(
                            "dangling_reference",
                            f"users[{user.id}].{field}",
                            f"team {team_id!r} is not in the snapshot",
                        )
                    )
    for kind, field, target, where in _REFERENCES:
        table = tables[kind]
        present = tables[target].by_id.keys()
        referenced = _referenced(table, target, where).keys()
        if referenced <= present:
            continue
        missing = referenced - present
        plural = _plural(kind)
        for record in table.by_id.values():
            for target_id in _ids(getattr(record, field)):
                if target_id in missing:
                    problems.append(
                        Problem(
                            "dangling_reference",
                            f"{plural}[{record.id}].{field}",
                            f"{target.value} {target_id!r} is not in the snapshot",
                        )
                    )
    return problems


def _pipeline_fits(crm: CrmSnapshot, kind: ObjectType, record: Any) -> bool:
    pipeline = crm._pipelines.get(record.pipeline_id)
    return pipeline is not None and pipeline.object_type is kind and record.stage_id in crm._stages[pipeline.id]


def changed_problems(crm: CrmSnapshot, *, changes: Mapping[ObjectType, Mapping[str, Any]]) -> bool:
    """Whether the records one ``evolve`` step changed may have made a problem (then run the full check).

    The snapshot before the step had no problem (it was built or evolved), and
    pipelines, teams and strictness did not change, so a new problem can only
    be a changed record's own pipeline, stage or reference, or a reference to a
    removed record; the association indexes name every record that still
    refers to one.  ``False`` means none; ``True`` means "look at everything",
    so the problems reported are exactly the ones ``build`` reports.
    """
    tables = crm._tables
    for kind, records in changes.items():
        for rid, (_, now) in records.items():
            if now is not None:
                if kind in (ObjectType.LEAD, ObjectType.DEAL) and not _pipeline_fits(crm, kind, now):
                    return True
                if not crm.strict:
                    continue
                if kind is ObjectType.USER:
                    teams = crm._teams
                    if any(
                        tid not in teams
                        for field in ("primary_team_id", "team_ids")
                        for tid in _ids(getattr(now, field))
                    ):
                        return True
                for referring, field, target, _ in _REFERENCES:
                    if referring is kind and any(tid not in tables[target].by_id for tid in _ids(getattr(now, field))):
                        return True
            elif crm.strict:
                for referring, _, target, where in _REFERENCES:
                    if target is kind and _referenced(tables[referring], target, where).get(rid):
                        return True
    return False
