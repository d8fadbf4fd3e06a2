"""A host's own guided action, declared with the same building blocks as the built-ins.

Run it with ``python examples/custom_rule.py``: it registers a "Big deal without
a close date" rule next to the 19 built-ins, reconciles a tiny portal and
explains the rule for one deal.
"""

from __future__ import annotations

from decimal import Decimal

import pendulum

from guided_actions._builders import make_deal, make_pipeline, make_user
from guided_actions.actions import (
    ActionCategory,
    Candidate,
    Context,
    Criterion,
    Rule,
    Trigger,
    default_registry,
    explain,
    reconcile,
)
from guided_actions.crm import CrmSnapshot, ObjectRef, ObjectType

NOW = pendulum.datetime(2026, 3, 2, 12, tz="UTC")


def _assigned_to_you(ctx: Context, c: Candidate) -> bool:
    return bool(c.record.owner_id == c.owner.id)


def _is_open(ctx: Context, c: Candidate) -> bool:
    return ctx.crm.is_open(c.record)


def _big(ctx: Context, c: Candidate) -> bool:
    return c.record.amount is not None and c.record.amount >= Decimal(50_000)


def _no_close_date(ctx: Context, c: Candidate) -> bool:
    return c.record.close_date is None


def _has_close_date(ctx: Context, c: Candidate) -> bool:
    return c.record.close_date is not None


BIG_DEAL_WITHOUT_CLOSE_DATE = Rule(
    type="big_deal_without_close_date",
    title="Set a close date on a big deal",
    subject=ObjectType.DEAL,
    category=ActionCategory.DEAL,
    criteria=(
        Criterion(name="assigned_to_you", description="assigned to you", test=_assigned_to_you),
        Criterion(name="deal_open", description="the deal is open", test=_is_open),
        Criterion(name="big", description="the amount is at least 50,000", test=_big),
        Criterion(name="no_close_date", description="the deal has no close date", test=_no_close_date),
    ),
    conditions=(
        # Reusing a built-in "done" reason name would make GuidedAction.done count it.
        Criterion(name="close_date_set", description="a close date was set", test=_has_close_date, done=True),
        Criterion(name="deal_closed", description="the deal is closed", test=lambda ctx, c: not _is_open(ctx, c)),
    ),
    key=lambda ctx, c: str(c.record.id),
    trigger=lambda ctx, c: Trigger(at=c.record.created_at or ctx.now),
)


def main() -> None:
    """Register the rule, reconcile and explain."""
    registry = default_registry()
    registry.register(BIG_DEAL_WITHOUT_CLOSE_DATE)
    crm = CrmSnapshot.build(
        users=[make_user(id="u1")],
        pipelines=[make_pipeline()],
        deals=[make_deal(id="d1", owner_id="u1", amount=Decimal(80_000), created_at=NOW)],
    )
    result = reconcile(crm, now=NOW, registry=registry)
    for action in result.created:
        print(f"{action.owner_id}: {action.title(registry)} [{action.subject}]")
    print()
    print(
        explain(
            crm,
            "big_deal_without_close_date",
            ObjectRef(ObjectType.DEAL, "d1"),
            user_id="u1",
            now=NOW,
            registry=registry,
        )
    )


if __name__ == "__main__":
    main()
