"""The command line imports a command's module only when that command runs, lists every command
without importing any, and stops quietly when the reader of its output goes away."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
from pathlib import Path

from dashboard import cli

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pandas", "numpy", "sqlalchemy", "fpdf", "matplotlib", "openpyxl", "dashboard.catalog")


def _registered(module: str) -> dict[str, str]:
    """command -> help line, as the module itself registers them."""
    sub = argparse.ArgumentParser().add_subparsers()
    importlib.import_module(module).register(sub)
    return {a.dest: a.help for a in sub._choices_actions}


def test_the_command_table_names_every_command_with_its_own_help_line():
    for module in cli.COMMAND_MODULES:
        declared = {name: text for name, (mod, text) in cli.COMMANDS.items() if mod == module}
        assert declared == _registered(module), module


def _imports_after(argv: list[str]) -> set[str]:
    code = ("import sys\nfrom dashboard import cli\ntry:\n    cli.main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, *argv], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(done.stdout.split()) & set(HEAVY), done


def test_help_lists_every_command_without_importing_a_heavy_library():
    imported, done = _imports_after(["--help"])
    assert imported == set()
    listing = done.stdout
    for name in cli.COMMANDS:
        assert f"    {name}" in listing
    assert "check indicators.yaml and report every problem" in listing


def test_validate_imports_neither_the_store_nor_the_report_libraries():
    imported, done = _imports_after(["validate"])
    assert "OK: " in done.stdout
    assert imported.isdisjoint({"sqlalchemy", "fpdf", "matplotlib", "openpyxl"})


def test_a_command_parses_as_before_once_its_module_is_loaded(capsys):
    parser = cli.build_parser()
    args = parser.parse_args(["status", "--format", "json", "--as-of", "2021"])
    assert (args.command, args.format, args.as_of) == ("status", "json", 2021)
    assert args.handler.__module__ == "dashboard.commands.metrics_cmd"
    args = parser.parse_args(["user", "list"])
    assert args.handler.__module__ == "dashboard.commands.user_cmd"


def test_an_unknown_command_lists_the_commands(capsys):
    try:
        cli.main(["statuz"])
    except SystemExit as exc:
        assert exc.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'statuz'" in err and "'status'" in err and "'validate'" in err


def test_a_closed_pipe_ends_the_output_without_a_traceback():
    proc = subprocess.Popen([sys.executable, "-m", "dashboard", "status", "--format", "json",
                             "--actuals", str(ROOT / "data" / "actuals.csv")],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout.read(10).startswith(b"[")  # the reader takes a few bytes, then goes away (like head -1)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err and "BrokenPipeError" not in err
