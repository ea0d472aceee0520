"""Register the AIMS object model with sphinx-needs and record where objects are defined."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

from aims_docs.extensions.domain import AimsDomain
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.directives.need import NeedDirective

from aims_docs.config import AimsConfig
from aims_docs.model import COMPUTED_FIELDS, FIELDS, LINK_TYPES, OBJECT_TYPES

#: sphinx-needs warnings that aims-docs reports itself, as located findings that
#: every build repeats (sphinx-needs reports duplicates only while reading a page).
REPLACED_NEEDS_WARNINGS = ("needs.duplicate_id", "needs.link_outgoing")


def configure_needs(app: Sphinx, config: Config) -> None:
    """Add the AIMS types, fields and links to the project's sphinx-needs settings.

    Runs in ``config-inited`` before sphinx-needs reads these options. Entries the
    project defines itself win over ours, so a project can restyle or extend them.
    """
    user_types = {t["directive"]: t for t in config.needs_types}
    types = [
        {
            "directive": t.directive,
            "title": t.title,
            "prefix": t.prefix,
            "color": t.color,
            "style": "node",
        }
        for t in OBJECT_TYPES
        if t.directive not in user_types
    ]
    config.needs_types = types + list(user_types.values())

    fields: dict[str, Any] = {
        f.name: {"description": f.description, "nullable": True} for f in FIELDS
    }
    config.needs_fields = {**fields, **config.needs_fields}

    links: dict[str, Any] = {
        link.name: {
            "description": link.description,
            "outgoing": link.outgoing,
            "incoming": link.incoming,
            # Unknown targets are reported by aims-docs with a hint for catalog ids.
            "allow_dead_links": True,
        }
        for link in LINK_TYPES
    }
    config.needs_links = {**links, **config.needs_links}

    config.needs_layouts = {**AIMS_LAYOUTS, **config.needs_layouts}
    if config.needs_default_layout == "clean":  # sphinx-needs' default
        config.needs_default_layout = "aims"

    if not _project_defines_schemas(config):
        # Nothing to validate: aims-docs checks its own fields, and sphinx-needs'
        # pass over every object took about a quarter of an incremental build of
        # 4,000 objects (benchmarks/README.md).
        config.needs_schema_validation_enabled = False

    config.needs_build_json = True
    # A new list: Sphinx's default value is shared by every build in the process.
    suppressed = [*config.suppress_warnings]
    for warning_type in REPLACED_NEEDS_WARNINGS:
        if warning_type not in suppressed:
            suppressed.append(warning_type)
    config.suppress_warnings = suppressed
    if "colon_fence" not in config.myst_enable_extensions:
        config.myst_enable_extensions = [*config.myst_enable_extensions, "colon_fence"]


#: sphinx-needs' "clean" layout without the catalog fields, which the title shows.
AIMS_LAYOUTS: dict[str, Any] = {
    "aims": {
        "grid": "simple",
        "layout": {
            "head": [
                '<<meta("type_name")>>: **<<meta("title")>>** <<meta_id()>>  '
                '<<collapse_button("meta", collapsed="icon:arrow-down-circle", '
                'visible="icon:arrow-right-circle", initial=False)>> '
            ],
            "meta": [
                "<<meta_all(no_links=True, exclude=['catalog_kind', "
                "'catalog_number', 'catalog_parent'])>>",
                "<<meta_links_all()>>",
            ],
        },
    }
}


def _project_defines_schemas(config: Config) -> bool:
    """Return whether the project gives sphinx-needs any JSON schema to check."""
    if config.needs_schema_definitions or config.needs_schema_definitions_from_json:
        return True
    entries = [*config.needs_fields.values(), *config.needs_links.values()]
    return any(isinstance(entry, dict) and "schema" in entry for entry in entries)


class RecordedNeedDirective(NeedDirective):
    """sphinx-needs' need directive, recording each explicit id and its options.

    sphinx-needs drops the second object of a duplicate id while reading, so this
    record is what lets every build report duplicates, not only a clean one. The
    directive also records authoring mistakes that sphinx-needs and MyST would
    otherwise report only while reading the page, or not at all.
    """

    def run(self) -> Sequence[nodes.Node]:
        domain = self.env.get_domain("aims")
        assert isinstance(domain, AimsDomain)
        option_lines = self._option_lines()
        self._check_options(domain, option_lines)

        need_id = self.options.get("id")
        if not need_id:
            self._record_problem(
                domain,
                self.lineno,
                "id",
                "",
                f"{self.name} {' '.join(self.arguments)!r} has no :id:; write one by "
                f"hand, such as ':id: {self._type_prefix()}NAME', so links to it stay "
                "stable",
            )
            return super().run()

        domain.record_object(need_id, self.env.docname, self.lineno, option_lines)
        id_regex = self.config.needs_id_regex
        if not re.match(id_regex, need_id):
            self._record_problem(
                domain,
                option_lines.get("id", self.lineno),
                "id",
                need_id,
                f"invalid id {need_id!r}; use capital letters, digits and '_' "
                f"(matching {id_regex!r}), such as {need_id.upper()!r}",
            )
            return []

        existing = SphinxNeedsData(self.env).get_needs_mutable().get(need_id)
        if existing is not None and not existing["is_external"]:
            # The check step reports the duplicate, in this and every later build.
            return []
        return super().run()

    def _check_options(self, domain: AimsDomain, option_lines: dict[str, int]) -> None:
        """Record unknown options and values that MyST cut at a ' #' comment.

        Unknown options are removed before sphinx-needs reads them, so the finding
        of the check step is their only report.
        """
        known = known_option_names(self.env)
        need_id = self.options.get("id") or ""
        for name, line in option_lines.items():
            if name in COMPUTED_FIELDS:
                self.options.pop(name, None)
                self._record_problem(
                    domain,
                    line,
                    "field",
                    need_id,
                    f"{need_id or self.name}: :{name}: is computed by aims-docs from "
                    "likelihood and impact; remove it",
                )
            elif name not in known:
                self.options.pop(name, None)
                hint = difflib.get_close_matches(name, sorted(known), n=1)
                fix = f"did you mean ':{hint[0]}:'?" if hint else "remove it"
                self._record_problem(
                    domain,
                    line,
                    "field",
                    need_id,
                    f"{need_id or self.name}: unknown option ':{name}:'; {fix}",
                )
        for offset, text in enumerate(self._option_block()):
            match = _OPTION_VALUE.match(text)
            if match and _COMMENT.search(match.group(2)):
                name, written = match.group(1), match.group(2).strip()
                truncated = str(self.options.get(name, "")).strip()
                self._record_problem(
                    domain,
                    self.lineno + 1 + offset,
                    "field",
                    need_id,
                    f"{need_id or self.name}: the value of :{name}: contains ' #', "
                    f"which MyST reads as the start of a comment, so only {truncated!r} "
                    f'was kept; quote the value: :{name}: "{written}"',
                )

    def _record_problem(
        self, domain: AimsDomain, line: int, subtype: str, need_id: str, message: str
    ) -> None:
        domain.record_problem(self.env.docname, line, subtype, need_id, message)

    def _type_prefix(self) -> str:
        for need_type in self.config.needs_types:
            if need_type["directive"] == self.name:
                return str(need_type["prefix"])
        return ""

    def _option_block(self) -> list[str]:
        """Return the option lines written right after the directive's first line."""
        block: list[str] = []
        for text in self.block_text.splitlines()[1:]:
            if not _OPTION.match(text):
                break
            block.append(text)
        return block

    def _option_lines(self) -> dict[str, int]:
        """Map each option written in the directive to its line in the source file."""
        lines: dict[str, int] = {}
        for offset, text in enumerate(self._option_block()):
            match = _OPTION.match(text)
            if match and match.group(1) not in lines:
                lines[match.group(1)] = self.lineno + 1 + offset
        return lines


