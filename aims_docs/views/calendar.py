"""The review calendar: what is overdue, due within the window, and due later."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from aims_docs.model import parse_date
from aims_docs.reviews import review_status
from aims_docs.views.index import ObjectIndex, ObjectRef, text


@dataclass(frozen=True)
class PageReview:
    """The document control of one page, from its front matter."""

    docname: str
    title: str
    owner: str
    next_review: str  # as written; an invalid date leaves the page unscheduled


@dataclass(frozen=True)
class CalendarEntry:
    """One object or page with a review due date."""

    subject: ObjectRef
    owner: str
    due: dt.date
    days_left: int  # negative when overdue
    basis: str  # the field the due date comes from


@dataclass
class ReviewCalendar:
    """Reviews by urgency, each list sorted by due date."""

    as_of: dt.date
    window_days: int
    horizon_days: int
    overdue: list[CalendarEntry] = field(default_factory=list)
    due_soon: list[CalendarEntry] = field(default_factory=list)  # within the window
    due_later: list[CalendarEntry] = field(default_factory=list)  # within the horizon
    unscheduled: int = 0  # objects with no review date


def review_calendar(
    index: ObjectIndex,
    pages: Sequence[PageReview],
    as_of: dt.date,
    window_days: int = 30,
    horizon_days: int = 90,
) -> ReviewCalendar:
    """Sort every object and page with a review date into the calendar.

    Catalog requirements carry no review dates and are left out, as are
    retired objects, which are no longer reviewed, and external objects, which
    another project reviews.
    """
    calendar = ReviewCalendar(as_of, window_days, horizon_days)
    entries: list[CalendarEntry] = []
    for need_type, needs in index.by_type.items():
        if need_type == "requirement":
            continue
        for need in needs:
            if need.get("is_external") or need.get("status") == "retired":
                continue
            status = review_status(need, as_of, window_days)
            if status.due is None or status.days_left is None:
                calendar.unscheduled += 1
                continue
            entries.append(
                CalendarEntry(
                    index.ref(need["id"]),
                    text(need, "owner"),
                    status.due,
                    status.days_left,
                    status.basis,
                )
            )
    for page in pages:
        due = parse_date(page.next_review)
        if due is None:
            continue
        subject = ObjectRef(page.docname, page.title, "page")
        entries.append(
            CalendarEntry(subject, page.owner, due, (due - as_of).days, "next_review")
        )
    for entry in sorted(entries, key=lambda e: (e.due, e.subject.id)):
        if entry.days_left < 0:
            calendar.overdue.append(entry)
        elif entry.days_left <= window_days:
            calendar.due_soon.append(entry)
        elif entry.days_left <= horizon_days:
            calendar.due_later.append(entry)
    return calendar
