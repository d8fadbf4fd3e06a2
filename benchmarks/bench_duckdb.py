"""The peer: the same deal and activity rules as SQL in DuckDB, over the same synthetic portal.

Rules 4, 6, 8, 12, 16, 17, 18 and 19 of the rule table are written as SQL
queries (one per rule, each returning ``(type, owner_id, subject_id)`` of the
actions it would create from nothing) over tables loaded from
``synthetic_portal``.  Per size, the table shows:

- the check: whether both engines give the same set of ``(type, owner, subject)``
  on the same data at the same ``now`` (printed; a mismatch also exits 1);
- the full batch: our ``reconcile`` with a registry of just those rules (CPU
  seconds, one core) against running every query in DuckDB with 1 thread and
  with all threads (wall seconds), and the ratio ours / DuckDB;
- a single change (one deal gets a contact): for us an incremental
  ``reconcile`` of the evolved snapshot with ``known`` the previous result
  indexed (``KnownActions``) and ``changed``/``since`` naming the change (the
  ``evolve`` itself is timed in ``bench_incremental.py``); for DuckDB an
  ``UPDATE`` plus re-running every query (a SQL engine has no incremental
  reconcile of its own).

Loading the data into DuckDB is not timed.  ``duckdb`` is a benchmark-only
dependency (``pip install duckdb``); without it the script says so and exits 0.
Run it with ``python benchmarks/bench_duckdb.py [--sizes 1,10,100] [--quick]``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import functools
import os
import sys
import time
from collections.abc import Callable, Iterable
from typing import Any

import attrs
import pendulum

from guided_actions.actions import KnownActions, RuleRegistry, reconcile
from guided_actions.actions._builtin import builtin_rules
from guided_actions.actions._rule import utc
from guided_actions.crm import CrmSnapshot, ObjectRef, ObjectType
from guided_actions.testing import synthetic_portal

NOW = pendulum.datetime(2026, 3, 2, 12, tz="UTC")
RULES = (
    "sequence_activity",
    "follow_up_meeting",
    "log_call_outcome",
    "upcoming_meeting_prep",
    "update_next_steps",
    "add_contact_to_deal",
    "initial_outreach_needed",
    "follow_up_with_buyer",
)
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_US = _dt.timedelta(microseconds=1)
MIN = 60 * 1_000_000
HOUR = 60 * MIN
DAY = 24 * HOUR


def us(value: _dt.datetime | None) -> int | None:
    """An instant as microseconds since the epoch (what the SQL side compares)."""
    return None if value is None else (utc(value) - _EPOCH) // _US


def _deal_row(d: Any) -> tuple[Any, ...]:
    return (
        d.id,
        d.owner_id,
        d.pipeline_id,
        d.stage_id,
        us(d.created_at),
        us(d.next_steps_updated_at),
        len(d.contact_ids),
    )


def _email_row(e: Any) -> tuple[Any, ...]:
    outgoing = e.direction.value == "outgoing"
    return (e.id, e.owner_id, outgoing, us(e.sent_at), us(e.opened_at), e.in_reply_to, e.from_address.lower())


def _columns(rows: Iterable[tuple[Any, ...]], names: tuple[str, ...]) -> dict[str, Any]:
    import numpy as np

    data = list(zip(*rows, strict=True)) or [() for _ in names]
    return {name: np.array(column, dtype=object) for name, column in zip(names, data, strict=True)}


def load(con: Any, crm: CrmSnapshot) -> None:
    """Copy the snapshot into DuckDB tables (times as epoch microseconds, addresses lower-cased)."""
    tables: dict[str, tuple[tuple[str, ...], Iterable[tuple[Any, ...]]]] = {
        "users": (("id", "email"), ((u.id, u.email.lower()) for u in crm.users)),
        "stages": (
            ("pipeline_id", "stage_id", "is_open", "is_first"),
            ((p.id, s.id, s.is_open, i == 0) for p in crm.pipelines for i, s in enumerate(p.stages)),
        ),
        "deals": (
            ("id", "owner_id", "pipeline_id", "stage_id", "created_at", "next_steps_updated_at", "n_contacts"),
            map(_deal_row, crm.deals),
        ),
        "deal_contacts": (
            ("deal_id", "contact_id"),
            ((d.id, c) for d in crm.deals for c in dict.fromkeys(d.contact_ids)),
        ),
        "contacts": (("id", "email"), ((c.id, c.email.lower() if c.email else None) for c in crm.contacts)),
        "meetings": (
            ("id", "owner_id", "start_at", "end_at", "outcome"),
            ((m.id, m.owner_id, us(m.start), us(m.end), m.outcome and m.outcome.value) for m in crm.meetings),
        ),
        "calls": (
            ("id", "owner_id", "started_at", "via_calling", "status", "outcome_logged"),
            (
                (c.id, c.owner_id, us(c.started_at), c.via_calling, c.status and c.status.value, c.outcome_logged)
                for c in crm.calls
            ),
        ),
        "tasks": (
            ("id", "owner_id", "is_open", "has_sequence", "meeting_id"),
            ((t.id, t.owner_id, t.is_open, t.sequence is not None, t.meeting_id) for t in crm.tasks),
        ),
        "eng_deals": (
            ("kind", "id", "deal_id", "happened_at"),
            (
                (e.kind.value, e.id, deal_id, us(e.happened_at))
                for kind in ("tasks", "meetings", "calls", "emails", "notes")
                for e in getattr(crm, kind)
                for deal_id in dict.fromkeys(e.deal_ids)
            ),
        ),
        "emails": (
            ("id", "owner_id", "outgoing", "sent_at", "opened_at", "in_reply_to", "from_address"),
            map(_email_row, crm.emails),
        ),
        "email_contacts": (
            ("email_id", "contact_id"),
            ((e.id, c) for e in crm.emails for c in dict.fromkeys(e.contact_ids)),
        ),
        "email_to": (
            ("email_id", "address"),
            (
                (e.id, a)
                for e in crm.emails
                for a in dict.fromkeys(x.lower() for x in (*e.to_addresses, *e.cc_addresses))
            ),
        ),
    }
    for name, (columns, rows) in tables.items():
        frame = _columns(rows, columns)  # noqa: F841 (DuckDB scans the local by name)
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM frame")


def queries(now: int) -> dict[str, str]:
    """One query per rule: the actions it creates from nothing at ``now`` (epoch microseconds)."""
    return {
        "sequence_activity": """
            SELECT 'sequence_activity', t.owner_id, t.id FROM tasks t JOIN users u ON u.id = t.owner_id
            WHERE t.has_sequence AND t.is_open""",
        "follow_up_meeting": f"""
            SELECT 'follow_up_meeting', m.owner_id, m.id FROM meetings m JOIN users u ON u.id = m.owner_id
            WHERE m.start_at <= {now} AND m.end_at > {now - 7 * DAY} AND m.outcome IS DISTINCT FROM 'canceled'
              AND NOT (EXISTS (SELECT 1 FROM tasks f WHERE f.meeting_id = m.id)
                       AND NOT EXISTS (SELECT 1 FROM tasks f WHERE f.meeting_id = m.id AND f.is_open))""",
        "log_call_outcome": f"""
            SELECT DISTINCT 'log_call_outcome', c.owner_id, c.owner_id FROM calls c JOIN users u ON u.id = c.owner_id
            WHERE c.started_at <= {now - HOUR} AND c.started_at > {now - 7 * DAY} AND NOT c.outcome_logged
              AND (c.status = 'completed' OR (NOT c.via_calling AND c.status IS NULL))""",
        "upcoming_meeting_prep": f"""
            SELECT 'upcoming_meeting_prep', m.owner_id, m.id FROM meetings m JOIN users u ON u.id = m.owner_id
            WHERE m.start_at > {now - 10 * MIN} AND m.start_at <= {now + DAY}
              AND m.outcome IS DISTINCT FROM 'canceled'""",
        "update_next_steps": f"""
            WITH last AS (
                SELECT deal_id, max(happened_at) AS at FROM eng_deals
                WHERE kind IN ('meeting', 'call') AND happened_at <= {now} GROUP BY deal_id)
            SELECT 'update_next_steps', d.owner_id, d.id FROM deals d JOIN users u ON u.id = d.owner_id
            JOIN stages s ON s.pipeline_id = d.pipeline_id AND s.stage_id = d.stage_id AND s.is_open
            JOIN last ON last.deal_id = d.id
            WHERE last.at < {now - DAY} AND (d.next_steps_updated_at IS NULL OR d.next_steps_updated_at < last.at)""",
        "add_contact_to_deal": f"""
            SELECT 'add_contact_to_deal', d.owner_id, d.id FROM deals d JOIN users u ON u.id = d.owner_id
            JOIN stages s ON s.pipeline_id = d.pipeline_id AND s.stage_id = d.stage_id AND s.is_open
            WHERE d.created_at < {now - 7 * DAY} AND d.n_contacts = 0""",
        "initial_outreach_needed": f"""
            SELECT 'initial_outreach_needed', d.owner_id, d.id FROM deals d JOIN users u ON u.id = d.owner_id
            JOIN stages s ON s.pipeline_id = d.pipeline_id AND s.stage_id = d.stage_id AND s.is_open AND s.is_first
            WHERE d.created_at < {now - 7 * DAY} AND NOT EXISTS (SELECT 1 FROM eng_deals g WHERE g.deal_id = d.id)""",
        "follow_up_with_buyer": f"""
            WITH open_deals AS (
                SELECT d.id, d.owner_id FROM deals d JOIN users u ON u.id = d.owner_id
                JOIN stages s ON s.pipeline_id = d.pipeline_id AND s.stage_id = d.stage_id AND s.is_open),
            people AS (
                SELECT od.id AS deal_id, od.owner_id, c.id AS contact_id, c.email
                FROM open_deals od JOIN deal_contacts dc ON dc.deal_id = od.id JOIN contacts c ON c.id = dc.contact_id),
            sent_to AS (  -- emails associated with the contact or addressed to it
                SELECT p.deal_id, p.owner_id, p.contact_id, p.email, ec.email_id FROM people p
                JOIN email_contacts ec ON ec.contact_id = p.contact_id
                UNION
                SELECT p.deal_id, p.owner_id, p.contact_id, p.email, et.email_id FROM people p
                JOIN email_to et ON et.address = p.email),
            opened AS (
                SELECT s.deal_id, s.owner_id, e.id, e.opened_at, e.sent_at
                FROM sent_to s JOIN emails e ON e.id = s.email_id
                WHERE e.outgoing AND e.owner_id = s.owner_id AND e.opened_at < {now - 7 * DAY}
                  AND NOT EXISTS (
                      SELECT 1 FROM emails r WHERE r.in_reply_to = e.id AND NOT r.outgoing
                      AND (r.from_address = s.email
                           OR EXISTS (SELECT 1 FROM email_contacts rc WHERE rc.email_id = r.id
                                      AND rc.contact_id = s.contact_id)))),
            best AS (
                SELECT deal_id, owner_id, arg_max(sent_at, (opened_at, id)) AS sent_at FROM opened
                GROUP BY deal_id, owner_id),
            sent_by AS (  -- emails associated with a contact of the deal or sent from its address
                SELECT p.deal_id, ec.email_id FROM people p JOIN email_contacts ec ON ec.contact_id = p.contact_id
                UNION
                SELECT p.deal_id, e.id FROM people p JOIN emails e ON e.from_address = p.email),
            replied AS (
                SELECT DISTINCT b.deal_id FROM best b JOIN sent_by sb ON sb.deal_id = b.deal_id
                JOIN emails r ON r.id = sb.email_id JOIN emails o ON o.id = r.in_reply_to
                WHERE NOT r.outgoing AND o.outgoing AND o.owner_id = b.owner_id AND r.sent_at > b.sent_at)
            SELECT 'follow_up_with_buyer', b.owner_id, b.deal_id FROM best b
            WHERE b.deal_id NOT IN (SELECT deal_id FROM replied)""",
    }


def run_sql(con: Any, now: int) -> set[tuple[str, str, str]]:
    """Every rule's query; the union of their rows."""
    found: set[tuple[str, str, str]] = set()
    for sql in queries(now).values():
        found.update(con.execute(sql).fetchall())
    return found