_OPTION = re.compile(r"^\s*:([A-Za-z_][\w-]*):")
_OPTION_VALUE = re.compile(r"^\s*:([A-Za-z_][\w-]*):(.*)$")
# MyST drops an option value's tail from an unquoted " #" on.
_COMMENT = re.compile(r"^\s*[^\s\"'].*\s#")

#: Options sphinx-needs' need directive reads besides fields and link types.
CORE_OPTIONS = frozenset(
    {
        "id",
        "status",
        "tags",
        "collapse",
        "hide",
        "delete",
        "jinja_content",
        "title_from_content",
        "style",
        "layout",
        "template",
        "pre_template",
        "post_template",
        "constraints",
    }
)


def known_option_names(env: Any) -> frozenset[str]:
    """Return every option name a need directive accepts in this project."""
    schema = SphinxNeedsData(env).get_schema()
    return CORE_OPTIONS.union(
        schema.iter_extra_field_names(), schema.iter_link_field_names()
    )


def register_directives(app: Sphinx, config: Config) -> None:
    """Replace sphinx-needs' directive of each object type with the recording one.

    Runs in ``config-inited`` after sphinx-needs registered its directives.
    """
    for need_type in config.needs_types:
        app.add_directive(need_type["directive"], RecordedNeedDirective, override=True)


def compute_risk_levels(app: Sphinx, needs: Any) -> None:
    """Set ``risk_level`` on each risk scored on the risk criteria's scales.

    Connected to ``needs-before-post-processing``, which passes the mutable needs,
    so the level shows on the risk and is written to ``needs.json``.
    """
    criteria = AimsConfig.from_sphinx(app.config).criteria()
    for need in needs.values():
        if need["type"] != "risk":
            continue
        likelihood = criteria.likelihood.parse(str(need.get("likelihood") or ""))
        impact = criteria.impact.parse(str(need.get("impact") or ""))
        level = None
        if likelihood is not None and impact is not None:
            level = str(criteria.level_of(likelihood, impact))
        need["risk_level"] = level
