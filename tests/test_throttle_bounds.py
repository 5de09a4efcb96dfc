"""The sign-in throttle's file stays bounded (dashboard/throttle.py, `max_keys`): expired keys go, the
oldest first past the cap, never a key still holding someone up; and the bound does not let parallel
attempts through. Clocks are fixed or stepped, never the wall clock."""

from __future__ import annotations

import json
import threading

import pytest

from dashboard.access import auth, throttle
from dashboard.access.auth import AuthError, Throttled, UserStore
from dashboard.access.throttle import MAX_KEYS, LoginGuard

PASSWORD = "correct-horse-1"
T0 = 1_000_000.0


class Clock:
    def __init__(self, t: float = T0):
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def users(tmp_path) -> UserStore:
    store = UserStore(tmp_path / "users.json")
    store.add("ann", PASSWORD, "manager", ["市商务委"])
    return store


def stored(guard: LoginGuard) -> dict:
    return json.loads(guard.path.read_text(encoding="utf-8"))


def test_a_hundred_thousand_names_leave_a_file_of_bounded_size(users, tmp_path):
    """100k distinct names (one failure each, as an old unbounded file kept them), then more attempts:
    the file is pruned to the cap at the next write and never grows past it."""
    clock = Clock()
    guard = LoginGuard.next_to(users.path, clock=clock)
    flood = {f"user:attacker{i}": [1.0, T0 - 800 + i * 0.008, 0.0] for i in range(100_000)}
    guard.path.write_text(json.dumps(flood), encoding="utf-8")
    unbounded = guard.path.stat().st_size
    guard.record("ann", "", ok=False)
    counts = stored(guard)
    print(f"\n100,000 names: {unbounded:,} bytes before, {guard.path.stat().st_size:,} bytes "
          f"({len(counts):,} keys, cap {MAX_KEYS:,}) after one attempt")
    assert len(counts) <= MAX_KEYS
    assert guard.path.stat().st_size < 400_000
    assert "user:ann" in counts  # the newest key stays
    assert "user:attacker99999" in counts and "user:attacker0" not in counts  # the oldest went first
    sizes = []
    for i in range(MAX_KEYS // 5):  # a thousand more distinct names, one at a time, within the window
        clock.t += 0.01
        guard.record(f"more{i}", "", ok=False)
        sizes.append(len(stored(guard)))
    assert max(sizes) <= MAX_KEYS


def test_expired_keys_are_dropped_below_the_cap_too(users):
    clock = Clock()
    guard = LoginGuard.next_to(users.path, clock=clock)
    for i in range(50):
        guard.record(f"name{i}", "", ok=False)
    assert len(stored(guard)) == 50
    clock.t += guard.forget_after + 1  # one failure: no wait, so 15 quiet minutes forget it
    guard.record("ann", "", ok=False)
    assert list(stored(guard)) == ["user:ann"]


def test_a_locked_account_stays_locked_while_the_file_is_pruned(users):
    clock = Clock()
    guard = LoginGuard.next_to(users.path, clock=clock, max_keys=100)
    for _ in range(6):  # 6 failures: the next attempt waits 8 s
        guard.record("ann", "", ok=False)
    assert guard.check("ann") == 8.0
    for i in range(1_000):  # ten times the cap of other names, all newer than ann's lock-out
        clock.t += 0.005
        guard.record(f"flood{i}", "", ok=False)
        assert len(stored(guard)) <= 100
    counts = stored(guard)
    assert counts["user:ann"][0] == 6
    assert guard.check("ann") == pytest.approx(8.0 - 5.0)
    with pytest.raises(Throttled):
        auth.sign_in(users, guard, "ann", PASSWORD, "")


def test_a_slowed_address_and_a_known_address_outlive_plain_counts(users):
    clock = Clock()
    guard = LoginGuard.next_to(users.path, clock=clock, max_keys=20)
    guard.record("ann", "192.0.2.10", ok=True)  # ann's machine: known
    for i in range(6):
        guard.record(f"x{i}", "203.0.113.9", ok=False)  # this address: 6 failures, slowed
    for i in range(40):
        clock.t += 0.01
        guard.record(f"y{i}", "", ok=False)
    counts = stored(guard)
    assert "client:203.0.113.9" in counts and "known:ann|192.0.2.10" in counts
    assert len(counts) <= 20


def test_parallel_attempts_against_one_account_with_a_full_file(users, monkeypatch):
    """20 threads at once against ann while the file is at its cap (each write prunes): still only the
    account's 3 free failures get a password check."""
    calls: list[str] = []
    real = auth._scrypt
    monkeypatch.setattr(auth, "_scrypt", lambda *a, **k: calls.append("x") or real(*a, **k))
    guard = LoginGuard.next_to(users.path, clock=lambda: T0, max_keys=200)
    guard.path.write_text(json.dumps({f"user:old{i}": [1.0, T0 - 1 - i, 0.0] for i in range(199)}), encoding="utf-8")
    barrier, outcomes = threading.Barrier(20), []

    def run(i: int) -> None:
        barrier.wait()
        try:
            auth.sign_in(users, guard, "ann", "wrong-password", f"10.1.0.{i}")
            outcomes.append("in")
        except Throttled:
            outcomes.append("throttled")
        except AuthError:
            outcomes.append("wrong")

    threads = [threading.Thread(target=run, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(f"\n20 parallel attempts, file at its cap of 200 keys: {len(calls)} password checks, "
          f"{outcomes.count('throttled')} refused")
    assert len(calls) == 3 and outcomes.count("wrong") == 3 and outcomes.count("throttled") == 17
    counts = stored(guard)
    assert counts["user:ann"][0] == 3 and len(counts) <= 200


def test_the_default_cap_is_the_documented_one():
    assert MAX_KEYS == 5_000 and LoginGuard().max_keys == MAX_KEYS
    assert "5,000" in (throttle.__doc__ or "")
