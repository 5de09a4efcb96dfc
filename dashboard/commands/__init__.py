"""Sub-commands of `python -m dashboard`, one module per area, and the options they share."""

from __future__ import annotations

import argparse

CATALOG_HELP = "catalog file or folder (default: $DASHBOARD_CATALOG, else the shipped indicators.yaml)"


class _Once(argparse.Action):
    """An option that may be given once: a second --catalog is an error, not a silent override."""

    def __call__(self, parser, namespace, values, option_string=None):
        if getattr(namespace, self.dest, None) is not None:
            parser.error(f"{option_string} given twice ({getattr(namespace, self.dest)} and {values}) — expected one "
                         "catalog: a file, or a folder whose indicators.yaml includes the others")
        setattr(namespace, self.dest, values)


def add_catalog_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", action=_Once, help=CATALOG_HELP)
