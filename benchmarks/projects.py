"""Write one synthetic AIMS as three projects that hold the same objects on the same pages.

- ``aims``: a Sphinx project with ``extensions = ["aims_docs"]``, the catalog
  page (``aims-catalog`` and an applicability decision per Annex A control) and
  the generated auditor pages;
- ``plain``: the same MyST pages built by sphinx-needs and myst-parser alone,
  with the same types, fields and links declared in ``conf.py``, and the catalog
  written out as ``requirement`` objects;
- ``strictdoc``: one ``.sdoc`` document per page, with a grammar of the same
  types, fields and link roles.
"""

from __future__ import annotations

import copy
import textwrap
from pathlib import Path
from pprint import pformat

from aims_docs.catalog import STANDARD, load_catalog
from aims_docs.model import FIELDS, LINK_TYPES, OBJECT_TYPES

from synthetic import AS_OF, SyntheticAims, SyntheticObject, annex_a_controls

#: Directives of the generated auditor pages, one page each in the aims project.
VIEW_DIRECTIVES: tuple[str, ...] = (
    "aims-soa",
    "aims-traceability",
    "aims-coverage",
    "aims-risk-register",
    "aims-risk-heatmap",
    "aims-system-inventory",
    "aims-review-calendar",
    "aims-gap-list",
)

#: The page the incremental build edits, counted from 1 (clamped to the last).
EDITED_PAGE = 7
#: The link the edit adds: to an id that does not exist, so findings change.
EDIT_DEAD_LINK = "ISO42001_6_1_8"

_COMMON_CONF = f"""\
project = "Synthetic AIMS"
author = "Benchmark"
root_doc = "index"
exclude_patterns = ["_build"]
html_theme = "furo"
"""


def page_name(number: int) -> str:
    return f"page_{number:04d}"


def edited_page(aims: SyntheticAims) -> int:
    return min(EDITED_PAGE, len(aims.pages()))


def write_aims_project(root: Path, aims: SyntheticAims) -> None:
    """Write the aims-docs project of *aims* into *root*."""
    conf = _COMMON_CONF + f'extensions = ["aims_docs"]\naims_as_of = "{AS_OF}"\n'
    _write(root / "conf.py", conf)
    extra = ["catalog", *(f"views/{name}" for name in VIEW_DIRECTIVES)]
    _write_pages(root, aims, extra)
    _write(root / "catalog.md", _aims_catalog_page())
    for name in VIEW_DIRECTIVES:
        _write(root / "views" / f"{name}.md", f"# {name}\n\n:::{{{name}}}\n:::\n")


def write_plain_project(root: Path, aims: SyntheticAims) -> None:
    """Write the same objects for sphinx-needs and myst-parser alone into *root*."""
    _write(root / "conf.py", _COMMON_CONF + _plain_needs_settings())
    _write_pages(root, aims, ["catalog"])
    _write(root / "catalog.md", _plain_catalog_page())


def write_page(root: Path, aims: SyntheticAims, number: int, *, edited: bool) -> None:
    """Write page *number* (from 1); *edited* renames one object, adds a dead link."""
    objects = aims.pages()[number - 1]
    if edited:
        objects = [copy.deepcopy(o) for o in objects]
        objects[0].title += " (revised)"
        objects[0].links.setdefault("addresses", []).append(EDIT_DEAD_LINK)
    body = "".join(_myst_object(obj) for obj in objects)
    _write(root / "pages" / f"{page_name(number)}.md", f"# Page {number}\n\n{body}")


def _write_pages(root: Path, aims: SyntheticAims, extra: list[str]) -> None:
    count = len(aims.pages())
    for number in range(1, count + 1):
        write_page(root, aims, number, edited=False)
    entries = [*extra, *(f"pages/{page_name(n)}" for n in range(1, count + 1))]
    toctree = "```{toctree}\n:maxdepth: 1\n\n" + "\n".join(entries) + "\n```\n"
    _write(root / "index.md", f"# Synthetic AIMS\n\n{toctree}")


def _myst_object(obj: SyntheticObject) -> str:
    lines = [f":::{{{obj.type}}} {obj.title}", f":id: {obj.id}"]
    lines += [f":{name}: {value}" for name, value in obj.fields.items()]
    lines += [f":{name}: {', '.join(ids)}" for name, ids in obj.links.items()]
    return "\n".join(lines) + f"\n\n{obj.content}\n:::\n\n"


def _aims_catalog_page() -> str:
    decisions = "".join(
        f":::{{applicability}} {control_id}\n:decision: applicable\n"
        f":justification: The organisation develops and operates AI systems.\n:::\n\n"
        for control_id, _ in annex_a_controls()
    )
    return (
        f"# {STANDARD}\n\n:::{{aims-catalog}} all\n:::\n\n"
        f"## Statement of Applicability decisions\n\n{decisions}"
    )


