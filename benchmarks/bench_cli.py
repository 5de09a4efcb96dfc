"""Time the command line's start-up against `python -c pass` and `python -c "import pandas"`, in the same run.

    .venv/bin/python benchmarks/bench_cli.py [--repeats 7]

Runs, interleaved round by round: `python -c pass`, `python -c "import pandas"`, `python -m dashboard --help`,
`validate`, `status --format json` (from a fresh database made by `init-db` in a temporary directory), and
prints each median and its ratio to `import pandas` (targets: --help <= 0.3x, validate <= 1.0x,
status <= 1.5x). Also lists which heavy libraries `--help` and `validate` import. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pandas", "numpy", "sqlalchemy", "fpdf", "matplotlib", "openpyxl")
PROBE = ("import sys, runpy; sys.argv = ['dashboard', *sys.argv[1:]]\n"
         "try:\n    runpy.run_module('dashboard', run_name='__main__')\nexcept SystemExit:\n    pass\n"
         f"print('imported:', ' '.join(m for m in {HEAVY!r} if m in sys.modules) or 'none', file=sys.stderr)")


def run(argv: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    opts = parser.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DASHBOARD_DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.db'}"}
        subprocess.run([py, "-m", "dashboard", "init-db"], cwd=ROOT, env=env, check=True, capture_output=True)
        cases = {
            "python -c pass": [py, "-c", "pass"],
            "python -c 'import pandas'": [py, "-c", "import pandas"],
            "dashboard --help": [py, "-m", "dashboard", "--help"],
            "dashboard validate": [py, "-m", "dashboard", "validate"],
            "dashboard status --format json": [py, "-m", "dashboard", "status", "--format", "json"],
        }
        for argv in cases.values():  # warm the file cache once
            run(argv, env)
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(opts.repeats):
            for name, argv in cases.items():
                times[name].append(run(argv, env))
        for command in (["--help"], ["validate"]):
            probe = subprocess.run([py, "-c", PROBE, *command], cwd=ROOT, env=env, capture_output=True, text=True)
            print(f"{' '.join(command)}: {probe.stderr.strip().splitlines()[-1]}")
    pandas = statistics.median(times["python -c 'import pandas'"])
    print(f"{'command':34} {'median s':>9} {'x import pandas':>16}")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:34} {median:9.3f} {median / pandas:16.2f}")


if __name__ == "__main__":
    main()
