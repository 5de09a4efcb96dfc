"""Sign-in throttling: repeated wrong passwords slow down, per account and per client address.

Counts live in memory (guarded by a thread lock), or in a small JSON file beside the users file
(`LoginGuard.next_to(users_file)`), read and rewritten under an exclusive `fcntl.flock` on a lock
file beside it, so that every thread, session and process counts every attempt: no update is lost.

An attempt is counted *before* its password is checked (`reserve`), as a failure, and settled after
(`settle`): a success takes it back. So twenty parallel attempts cannot all see "not throttled":
each sees the ones reserved before it. The policy (README, "Accounts and roles"):

- account: 3 free failures, then the next attempt waits 1 s, 2 s, 4 s … after the last counted one,
  capped at 1 minute; the right password clears the account's count.
- client address: 5 free failures (several people behind one office address may mistype), then
  1 s, 2 s … capped at 15 minutes; a success from it does not clear it (one valid account of the
  attacker must not open the door to guessing others), time does.
- a known address (one that signed in to the account in the last 30 days) is gated by its own
  failures on the account (same limits as the account), not by other addresses': someone guessing
  ann's password from elsewhere does not keep ann out on her usual machine. From a new address the
  real user waits at most 1 minute per attempt, and the attacker's own address slows to one
  attempt per 15 minutes, which frees the account in turn.
- a refused attempt (told to wait) is not counted, so hammering does not push the wait further out.
- a key is forgotten after 15 quiet minutes past the end of its wait.
- at most `max_keys` (5,000) keys are kept, so an attacker trying many names or addresses cannot
  grow the file (read whole at every check) without bound: past the cap, the keys not holding anyone
  up right now are dropped, the oldest first (failure counts before known addresses), down to 90 % of
  the cap (so the sorting happens once per few hundred new keys, not at every attempt). A key whose
  wait has not ended (a locked-out account, a slowed address) is never dropped; it ends within its
  cap (1 or 15 minutes) and is droppable from then on.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from dashboard.access.auth import AuthError, _locked, name_key, users_path, write_atomic

CLIENT_HEADER_ENV = "DASHBOARD_CLIENT_IP_HEADER"
MAX_KEYS = 5_000  # about 300 KB of JSON at most (see the module docstring)


@dataclass(frozen=True)
class Verdict:
    """What `LoginGuard.reserve` decided: `wait` > 0 refuses the attempt; `first_refusal` says it is the
    first refusal since the last counted attempt (the one worth an audit-trail row)."""

    wait: float
    first_refusal: bool = False


class LoginGuard:
    """Slow down repeated failed sign-ins, per account and per client (an IP address).

    After `threshold` failures on an account, the next attempt waits `base`, then 2·base, 4·base, …
    (capped at `cap` seconds) counted from the last failure; a client address likewise with
    `client_threshold` and `client_cap`. A success clears the account's count, not the client's, and
    makes its address *known* for the account (for `known_for` seconds): from a known address only that
    address's own failures on the account (same limits) slow the account down, not other addresses'.
    A key quiet for `forget_after` seconds past the end of its wait is forgotten.

    >>> clock = [0.0]
    >>> guard = LoginGuard(clock=lambda: clock[0])
    >>> for _ in range(4):
    ...     guard.record("ann", "10.0.0.1", ok=False)
    >>> guard.check("ann", "10.0.0.9")  # 4 failures: 2 s after the last one
    2.0
    >>> guard.reserve("ann", "10.0.0.9")  # refused, and not counted
    Verdict(wait=2.0, first_refusal=True)
    """

    def __init__(self, path: str | os.PathLike | None = None, clock: Callable[[], float] = time.time,
                 threshold: int = 3, base: float = 1.0, cap: float = 60.0, forget_after: float = 900.0,
                 client_threshold: int = 5, client_cap: float = 900.0, known_for: float = 30 * 86400.0,
                 max_keys: int = MAX_KEYS):
        self.path = Path(path) if path else None
        self.max_keys = max_keys
        self.clock, self.base, self.forget_after, self.known_for = clock, base, forget_after, known_for
        self.limits = {"user": (threshold, cap), "pair": (threshold, cap), "client": (client_threshold, client_cap),
                       "known": (1, 0.0)}
        self._memory: dict[str, list[float]] = {}  # key -> [count, time of last counted attempt, refusals]
        self._mutex = threading.Lock()

    @classmethod
    def next_to(cls, users_file: str | os.PathLike | None = None, **kwargs) -> LoginGuard:
        """A guard persisted beside the users file (users.json -> users.throttle.json)."""
        path = users_path(users_file)
        return cls(path.with_name(path.stem + ".throttle.json"), **kwargs)

    def delay(self, failures: int, kind: str = "user") -> float:
        """Seconds to wait after `failures` failures: 0 below the threshold, then base·2^k, capped.

        >>> [LoginGuard().delay(n) for n in (2, 3, 4, 9, 10)], LoginGuard().delay(9, "client")
        ([0.0, 1.0, 2.0, 60.0, 60.0], 16.0)
        """
        threshold, cap = self.limits[kind]
        if failures < threshold:
            return 0.0
        return min(cap, self.base * 2.0 ** min(failures - threshold, 64))

    def check(self, username: str, client: str = "") -> float:
        """Seconds to wait before this attempt may be checked (0.0 = go ahead); changes nothing."""
        with self._counts(write=False) as counts:
            return self._wait(counts, self._gates(counts, username, client), self.clock())

    def reserve(self, username: str, client: str = "") -> Verdict:
        """Count this attempt as a failure before its password is checked, unless it must wait.

        Atomic across threads and processes: of attempts arriving together, each sees those reserved
        before it. Call `settle` once the password is checked.
        """
        with self._counts() as counts:
            now = self.clock()
            gates = self._gates(counts, username, client)
            wait = self._wait(counts, gates, now)
            if wait > 0:
                refusals = [counts[k] for k in gates if k in counts]
                for entry in refusals:
                    entry[2] += 1
                return Verdict(wait, any(entry[2] == 1 for entry in refusals))
            self._fail(counts, username, client, now)
            return Verdict(0.0)

    def settle(self, username: str, client: str, ok: bool) -> None:
        """After a reserved attempt: a success takes the reservation back (and clears the account)."""
        if not ok:
            return  # already counted by `reserve`
        with self._counts() as counts:
            self._succeed(counts, username, client, self.clock())
            if client and f"client:{client}" in counts:
                entry = counts[f"client:{client}"]
                entry[0] = max(0, entry[0] - 1)

    def record(self, username: str, client: str, ok: bool) -> None:
        """Count one checked attempt without a reservation (a failure, or a success clearing the account)."""
        with self._counts() as counts:
            (self._succeed if ok else self._fail)(counts, username, client, self.clock())

    # ------------------------------------------------------------ counts

    @staticmethod
    def _keys(username: str, client: str) -> list[str]:
        """The counted keys: the account, and with an address the address and the (account, address) pair."""
        user = name_key(username)
        return [f"user:{user}"] + ([f"client:{client}", f"pair:{user}|{client}"] if client else [])

    def _gates(self, counts: Mapping[str, list[float]], username: str, client: str) -> list[str]:
        """The keys whose wait applies: the account's (the pair's from a known address) and the address's."""
        user, *by_client = self._keys(username, client)
        if not by_client:
            return [user]
        address, pair = by_client
        return [pair if f"known:{name_key(username)}|{client}" in counts else user, address]

    def _fail(self, counts: dict[str, list[float]], username: str, client: str, now: float) -> None:
        for key in self._keys(username, client):
            counts[key] = [(counts[key][0] if key in counts else 0) + 1, now, 0]

    def _succeed(self, counts: dict[str, list[float]], username: str, client: str, now: float) -> None:
        user, *by_client = self._keys(username, client)
        counts.pop(user, None)
        if by_client:
            counts.pop(by_client[1], None)
            counts[f"known:{name_key(username)}|{client}"] = [0, now, 0]

    def _wait(self, counts: Mapping[str, list[float]], gates: list[str], now: float) -> float:
        waits = [0.0]
        for key in gates:
            if key in counts:
                count, last = counts[key][:2]
                waits.append(last + self.delay(int(count), key.split(":", 1)[0]) - now)
        return max(waits)

    def _forget(self, counts: dict[str, list[float]], now: float) -> dict[str, list[float]]:
        def kept(key: str, entry: list[float]) -> bool:
            kind = key.split(":", 1)[0]
            if kind == "known":
                return now - entry[1] < self.known_for
            return kind in self.limits and now - entry[1] < self.delay(int(entry[0]), kind) + self.forget_after

        return self._bound({k: v for k, v in counts.items() if kept(k, v)}, now)

    def _bound(self, counts: dict[str, list[float]], now: float) -> dict[str, list[float]]:
        """At most `max_keys` keys: over it, drop those holding no one up now, oldest first (known addresses
        last), down to 90 % of the cap; keys still waiting are never dropped."""
        if len(counts) <= self.max_keys:
            return counts
        droppable = [k for k, v in counts.items()
                     if k.startswith("known:") or v[1] + self.delay(int(v[0]), k.split(":", 1)[0]) <= now]
        droppable.sort(key=lambda k: (k.startswith("known:"), counts[k][1]))
        for key in droppable[:len(counts) - int(self.max_keys * 0.9)]:
            del counts[key]
        return counts

    @contextlib.contextmanager
    def _counts(self, write: bool = True) -> Iterator[dict[str, list[float]]]:
        """The counts, under the lock (thread lock; with a file also an exclusive flock), written back after."""
        with self._mutex:
            if self.path is None:
                self._memory = self._forget(self._memory, self.clock())
                yield self._memory
                self._bound(self._memory, self.clock())  # the keys this attempt added count too
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with _locked(self.path.with_name(self.path.name + ".lock")):
                counts = self._forget(self._read(), self.clock())
                yield counts
                if write:
                    self._bound(counts, self.clock())
                    write_atomic(self.path, json.dumps(counts, ensure_ascii=False))

    def _read(self) -> dict[str, list[float]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise AuthError("auth.counts_unreadable", path=self.path, detail=str(exc)) from None
        try:  # [count, last] from before refusals were counted reads as [count, last, 0]
            return {str(k): [float(v[0]), float(v[1]), float(v[2]) if len(v) > 2 else 0.0] for k, v in data.items()}
        except (AttributeError, TypeError, ValueError, IndexError, KeyError):
            raise AuthError("auth.counts_shape", path=self.path) from None


def client_address(ip: str | None, headers: Mapping[str, str] | None,
                   environ: Mapping[str, str] | None = None) -> str:
    """The address a sign-in comes from: the connection's peer (`st.context.ip_address`), or behind a
    reverse proxy the header that proxy sets, named by env DASHBOARD_CLIENT_IP_HEADER (e.g. X-Real-IP;
    for X-Forwarded-For the last entry, the one the proxy added). "" when unknown (e.g. localhost).

    >>> client_address("10.0.0.5", {"X-Real-IP": "203.0.113.7"}, {})
    '10.0.0.5'
    >>> client_address(None, {"X-Forwarded-For": "1.2.3.4, 203.0.113.7"},
    ...                {"DASHBOARD_CLIENT_IP_HEADER": "X-Forwarded-For"})
    '203.0.113.7'
    """
    header = (os.environ if environ is None else environ).get(CLIENT_HEADER_ENV, "").strip()
    if header and isinstance(headers, Mapping):
        value = next((v for k, v in headers.items() if str(k).lower() == header.lower()), "")
        forwarded = [part.strip() for part in str(value).split(",") if part.strip()]
        if forwarded:
            return forwarded[-1][:100]
    return ip[:100] if isinstance(ip, str) else ""  # not a text (no real connection, e.g. under AppTest): unknown
