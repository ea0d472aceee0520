project = "Support chatbot AIMS manual"
extensions = ["aims_docs"]
aims_organisation = "Example Support Ltd"
aims_as_of = "2026-11-30"
# Only the checks of single objects: the sample is not a complete AIMS.
aims_default_rules = False
