"""Views of the AI risks: the risk register and the likelihood-by-impact heat map."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from aims_docs.config import RiskCriteria
from aims_docs.reviews import ReviewStatus, review_status
from aims_docs.views.index import Need, ObjectIndex, ObjectRef, text


@dataclass(frozen=True)
class Score:
    """A likelihood and impact as written, with the level when both are valid."""

    likelihood_text: str
    impact_text: str
    likelihood: int | None  # None when missing or off the scale
    impact: int | None
    level: int | None
    above_threshold: bool

    @property
    def recorded(self) -> bool:
        return bool(self.likelihood_text or self.impact_text)

    @property
    def valid(self) -> bool:
        return self.level is not None


def score(likelihood: str, impact: str, criteria: RiskCriteria) -> Score:
    """Score *likelihood* and *impact* against the risk criteria."""
    parsed_likelihood = criteria.likelihood.parse(likelihood) if likelihood else None
    parsed_impact = criteria.impact.parse(impact) if impact else None
    level = None
    if parsed_likelihood is not None and parsed_impact is not None:
        level = criteria.level_of(parsed_likelihood, parsed_impact)
    above = level is not None and criteria.needs_treatment(level)
    return Score(likelihood, impact, parsed_likelihood, parsed_impact, level, above)


def register_anchor(risk_id: str) -> str:
    """Return the HTML id of a risk's row in the risk register."""
    return f"register-{risk_id}"


@dataclass(frozen=True)
class RiskRow:
    """One risk of the register."""

    risk: ObjectRef
    systems: tuple[ObjectRef, ...]  # the AI systems it affects
    inherent: Score
    residual: Score  # not recorded when the risk gives no residual scores
    treatment: str
    mitigations: tuple[
        ObjectRef, ...
    ]  # controls, procedures, policies that mitigate it
    owner: str
    review: ReviewStatus

    @property
    def anchor(self) -> str:
        return register_anchor(self.risk.id)


def risk_rows(
    index: ObjectIndex, criteria: RiskCriteria, as_of: dt.date, window_days: int
) -> list[RiskRow]:
    """Return every risk, in id order, scored against the risk criteria."""
    return [
        _risk_row(index, need, criteria, as_of, window_days)
        for need in index.by_type.get("risk", ())
    ]


def _risk_row(
    index: ObjectIndex,
    need: Need,
    criteria: RiskCriteria,
    as_of: dt.date,
    window_days: int,
) -> RiskRow:
    return RiskRow(
        risk=index.ref(need["id"]),
        systems=index.refs(need.get("affects") or ()),
        inherent=score(text(need, "likelihood"), text(need, "impact"), criteria),
        residual=score(
            text(need, "residual_likelihood"), text(need, "residual_impact"), criteria
        ),
        treatment=text(need, "treatment"),
        mitigations=index.refs(need.get("mitigates_back") or ()),
        owner=text(need, "owner"),
        review=review_status(need, as_of, window_days),
    )


@dataclass
class HeatCell:
    """The risks scored at one likelihood and impact."""

    likelihood: int
    impact: int
    level: int
    above_threshold: bool
    risks: list[RiskRow] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return heat_anchor(self.likelihood, self.impact)


def heat_anchor(likelihood: int, impact: int, residual: bool = False) -> str:
    """Return the HTML id of the list of risks of one heat-map cell."""
    return f"heat-{'residual-' if residual else ''}l{likelihood}-i{impact}"


@dataclass
class HeatMap:
    """Risks counted by likelihood (rows, highest first) and impact (columns)."""

    residual: bool  # whether the map places risks by their residual scores
    impacts: list[int]
    rows: list[list[HeatCell]]
    unscored: list[RiskRow]  # risks without valid scores of this kind

    @property
    def cells(self) -> list[HeatCell]:
        return [cell for row in self.rows for cell in row]

    @property
    def placed(self) -> int:
        return sum(len(cell.risks) for cell in self.cells)

    def anchor(self, cell: HeatCell) -> str:
        return heat_anchor(cell.likelihood, cell.impact, self.residual)


def heat_map(
    rows: Sequence[RiskRow], criteria: RiskCriteria, residual: bool = False
) -> HeatMap:
    """Place each risk in the cell of its likelihood and impact.

    With *residual*, risks are placed by their residual scores; risks that record
    none are listed as unscored. Every risk is either in one cell or unscored, so
    the counts add up to the register.
    """
    impacts = list(range(criteria.impact.low, criteria.impact.high + 1))
    likelihoods = range(criteria.likelihood.high, criteria.likelihood.low - 1, -1)
    grid = {
        (likelihood, impact): HeatCell(
            likelihood,
            impact,
            criteria.level_of(likelihood, impact),
            criteria.needs_treatment(criteria.level_of(likelihood, impact)),
        )
        for likelihood in likelihoods
        for impact in impacts
    }
    unscored = []
    for row in rows:
        placed = row.residual if residual else row.inherent
        if placed.likelihood is None or placed.impact is None:
            unscored.append(row)
            continue
        grid[placed.likelihood, placed.impact].risks.append(row)
    return HeatMap(
        residual,
        impacts,
        [
            [grid[likelihood, impact] for impact in impacts]
            for likelihood in likelihoods
        ],
        unscored,
    )
