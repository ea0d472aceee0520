"""All views of one build, each computed on first use from shared indexes."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from aims_docs.catalog import Catalog
from aims_docs.config import RiskCriteria
from aims_docs.coverage import CoverageRow, coverage_by_group, coverage_rows
from aims_docs.findings import Finding
from aims_docs.views.calendar import PageReview, ReviewCalendar, review_calendar
from aims_docs.views.gaps import GapList, gap_list
from aims_docs.views.index import Need, ObjectIndex
from aims_docs.views.requirements import (
    CoverageSummary,
    SoaRow,
    TraceGroup,
    coverage_summary,
    soa_rows,
    traceability,
)
from aims_docs.views.risks import HeatMap, RiskRow, heat_map, risk_rows
from aims_docs.views.systems import SystemRow, system_rows


@dataclass(frozen=True)
class ViewInputs:
    """Inputs of the views: the objects and the build's settings."""

    needs: Mapping[str, Need]
    catalog: Catalog
    criteria: RiskCriteria
    as_of: dt.date
    release: str  # the manual's version, shown on every generated page
    window_days: int = 30
    findings: Sequence[Finding] = ()
    doc_paths: Mapping[str, str] = field(default_factory=dict)
    pages: Sequence[PageReview] = ()


class ViewData:
    """The views of one build; each is computed at most once and then shared.

    Each view does one pass over its objects and looks linked objects up by id in
    :class:`ObjectIndex`, so none of them scans all needs once per row.
    """

    def __init__(self, inputs: ViewInputs) -> None:
        self.inputs = inputs
        # Views with an option, keyed by it; functools.cache on a method would keep
        # every build's data alive for the whole process.
        self._traceability: dict[str, list[TraceGroup]] = {}
        self._heat_maps: dict[bool, HeatMap] = {}
        self._calendars: dict[int, ReviewCalendar] = {}

    @functools.cached_property
    def index(self) -> ObjectIndex:
        return ObjectIndex(self.inputs.needs)

    @functools.cached_property
    def coverage_rows(self) -> list[CoverageRow]:
        return coverage_rows(self.inputs.needs, self.inputs.catalog)

    @functools.cached_property
    def soa(self) -> list[SoaRow]:
        return soa_rows(self.index, self.inputs.catalog, self.coverage_rows)

    def traceability(self, group: str = "all") -> list[TraceGroup]:
        if group not in self._traceability:
            self._traceability[group] = traceability(
                self.index, self.inputs.catalog, self.coverage_rows, group
            )
        return self._traceability[group]

    @functools.cached_property
    def coverage(self) -> CoverageSummary:
        groups = coverage_by_group(self.coverage_rows, self.inputs.catalog)
        return coverage_summary(groups)

    @functools.cached_property
    def risks(self) -> list[RiskRow]:
        inputs = self.inputs
        return risk_rows(self.index, inputs.criteria, inputs.as_of, inputs.window_days)

    def heat_map(self, residual: bool = False) -> HeatMap:
        if residual not in self._heat_maps:
            self._heat_maps[residual] = heat_map(
                self.risks, self.inputs.criteria, residual
            )
        return self._heat_maps[residual]

    @functools.cached_property
    def systems(self) -> list[SystemRow]:
        return system_rows(self.index, self.inputs.as_of, self.inputs.window_days)

    def calendar(self, horizon_days: int = 90) -> ReviewCalendar:
        if horizon_days not in self._calendars:
            inputs = self.inputs
            self._calendars[horizon_days] = review_calendar(
                self.index, inputs.pages, inputs.as_of, inputs.window_days, horizon_days
            )
        return self._calendars[horizon_days]

    @functools.cached_property
    def gaps(self) -> GapList:
        return gap_list(self.inputs.findings, self.index, self.inputs.doc_paths)
