"""The English of counts in messages."""

from __future__ import annotations

import pytest

from aims_docs.text import plural


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 files"), (1, "1 file"), (2, "2 files"), (21, "21 files")],
)
def test_plural_regular_noun(count, expected):
    assert plural(count, "file") == expected


def test_plural_irregular_form():
    assert plural(1, "file differs", "files differ") == "1 file differs"
    assert plural(3, "file differs", "files differ") == "3 files differ"
