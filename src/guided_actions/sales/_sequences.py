"""Sequence cards: one card per sequence with open tasks, its tasks grouped by step.

On the summary tab each sequence has its own card; "Step X" opens the queue of
that step and "All tasks in the sequence" opens every step's queue in turn.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

import attrs

from guided_actions.crm import CrmSnapshot, ObjectType, Task
from guided_actions.sales._common import check_aware, require_user, task_order

__all__ = ["SequenceCard", "SequenceStepTasks", "sequence_cards"]


@attrs.frozen(kw_only=True)
class SequenceStepTasks:
    """The open tasks of one step of a sequence, in queue order (by ``due_at``).

    This is what "Step X" on a card opens.
    """

    step: int
    tasks: tuple[Task, ...]


@attrs.frozen(kw_only=True)
class SequenceCard:
    """One sequence's card: its id, its name and its open tasks by step (ascending).

    ``sequence_name`` is the name carried by the sequence's tasks (``None`` when
    none of them carries one), so a host can label the card without a lookup.
    """

    sequence_id: str
    sequence_name: str | None
    steps: tuple[SequenceStepTasks, ...]

    @property
    def all_tasks(self) -> tuple[Task, ...]:
        """ "All tasks in the sequence": every step's queue, step after step."""
        return tuple(task for group in self.steps for task in group.tasks)

    @property
    def step_numbers(self) -> tuple[int, ...]:
        """The steps that have open tasks, ascending."""
        return tuple(group.step for group in self.steps)

    def tasks_of_step(self, step: int) -> tuple[Task, ...]:
        """The queue of step ``step`` (empty when that step has no open task)."""
        for group in self.steps:
            if group.step == step:
                return group.tasks
        return ()

    @property
    def first_due_at(self) -> _dt.datetime | None:
        """The earliest due time among the card's tasks, which orders the cards."""
        dues = [task.due_at for task in self.all_tasks if task.due_at is not None]
        return min(dues) if dues else None


def sequence_cards(crm: CrmSnapshot, user_id: str, *, now: _dt.datetime) -> tuple[SequenceCard, ...]:
    """The user's sequence cards, one per sequence that has open sequence tasks assigned to them.

    Every open task with a ``sequence`` (whatever its due date: a sequence task
    waits in its step until done) is grouped by sequence and step.  Steps are
    ascending; each step's tasks are in queue order (``due_at``, then priority
    ``HIGH`` first, then id; undated tasks last).  Cards are ordered by their
    earliest due task (cards with only undated tasks last), then sequence id.

    ``now`` is checked (it must be aware) and is otherwise not needed: which
    tasks are open does not depend on the time.  Raises
    :class:`~guided_actions.errors.GuidedActionsError` for an unknown user or a
    naive ``now``.
    """
    where = "sequence_cards"
    user = require_user(crm, user_id, where=where)
    check_aware(now, where=where, argument="now")
    by_sequence: dict[str, dict[int, list[Task]]] = {}
    task: Task
    for task in crm.owned_by(user.id, ObjectType.TASK):
        if task.sequence is None or not task.is_open:
            continue
        steps = by_sequence.setdefault(task.sequence.sequence_id, {})
        steps.setdefault(task.sequence.step, []).append(task)
    cards: list[SequenceCard] = []
    for sequence_id, steps in by_sequence.items():
        groups = tuple(
            SequenceStepTasks(step=step, tasks=tuple(sorted(tasks, key=task_order)))
            for step, tasks in sorted(steps.items())
        )
        name = _name_of(task for group in groups for task in group.tasks)
        cards.append(SequenceCard(sequence_id=sequence_id, sequence_name=name, steps=groups))
    return tuple(sorted(cards, key=_card_order))


def _name_of(tasks: Iterable[Task]) -> str | None:
    """The first sequence name the tasks carry, in card order (deterministic)."""
    for task in tasks:
        if task.sequence is not None and task.sequence.sequence_name:
            return task.sequence.sequence_name
    return None


_NEVER = _dt.datetime.max.replace(tzinfo=_dt.UTC)


def _card_order(card: SequenceCard) -> tuple[bool, _dt.datetime, str]:
    first = card.first_due_at
    return (first is None, _NEVER if first is None else first, card.sequence_id)
