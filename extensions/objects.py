"""Register the AIMS object model with sphinx-needs and record where objects are defined."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx_needs.data import SphinxNeedsData
from sphinx_needs.directives.need import NeedDirective

from aims_docs.model import FIELDS, LINK_TYPES, OBJECT_TYPES
from aims_docs.extensions.domain import AimsDomain

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

    config.needs_build_json = True
    # A new list: Sphinx's default value is shared by every build in the process.
    suppressed = [*config.suppress_warnings]
    for warning_type in REPLACED_NEEDS_WARNINGS:
        if warning_type not in suppressed:
            suppressed.append(warning_type)
    config.suppress_warnings = suppressed
    if "colon_fence" not in config.myst_enable_extensions:
        config.myst_enable_extensions = [*config.myst_enable_extensions, "colon_fence"]


class RecordedNeedDirective(NeedDirective):
    """sphinx-needs' need directive, recording each explicit id and its line.

    sphinx-needs drops the second object of a duplicate id while reading, so this
    record is what lets every build report duplicates, not only a clean one.
    """

    def run(self) -> Sequence[nodes.Node]:
        need_id = self.options.get("id")
        if need_id:
            domain = self.env.get_domain("aims")
            assert isinstance(domain, AimsDomain)
            domain.record_object(
                need_id, self.env.docname, self.lineno, self._option_lines()
            )
            existing = SphinxNeedsData(self.env).get_needs_mutable().get(need_id)
            if existing is not None and not existing["is_external"]:
                # The check step reports the duplicate, in this and every later build.
                return []
        return super().run()


    def _option_lines(self) -> dict[str, int]:
        """Map each option written in the directive to its line in the source file."""
        lines: dict[str, int] = {}
        for offset, text in enumerate(self.block_text.splitlines()):
            match = _OPTION.match(text)
            if match and match.group(1) not in lines:
                lines[match.group(1)] = self.lineno + offset
        return lines


_OPTION = re.compile(r"^\s*:([A-Za-z_][\w-]*):")


def register_directives(app: Sphinx, config: Config) -> None:
    """Replace sphinx-needs' directive of each object type with the recording one.

    Runs in ``config-inited`` after sphinx-needs registered its directives.
    """
    for need_type in config.needs_types:
        app.add_directive(need_type["directive"], RecordedNeedDirective, override=True)
