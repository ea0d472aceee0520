"""View data prepared without Sphinx, from plain needs mappings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping

from aims_docs.catalog import load_catalog
from aims_docs.config import RiskCriteria
from aims_docs.findings import Finding
from aims_docs.model import Scale
from aims_docs.views import ObjectIndex, ViewData, ViewInputs
from aims_docs.views.calendar import PageReview
from aims_docs.views.risks import heat_map, risk_rows, score

AS_OF = dt.date(2026, 11, 30)


def need(need_id: str, need_type: str, **fields: object) -> dict[str, object]:
    return {"id": need_id, "type": need_type, "title": need_id.title(), **fields}


def views(*needs: dict[str, object], **inputs: object) -> ViewData:
    by_id = {str(n["id"]): n for n in needs}
    defaults: dict[str, object] = {
        "needs": by_id, "catalog": load_catalog(), "criteria": RiskCriteria(),
        "as_of": AS_OF, "release": "1.0",
    }
    return ViewData(ViewInputs(**{**defaults, **inputs}))  # type: ignore[arg-type]


def test_score_levels_by_method():
    assert score("3", "4", RiskCriteria()).level == 12
    assert score("3", "4", RiskCriteria(level="sum")).level == 7
    assert score("3", "4", RiskCriteria(level="max")).level == 4


def test_score_threshold_is_exclusive():
    assert not score("3", "3", RiskCriteria(threshold=9)).above_threshold
    assert score("2", "5", RiskCriteria(threshold=9)).above_threshold


def test_score_off_scale_is_invalid():
    invalid = score("6", "2", RiskCriteria())
    assert invalid.recorded
    assert not invalid.valid
    assert invalid.likelihood is None
    assert not score("", "", RiskCriteria()).recorded


def test_heat_map_places_every_risk_once():
    data = views(
        need("RISK_A", "risk", likelihood="1", impact="5"),
        need("RISK_B", "risk", likelihood="1", impact="5"),
        need("RISK_C", "risk", likelihood="x", impact="5"),
        need("RISK_D", "risk"),
    )
    grid = data.heat_map()
    assert len(grid.rows) == 5
    assert [cell.likelihood for cell in grid.rows[0]] == [5] * 5
    cell = grid.rows[-1][-1]
    assert (cell.likelihood, cell.impact) == (1, 5)
    assert [row.risk.id for row in cell.risks] == ["RISK_A", "RISK_B"]
    assert [row.risk.id for row in grid.unscored] == ["RISK_C", "RISK_D"]
    assert grid.placed + len(grid.unscored) == len(data.risks)


def test_heat_map_follows_criteria_scales():
    criteria = RiskCriteria(likelihood=Scale(1, 3), impact=Scale(0, 4))
    index = ObjectIndex({"RISK_A": need("RISK_A", "risk", likelihood="3", impact="0")})
    grid = heat_map(risk_rows(index, criteria, AS_OF, 30), criteria)
    assert grid.impacts == [0, 1, 2, 3, 4]
    assert [row[0].likelihood for row in grid.rows] == [3, 2, 1]
    assert grid.rows[0][0].risks[0].risk.id == "RISK_A"


def test_residual_heat_map_skips_unrecorded():
    data = views(
        need("RISK_A", "risk", likelihood="4", impact="4",
             residual_likelihood="2", residual_impact="2"),
        need("RISK_B", "risk", likelihood="4", impact="4"),
    )
    residual = data.heat_map(residual=True)
    assert residual.placed == 1
    assert [row.risk.id for row in residual.unscored] == ["RISK_B"]


def test_soa_rows_carry_decisions():
    data = views(
        need("ISO42001_A_10_4", "requirement", applicability="excluded",
             justification="No customers.", addresses_back=[]),
        need("ISO42001_A_2_2", "requirement", applicability="applicable",
             addresses_back=["POL_AI"]),
        need("POL_AI", "policy", status="approved", addresses=["ISO42001_A_2_2"]),
    )
    rows = {row.entry.number: row for row in data.soa}
    assert len(rows) == 38
    assert rows["A.10.4"].coverage == "excluded"
    assert rows["A.10.4"].justification == "No customers."
    assert rows["A.2.2"].coverage == "covered"
    assert [ref.id for ref in rows["A.2.2"].implemented_by] == ["POL_AI"]
    assert rows["A.2.2"].objective is not None
    assert rows["A.2.2"].objective.number == "A.2"
    assert rows["A.3.2"].applicability == ""


def test_traceability_lists_evidence():
    data = views(
        need("ISO42001_9_3_1", "requirement", addresses_back=["PROC_X", "POL_Y"]),
        need("PROC_X", "procedure", status="approved", evidences_back=["REC_1"]),
        need("POL_Y", "policy", status="draft"),
        need("REC_1", "record", status="approved", evidences=["PROC_X"]),
    )
    groups = data.traceability("9.3")
    assert [group.area.number for group in groups] == ["9"]
    row = groups[0].rows[0]
    assert row.entry.number == "9.3.1"
    links = {link.object.id: link for link in row.links}
    assert links["PROC_X"].counts
    assert [ref.id for ref in links["PROC_X"].evidence] == ["REC_1"]
    assert not links["POL_Y"].counts


def test_system_latest_assessment_wins():
    data = views(
        need("SYS_A", "ai_system", applies_to_back=["IA_OLD", "IA_NEW", "IA_BAD"]),
        need("IA_OLD", "assessment", performed_on="2025-01-01",
             review_interval="12 months"),
        need("IA_NEW", "assessment", performed_on="2026-01-01",
             review_interval="12 months"),
        need("IA_BAD", "assessment", performed_on="someday"),
    )
    (row,) = data.systems
    assert row.assessment is not None
    assert row.assessment.assessment.id == "IA_NEW"
    assert row.assessment.review.due == dt.date(2027, 1, 1)
    assert row.assessment.current


def test_system_plans_need_the_right_control():
    data = views(
        need("SYS_A", "ai_system", applies_to_back=["PROC_OPS", "PROC_OTHER"]),
        need("PROC_OPS", "procedure", addresses=["ISO42001_A_6_2_6"]),
        need("PROC_OTHER", "procedure", addresses=["ISO42001_A_9_2"]),
    )
    (row,) = data.systems
    assert [ref.id for ref in row.operation] == ["PROC_OPS"]
    assert row.incident_plans == ()
    assert row.specifications == ()
    assert row.assessment is None


def test_calendar_window_boundaries():
    def due_in(days: int) -> str:
        return (AS_OF + dt.timedelta(days=days)).isoformat()

    data = views(
        need("POL_LATE", "policy", next_review=due_in(-1)),
        need("POL_TODAY", "policy", next_review=due_in(0)),
        need("POL_30", "policy", next_review=due_in(30)),
        need("POL_31", "policy", next_review=due_in(31)),
        need("POL_90", "policy", next_review=due_in(90)),
        need("POL_91", "policy", next_review=due_in(91)),
        need("POL_RETIRED", "policy", status="retired", next_review=due_in(-5)),
        need("POL_NONE", "policy"),
        pages=[PageReview("intro", "Introduction", "Owner", due_in(2))],
    )
    calendar = data.calendar(90)
    assert [e.subject.id for e in calendar.overdue] == ["POL_LATE"]
    assert [e.subject.id for e in calendar.due_soon] == ["POL_TODAY", "intro", "POL_30"]
    assert [e.subject.id for e in calendar.due_later] == ["POL_31", "POL_90"]
    assert calendar.unscheduled == 1
    assert calendar.due_soon[1].subject.type == "page"


def test_gap_list_keeps_findings():
    findings = [
        Finding("risks", 4, "field", "field-values", "RISK_A", "RISK_A: invalid"),
        Finding("", None, "rule", "leadership", "", "no leadership statement"),
    ]
    data = views(
        need("RISK_A", "risk"),
        findings=findings,
        doc_paths={"risks": "source/risks.md"},
    )
    rows = data.gaps.rows
    assert [row.finding for row in rows] == findings
    assert rows[0].location == "source/risks.md:4"
    assert rows[0].object is not None
    assert rows[1].object is None
    assert rows[1].location == ""
    assert data.gaps.by_subtype == (("field", 1), ("rule", 1))


def test_views_computed_once():
    data = views(need("RISK_A", "risk", likelihood="1", impact="1"))
    assert data.risks is data.risks
    assert data.heat_map() is data.heat_map()
    assert data.traceability("A.6") is data.traceability("A.6")
    assert data.calendar(90) is data.calendar(90)


class CountingNeeds(Mapping[str, dict[str, object]]):
    """A needs mapping that counts how often it is scanned from start to end."""

    def __init__(self, needs: dict[str, dict[str, object]]) -> None:
        self.needs = needs
        self.scans = 0

    def __getitem__(self, key: str) -> dict[str, object]:
        return self.needs[key]

    def __iter__(self) -> Iterator[str]:
        self.scans += 1
        return iter(self.needs)

    def __len__(self) -> int:
        return len(self.needs)


def synthetic_needs(count: int) -> CountingNeeds:
    """Return *count* systems, each with a risk, a procedure and a record."""
    needs: dict[str, dict[str, object]] = {}
    for number in range(count):
        system, risk = f"SYS_{number}", f"RISK_{number}"
        procedure, record = f"PROC_{number}", f"REC_{number}"
        needs[system] = need(system, "ai_system", affects_back=[risk],
                             applies_to_back=[procedure])
        needs[risk] = need(risk, "risk", likelihood="3", impact="4", affects=[system],
                           mitigates_back=[procedure], next_review="2026-12-01")
        needs[procedure] = need(
            procedure, "procedure", status="approved", applies_to=[system],
            mitigates=[risk], addresses=["ISO42001_A_6_2_6"], evidences_back=[record],
        )
        needs[record] = need(record, "record", evidences=[procedure])
    needs["ISO42001_A_6_2_6"] = need(
        "ISO42001_A_6_2_6", "requirement",
        addresses_back=[f"PROC_{number}" for number in range(count)],
    )
    return CountingNeeds(needs)


def scans_for_all_views(count: int) -> int:
    needs = synthetic_needs(count)
    data = views(needs=needs)
    computed = [
        data.soa, data.coverage, data.risks, data.systems, data.gaps,
        data.traceability("all"), data.heat_map(), data.heat_map(True), data.calendar(),
    ]
    assert all(view is not None for view in computed)
    assert len(data.risks) == count
    assert data.heat_map().placed == count
    return needs.scans


def test_views_scan_needs_once():
    # Each view looks objects up by id, so the number of full scans of the needs
    # does not grow with the number of objects.
    assert scans_for_all_views(50) == scans_for_all_views(2000)
    assert scans_for_all_views(50) == 1
