"""The object model: types, fields and links reach sphinx-needs and the HTML."""

from __future__ import annotations

import pytest

from conftest import read_needs, warning_lines


@pytest.mark.sphinx("html", testroot="objects")
def test_all_types_in_needs_json(app, warning):
    app.build()
    needs = read_needs(app.outdir)
    types = {need["type"] for need in needs.values()}
    assert types == {
        "requirement", "policy", "procedure", "control", "objective",
        "ai_system", "specification", "risk", "assessment", "record",
    }
    assert warning_lines(warning, app.srcdir) == []


@pytest.mark.sphinx("html", testroot="objects")
def test_link_types_and_back_links(app):
    app.build()
    needs = read_needs(app.outdir)
    assert needs["POL_AI"]["addresses"] == ["ISO42001_5_2"]
    assert needs["ISO42001_5_2"]["addresses_back"] == ["POL_AI"]
    assert needs["PROC_MON"]["applies_to"] == ["SYS_CHAT"]
    assert needs["CTRL_GROUND"]["mitigates"] == ["RISK_HALL"]
    assert needs["RISK_HALL"]["mitigates_back"] == ["CTRL_GROUND"]
    assert needs["RISK_HALL"]["affects"] == ["SYS_CHAT"]
    assert needs["REC_MON"]["evidences"] == ["PROC_MON"]
    assert needs["PROC_MON"]["evidences_back"] == ["REC_MON"]
    assert sorted(needs["SYS_CHAT"]["applies_to_back"]) == [
        "IA_CHAT", "PROC_MON", "SPEC_CHAT",
    ]


@pytest.mark.sphinx("html", testroot="objects")
def test_fields_in_needs_json(app):
    app.build()
    needs = read_needs(app.outdir)
    assert needs["RISK_HALL"]["likelihood"] == "4"
    assert needs["RISK_HALL"]["treatment"] == "mitigate"
    assert needs["IA_CHAT"]["performed_on"] == "2026-03-01"
    assert needs["IA_CHAT"]["trigger"] == "scheduled"
    assert needs["SYS_CHAT"]["lifecycle"] == "operation"
    assert needs["SYS_CHAT"]["owner"] == "Head of support"


@pytest.mark.sphinx("html", testroot="objects")
def test_incoming_link_names_on_target_page(app):
    app.build()
    systems = (app.outdir / "systems.html").read_text("utf-8")
    framework = (app.outdir / "framework.html").read_text("utf-8")
    assert "governed by" in systems
    assert "mitigated by" in systems
    assert "affected by" in systems
    assert "evidenced by" in systems
    assert "addressed by" in framework
    assert "systems.html#POL_AI" in framework


def test_invalid_config_is_one_config_error(make_app, rootdir, tmp_path):
    import shutil

    from sphinx.errors import ConfigError

    srcdir = tmp_path / "objects"
    shutil.copytree(rootdir / "test-objects", srcdir)
    with pytest.raises(ConfigError) as error:
        make_app(
            "html",
            srcdir=srcdir,
            confoverrides={
                "aims_as_of": "yesterday",
                "aims_risk_criteria": {"threshold": "high"},
            },
        )
    assert str(error.value) == (
        "invalid aims-docs configuration in conf.py:\n"
        "  aims_as_of: invalid date 'yesterday'; write it as YYYY-MM-DD\n"
        "  aims_risk_criteria['threshold']: invalid value 'high'; give an integer "
        "level, such as 9"
    )
