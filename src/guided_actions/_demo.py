"""The embedded demo portal and the overview the ``demo`` command prints.

Pure: builds values and text, reads nothing.  The CLI prints what comes back.
"""

from __future__ import annotations

import pendulum

from guided_actions.crm import CrmSnapshot, ObjectType

__all__ = ["DEMO_NOW", "demo_portal", "render_overview"]

DEMO_NOW = pendulum.datetime(2026, 3, 4, 10, 30, tz="UTC")
"""The demo's fixed "now": Wednesday 4 March 2026, 10:30 UTC."""


def demo_portal() -> CrmSnapshot:
    """The embedded demo portal: a small, realistic, deterministic portal."""
    from guided_actions._portal import synthetic_portal

    return synthetic_portal(users=3, scale=0.05, seed=7, now=DEMO_NOW)


def render_overview(crm: CrmSnapshot, *, now: pendulum.DateTime) -> str:
    """A readable overview of a portal: counts per kind and per user."""
    lines = [f"Demo portal at {now.to_iso8601_string()}", "", "Records per kind:"]
    for name, count in crm.counts().items():
        lines.append(f"  {name:<10} {count:>7}")
    lines.append("")
    lines.append("Per user (owned records):")
    kinds = (ObjectType.CONTACT, ObjectType.DEAL, ObjectType.LEAD, ObjectType.TASK, ObjectType.MEETING, ObjectType.EMAIL)
    header = "  " + f"{'user':<24}" + "".join(f"{k.value + 's':>10}" for k in kinds)
    lines.append(header)
    for user in sorted(crm.users, key=lambda u: u.id):
        row = "".join(f"{len(crm.owned_by(user.id, k)):>10}" for k in kinds)
        lines.append(f"  {user.email:<24}{row}")
    return "\n".join(lines) + "\n"
