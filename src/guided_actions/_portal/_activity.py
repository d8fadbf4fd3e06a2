"""Drawing the engagements of a synthetic portal: meetings, tasks, calls, email threads, notes."""

from __future__ import annotations

from guided_actions._portal import _tables as tables
from guided_actions._portal._base import Drawing
from guided_actions._portal._tables import DAY, HOUR
from guided_actions.crm import (
    Call,
    CallStatus,
    Email,
    EmailDirection,
    Meeting,
    MeetingOutcome,
    Note,
    SequenceStep,
    Task,
    TaskStatus,
)

__all__ = ["draw_calls", "draw_emails", "draw_meetings", "draw_notes", "draw_tasks"]


def draw_meetings(p: Drawing) -> None:
    """Meetings past, just started, in the next 24 hours and later; some canceled, some with follow-ups."""
    rng, at = p.rng, p.at
    meetings, follow_ups = [], []
    for i in range(p.count("meetings")):
        ctx, mid = p.context(), f"m{i + 1}"
        start = p.span(tables.MEETING_SPAN(rng))
        end = start + p.pick((30, 45, 60))
        outcome = tables.PAST_OUTCOME(rng) if start < 0 else tables.FUTURE_OUTCOME(rng)
        title = tables.MEETING_TITLES[i % len(tables.MEETING_TITLES)]
        created = at(start - p.span((HOUR, 14 * DAY)))
        meetings.append(
            Meeting(
                id=mid, **ctx.fields, title=title, start=at(start), end=at(end), outcome=outcome, created_at=created
            )
        )
        if end < 0 and outcome is not MeetingOutcome.CANCELED and rng.random() < 0.3:
            done = rng.random() < 0.4
            follow_ups.append(
                Task(
                    id=f"t{mid}",
                    **ctx.fields,
                    title=f"Follow up: {title}",
                    status=TaskStatus.COMPLETED if done else TaskStatus.NOT_STARTED,
                    due_at=at(end + DAY),
                    created_at=at(end),
                    completed_at=at(min(end + p.span((10, DAY)), -1)) if done else None,
                    meeting_id=mid,
                )
            )
    p.records.update(meetings=meetings, tasks=follow_ups)


def draw_tasks(p: Drawing) -> None:
    """Tasks due overdue, today, tomorrow and later in the owner's zone; high priority; sequence steps."""
    rng, at, tasks = p.rng, p.at, p.records["tasks"]
    for i in range(p.count("tasks")):
        ctx = p.context()
        today, tomorrow, after = p.days[ctx.owner]
        sequence = None
        if ctx.fields["contact_ids"] and rng.random() < 0.15:
            seq = int(rng.random() * len(tables.SEQUENCES))
            enrollment = f"enr{seq + 1}-{ctx.fields['contact_ids'][0]}"
            step = 1 + int(rng.random() * 5)
            sequence = SequenceStep(
                sequence_id=f"seq{seq + 1}",
                enrollment_id=enrollment,
                step=step,
                sequence_name=tables.SEQUENCES[seq],
            )
        done, r = rng.random() < 0.25, rng.random()
        due = (
            None
            if r < 0.1
            else today - p.span((HOUR, 20 * DAY))
            if r < 0.35
            else p.span((today + HOUR, tomorrow - HOUR))
            if r < 0.55
            else p.span((tomorrow + HOUR, after - HOUR))
            if r < 0.7
            else p.span((after + HOUR, after + 30 * DAY))
        )
        tasks.append(
            Task(
                id=f"task{i + 1}",
                **ctx.fields,
                title=tables.TASK_TITLES[i % len(tables.TASK_TITLES)],
                status=TaskStatus.COMPLETED if done else tables.OPEN_STATUS(rng),
                priority=tables.PRIORITY(rng),
                due_at=None if due is None else at(due),
                created_at=at(-p.span((HOUR, 30 * DAY))),
                completed_at=at(-p.span((1, 30 * DAY))) if done else None,
                sequence=sequence,
            )
        )


def draw_calls(p: Drawing) -> None:
    """Calls via the CRM's calling or logged by hand, with and without status and outcome."""
    rng, at, calls = p.rng, p.at, []
    for i in range(p.count("calls")):
        ctx, start, via = p.context(), p.span(tables.CALL_SPAN(rng)), rng.random() < 0.5
        r = rng.random()
        calls.append(
            Call(
                id=f"call{i + 1}",
                **ctx.fields,
                started_at=at(start),
                ended_at=at(start + p.span((2, 30))) if rng.random() < 0.85 else None,
                via_calling=via,
                status=tables.CALLING_STATUS(rng) if via else (CallStatus.COMPLETED if rng.random() < 0.4 else None),
                outcome=None if r < 0.45 else " " if r < 0.5 else p.pick(tables.CALL_OUTCOMES),
            )
        )
    p.records["calls"] = calls


def draw_emails(p: Drawing) -> None:
    """Threads: an outgoing email (tracked, maybe opened), maybe a reply, maybe the user's answer."""
    rng, at, emails = p.rng, p.at, []
    for t in range(p.count("threads")):
        ctx = p.context()
        if ctx.address is None:
            continue
        mine, theirs, thread, out = p.address_of[ctx.owner], ctx.address, f"th{t + 1}", f"e{t + 1}"
        sent, tracked = p.span(tables.EMAIL_SPAN(rng)), rng.random() < 0.75
        opened = sent + p.span((5, max(6, min(3 * DAY, -sent)))) if tracked and rng.random() < 0.55 else None
        emails.append(
            Email(
                id=out,
                **ctx.fields,
                direction=EmailDirection.OUTGOING,
                from_address=mine,
                to_addresses=(theirs,),
                cc_addresses=(p.address_of[p.pick(p.owners)],) if rng.random() < 0.1 else (),
                sent_at=at(sent),
                tracked=tracked,
                opened_at=None if opened is None else at(min(opened, 0)),
                thread_id=thread,
            )
        )
        if rng.random() >= 0.45 or sent > -10:
            continue
        reply = min(sent + p.span((10, 3 * DAY)), -5)
        # Mostly to the user; sometimes a colleague comes first (the user is not the primary recipient).
        to = (mine,) if rng.random() < 0.85 else (p.address_of[p.pick(p.owners)], mine)
        sender = theirs.upper() if rng.random() < 0.03 else theirs
        emails.append(
            Email(
                id=f"{out}r",
                **ctx.fields,
                direction=EmailDirection.INCOMING,
                from_address=sender,
                to_addresses=to,
                sent_at=at(reply),
                in_reply_to=out,
                thread_id=thread,
            )
        )
        if rng.random() < 0.35 and reply < -10:
            answered = at(min(reply + p.span((10, 2 * DAY)), -1))
            emails.append(
                Email(
                    id=f"{out}a",
                    **ctx.fields,
                    direction=EmailDirection.OUTGOING,
                    from_address=mine,
                    to_addresses=(theirs,),
                    sent_at=answered,
                    tracked=tracked,
                    in_reply_to=f"{out}r",
                    thread_id=thread,
                )
            )
    p.records["emails"] = emails


def draw_notes(p: Drawing) -> None:
    """Notes on contacts and deals."""
    at, notes = p.at, []
    for i in range(p.count("notes")):
        body, created = tables.NOTE_BODIES[i % len(tables.NOTE_BODIES)], at(-p.span((10, 60 * DAY)))
        notes.append(Note(id=f"n{i + 1}", **p.context().fields, body=body, created_at=created))
    p.records["notes"] = notes