def _timed(fn: Callable[[], Any], clock: Callable[[], float], repeat: int = 3) -> tuple[float, Any]:
    best, value = float("inf"), None
    for _ in range(repeat):
        started = clock()
        value = fn()
        best = min(best, clock() - started)
    return best, value


def main() -> int:
    """Measure, check and print the table."""
    try:
        import duckdb
    except ImportError:
        print("bench_duckdb: duckdb is not installed; skipping (pip install duckdb)")
        return 0
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1,10,100", help="comma-separated scales (default: 1,10,100)")
    parser.add_argument("--quick", action="store_true", help="small sizes only (0.2 and 1)")
    args = parser.parse_args()
    scales = [0.2, 1.0] if args.quick else [float(s) for s in args.sizes.split(",")]
    registry = RuleRegistry(rule for rule in builtin_rules() if rule.type in RULES)
    now_us = us(NOW)
    assert now_us is not None
    rows, ok = [], True
    for scale in scales:
        users = min(500, max(10, int(10 * scale)))
        crm = synthetic_portal(users=users, scale=scale, seed=1, now=NOW)
        ours_s, result = _timed(lambda crm=crm: reconcile(crm, now=NOW, registry=registry), time.process_time)
        ours = {(a.type, a.owner_id, a.subject.id) for a in result.created}
        known = result.active + result.expired
        # One change: a deal without a contact gets one (rule 17's action expires).
        deal = next((d for d in crm.deals if not d.contact_ids), next(iter(crm.deals)))
        contact = next(iter(crm.contacts)).id
        changed = attrs.evolve(deal, contact_ids=(*deal.contact_ids, contact))

        after = crm.evolve(upsert=[changed])  # the host's new snapshot (evolve timed in bench_incremental.py)
        index = KnownActions.of(known, registry=registry)

        one_change = functools.partial(
            reconcile,
            after,
            now=NOW,
            known=index,
            registry=registry,
            changed=[ObjectRef(ObjectType.DEAL, changed.id)],
            since=NOW,
        )

        ours_one, _ = _timed(one_change, time.perf_counter, repeat=20)
        con = duckdb.connect()
        load(con, crm)
        figures = []
        for threads in (1, os.cpu_count() or 1):
            con.execute(f"SET threads = {threads}")
            sql_s, theirs = _timed(lambda con=con: run_sql(con, now_us), time.perf_counter)

            def sql_one(con: Any = con, deal_id: str = deal.id) -> Any:
                con.execute("UPDATE deals SET n_contacts = n_contacts + 1 WHERE id = ?", [deal_id])
                found = run_sql(con, now_us)
                con.execute("UPDATE deals SET n_contacts = n_contacts - 1 WHERE id = ?", [deal_id])
                return found

            sql_one_s, _ = _timed(sql_one, time.perf_counter)
            figures.append((threads, sql_s, sql_one_s))
        same = ours == theirs
        ok = ok and same
        check = "same" if same else f"DIFFERENT (ours only {len(ours - theirs)}, DuckDB only {len(theirs - ours)})"
        for threads, sql_s, sql_one_s in figures:
            rows.append(
                f"| {len(crm):,} | {len(ours):,} | {check} | {threads} | {ours_s:.3f} | {sql_s:.3f} "
                f"| {ours_s / sql_s:.2f} | {ours_one * 1000:.2f} | {sql_one_s * 1000:.1f} "
                f"| {ours_one / sql_one_s:.4f} |"
            )
        print(f"measured {len(crm):,} records", flush=True)
        con.close()
    print()
    print(f"Rules {', '.join(RULES)}: our reconcile vs DuckDB SQL (full batch from nothing; one changed deal)")
    print()
    print(
        "| records | actions | same actions? | DuckDB threads | ours s | DuckDB s | ours/DuckDB "
        "| one change ours ms | one change DuckDB ms | ours/DuckDB |"
    )
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
