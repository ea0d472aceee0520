"""Review due dates: when each object is due for review, against an as-of date.

An object is due at ``next_review`` when it gives one, else ``review_interval``
after ``last_reviewed``. An impact assessment without ``last_reviewed`` is due
``review_interval`` after ``performed_on``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from aims_docs.model import parse_date, parse_interval

ReviewState = Literal["overdue", "due_soon", "scheduled", "unscheduled"]


@dataclass(frozen=True)
class ReviewStatus:
    """When an object is due for review and how that compares to the as-of date."""

    due: dt.date | None
    state: ReviewState
    basis: str  # the field the due date counts from, or "" without one
    days_left: int | None = None  # negative when overdue


def due_date(need: Mapping[str, Any]) -> tuple[dt.date | None, str]:
    """Return the review due date of *need* and the fields it comes from.

    Invalid dates and intervals give no due date; the field checks report them.
    """
    if explicit := need.get("next_review"):
        return parse_date(str(explicit)), "next_review"
    interval_text = need.get("review_interval")
    if not interval_text:
        return None, ""
    interval = parse_interval(str(interval_text))
    if interval is None:
        return None, ""
    if last := need.get("last_reviewed"):
        start = parse_date(str(last))
        return (interval.after(start) if start else None), "last_reviewed"
    if need.get("type") == "assessment" and (performed := need.get("performed_on")):
        start = parse_date(str(performed))
        return (interval.after(start) if start else None), "performed_on"
    return None, ""


def review_status(
    need: Mapping[str, Any], as_of: dt.date, window_days: int = 30
) -> ReviewStatus:
    """Compute the review status of *need* on *as_of*.

    Overdue means the due date is before *as_of*; due soon means it falls within
    *window_days* from *as_of*, that day included.
    """
    due, basis = due_date(need)
    if due is None:
        return ReviewStatus(None, "unscheduled", basis)
    days_left = (due - as_of).days
    if days_left < 0:
        state: ReviewState = "overdue"
    elif days_left <= window_days:
        state = "due_soon"
    else:
        state = "scheduled"
    return ReviewStatus(due, state, basis, days_left)
