"""How long the overview takes to appear in headless Chromium, beside a blank Streamlit page.

Three servers run side by side (each `streamlit run`, its own temporary database):
  blank    a one-line script (st.write), the floor of any Streamlit page here;
  shipped  the app on the shipped catalog and data/actuals.csv;
  1000     the app on 1,000 synthetic indicators (3 plans, 10 departments) with 2 years of figures each.
For each: the first (cold) load, then the median of LOADS loads in a fresh browser profile each
(nothing cached: every script chunk fetched and compiled again), the median of LOADS loads in one
profile (a returning user: the browser's cache holds the scripts), both from navigation until the
overview's table holds its rows and the script has finished; and for the app the median of LOADS
in-app switches from the indicator page back to the overview (the sidebar link, as a user does).
Prints figures and the ratios to the blank page; asserts nothing. Targets: shipped ≤ 2×, 1,000
indicators ≤ 4× the blank page. The machine is shared: expect ±20 % between runs.

Run: .venv/bin/python benchmarks/bench_app.py   (needs Debian's chromium)
"""

from __future__ import annotations

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
            ind |= {"direction": "increase", "target": {"year": 2020 + i % 3}}
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


def wait_ready(page, ready: str) -> None:
    """Until the page shows `ready` (the blank page's text, or a cell of the overview's table: the grid
    draws on a canvas and mirrors its cells in a hidden table) and the script has finished."""
    target = page.get_by_text(ready) if ready == "blank page" else page.locator("td[role=gridcell]", has_text=ready)
    target.first.wait_for(state="attached", timeout=60_000)
    page.locator(DONE).wait_for(state="attached", timeout=60_000)


def load(opener, url: str, ready: str) -> float:
    """Seconds from navigation in a new tab of `opener` (a browser: fresh profile; a context: shared cache)."""
    page = opener.new_page(**({"viewport": VIEWPORT} if hasattr(opener, "new_context") else {}))
    start_time = time.perf_counter()
    page.goto(url)
    wait_ready(page, ready)
    elapsed = time.perf_counter() - start_time
    page.close()
    return elapsed


def switches(browser, base: str, ready: str, n: int) -> list[float]:
    """In-app switches indicator page -> overview through the sidebar link (one browser session)."""
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(base + "/indicator")
    page.locator(DONE).wait_for(state="attached", timeout=60_000)
    times = []
    for _ in range(n):
        page.get_by_role("link", name="指标详情").click()
        page.get_by_text("选择指标").first.wait_for(timeout=60_000)
        page.locator(DONE).wait_for(state="attached", timeout=60_000)
        page.wait_for_timeout(200)
        start_time = time.perf_counter()
        page.get_by_role("link", name="总览").click()
        wait_ready(page, ready)
        times.append(time.perf_counter() - start_time)
    page.close()
    return times


def main() -> int:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if not chromium:
        print("chromium is not installed (apt-get install chromium fonts-noto-cjk)")
        return 1
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        blank = tmp / "blank.py"
        blank.write_text('import streamlit as st\n\nst.write("blank page")\n', encoding="utf-8")

        shipped_url = f"sqlite:///{tmp / 'shipped.db'}"
        open_store(shipped_url).add(spreadsheet.read_figures(ROOT / "data" / "actuals.csv"),
                                    Actor("bench", "admin"), catalog.load(), confirm_jumps=True)
        synthetic = synthetic_catalog(1000)
        synthetic_path = tmp / "synthetic.yaml"
        synthetic_path.write_text(yaml.safe_dump(synthetic, allow_unicode=True, sort_keys=False), encoding="utf-8")
        big_url = f"sqlite:///{tmp / 'big.db'}"
        open_store(big_url).add(synthetic_figures(synthetic), Actor("bench", "admin"), catalog.load(synthetic_path),
                                confirm_jumps=True)

        users = str(tmp / "users.json")
        servers = {
            "blank": (blank, {}, "blank page"),
            "shipped": (ROOT / "dashboard" / "app.py", {"DASHBOARD_DATABASE_URL": shipped_url,
                                                         "DASHBOARD_USERS_FILE": users},
                        list(catalog.load().indicators.values())[1].name),
            "1000": (ROOT / "dashboard" / "app.py", {"DASHBOARD_DATABASE_URL": big_url, "DASHBOARD_USERS_FILE": users,
                                                      "DASHBOARD_CATALOG": str(synthetic_path)}, "合成指标0001"),
        }
        running = {name: start_app(script, env, tmp / f"{name}.log") for name, (script, env, _) in servers.items()}
        results = {}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                for name, (_, _, ready) in servers.items():
                    base = running[name][1]
                    cold = load(browser, base + "/", ready)
                    fresh = [load(browser, base + "/", ready) for _ in range(LOADS)]
                    profile = browser.new_context(viewport=VIEWPORT)
                    cached = [load(profile, base + "/", ready) for _ in range(LOADS + 1)][1:]
                    profile.close()
                    switch = switches(browser, base, ready, LOADS) if name != "blank" else []
                    results[name] = (cold, statistics.median(fresh), statistics.median(cached),
                                     statistics.median(switch) if switch else None)
                browser.close()
        finally:
            for process, _ in running.values():
                stop(process)

    _, blank_fresh, blank_cached, _ = results["blank"]
    print(f"page load to a rendered overview in headless Chromium, seconds (median of {LOADS})")
    print(f"{'page':<9}{'first':>7}{'fresh':>7}{'×blank':>8}{'cached':>8}{'×blank':>8}{'switch':>8}")
    for name, (cold, fresh, cached, switch) in results.items():
        switch_text = f"{switch:8.2f}" if switch is not None else f"{'—':>8}"
        print(f"{name:<9}{cold:7.2f}{fresh:7.2f}{fresh / blank_fresh:8.2f}{cached:8.2f}{cached / blank_cached:8.2f}"
              f"{switch_text}")
    for name, target in (("shipped", 2), ("1000", 4)):
        print(f"target {name}: ≤ {target}× blank — fresh profile {results[name][1] / blank_fresh:.2f}×, "
              f"cached {results[name][2] / blank_cached:.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
