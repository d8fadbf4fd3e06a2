"""A host with a real SQLite database: CRM tables in, guided actions out, twice, with nothing duplicated.

Run it with ``python examples/sqlite_host.py``.  It uses only the standard
library's ``sqlite3`` (an in-memory database) and shows the loop every host
runs on a schedule:

1. read the CRM rows and build immutable entities and a ``CrmSnapshot``;
2. read the stored guided actions (JSON rows) as ``known``;
3. ``reconcile`` at an explicit ``now``;
4. upsert what comes back by id (``active`` and ``expired``).

Run the loop twice with the same data and the second run creates nothing and
the table keeps its row count; change a row (the rep logs a call outcome) and
the matching action expires instead of being deleted, so it never comes back
for the same trigger.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable

import pendulum

from guided_actions import (
    Call,
    CallStatus,
    Contact,
    CrmSnapshot,
    Deal,
    GuidedAction,
    Meeting,
    MeetingOutcome,
    ObjectType,
    Pipeline,
    Reconciliation,
    Stage,
    StageState,
    User,
    from_json,
    reconcile,
    to_json,
)

NOW = pendulum.datetime(2026, 3, 4, 16, tz="UTC")

SCHEMA = """
create table users    (id text primary key, email text not null, timezone text not null);
create table stages   (pipeline_id text, id text, label text, state text, position integer,
                       primary key (pipeline_id, id));
create table contacts (id text primary key, email text, owner_id text references users,
                       owner_assigned_at text, lifecycle_stage text);
create table deals    (id text primary key, name text, pipeline_id text, stage_id text, owner_id text,
                       owner_assigned_at text, created_at text);
create table deal_contacts (deal_id text references deals, contact_id text references contacts);
create table meetings (id text primary key, owner_id text, title text, start text, end text, outcome text);
create table meeting_contacts (meeting_id text references meetings, contact_id text references contacts);
create table calls    (id text primary key, owner_id text, started_at text, ended_at text, status text,
                       outcome text);
-- The host's own table for what the library returns: one JSON document per action, keyed by its id.
create table guided_actions (id text primary key, owner_id text not null, status text not null,
                             body text not null);
