extensions = ["aims_docs"]
aims_as_of = "2026-11-30"
# This project shows the catalog only; the traceability gate has its own
# sample projects.
aims_default_rules = False
