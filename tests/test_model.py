"""Pure parts of the object model and configuration, without Sphinx."""

from __future__ import annotations

import datetime as dt

import pytest

from aims_docs.config import AimsConfig, resolve_as_of
from aims_docs.model import Interval, Scale, parse_date, parse_interval
from aims_docs.reviews import review_status


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-30", dt.date(2026, 11, 30)),
        ("2026-02-29", None),
        ("2026-1-5", None),
        ("30/11/2026", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 months", Interval(12, "month")),
        ("1 year", Interval(1, "year")),
        ("90 days", Interval(90, "day")),
        ("6 Weeks", Interval(6, "week")),
        ("0 days", None),
        ("yearly", None),
        ("12", None),
    ],
)
def test_parse_interval(text, expected):
    assert parse_interval(text) == expected


def test_interval_clamps_to_month_end():
    assert Interval(1, "month").after(dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert Interval(1, "year").after(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


def test_scale_parse():
    scale = Scale(1, 5)
    assert scale.parse("3") == 3
    assert scale.parse("0") is None
    assert scale.parse("2.5") is None


def test_review_status_states():
    as_of = dt.date(2026, 11, 30)
    overdue = {"last_reviewed": "2025-11-01", "review_interval": "12 months"}
    soon = {"next_review": "2026-12-20"}
    later = {"next_review": "2027-06-01"}
    assessment = {
        "type": "assessment", "performed_on": "2026-03-01", "review_interval": "1 year",
    }
    assert review_status(overdue, as_of).state == "overdue"
    assert review_status(overdue, as_of).days_left == -29
    assert review_status(soon, as_of).state == "due_soon"
    assert review_status(later, as_of).state == "scheduled"
    assert review_status({}, as_of).state == "unscheduled"
    assert review_status(assessment, as_of).due == dt.date(2027, 3, 1)


def test_as_of_precedence():
    today = dt.date(2026, 12, 4)
    env = {"AIMS_AS_OF": "2026-01-02", "SOURCE_DATE_EPOCH": "0"}
    assert resolve_as_of("2026-05-05", env, today) == (dt.date(2026, 1, 2), "AIMS_AS_OF")
    env = {"SOURCE_DATE_EPOCH": "0"}
    assert resolve_as_of("2026-05-05", env, today) == (
        dt.date(2026, 5, 5), "aims_as_of",
    )
    assert resolve_as_of("", env, today) == (dt.date(1970, 1, 1), "SOURCE_DATE_EPOCH")
    assert resolve_as_of("", {}, today) == (today, "today")


def test_as_of_invalid_names_source_and_value():
    with pytest.raises(ValueError, match="AIMS_AS_OF: invalid date '2026-13-01'"):
        resolve_as_of("", {"AIMS_AS_OF": "2026-13-01"})


def test_config_problems_name_value_and_fix():
    config = AimsConfig(
        as_of="30.11.2026",
        risk_criteria={"likelihood": [5, 1], "level": "square", "scale": 3},
    )
    assert config.problems() == [
        "aims_as_of: invalid date '30.11.2026'; write it as YYYY-MM-DD",
        "aims_risk_criteria: unknown key 'scale'; use one of impact, level, "
        "likelihood, threshold",
        "aims_risk_criteria['likelihood']: invalid scale [5, 1]; give [low, high] as "
        "two integers, such as [1, 5]",
        "aims_risk_criteria['level']: unknown method 'square'; use one of product, "
        "sum, max",
    ]
