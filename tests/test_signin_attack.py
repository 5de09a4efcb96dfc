"""Sign-in under parallel attack: however many threads, sessions or processes try at once, no more
passwords are checked than the throttle allows (dashboard/throttle.py). The checks are counted by
wrapping the scrypt computation; the counts are printed (run with -s to see them).

Time is a fixed or stepped clock, never the wall clock: the tests are exact, not timed.
"""

from __future__ import annotations

import json
import multiprocessing
import threading

import pytest

from dashboard.access import auth
from dashboard.access.auth import AuthError, Throttled, UserStore
from dashboard.access.throttle import LoginGuard, client_address

PASSWORD = "correct-horse-1"
ATTEMPTS = 20
T0 = 1_000_000.0


def frozen_clock() -> float:
    """Every attempt happens in the same instant (module level: a spawned process can use it)."""
    return T0


class SteppedClock:
    def __init__(self, t: float = T0):
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def users(tmp_path) -> UserStore:
    store = UserStore(tmp_path / "users.json")
    store.add("ann", PASSWORD, "manager", ["市商务委"])
    return store


@pytest.fixture
def checks(monkeypatch) -> list[str]:
    """One entry per scrypt computation, i.e. per password checked (thread-safe: list.append)."""
    calls: list[str] = []
    real = auth._scrypt

    def counting(*args, **kwargs):
        calls.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(auth, "_scrypt", counting)
    return calls


def attempt(users: UserStore, guard: LoginGuard, password: str, client: str) -> str:
    try:
        auth.sign_in(users, guard, "ann", password, client)
    except Throttled:
        return "throttled"
    except AuthError:
        return "wrong"
    return "in"


