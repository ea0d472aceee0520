"""Configuration of aims-docs: every ``aims_*`` option, declared once.

Each option is registered with Sphinx as ``aims_<name>`` by the extension and read
back through :func:`AimsConfig.from_sphinx`. Validation returns a list of problems,
so the extension can report all of them at once.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field, fields
from typing import Any

from aims_docs.model import Scale, parse_date

LEVEL_METHODS = ("product", "sum", "max")


@dataclass
class RiskCriteria:
    """Scales, level computation and acceptance threshold of the AI risk criteria."""

    likelihood: Scale = field(default_factory=lambda: Scale(1, 5))
    impact: Scale = field(default_factory=lambda: Scale(1, 5))
    level: str = "product"
    threshold: int = 9  # a level above the threshold needs treatment

    def level_of(self, likelihood: int, impact: int) -> int:
        if self.level == "sum":
            return likelihood + impact
        if self.level == "max":
            return max(likelihood, impact)
        return likelihood * impact

    def needs_treatment(self, level: int) -> bool:
        return level > self.threshold


@dataclass
class AimsConfig:
    """Typed view of the ``aims_*`` options of a Sphinx project."""

    organisation: str = field(
        default="", metadata={"help": "name of the organisation, shown on covers"}
    )
    as_of: str = field(
        default="",
        metadata={"help": "date review status is computed against, as YYYY-MM-DD"},
    )
    risk_criteria: dict[str, Any] = field(
        default_factory=dict,
        metadata={
            "help": "keys likelihood and impact ([low, high]), level "
            "(product, sum or max) and threshold (an integer)"
        },
    )
    review_window_days: int = field(
        default=30, metadata={"help": "days ahead in which a due review is listed"}
    )
    rules: list[dict[str, Any]] = field(
        default_factory=list,
        metadata={"help": "extra traceability rules, or overrides of default ones"},
    )
    disabled_rules: list[str] = field(
        default_factory=list, metadata={"help": "names of default rules to switch off"}
    )
    default_rules: bool = field(
        default=True, metadata={"help": "whether the ISO/IEC 42001 rule set applies"}
    )

    @classmethod
    def option_names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    @classmethod
    def from_sphinx(cls, config: Any) -> AimsConfig:
        """Read the ``aims_*`` values of a Sphinx ``Config``."""
        values = {name: getattr(config, f"aims_{name}") for name in cls.option_names()}
        return cls(**values)

    def criteria(self) -> RiskCriteria:
        """Return the risk criteria; call :meth:`problems` first to validate them."""
        raw = self.risk_criteria
        criteria = RiskCriteria()
        if "likelihood" in raw:
            criteria.likelihood = Scale(*raw["likelihood"])
        if "impact" in raw:
            criteria.impact = Scale(*raw["impact"])
        criteria.level = raw.get("level", criteria.level)
        criteria.threshold = raw.get("threshold", criteria.threshold)
        return criteria

    def problems(self) -> list[str]:
        """Return one message per invalid option, each naming the value and the fix."""
        found: list[str] = []
        if self.as_of and parse_date(self.as_of) is None:
            found.append(
                f"aims_as_of: invalid date {self.as_of!r}; write it as YYYY-MM-DD"
            )
        found.extend(_risk_criteria_problems(self.risk_criteria))
        if not isinstance(self.review_window_days, int) or self.review_window_days < 0:
            found.append(
                f"aims_review_window_days: invalid value {self.review_window_days!r}; "
                "use a whole number of days, such as 30"
            )
        return found


def _risk_criteria_problems(raw: Any) -> list[str]:
    if not isinstance(raw, dict):
        return [f"aims_risk_criteria: expected a dict, got {raw!r}"]
    found: list[str] = []
    known = {"likelihood", "impact", "level", "threshold"}
    for key in sorted(set(raw) - known):
        found.append(
            f"aims_risk_criteria: unknown key {key!r}; use one of {', '.join(sorted(known))}"
        )
    for key in ("likelihood", "impact"):
        if key not in raw:
            continue
        scale = raw[key]
        if (
            not isinstance(scale, (list, tuple))
            or len(scale) != 2
            or not all(isinstance(n, int) for n in scale)
            or scale[0] >= scale[1]
        ):
            found.append(
                f"aims_risk_criteria[{key!r}]: invalid scale {scale!r}; "
                "give [low, high] as two integers, such as [1, 5]"
            )
    level = raw.get("level", "product")
    if level not in LEVEL_METHODS:
        found.append(
            f"aims_risk_criteria['level']: unknown method {level!r}; "
            f"use one of {', '.join(LEVEL_METHODS)}"
        )
    threshold = raw.get("threshold", 9)
    if not isinstance(threshold, int) or isinstance(threshold, bool):
        found.append(
            f"aims_risk_criteria['threshold']: invalid value {threshold!r}; "
            "give an integer level, such as 9"
        )
    return found


def resolve_as_of(
    configured: str, environ: dict[str, str] | None = None, today: dt.date | None = None
) -> tuple[dt.date, str]:
    """Return the as-of date for review status and where it came from.

    Precedence: ``AIMS_AS_OF`` in the environment, then ``aims_as_of`` in the
    configuration, then ``SOURCE_DATE_EPOCH``, then today. Raises ``ValueError``
    with a message naming the source and the value when a date is invalid.
    """
    environ = dict(os.environ) if environ is None else environ
    if value := environ.get("AIMS_AS_OF", "").strip():
        parsed = parse_date(value)
        if parsed is None:
            raise ValueError(
                f"AIMS_AS_OF: invalid date {value!r}; write it as YYYY-MM-DD"
            )
        return parsed, "AIMS_AS_OF"
    if configured:
        parsed = parse_date(configured)
        if parsed is None:
            raise ValueError(
                f"aims_as_of: invalid date {configured!r}; write it as YYYY-MM-DD"
            )
        return parsed, "aims_as_of"
    if value := environ.get("SOURCE_DATE_EPOCH", "").strip():
        try:
            stamp = int(value)
        except ValueError:
            raise ValueError(
                f"SOURCE_DATE_EPOCH: invalid value {value!r}; "
                "give seconds since 1970-01-01 as an integer"
            ) from None
        return dt.datetime.fromtimestamp(stamp, dt.UTC).date(), "SOURCE_DATE_EPOCH"
    return today or dt.date.today(), "today"
