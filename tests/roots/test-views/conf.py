project = "Sample AIMS"
release = "2.0"
extensions = ["aims_docs"]
html_theme = "furo"
aims_organisation = "Sample Ltd"
aims_as_of = "2026-11-30"
