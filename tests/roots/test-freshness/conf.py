extensions = ["aims_docs"]
aims_default_rules = False
