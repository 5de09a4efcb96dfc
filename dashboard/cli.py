"""`python -m dashboard <command>`: a thin layer over the core.

Each command module exposes `register(subparsers)`, which adds its sub-command with a
`handler(args) -> int`. User mistakes arrive as domain exceptions and leave as a message on
stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from dashboard.catalog import CatalogError

COMMAND_MODULES = [
    "dashboard.commands.catalog_cmd",
    "dashboard.commands.metrics_cmd",
    "dashboard.commands.store_cmd",
    "dashboard.commands.report_cmd",
    "dashboard.commands.user_cmd",
]


class UserError(Exception):
    """A mistake in the command's input: printed as is, exit code 1."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except CatalogError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) in the catalog", file=sys.stderr)
        return 1
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
