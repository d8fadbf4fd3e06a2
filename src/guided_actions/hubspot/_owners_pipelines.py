"""Owners become users and teams; deal and lead pipelines become pipelines with won/lost stages.

An owner's ``id`` is what ``hubspot_owner_id`` holds (its ``userId`` is another
number and fails as an owner), so users get the owner id.  Stage state comes
from stage *metadata*, never from labels: a portal may rename "Closed lost", and
HubSpot's own audit log shows a stage labelled so that was open.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from guided_actions.crm import ObjectType, Pipeline, Stage, StageState, Team, User
from guided_actions.errors import GuidedActionsError, Problem
from guided_actions.hubspot._envelope import field, rows_of
from guided_actions.hubspot._values import BadValue, decode_bool, decode_decimal, decode_id, decode_text

__all__ = ["DEFAULT_LEAD_STAGES", "Owners", "read_owners", "read_pipelines"]

#: HubSpot's default lead stage ids that are closed, and how (custom lead stages need metadata).
DEFAULT_LEAD_STAGES: Mapping[str, StageState] = {
    "qualified-stage-id": StageState.WON,
    "unqualified-stage-id": StageState.LOST,
}
_PIPELINE_KINDS = {"deals": ObjectType.DEAL, "leads": ObjectType.LEAD}


@attrs.frozen(kw_only=True)
class Owners:
    """What the Owners API told us: the users, their teams, and every owner id that exists."""

    users: tuple[User, ...] = ()
    teams: tuple[Team, ...] = ()
    known_ids: frozenset[str] = frozenset()


def _owner_teams(owner: Mapping[str, Any], path: str, problems: list[Problem]) -> tuple[list[Team], str | None]:
    teams: list[Team] = []
    primary: str | None = None
    raw_teams = owner.get("teams") or ()
    if not isinstance(raw_teams, list | tuple):
        problems.append(Problem("bad_value", f"{path}.teams", f"teams must be a list, got {raw_teams!r}"))
        return teams, None
    for index, raw in enumerate(raw_teams):
        try:
            team_id = decode_id(raw.get("id")) if isinstance(raw, Mapping) else None
        except BadValue:
            team_id = None
        if not team_id or not isinstance(raw, Mapping):
            problems.append(Problem("bad_value", f"{path}.teams[{index}]", f"a team needs an id, got {raw!r}"))
            continue
        name = raw.get("name")
        teams.append(Team(id=team_id, name=name if isinstance(name, str) and name.strip() else team_id))
        if raw.get("primary") is True and primary is None:
            primary = team_id
    return teams, primary


def read_owners(value: object, problems: list[Problem]) -> Owners:
    """Users and teams from the Owners API ``results`` (archived owners included, queues only as known ids)."""
    rows = rows_of(value)
    if rows is None:
        problems.append(Problem("bad_export", "owners", f"owners must be a list, got {type(value).__name__}"))
        return Owners()
    users: list[User] = []
    teams: dict[str, Team] = {}
    known: set[str] = set()
    for index, owner in enumerate(rows):
        try:
            owner_id = decode_id(owner.get("id")) if isinstance(owner, Mapping) else None
        except BadValue:
            owner_id = None
        if not owner_id or not isinstance(owner, Mapping):
            problems.append(Problem("missing_id", f"owners[#{index}].id", f"owner #{index} has no usable id"))
            continue
        path = f"owners[{owner_id}]"
        if owner_id in known:
            problems.append(
                Problem("duplicate_id", path, f"owner {owner_id} appears more than once; the first is kept")
            )
            continue
        known.add(owner_id)
        if str(owner.get("type") or "PERSON").upper() == "QUEUE":
            continue
        email = owner.get("email")
        if not isinstance(email, str) or not email.strip():
            problems.append(
                Problem("missing_email", f"{path}.email", f"owner {owner_id} has no email ({email!r}); user skipped")
            )
            continue
        owner_teams, primary = _owner_teams(owner, path, problems)
        for team in owner_teams:
            teams.setdefault(team.id, team)
        users.append(
            User(id=owner_id, email=email, primary_team_id=primary, team_ids=frozenset(t.id for t in owner_teams))
        )
    return Owners(users=tuple(users), teams=tuple(teams.values()), known_ids=frozenset(known))


def _metadata(raw: Mapping[str, Any], path: str, problems: list[Problem]) -> tuple[bool | None, Decimal | None]:
    metadata = raw.get("metadata") or {}
    if not isinstance(metadata, Mapping):
        problems.append(Problem("bad_value", f"{path}.metadata", f"metadata must be an object, got {metadata!r}"))
        return None, None
    closed: bool | None = None
    probability: Decimal | None = None
    try:
        closed = decode_bool(metadata.get("isClosed"))
    except BadValue as exc:
        problems.append(Problem(exc.code, f"{path}.metadata.isClosed", f"{metadata.get('isClosed')!r}: {exc.reason}"))
    try:
        probability = decode_decimal(metadata.get("probability"))
    except BadValue as exc:
        problems.append(
            Problem(exc.code, f"{path}.metadata.probability", f"{metadata.get('probability')!r}: {exc.reason}")
        )
    return closed, probability


def stage_state(
    kind: ObjectType, stage_id: str, closed: bool | None, probability: Decimal | None
) -> tuple[StageState, str | None]:
    """The state of a stage from its metadata, and a complaint when the metadata does not settle it.

    Deals: ``isClosed`` says closed or open (when it is missing, a probability of
    exactly 0 or 1 means closed); a closed stage is WON at probability 1 and LOST
    at 0.  Leads: the same metadata when present, else HubSpot's default closed
    lead stages (``qualified-stage-id`` WON, ``unqualified-stage-id`` LOST); any
    other lead stage is open.  A closed stage whose probability is neither 0 nor 1
    is taken as LOST, with a complaint.
    """
    if closed is None:
        if kind is ObjectType.LEAD and probability is None:
            return DEFAULT_LEAD_STAGES.get(stage_id, StageState.OPEN), None
        closed = probability is not None and probability in (0, 1)
    if not closed:
        return StageState.OPEN, None
    if probability == 1:
        return StageState.WON, None
    if probability == 0:
        return StageState.LOST, None
    if kind is ObjectType.LEAD and stage_id in DEFAULT_LEAD_STAGES:
        return DEFAULT_LEAD_STAGES[stage_id], None
    return StageState.LOST, f"closed stage with probability {probability} (neither 0 nor 1); taken as lost"


def _read_stage(kind: ObjectType, raw: object, path: str, index: int, problems: list[Problem]) -> Stage | None:
    try:
        stage_id = decode_id(raw.get("id")) if isinstance(raw, Mapping) else None
    except BadValue:
        stage_id = None
    if not stage_id or not isinstance(raw, Mapping):
        problems.append(Problem("missing_id", f"{path}.stages[#{index}].id", f"stage #{index} has no usable id"))
        return None
    where = f"{path}.stages[{stage_id}]"
    closed, probability = _metadata(raw, where, problems)
    state, complaint = stage_state(kind, stage_id, closed, probability)
    if complaint:
        problems.append(Problem("ambiguous_stage", f"{where}.metadata", f"stage {stage_id}: {complaint}"))
    label = decode_text(raw.get("label")) if isinstance(raw.get("label"), str) else None
    return Stage(id=stage_id, label=label or stage_id, state=state)


def _read_pipeline(
    kind: ObjectType, pipeline_id: str, raw: Mapping[str, Any], path: str, problems: list[Problem]
) -> Pipeline | None:
    stages: list[tuple[int, Stage]] = []
    seen: set[str] = set()
    raw_stages = raw.get("stages")
    for index, stage_raw in enumerate(raw_stages if isinstance(raw_stages, list | tuple) else ()):
        stage = _read_stage(kind, stage_raw, path, index, problems)
        if stage is None:
            continue
        if stage.id in seen:
            problems.append(Problem("duplicate_id", f"{path}.stages[{stage.id}]", f"stage {stage.id} appears twice"))
            continue
        seen.add(stage.id)
        order = field(stage_raw, "displayOrder", "display_order")
        stages.append((order if type(order) is int else 0, stage))
    stages.sort(key=lambda pair: pair[0])  # stable: equal display orders keep the API's order
    label = raw.get("label")
    try:
        return Pipeline(
            id=pipeline_id,
            object_type=kind,
            label=label if isinstance(label, str) and label.strip() else pipeline_id,
            stages=tuple(stage for _, stage in stages),
        )
    except GuidedActionsError as exc:
        problems.append(Problem("bad_pipeline", path, f"pipeline {pipeline_id}: {exc}; pipeline skipped"))
        return None


def read_pipelines(value: object, problems: list[Problem]) -> list[Pipeline]:
    """Deal and lead pipelines from ``{"deals": [...], "leads": [...]}`` (other keys are reported)."""
    if not isinstance(value, Mapping):
        problems.append(Problem("bad_export", "pipelines", "pipelines must be {'deals': [...], 'leads': [...]}"))
        return []
    pipelines: list[Pipeline] = []
    seen: set[str] = set()
    for key, listing in value.items():
        kind = _PIPELINE_KINDS.get(str(key))
        if kind is None:
            problems.append(
                Problem(
                    "unsupported_key", f"pipelines.{key}", f"only deal and lead pipelines are read; {key!r} ignored"
                )
            )
            continue
        rows = rows_of(listing)
        if rows is None:
            problems.append(Problem("bad_export", f"pipelines.{key}", "expected a list of pipelines"))
            continue
        for index, raw in enumerate(rows):
            try:
                pipeline_id = decode_id(raw.get("id")) if isinstance(raw, Mapping) else None
            except BadValue:
                pipeline_id = None
            if not pipeline_id or not isinstance(raw, Mapping):
                problems.append(Problem("missing_id", f"pipelines.{key}[#{index}].id", "pipeline has no usable id"))
                continue
            path = f"pipelines.{key}[{pipeline_id}]"
            if pipeline_id in seen:
                problems.append(Problem("duplicate_id", path, f"pipeline {pipeline_id} appears more than once"))
                continue
            pipeline = _read_pipeline(kind, pipeline_id, raw, path, problems)
            if pipeline is not None:
                seen.add(pipeline_id)
                pipelines.append(pipeline)
    return pipelines
