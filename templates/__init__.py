"""Jinja2 templates of aims-docs: generated auditor pages and their static files."""
