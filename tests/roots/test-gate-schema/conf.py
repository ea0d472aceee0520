extensions = ["aims_docs"]
aims_as_of = "2026-11-30"
needs_fields = {
    "cost": {"schema": {"type": "integer", "minimum": 0}, "nullable": True},
    "grade": {"schema": {"type": "string", "enum": ["a", "b"]}, "nullable": True},
}
