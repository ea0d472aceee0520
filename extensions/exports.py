"""Files written beside the HTML pages: spreadsheet exports and the views' styles."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from aims_docs.extensions.view_context import EXPORTS_DIR, get_views
from aims_docs.views.exports import Table, risk_table, soa_table, write_csv, write_xlsx

logger = logging.getLogger(__name__)

#: Base names of the exports, without the ``.csv`` or ``.xlsx`` suffix.
SOA_EXPORT = "statement-of-applicability"
RISK_EXPORT = "risk-register"

#: Static files of the views, copied to ``_static`` of the HTML output.
STATIC_FILES = ("aims-views.css",)


def export_tables(app: Sphinx) -> dict[str, Table]:
    """Return the tables to export, by base file name."""
    views = get_views(app.env)
    inputs = views.data.inputs
    about = (
        ("Organisation", str(app.config.aims_organisation or app.config.project)),
        ("Release", inputs.release),
        ("As of", inputs.as_of.isoformat()),
    )
    return {
        SOA_EXPORT: soa_table(views.data.soa, about),
        RISK_EXPORT: risk_table(views.data.risks, about),
    }


def write_exports(app: Sphinx, exception: BaseException | None) -> None:
    """Write the exports and static files into the HTML output after a good build."""
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / EXPORTS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for name, table in export_tables(app).items():
        write_csv(table, folder / f"{name}.csv")
        write_xlsx(table, folder / f"{name}.xlsx")
    logger.info("aims-docs: wrote spreadsheet exports to %s", folder)
    templates = resources.files("aims_docs.templates")
    target = Path(app.outdir) / "_static"
    target.mkdir(parents=True, exist_ok=True)
    for filename in STATIC_FILES:
        shutil.copyfile(str(templates.joinpath(filename)), target / filename)
