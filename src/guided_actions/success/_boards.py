"""Board views of the Services and Revenue tabs: dragging a record to another stage.

When a stage has *dependent* (required) properties the product asks for them
before the move; :func:`move_to_stage` refuses the move and lists every one
still empty, so the form can show them all at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from guided_actions.crm import Deal, Pipeline, PropertyValue
from guided_actions.crm._checks import (
    EMPTY_MAPPING,
    non_empty_str,
    property_mapping,
)
from guided_actions.errors import Problem
from guided_actions.success._common import did_you_mean, frozen_mapping, worded_problem
from guided_actions.success._refusals import RequestRefused

__all__ = ["BOARD_PROBLEMS", "BoardRecord", "StageMove", "move_to_stage"]


@attrs.frozen(kw_only=True)
class BoardRecord:
    """A record on a board that is not a deal: a service or a custom revenue object.

    ``object_type`` is the schema's object name (``"services"``, ``"subscriptions"``).
    """

    id: str = attrs.field(validator=non_empty_str)
    object_type: str = attrs.field(validator=non_empty_str)
    pipeline_id: str = attrs.field(validator=non_empty_str)
    stage_id: str = attrs.field(validator=non_empty_str)
    properties: Mapping[str, PropertyValue] = attrs.field(
        default=EMPTY_MAPPING, converter=frozen_mapping, validator=property_mapping
    )


@attrs.frozen(kw_only=True)
class StageMove:
    """A move that was allowed: the record in its new stage and the values entered for it.

    For a :class:`BoardRecord` the values are also merged into its properties; a
    :class:`~guided_actions.crm.Deal` has no property bag, so the host stores
    ``values`` itself.
    """

    record: Deal | BoardRecord
    from_stage_id: str
    to_stage_id: str
    values: Mapping[str, PropertyValue]


BOARD_PROBLEMS: Mapping[str, str] = MappingProxyType(
    {
        "record_not_in_pipeline": "the record is in the pipeline {actual!r}, not {expected!r}",
        "stage_not_in_pipeline": "the pipeline {pipeline!r} has no stage {stage!r}{hint}",
        "required_property_missing": "moving to {stage!r} needs {name!r}",
    }
)


def _problem(code: str, path: str, **fields: object) -> Problem:
    return worded_problem(BOARD_PROBLEMS, code, path, **fields)


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def move_to_stage(
    record: Deal | BoardRecord,
    pipeline: Pipeline,
    stage_id: str,
    *,
    values: Mapping[str, PropertyValue] = EMPTY_MAPPING,
    required: Mapping[str, Iterable[str]] = EMPTY_MAPPING,
) -> StageMove:
    """Move ``record`` to ``stage_id`` of its ``pipeline``, with the ``values`` entered in the form.

    ``required`` maps a stage id to the properties that must be filled to enter
    it (the pipeline's dependent properties).  A property counts as filled when
    ``values`` — or, for a board record, its current properties — hold a
    non-blank value.  Refused (:class:`RequestRefused`, every problem at once)
    when the record is in another pipeline, the stage is not in the pipeline, or
    a required property is left empty (one problem each, path ``values.<name>``).
    """
    problems: list[Problem] = []
    if record.pipeline_id != pipeline.id:
        problems.append(_problem("record_not_in_pipeline", "pipeline", actual=record.pipeline_id, expected=pipeline.id))
    stage_ids = [stage.id for stage in pipeline.stages]
    if stage_id not in stage_ids:
        hint = did_you_mean(stage_id, stage_ids)
        problems.append(_problem("stage_not_in_pipeline", "stage_id", pipeline=pipeline.id, stage=stage_id, hint=hint))
    current: Mapping[str, PropertyValue] = record.properties if isinstance(record, BoardRecord) else EMPTY_MAPPING
    for name in dict.fromkeys(required.get(stage_id, ())):
        value = values[name] if name in values else current.get(name)
        if _empty(value):
            problems.append(_problem("required_property_missing", f"values.{name}", stage=stage_id, name=name))
    if problems:
        raise RequestRefused(problems)
    entered = frozen_mapping(values)
    moved: Deal | BoardRecord
    if isinstance(record, BoardRecord):
        moved = attrs.evolve(record, stage_id=stage_id, properties={**record.properties, **entered})
    else:
        moved = attrs.evolve(record, stage_id=stage_id)
    return StageMove(record=moved, from_stage_id=record.stage_id, to_stage_id=stage_id, values=entered)