def _plain_catalog_page() -> str:
    blocks = []
    for entry in load_catalog().entries:
        fields = {
            "catalog_number": entry.number,
            "catalog_kind": entry.kind,
            "catalog_parent": entry.parent_id,
        }
        obj = SyntheticObject(
            "requirement", entry.id, f"{entry.number} {entry.title}",
            {k: v for k, v in fields.items() if v}, {},
            f"{STANDARD}, {entry.kind.replace('_', ' ')} {entry.number}.",
        )
        blocks.append(_myst_object(obj))
    return f"# {STANDARD}\n\n" + "".join(blocks)


def _plain_needs_settings() -> str:
    """Return ``conf.py`` lines declaring the AIMS types, fields and links."""
    types = [
        {"directive": t.directive, "title": t.title, "prefix": t.prefix,
         "color": t.color, "style": "node"}
        for t in OBJECT_TYPES
    ]
    fields = {f.name: {"description": f.description, "nullable": True} for f in FIELDS}
    links = {
        link.name: {"description": link.description, "outgoing": link.outgoing,
                    "incoming": link.incoming, "allow_dead_links": True}
        for link in LINK_TYPES
    }
    return (
        'extensions = ["myst_parser", "sphinx_needs"]\n'
        'myst_enable_extensions = ["colon_fence"]\n'
        "needs_build_json = True\n"
        f"needs_types = {pformat(types)}\n"
        f"needs_fields = {pformat(fields)}\n"
        f"needs_links = {pformat(links)}\n"
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


# StrictDoc ---------------------------------------------------------------------

_SDOC_GRAMMAR_FILE = "aims.sgra"


def write_strictdoc_project(root: Path, aims: SyntheticAims) -> None:
    """Write the same objects as StrictDoc documents, one per page, into *root*."""
    known = {o.id for o in aims.objects} | set(load_catalog().by_id)
    _write(root / _SDOC_GRAMMAR_FILE, _sdoc_grammar())
    for number, objects in enumerate(aims.pages(), start=1):
        nodes = "".join(_sdoc_node(obj, known) for obj in objects)
        _write(root / f"{page_name(number)}.sdoc", _sdoc_document(f"Page {number}", nodes))
    catalog = [
        SyntheticObject(
            "requirement", e.id, f"{e.number} {e.title}", {}, {},
            f"{STANDARD}, {e.kind.replace('_', ' ')} {e.number}.",
        )
        for e in load_catalog().entries
    ]
    nodes = "".join(_sdoc_node(obj, known) for obj in catalog)
    _write(root / "catalog.sdoc", _sdoc_document(STANDARD, nodes))


def _sdoc_document(title: str, nodes: str) -> str:
    return (
        f"[DOCUMENT]\nTITLE: {title}\n\n[GRAMMAR]\n"
        f"IMPORT_FROM_FILE: {_SDOC_GRAMMAR_FILE}\n{nodes}"
    )


def _sdoc_field_names() -> list[str]:
    names = [f.name for f in FIELDS if not f.name.startswith("catalog_")]
    return [name.upper() for name in ("status", *names)]


def _sdoc_grammar() -> str:
    """One element per object type, each with every field and every link role."""
    field_names = ["UID", "TITLE", *_sdoc_field_names(), "STATEMENT"]
    fields = "".join(
        f"  - TITLE: {name}\n    TYPE: String\n    REQUIRED: {name == 'UID'}\n"
        for name in field_names
    )
    relations = "".join(
        f"  - TYPE: Parent\n    ROLE: {link.name}\n" for link in LINK_TYPES
    )
    elements = "".join(
        f"- TAG: {t.directive.upper()}\n  FIELDS:\n{fields}  RELATIONS:\n{relations}"
        for t in OBJECT_TYPES
    )
    return f"[GRAMMAR]\nELEMENTS:\n{elements}"


def _sdoc_node(obj: SyntheticObject, known: set[str]) -> str:
    lines = [f"[{obj.type.upper()}]", f"UID: {obj.id}", f"TITLE: {obj.title}"]
    for name in _sdoc_field_names():
        value = obj.fields.get(name.lower())
        if value:
            lines.append(f"{name}: {value}")
    lines.append(f"STATEMENT: >>>\n{textwrap.fill(obj.content, 80)}\n<<<")
    relations = [
        f"- TYPE: Parent\n  VALUE: {target}\n  ROLE: {name}"
        for name, targets in obj.links.items()
        for target in targets
        # StrictDoc stops at a link to an unknown id; aims-docs reports it instead.
        if target in known
    ]
    if relations:
        lines.append("RELATIONS:\n" + "\n".join(relations))
    return "\n" + "\n".join(lines) + "\n"
