"""Hostile files: each is refused with one clear line naming the file and the limit (or, for a lying
`<dimension>`, read as what it holds) — by `read_figures`, by `import --dry-run` and by `import` in a
subprocess under an address-space limit — and nothing is stored. The files are generated
(tests/hostile.py), never committed. How fast each is refused: benchmarks/bench_files.py."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.spreadsheet import SpreadsheetError, read_figures
from dashboard.store import open_store
from tests import hostile

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "catalog" / "indicators.yaml"
ADDRESS_SPACE = 1536 * 1024 * 1024  # 1.5 GB for the whole CLI process, Python and pandas included
HANG_GUARD = 300  # seconds: not a speed assertion, only so that a regression cannot hang the suite


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    return folder, hostile.make(folder)


CASES = sorted([
    "lying-dimension.xlsx", "blank-rows.xlsx", "row-number-past-the-budget.xlsx", "zip-bomb.xlsx",
    "zip-bomb-lying-sizes.xlsx", "huge-field.csv", "huge-field.xlsx", "blank-lines.csv", "many-columns.csv",
    "many-columns.xlsx", "wrong-column.csv", "garbage.csv", "garbage.xlsx", "too-big.csv"])


def test_every_generated_file_has_a_case(files):
    assert sorted(files[1]) == CASES


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_read_figures_refuses_with_the_file_and_the_limit(files, name, lang):
    folder, cases = files
    case = cases[name]
    if case.expect == "read":
        frame = read_figures(folder / name, lang=lang)
        assert len(frame) == case.rows and frame["year"].tolist() == [2019, 2020]
        return
    with pytest.raises(SpreadsheetError) as err:
        read_figures(folder / name, lang=lang)
    message = str(err.value)
    assert name in message and case.limit in message and "\n" not in message and len(message) < 400
    chinese = any("\u4e00" <= ch <= "\u9fff" for ch in message.replace("逗号分隔", "").replace(name, ""))
    assert chinese == (lang == "zh")


def _limit_memory():  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _cli(*argv, env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *map(str, argv)], capture_output=True, text=True,
                          env=env, cwd=HERE.parent, timeout=HANG_GUARD, preexec_fn=_limit_memory)


@pytest.mark.parametrize("name", CASES)
def test_import_and_dry_run_under_an_address_space_limit(files, name, tmp_path):
    folder, cases = files
    case = cases[name]
    env = {**os.environ, "DASHBOARD_USERS_FILE": str(tmp_path / "users.json"), "OPENBLAS_NUM_THREADS": "1",
           "PYTHONPATH": str(HERE.parent)}
    env.pop("DASHBOARD_DATABASE_URL", None)
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    for extra in (["--dry-run"], []):
        done = _cli("import", folder / name, "--catalog", FIXTURE, "--database", url, "--by", "ann", *extra, env=env)
        assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
        if case.expect == "read":
            assert done.returncode == 0, done.stderr
            continue
        lines = done.stderr.strip().splitlines()
        assert done.returncode == 1 and len(lines) == 1, done.stderr
        assert lines[0].startswith("错误：") and name in lines[0] and case.limit in lines[0]  # zh by default
    store = open_store(url)
    assert store.count() == (2 if case.expect == "read" else 0)
