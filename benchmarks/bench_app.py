"""How long the overview takes to appear in headless Chromium, beside a bare grid of the same rows and a blank page.

Five servers run side by side (each `streamlit run`, its own temporary database):
  blank         a one-line script (st.write), the floor of any Streamlit page here;
  grid-shipped  only `st.dataframe` of the rows the overview shows on the shipped data (same columns);
  shipped       the app on the shipped catalog and data/actuals.csv;
  grid-5000     only `st.dataframe` of the overview's rows at 5,000 synthetic indicators;
  5000          the app on 5,000 synthetic indicators (3 plans, 10 departments), 2 years of figures each.
Loads are interleaved round by round (one load of each server per round) in a fresh browser profile each
(nothing cached), from navigation until the table holds its first row and the script has finished.
Also: the bytes the server sends over the websocket for one load, and the server time of a rerun of the
app at 5,000 indicators (AppTest, caches warm: what clearing a filter costs on the server).
Targets: overview <= 1.15x its bare grid (shipped and 5,000), rerun at 5,000 <= 150 ms, payload at
5,000 <= 1.5 MB. Prints figures; asserts nothing. The machine is shared: expect +-20 % between runs.

Run: .venv/bin/python benchmarks/bench_app.py [--loads 7]   (needs Debian's chromium)
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard import catalog, spreadsheet  # noqa: E402
from dashboard.store import Actor, open_store  # noqa: E402
from tests.served import CHROMIUM_ARGS, start_app, stop  # noqa: E402

LOADS = 7
VIEWPORT = {"width": 1400, "height": 1000}
DONE = "[data-testid=stApp][data-test-script-state=notRunning]"
DEPARTMENTS = [f"市测试局{i}" for i in range(10)]


def synthetic_catalog(n: int) -> dict:
    """`n` indicators over three plans: levels (compound), shares (linear), decreasing days, milestones."""
    plans = [{"id": f"plan-{k}", "title": f"合成规划{k}", "base_year": 2018, "target_year": 2022 + k} for k in range(3)]
    indicators = []
    for i in range(n):
        kind = ("level", "share", "level", "milestone")[i % 4]
        ind = {"id": f"ind-{i:04d}", "plan": f"plan-{i % 3}", "name": f"合成指标{i:04d}", "name_en": f"Indicator {i}",
               "group": f"类别{i % 12}", "kind": kind, "owner": DEPARTMENTS[i % 10], "source": f"合成第{i}项"}
        if kind == "milestone":
            ind |= {"target": {"year": 2020 + i % 3}}  # methodology v2: a milestone has no direction
        elif i % 4 == 2:
            ind |= {"unit": "工作日", "direction": "decrease", "baseline": {"year": 2018, "value": 20 + i % 7},
                    "target": {"year": 2022, "value": 8 + i % 5}}
        elif kind == "share":
            ind |= {"unit": "%", "direction": "increase", "baseline": {"year": 2018, "value": 40 + i % 20},
                    "target": {"year": 2022, "value": 45 + i % 20}}
        else:
            ind |= {"unit": "亿元", "direction": "increase", "baseline": {"year": 2018, "value": 1000 + i},
                    "target": {"year": 2022, "value": 1400 + i * 1.5}}
        indicators.append(ind)
    return {"version": 1, "plans": plans, "indicators": indicators}


def synthetic_figures(cat: dict) -> pd.DataFrame:
    rows = []
    for k, ind in enumerate(cat["indicators"]):
        for year in (2019, 2020):
            if ind["kind"] == "milestone":
                value = float(year == 2020 and k % 8 == 3)
            else:
                base, target = ind["baseline"]["value"], ind["target"]["value"]
                value = base + (target - base) * (year - 2018) / 4 * (0.4 + (k % 9) / 6)
            rows.append({"indicator_id": ind["id"], "year": year, "value": round(value, 2),
                         "figure_status": "final" if year == 2019 else "preliminary"})
    return pd.DataFrame(rows)


GRID_SCRIPT = """import pandas as pd
import streamlit as st

st.dataframe(pd.read_pickle({path!r}), hide_index=True)
"""


def shown_rows(cat_path: Path | None, figures: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The rows and columns the overview sends on first load: rows without data collapsed when others have data."""
    from dashboard.app_pages import overview
    from dashboard.app_pages import overview_table as board
    from dashboard.metrics import compute

    cat = catalog.load(cat_path)
    titles = {p.id: p.title for p in cat.plans.values()}
    table = board.overview_table(compute(cat.frame(), figures.astype({"year": int})), lang, titles)
    no_data = table["status"] == "no_data"
    if 0 < no_data.sum() < len(table):
        table = table[~no_data]
    return table[overview.COLUMNS].reset_index(drop=True)


def wait_ready(page, ready: str) -> None:
    """Until the page shows `ready` (the blank page's text, or a cell of the table: the grid draws on a
    canvas and mirrors its cells in a hidden table) and the script has finished."""
    target = page.get_by_text(ready) if ready == "blank page" else page.locator("td[role=gridcell]", has_text=ready)
    target.first.wait_for(state="attached", timeout=120_000)
    page.locator(DONE).wait_for(state="attached", timeout=120_000)