"""


def _iso(delta: dt.timedelta) -> str:
    return (NOW + delta).isoformat()


def seed(db: sqlite3.Connection) -> None:
    """Fill the CRM tables with a small portal: two reps, their contacts, deals, meetings and calls."""
    hours, days = dt.timedelta(hours=1), dt.timedelta(days=1)
    db.executescript(SCHEMA)
    db.executemany(
        "insert into users values (?, ?, ?)",
        [("ana", "ana@example.com", "Europe/Berlin"), ("ben", "ben@example.com", "America/New_York")],
    )
    db.executemany(
        "insert into stages values ('deals', ?, ?, ?, ?)",
        [("new", "New", "open", 0), ("qualified", "Qualified", "open", 1), ("won", "Won", "won", 2)],
    )
    db.executemany(
        "insert into contacts values (?, ?, ?, ?, ?)",
        [
            ("c1", "lena@customer.test", "ana", _iso(-2 * days), "lead"),
            ("c2", "omar@prospect.test", "ana", _iso(-40 * days), "lead"),
            ("c3", "kim@buyer.test", "ben", _iso(-1 * days), "lead"),
        ],
    )
    db.executemany(
        "insert into deals values (?, ?, 'deals', ?, ?, ?, ?)",
        [
            ("d1", "Acme renewal", "new", "ben", _iso(-10 * days), _iso(-10 * days)),
            ("d2", "Globex expansion", "qualified", "ben", _iso(-20 * days), _iso(-20 * days)),
        ],
    )
    db.execute("insert into deal_contacts values ('d2', 'c3')")
    db.executemany(
        "insert into meetings values (?, ?, ?, ?, ?, ?)",
        [
            ("m1", "ana", "Demo with Lena", _iso(-3 * hours), _iso(-2 * hours), None),
            ("m2", "ben", "Kick-off with Kim", _iso(20 * hours), _iso(21 * hours), "scheduled"),
        ],
    )
    db.execute("insert into meeting_contacts values ('m1', 'c1')")
    db.executemany(
        "insert into calls values (?, ?, ?, ?, ?, ?)",
        [("k1", "ana", _iso(-5 * hours), _iso(-4.5 * hours), "completed", None)],
    )


def _at(text: str | None) -> dt.datetime | None:
    # Rows hold ISO 8601 text with an offset; fromisoformat gives an aware datetime (a naive one would be refused).
    return None if text is None else dt.datetime.fromisoformat(text)


def _instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _many(db: sqlite3.Connection, sql: str) -> dict[str, tuple[str, ...]]:
    links: dict[str, list[str]] = {}
    for left, right in db.execute(sql):
        links.setdefault(left, []).append(right)
    return {k: tuple(v) for k, v in links.items()}


def load_snapshot(db: sqlite3.Connection) -> CrmSnapshot:
    """Build the entities from the rows; ``CrmSnapshot.build`` checks that they fit together."""
    deal_contacts = _many(db, "select deal_id, contact_id from deal_contacts")
    meeting_contacts = _many(db, "select meeting_id, contact_id from meeting_contacts")
    stages = [
        Stage(id=sid, label=label, state=StageState(state))
        for sid, label, state in db.execute("select id, label, state from stages order by position")
    ]
    return CrmSnapshot.build(
        users=[User(id=i, email=e, timezone=tz) for i, e, tz in db.execute("select * from users")],
        pipelines=[Pipeline(id="deals", object_type=ObjectType.DEAL, label="Sales", stages=stages)],
        contacts=[
            Contact(id=i, email=e, owner_id=o, owner_assigned_at=_at(a), lifecycle_stage=s)
            for i, e, o, a, s in db.execute("select * from contacts")
        ],
        deals=[
            Deal(
                id=i,
                name=n,
                pipeline_id=p,
                stage_id=s,
                owner_id=o,
                owner_assigned_at=_at(a),
                created_at=_at(c),
                contact_ids=deal_contacts.get(i, ()),
            )
            for i, n, p, s, o, a, c in db.execute("select * from deals")
        ],
        meetings=[
            Meeting(
                id=i,
                owner_id=o,
                title=t,
                start=_instant(s),
                end=_instant(e),
                outcome=None if out is None else MeetingOutcome(out),
                contact_ids=meeting_contacts.get(i, ()),
            )
            for i, o, t, s, e, out in db.execute("select * from meetings")
        ],
        calls=[
            Call(id=i, owner_id=o, started_at=_instant(s), ended_at=_at(e), status=CallStatus(st), outcome=out)
            for i, o, s, e, st, out in db.execute("select * from calls")
        ],
    )


def load_known(db: sqlite3.Connection) -> list[GuidedAction]:
    """Every stored action, active and expired: expired ones keep reconcile from re-creating them."""
    return [from_json(GuidedAction, body) for (body,) in db.execute("select body from guided_actions order by id")]


def store(db: sqlite3.Connection, actions: Iterable[GuidedAction]) -> None:
    """Upsert by id: the id is derived from (type, owner, key), so the same suggestion is always the same row."""
    db.executemany(
        "insert into guided_actions (id, owner_id, status, body) values (?, ?, ?, ?) "
        "on conflict (id) do update set status = excluded.status, body = excluded.body",
        [(a.id, a.owner_id, a.status.value, to_json(a)) for a in actions],
    )


def run(db: sqlite3.Connection, now: dt.datetime) -> Reconciliation:
    """One scheduled run of the host: load, reconcile, write back, in one transaction."""
    with db:
        result = reconcile(load_snapshot(db), now=now, known=load_known(db))
        store(db, (*result.active, *result.expired))
    return result


def _report(label: str, db: sqlite3.Connection, result: Reconciliation) -> tuple[int, int]:
    rows = db.execute("select count(*), count(distinct id) from guided_actions").fetchone()
    active = db.execute("select count(*) from guided_actions where status = 'active'").fetchone()[0]
    print(
        f"{label}: created {len(result.created)}, updated {len(result.updated)}, expired {len(result.expired)}, "
        f"unchanged {len(result.unchanged)} -> {rows[0]} rows ({active} active)"
    )
    return rows[0], rows[1]


def main() -> None:
    """Seed the database, run the host loop twice, then change a row and run again."""
    db = sqlite3.connect(":memory:")
    seed(db)

    first = run(db, NOW)
    rows, distinct = _report("run 1", db, first)
    listing = "select owner_id, json_extract(body, '$.type'), status from guided_actions order by owner_id, rowid"
    for owner_id, type_, status in db.execute(listing):
        print(f"    {owner_id:<4} {type_:<28} {status}")
    assert first.created
    assert rows == distinct == len(first.created)

    second = run(db, NOW + dt.timedelta(minutes=5))
    rows_again, distinct_again = _report("run 2 (same data)", db, second)
    assert not second.changed, "a second run with the same data must change nothing"
    assert rows_again == distinct_again == rows, "nothing may be duplicated"

    # Ana logs the outcome of her call: the "Log call outcome" action loses its only item and expires.
    with db:
        db.execute("update calls set outcome = 'connected' where id = 'k1'")
    third = run(db, NOW + dt.timedelta(minutes=10))
    rows_third, distinct_third = _report("run 3 (call outcome logged)", db, third)
    for action in third.expired:
        print(f"    expired: {action.owner_id} {action.type} ({action.expiry_reason})")
    assert [a.type for a in third.expired] == ["log_call_outcome"]
    assert rows_third == distinct_third == rows, "an expired action is updated in place, not added"

    fourth = run(db, NOW + dt.timedelta(minutes=15))
    _report("run 4 (same data)", db, fourth)
    assert not fourth.changed, "an expired action never comes back for the same trigger"
    print("OK: nothing duplicated, nothing resurrected.")


if __name__ == "__main__":
    main()
