"""Helpers for the English of messages and generated pages."""

from __future__ import annotations


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """Return *count* with the noun in the number it takes, such as ``1 file``.

    The plural adds ``s`` unless *plural_form* is given.
    """
    noun = singular if count == 1 else plural_form or f"{singular}s"
    return f"{count} {noun}"
