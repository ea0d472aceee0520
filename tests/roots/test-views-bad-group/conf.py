extensions = ["aims_docs"]
aims_as_of = "2026-11-30"
