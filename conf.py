"""Sphinx configuration of the example AIMS manual of Northwind Analytics.

Build with ``make html`` (or ``sphinx-build -c . source build/html``).
"""

project = "Northwind Analytics AI Management System"
author = "Northwind Analytics Ltd"
copyright = "2026, Northwind Analytics Ltd"
version = "2026.1"
release = "2026.1"

extensions = ["aims_docs"]

root_doc = "index"
language = "en"
exclude_patterns: list[str] = []

html_theme = "furo"
html_title = "Northwind Analytics AIMS manual"

# aims-docs: the as-of date pins review status, so every machine builds the same
# manual. Publishing a release sets the date to the release date instead.
aims_organisation = "Northwind Analytics Ltd"
aims_as_of = "2026-11-30"

# The risk criteria of the manual's AI risk criteria policy (POL_AI_RISK_CRITERIA):
# likelihood and impact from 1 to 5, level = likelihood x impact, and a level
# above 9 needs treatment.
aims_risk_criteria = {
    "likelihood": [1, 5],
    "impact": [1, 5],
    "level": "product",
    "threshold": 9,
}
