"""The ``aims-docs`` command line.

Each subcommand lives in its own module with a ``register(subparsers)`` function
that adds its parser and sets ``handler`` to a function taking the parsed
arguments and returning the exit status.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

#: Modules that add subcommands, in the order ``--help`` lists them.
COMMAND_MODULES = ("aims_docs.cli_check", "aims_docs.cli_publish")

#: Exit status for usage and configuration errors; 1 means findings.
EXIT_USAGE = 2


class UsageError(Exception):
    """A usage or configuration error: printed as one message, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aims-docs",
        description="Check and publish an ISO/IEC 42001 AIMS manual written with aims-docs.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except UsageError as error:
        print(f"aims-docs {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    # Run through the imported module, so its UsageError is the one handlers raise.
    from aims_docs.cli import main as imported_main

    sys.exit(imported_main())
