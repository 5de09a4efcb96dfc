"""Time loading a 5,000-indicator catalog: libyaml composing (`CSafeLoader`, what `catalog.load` uses) against
the pure-Python loader (the path before), the same validation after both — cold (nothing cached) and warm (the
composed file cached, as on every later command or app start with the file unchanged); check all give the same
catalog and that a broken file gives the same located messages either way.

    .venv/bin/python benchmarks/bench_catalog.py [--indicators 5000] [--repeats 5]

Prints medians; asserts nothing except that both paths agree.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import catalog  # noqa: E402
from dashboard.catalog import cache, located  # noqa: E402

SHIPPED = Path(__file__).resolve().parent.parent / "indicators.yaml"


def big_catalog(n: int) -> str:
    """The shipped plans, and `n` indicators made by repeating the shipped ones under new ids."""
    data = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    base = data["indicators"]
    out = []
    for i in range(n):
        ind = dict(base[i % len(base)])
        ind["id"] = f"{ind['id']}-{i // len(base)}"
        if "tracks" in ind:
            ind["tracks"] = f"{ind['tracks']}-{i // len(base)}"
        out.append(ind)
    return yaml.safe_dump({"version": 1, "plans": data["plans"], "indicators": out}, allow_unicode=True,
                          sort_keys=False)


def timed(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cached(kinds: set, fn):
    """`fn` with only these kinds of cache answering ("catalog": the composed YAML; "loaded": whole catalogs)."""
    real = cache.get
    cache.get = lambda kind, key: real(kind, key) if kind in kinds else None
    try:
        return fn()
    finally:
        cache.get = real


def cold(fn):
    return cached(set(), fn)


def with_loader(loader, fn):
    saved = located.FAST_LOADER
    located.FAST_LOADER = loader
    try:
        return fn()
    finally:
        located.FAST_LOADER = saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ[located.CACHE_ENV] = str(Path(tmp) / "cache")
        path = Path(tmp) / "indicators.yaml"
        path.write_text(big_catalog(args.indicators), encoding="utf-8")
        catalog.load(path)  # fills the cache
        fast_times, slow_times, warm_times, reused_times = [], [], [], []
        for _ in range(args.repeats):  # interleaved
            fast_times.append(timed(lambda: cold(lambda: catalog.load(path)), 1))
            warm_times.append(timed(lambda: cached({"catalog"}, lambda: catalog.load(path)), 1))
            reused_times.append(timed(lambda: catalog.load(path), 1))
            slow_times.append(timed(lambda: cold(lambda: with_loader(yaml.SafeLoader, lambda: catalog.load(path))), 1))
        fast, slow, warm, reused = (statistics.median(t) for t in (fast_times, slow_times, warm_times, reused_times))
        reference = cold(lambda: with_loader(yaml.SafeLoader, lambda: catalog.load(path))).frame()
        same = all(frame.equals(reference) for frame in (
            catalog.load(path).frame(), cold(lambda: catalog.load(path)).frame(),
            cached({"catalog"}, lambda: catalog.load(path)).frame()))
        compose_fast = timed(lambda: cold(lambda: located.Located(path.read_text(encoding="utf-8"))), args.repeats)
        compose_slow = timed(lambda: with_loader(yaml.SafeLoader, lambda: located.Located(
            path.read_text(encoding="utf-8"))), args.repeats)
        print(f"{args.indicators:,} indicators, {path.stat().st_size / 1e6:.1f} MB")
        print(f"  load, pure-Python YAML (before): {slow * 1000:8.1f} ms  ({slow / args.indicators * 1e3:.3f} ms each)")
        print(f"  load, libyaml, cold (now):       {fast * 1000:8.1f} ms  ({fast / args.indicators * 1e3:.3f} ms each)"
              f"  {slow / fast:.1f}x faster")
        print(f"  load, libyaml, warm (now):       {warm * 1000:8.1f} ms  ({warm / args.indicators * 1e3:.3f} ms each)"
              f"  {slow / warm:.1f}x faster  (composed YAML cached, validated again)")
        print(f"  load, unchanged catalog reused:  {reused * 1000:8.1f} ms  {slow / reused:.1f}x faster  "
              "(the whole validated catalog from the cache)")
        print(f"  YAML composing alone: {compose_slow * 1000:.0f} -> {compose_fast * 1000:.0f} ms "
              f"({compose_slow / compose_fast:.1f}x)")
        print("  both paths give the same catalog" if same else "  the two paths DISAGREE")
        broken = path.read_text(encoding="utf-8").replace("kind: level", "kind: levels", 1) + "  - {id: x\n"
        messages = []
        for loader in (located.FAST_LOADER, yaml.SafeLoader):
            try:
                with_loader(loader, lambda: catalog.parse(broken))
            except catalog.CatalogError as exc:
                messages.append([str(p) for p in exc.problems])
        print("  a broken file gives the same messages either way" if messages[0] == messages[1]
              else "  messages DIFFER between the loaders")
        return 0 if same and messages[0] == messages[1] else 1


if __name__ == "__main__":
    sys.exit(main())
