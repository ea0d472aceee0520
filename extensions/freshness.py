"""Rewrite pages whose objects show links that changed on other pages.

An object's box lists its incoming links ("affected by", "mitigated by") and its
outgoing links with their targets' pages. Those come from other pages, so when
only another page changes, Sphinx would not rewrite this one and it would show
stale links. After reading, this module compares each page's link signature with
the previous build's and returns the pages whose links changed, which Sphinx
then writes again (without reading them again).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx_needs.data import SphinxNeedsData

from aims_docs.extensions.domain import AimsDomain

LinkRow = tuple[str, str, str, str]  # link type, other id, other page, other title


def link_signatures(needs: Mapping[str, Any], link_types: list[str]) -> dict[str, str]:
    """Return, per docname, a digest of every link its objects show."""
    rows: dict[str, list[tuple[str, str, LinkRow]]] = defaultdict(list)
    for need in needs.values():
        docname = need.get("docname")
        for link_type in link_types:
            for target_id in need.get(link_type) or ():
                target = needs.get(target_id)
                target_doc = (target.get("docname") or "") if target else ""
                target_title = target.get("title", "") if target else ""
                if docname:
                    row = (link_type, target_id, target_doc, target_title)
                    rows[docname].append((need["id"], "out", row))
                if target_doc:
                    row = (link_type, need["id"], docname or "", need.get("title", ""))
                    rows[target_doc].append((target_id, "in", row))
    signatures: dict[str, str] = {}
    for docname, doc_rows in rows.items():
        digest = hashlib.blake2b(repr(sorted(doc_rows)).encode(), digest_size=16)
        signatures[docname] = digest.hexdigest()
    return signatures


def pages_with_changed_links(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Return the pages whose shown links differ from the previous build's.

    Connected to ``env-updated``, which runs once after all pages are read and
    merged; the pages returned are written again.
    """
    data = SphinxNeedsData(env)
    link_types = list(data.get_schema().iter_link_field_names())
    current = link_signatures(data.get_needs_mutable(), link_types)
    domain = env.get_domain("aims")
    assert isinstance(domain, AimsDomain)
    previous = domain.link_signatures
    domain.link_signatures = current
    changed = {
        docname
        for docname in current.keys() | previous.keys()
        if current.get(docname) != previous.get(docname)
    }
    return sorted(changed & env.found_docs)
