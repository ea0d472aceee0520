"""The ``aims-docs publish``command (not yet written)."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("publish", help="(not yet available)")
    parser.set_defaults(handler=lambda args: 2)
