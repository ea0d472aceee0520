"""An auditor's paths through the built site, in headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from .browser_support import (
    Site,
    clipped_tables,
    horizontal_overflow,
    read_needs,
    screenshot,
    view_page,
)

pytestmark = pytest.mark.browser

expect = pytest.importorskip("playwright.sync_api").expect


def line_links(page, need_id: str, label: str):
    """Return the links of the line *label* (such as "evidenced by") of an object."""
    line = page.locator(f"table.need#{need_id} div.line:has(> span)").filter(
        has_text=re.compile(rf"^\s*{label}:")
    )
    return line.first.locator("a")


def evidenced_procedure(needs: dict, control_id: str) -> tuple[str, str]:
    """Return a procedure addressing *control_id* and a record evidencing it."""
    for source_id in sorted(needs[control_id].get("addresses_back", [])):
        source = needs[source_id]
        if source["type"] == "procedure" and source.get("evidences_back"):
            return source_id, min(source["evidences_back"])
    raise AssertionError(
        f"no procedure addressing {control_id} has an evidencing record"
    )


def test_start_page_to_evidence(page, site: Site):
    needs = read_needs(site)
    procedure_id, record_id = evidenced_procedure(needs, "ISO42001_A_6_2_6")

    page.goto(site.url + "index.html")
    page.locator("article").get_by_role("link", name="Audit", exact=True).first.click()
    page.locator("article").get_by_role(
        "link", name="Statement of Applicability", exact=True
    ).first.click()
    expect(page.locator(".aims-view-soa")).to_be_visible()
    screenshot(page, site, "soa")

    row = page.locator("#soa-ISO42001_A_6_2_6")
    row.locator("a.aims-obj-id", has_text="A.6.2.6").click()
    expect(page).to_have_url(re.compile(r"#ISO42001_A_6_2_6$"))
    expect(page.locator("table.need#ISO42001_A_6_2_6")).to_be_in_viewport()

    line_links(page, "ISO42001_A_6_2_6", "addressed by").filter(
        has_text=re.compile(f"^{procedure_id}$")
    ).click()
    expect(page).to_have_url(re.compile(f"#{procedure_id}$"))
    expect(page.locator(f"table.need#{procedure_id}")).to_be_in_viewport()

    line_links(page, procedure_id, "evidenced by").filter(
        has_text=re.compile(f"^{record_id}$")
    ).click()
    expect(page).to_have_url(re.compile(f"#{record_id}$"))
    expect(page.locator(f"table.need#{record_id}")).to_be_in_viewport()
    screenshot(page, site, "evidence-record")


def test_search_finds_control(page, site: Site):
    page.goto(site.url + "index.html")
    search = page.locator("input.sidebar-search")
    search.fill("A.6.2.6")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"search\.html\?q=A\.6\.2\.6"))
    result = page.locator("#search-results a[href*='#soa-ISO42001_A_6_2_6']")
    expect(result.first).to_be_visible()
    screenshot(page, site, "search")
    result.first.click()
    expect(page.locator("#soa-ISO42001_A_6_2_6")).to_be_in_viewport()


def test_heat_map_cells_land_on_risks(page, site: Site):
    needs = read_needs(site)
    risks = {i: n for i, n in needs.items() if n["type"] == "risk"}
    heat_map = view_page(site, "risk-heatmap")
    page.goto(site.url + heat_map)
    screenshot(page, site, "heat-map")
    cells = page.locator(
        "table[data-kind=inherent] td[data-count]:not([data-count='0'])"
    )
    assert cells.count() > 0
    for index in range(cells.count()):
        page.goto(site.url + heat_map)
        cell = cells.nth(index)
        likelihood = cell.get_attribute("data-likelihood")
        impact = cell.get_attribute("data-impact")
        expected = sorted(
            i
            for i, n in risks.items()
            if n.get("likelihood") == likelihood and n.get("impact") == impact
        )
        assert cell.inner_text().strip() == str(len(expected))
        cell.locator("a").click()
        anchor = f"heat-l{likelihood}-i{impact}"
        expect(page).to_have_url(re.compile(f"#{anchor}$"))
        listing = page.locator(f"#{anchor}")
        expect(listing).to_be_in_viewport()
        assert listing.locator("a.aims-obj-id").all_inner_texts() == expected

        listing.locator("a.aims-obj-id").first.click()
        row = page.locator(f"#register-{expected[0]}")
        expect(row).to_be_in_viewport()
        assert row.get_attribute("data-likelihood") == likelihood
        assert row.get_attribute("data-impact") == impact


def test_incident_plans_from_start_page(page, site: Site):
    needs = read_needs(site)
    page.goto(site.url + "index.html")
    page.locator("article").get_by_role("link", name="Audit", exact=True).first.click()
    page.locator("article").get_by_role(
        "link", name="AI system inventory", exact=True
    ).first.click()
    inventory = page.url
    for system_id in sorted(i for i, n in needs.items() if n["type"] == "ai_system"):
        plans = sorted(
            i
            for i in needs[system_id].get("applies_to_back", [])
            if "ISO42001_A_8_4" in needs[i].get("addresses", [])
            and needs[i]["type"] in ("policy", "procedure", "control")
        )
        card = page.locator(f"#inventory-{system_id}")
        links = card.locator("dd.aims-incident-plan a.aims-obj-id")
        assert links.all_inner_texts() == plans
        if not plans:
            system = needs[system_id]
            retired = "retired" in (system.get("status"), system.get("lifecycle"))
            expected = "not required: retired" if retired else "missing"
            expect(card.locator("dd.aims-incident-plan")).to_have_text(expected)
            continue
        links.first.click()
        expect(page).to_have_url(re.compile(f"#{plans[0]}$"))
        expect(page.locator(f"table.need#{plans[0]}")).to_be_in_viewport()
        page.goto(inventory)


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_no_horizontal_scrolling(page, site: Site, width: int, height: int):
    page.set_viewport_size({"width": width, "height": height})
    pages = ["index.html"] + sorted(
        {
            view_page(site, view)
            for view in (
                "soa",
                "traceability",
                "coverage",
                "risk-register",
                "risk-heatmap",
                "system-inventory",
                "review-calendar",
                "gap-list",
            )
        }
    )
    needs = read_needs(site)
    pages.append(needs["ISO42001_A_6_2_6"]["docname"] + ".html")
    overflowing = {}
    clipped = {}
    for path in pages:
        page.goto(site.url + path)
        name = path.removesuffix(".html").replace("/", "-")
        screenshot(page, site, f"{name}-{width}")
        overflow = horizontal_overflow(page)
        if overflow > 0:
            overflowing[path] = overflow
        # Headless Chromium hides scrollbars, so in practice every table must fit.
        if tables := clipped_tables(page):
            clipped[path] = tables
    assert overflowing == {}
    assert clipped == {}


def test_print_layout(page, site: Site, tmp_path):
    """Audit pages fit an A4 page, and long tables start on the first page."""
    page.set_viewport_size({"width": 794, "height": 1123})
    for view in ("soa", "risk-register", "system-inventory", "review-calendar"):
        path = view_page(site, view)
        page.goto(site.url + path)
        page.emulate_media(media="print")
        assert horizontal_overflow(page) == 0, path
        name = path.removesuffix(".html").replace("/", "-")
        screenshot(page, site, f"{name}-print")
        if shutil.which("pdftotext") is None:
            continue
        pdf = tmp_path / f"{view}.pdf"
        page.pdf(path=str(pdf), format="A4")
        first_page = subprocess.run(
            ["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        first_row = page.locator(
            ".aims-view tbody tr[id], .aims-view section[id]"
        ).first
        # Long ids may wrap after an underscore in the PDF, so look for the
        # first token only up to its first underscore.
        token = first_row.inner_text().split()[0]
        probe = token.split("_")[0] + ("_" if "_" in token else "")
        assert probe in first_page, f"{path}: the first row is not on page 1"


def computed_background(page, selector: str) -> str:
    """Return the computed background colour of the first match of *selector*."""
    return page.locator(selector).first.evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )


@pytest.mark.parametrize("media", ["screen", "print"])
def test_heat_map_cells_coloured(page, site: Site, media: str):
    page.emulate_media(media=media, color_scheme="light")
    page.goto(site.url + view_page(site, "risk-heatmap"))
    transparent = {"rgba(0, 0, 0, 0)", "transparent", ""}
    above = computed_background(page, "td.aims-heat-cell.aims-level-above")
    within = computed_background(page, "td.aims-heat-cell.aims-level-within")
    assert above not in transparent
    assert within not in transparent
    assert above != within
    page.goto(site.url + view_page(site, "risk-register"))
    level = computed_background(page, ".aims-risk-register .aims-level")
    assert level not in transparent


def test_page_titles_unique(site: Site):
    titles: dict[str, list[str]] = {}
    for path in sorted(site.outdir.rglob("*.html")):
        match = re.search(r"<h1>(.*?)<a class=\"headerlink\"", path.read_text("utf-8"))
        if match:
            title = re.sub(r"<[^>]+>", "", match.group(1)).strip()
            relative = path.relative_to(site.outdir).as_posix()
            titles.setdefault(title, []).append(relative)
    duplicates = {title: paths for title, paths in titles.items() if len(paths) > 1}
    assert duplicates == {}
    assert "Statement of Applicability" in titles


def test_audit_pointer_above_fold(page, site: Site):
    page.goto(site.url + "index.html")
    link = page.locator("article a[href='audit/index.html']").first
    expect(link).to_be_in_viewport()
    box = link.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= 900
