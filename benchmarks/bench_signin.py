"""Time a sign-in: an unknown name against a wrong password (they must cost the same, audit trail and
throttle file included), and what the throttle's lock adds; then 20 parallel threads against one account.

Run: .venv/bin/python benchmarks/bench_signin.py   (prints medians and ratios, asserts nothing)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.access import auth  # noqa: E402
from dashboard.access.throttle import LoginGuard  # noqa: E402
from dashboard.store import open_store  # noqa: E402

ROUNDS = 40
NEVER = {"threshold": 10**6, "client_threshold": 10**6}  # time the checks, never the throttle


def timed(fn) -> float:
    started = time.perf_counter()
    try:
        fn()
    except auth.AuthError:
        pass
    return time.perf_counter() - started


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    users = auth.UserStore(folder / "users.json")
    users.add("ann", "correct-horse-1", "viewer")
    store = open_store(f"sqlite:///{folder / 'trail.db'}")
    guard = LoginGuard.next_to(users.path, **NEVER)
    times: dict[str, list[float]] = {"unknown name": [], "wrong password": [], "guard only": []}
    for _ in range(ROUNDS):  # interleaved, so machine load hits both alike
        for label, name in (("unknown name", "nobody"), ("wrong password", "ann")):
            times[label].append(timed(lambda n=name: auth.sign_in(users, guard, n, "wrong-password", "10.0.0.1",
                                                                  audit=store.log_event)))
        times["guard only"].append(timed(lambda: guard.reserve("ann", "10.0.0.1")))
    medians = {k: statistics.median(v) * 1000 for k, v in times.items()}
    for label, ms in medians.items():
        print(f"{label:>15}: median {ms:6.1f} ms over {ROUNDS}")
    print(f"wrong password / unknown name: {medians['wrong password'] / medians['unknown name']:.3f}")

    lock_guard = LoginGuard.next_to(folder / "parallel.json", clock=lambda: 1e6)
    barrier, outcomes = threading.Barrier(20), []

    def attempt() -> None:
        barrier.wait()
        try:
            auth.sign_in(users, lock_guard, "ann", "wrong-password", "10.0.0.2")
        except auth.Throttled:
            outcomes.append("throttled")
        except auth.AuthError:
            outcomes.append("checked")

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"20 parallel attempts: {outcomes.count('checked')} checked, {outcomes.count('throttled')} throttled, "
          f"{(time.perf_counter() - started) * 1000:.0f} ms for all")


if __name__ == "__main__":
    main()
