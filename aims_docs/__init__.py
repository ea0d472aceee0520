"""aims-docs: documentation-as-code for ISO/IEC 42001 AI management systems.

Enable the whole tool in a Sphinx project with ``extensions = ["aims_docs"]``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

__version__ = "0.1.0"


def setup(app: Sphinx) -> dict[str, Any]:
    """Load every aims-docs Sphinx extension; imported lazily to keep Sphinx optional."""
    from aims_docs.extensions import setup as setup_extensions

    return setup_extensions(app)