def load(browser, url: str, ready: str) -> tuple[float, int]:
    """Seconds from navigation in a fresh profile until ready, and the websocket bytes received."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    received = [0]

    def on_socket(ws):
        ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload)))

    page.on("websocket", on_socket)
    start_time = time.perf_counter()
    page.goto(url)
    wait_ready(page, ready)
    elapsed = time.perf_counter() - start_time
    context.close()
    return elapsed, received[0]


def rerun_times(env: dict[str, str], n: int) -> list[float]:
    """Server time of reruns of the app (AppTest, warm caches): a status filter set, then cleared."""
    import os

    from streamlit.testing.v1 import AppTest

    os.environ.update(env)
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=300)
    at.run()
    times = []
    for i in range(n):
        select = at.multiselect(key="overview_statuses_zh")
        (select.select("on_track") if i % 2 == 0 else select.set_value([]))
        start_time = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start_time)
        assert not at.exception, at.exception
    return times


def main() -> int:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=LOADS)
    parser.add_argument("--size", type=int, default=5000)
    opts = parser.parse_args()
    chromium = shutil.which("chromium")
    if not chromium:
        print("chromium is not installed (apt-get install chromium fonts-noto-cjk)")
        return 1
    big = str(opts.size)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        blank = tmp / "blank.py"
        blank.write_text('import streamlit as st\n\nst.write("blank page")\n', encoding="utf-8")

        shipped_url = f"sqlite:///{tmp / 'shipped.db'}"
        shipped_figures = spreadsheet.read_figures(ROOT / "data" / "actuals.csv")
        open_store(shipped_url).add(shipped_figures, Actor("bench", "admin"), catalog.load(), confirm_jumps=True)
        synthetic = synthetic_catalog(opts.size)
        synthetic_path = tmp / "synthetic.yaml"
        synthetic_path.write_text(yaml.safe_dump(synthetic, allow_unicode=True, sort_keys=False), encoding="utf-8")
        big_url = f"sqlite:///{tmp / 'big.db'}"
        big_figures = synthetic_figures(synthetic)
        open_store(big_url).add(big_figures, Actor("bench", "admin"), catalog.load(synthetic_path), confirm_jumps=True)

        grids = {}
        for name, rows in (("grid-shipped", shown_rows(None, open_store(shipped_url).current())),
                           (f"grid-{big}", shown_rows(synthetic_path, open_store(big_url).current()))):
            rows.to_pickle(tmp / f"{name}.pkl")
            (tmp / f"{name}.py").write_text(GRID_SCRIPT.format(path=str(tmp / f"{name}.pkl")), encoding="utf-8")
            grids[name] = rows["name"].iloc[0]

        users = str(tmp / "users.json")
        shipped_env = {"DASHBOARD_DATABASE_URL": shipped_url, "DASHBOARD_USERS_FILE": users}
        big_env = {"DASHBOARD_DATABASE_URL": big_url, "DASHBOARD_USERS_FILE": users,
                   "DASHBOARD_CATALOG": str(synthetic_path)}
        app = ROOT / "dashboard" / "app.py"
        servers = {
            "blank": (blank, {}, "blank page"),
            "grid-shipped": (tmp / "grid-shipped.py", {}, grids["grid-shipped"]),
            "shipped": (app, shipped_env, grids["grid-shipped"]),
            f"grid-{big}": (tmp / f"grid-{big}.py", {}, grids[f"grid-{big}"]),
            big: (app, big_env, grids[f"grid-{big}"]),
        }
        running = {name: start_app(script, env, tmp / f"{name}.log") for name, (script, env, _) in servers.items()}
        times: dict[str, list[float]] = {name: [] for name in servers}
        sent: dict[str, int] = {}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                for name, (_, _, ready) in servers.items():  # first (cold) load: caches fill
                    load(browser, running[name][1] + "/", ready)
                for _ in range(opts.loads):
                    for name, (_, _, ready) in servers.items():
                        elapsed, sent[name] = load(browser, running[name][1] + "/", ready)
                        times[name].append(elapsed)
                browser.close()
        finally:
            for process, _ in running.values():
                stop(process)
        reruns = rerun_times(big_env, 2 * opts.loads)

    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"fresh-profile page load until the table shows, seconds (median of {opts.loads}, interleaved)")
    print(f"{'page':<14}{'median':>8}{'x blank':>9}{'x grid':>8}{'ws bytes':>11}")
    for name, median in medians.items():
        grid = medians.get(f"grid-{name}") if name in ("shipped", big) else None
        print(f"{name:<14}{median:8.2f}{median / medians['blank']:9.2f}"
              f"{(f'{median / grid:8.2f}' if grid else f'{chr(8212):>8}')}{sent[name]:11,}")
    for name in ("shipped", big):
        print(f"target {name}: overview <= 1.15x its bare grid: {medians[name] / medians[f'grid-{name}']:.2f}x")
    print(f"server rerun of the app at {big} indicators (filter set / cleared, AppTest): median "
          f"{statistics.median(reruns) * 1000:.0f} ms (target <= 150 ms)")
    print(f"websocket payload of one load at {big}: {sent[big] / 1e6:.2f} MB (target <= 1.5 MB); "
          f"bare grid {sent[f'grid-{big}'] / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