def in_parallel(n: int, fn) -> list[str]:
    """Run fn(i) in n threads released together by a barrier; return the results in order."""
    barrier, results = threading.Barrier(n), [""] * n

    def run(i: int) -> None:
        barrier.wait()
        results[i] = fn(i)

    threads = [threading.Thread(target=run, args=(i,), name=f"attempt-{i}") for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def allowed_checks(guard_kwargs: dict, seconds: int) -> int:
    """How many failed attempts the policy lets through, one client retrying every second (the oracle)."""
    clock = SteppedClock()
    guard = LoginGuard(clock=clock, **guard_kwargs)
    checked = 0
    for second in range(seconds + 1):
        clock.t = T0 + second
        if guard.reserve("ann", "10.9.9.9").wait == 0:
            checked += 1
    return checked


# ---------------------------------------------------------------- one instant, many attackers


@pytest.mark.parametrize("kept", ["file", "memory"])
def test_parallel_threads_get_no_more_checks_than_the_throttle_allows(users, checks, kept):
    guard = LoginGuard.next_to(users.path, clock=frozen_clock) if kept == "file" else LoginGuard(clock=frozen_clock)
    outcomes = in_parallel(ATTEMPTS, lambda i: attempt(users, guard, "wrong-password", f"10.0.0.{i}"))
    print(f"\n{ATTEMPTS} parallel threads ({kept}): {len(checks)} password checks, "
          f"{outcomes.count('throttled')} throttled")
    assert len(checks) == guard.limits["user"][0] == 3  # the account's free failures, not one more
    assert outcomes.count("wrong") == 3 and outcomes.count("throttled") == ATTEMPTS - 3
    if kept == "file":  # the counter saw every checked attempt: no lost update
        assert json.loads(guard.path.read_text())["user:ann"][0] == 3


def _attempt_in_process(users_file: str, barrier, results, i: int) -> None:
    calls = []
    real = auth._scrypt

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    auth._scrypt = counting
    guard, users = LoginGuard.next_to(users_file, clock=frozen_clock), UserStore(users_file)
    barrier.wait()
    outcome = attempt(users, guard, "wrong-password", f"10.0.1.{i}")
    results.put((outcome, len(calls)))


def test_parallel_processes_get_no_more_checks_than_the_throttle_allows(users):
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(ATTEMPTS), ctx.Queue()
    procs = [ctx.Process(target=_attempt_in_process, args=(str(users.path), barrier, results, i))
             for i in range(ATTEMPTS)]
    for proc in procs:
        proc.start()
    outcomes = [results.get(timeout=180) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    checked = sum(n for _, n in outcomes)
    print(f"\n{ATTEMPTS} parallel processes: {checked} password checks, "
          f"{sum(o == 'throttled' for o, _ in outcomes)} throttled")
    assert all(proc.exitcode == 0 for proc in procs)
    assert checked == 3
    assert sorted(o for o, _ in outcomes) == ["throttled"] * (ATTEMPTS - 3) + ["wrong"] * 3
    counts = json.loads(LoginGuard.next_to(users.path).path.read_text())
    assert counts["user:ann"][0] == 3


# ---------------------------------------------------------------- 20 seconds of attack


def test_twenty_seconds_of_parallel_attack_get_what_one_sequential_attacker_gets(users, checks):
    """The issue: 20 parallel attempts got 141 checks in 20 s where one attacker got 7."""
    sequential = allowed_checks({}, 20)
    clock = SteppedClock()
    guard = LoginGuard.next_to(users.path, clock=clock)
    for second in range(21):  # every second, 20 attempts at once (each from its own address)
        clock.t = T0 + second
        in_parallel(ATTEMPTS, lambda i: attempt(users, guard, "wrong-password", f"10.0.2.{i}"))
    print(f"\n20 s, {ATTEMPTS} attempts a second in parallel: {len(checks)} password checks "
          f"(one attacker in sequence: {sequential})")
    assert sequential == 7
    assert len(checks) == sequential


# ---------------------------------------------------------------- the real user is not locked out


def test_the_real_user_on_a_known_address_is_not_kept_out_by_an_attacker(users, checks):
    clock = SteppedClock()
    guard = LoginGuard(clock=clock)
    assert attempt(users, guard, PASSWORD, "192.0.2.10") == "in"  # ann's usual machine, once
    held_up, let_in = 0, []
    for second in range(1, 601):  # ten minutes of guessing from elsewhere, every second
        clock.t = T0 + second
        attempt(users, guard, "wrong-password", "203.0.113.66")
        held_up += guard.check("ann", "203.0.113.99") > 0  # would a new address have to wait now?
        if second % 30 == 0:  # ann signs in from her usual machine every half minute
            let_in.append(attempt(users, guard, PASSWORD, "192.0.2.10"))
    print(f"\nten minutes of attack: a new address was held up in {held_up} s of 600, ann's machine let in "
          f"{let_in.count('in')} times of {len(let_in)}")
    assert held_up > 0  # the attack does hold the account up, for strangers
    assert let_in == ["in"] * 20  # never for ann's machine
    assert attempt(users, guard, "wrong-password", "192.0.2.10") == "wrong"  # its own failures still count


def test_from_a_new_address_the_real_user_gets_in_once_the_attackers_address_is_slowed(users, checks):
    clock = SteppedClock()
    guard = LoginGuard(clock=clock)
    waited = None
    for second in range(3600):  # the attacker tries every second; from the 30th second ann too, elsewhere
        clock.t = T0 + second
        attempt(users, guard, "wrong-password", "203.0.113.66")
        if second >= 30 and attempt(users, guard, PASSWORD, "198.51.100.7") == "in":
            waited = second - 30
            break
    print(f"\nann on a new address got in after {waited} s of trying every second, during an attack from one "
          f"address ({len(checks)} password checks in all)")
    assert waited is not None and 60 < waited < 300  # held up, not for ever: the attacker's address slowed


def test_a_refused_attempt_is_not_counted_and_logged_once(users):
    clock, events = SteppedClock(), []
    guard = LoginGuard.next_to(users.path, clock=clock)
    for _ in range(3):
        attempt(users, guard, "wrong-password", "10.0.3.1")
    for _ in range(5):  # hammering while told to wait
        with pytest.raises(Throttled):
            auth.sign_in(users, guard, "ann", "wrong-password", "10.0.3.1", audit=lambda *e: events.append(e))
    assert guard.check("ann", "10.0.3.1") == 1  # still 1 s: hammering did not push the wait out
    assert [e[0] for e in events] == ["sign_in_throttled"]  # the first refusal only
    assert events[0][1:] == ("ann", "sign-in refused without a password check: wait 1 s", "10.0.3.1")


def test_counts_from_before_refusals_were_kept_still_read(users):
    guard = LoginGuard.next_to(users.path, clock=frozen_clock)
    guard.path.write_text(json.dumps({"user:ann": [5, T0]}))
    assert guard.check("ann") == 4


# ---------------------------------------------------------------- where an attempt comes from


@pytest.mark.parametrize("ip, headers, setting, expected", [
    ("10.0.0.5", {"X-Real-IP": "203.0.113.7"}, "", "10.0.0.5"),  # headers ignored unless configured
    (None, {"X-Real-IP": "203.0.113.7"}, "x-real-ip", "203.0.113.7"),
    ("127.0.0.2", {"X-Forwarded-For": "6.6.6.6, 203.0.113.7"}, "X-Forwarded-For", "203.0.113.7"),
    ("10.0.0.5", {}, "X-Real-IP", "10.0.0.5"),  # configured but missing: the connection's address
    (None, None, "", ""),  # localhost: unknown, only the account is throttled
])
def test_client_address(ip, headers, setting, expected):
    assert client_address(ip, headers, {"DASHBOARD_CLIENT_IP_HEADER": setting}) == expected
