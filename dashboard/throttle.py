"""Sign-in throttling: repeated wrong passwords slow down, per user name and per client.

Counts live in memory, or in a small JSON file beside the users file so that they survive a
restart (`LoginGuard.next_to(users_file)`). Used through `dashboard.auth.sign_in`.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from dashboard.auth import AuthError, name_key, users_path, write_atomic


class LoginGuard:
    """Slow down repeated failed sign-ins, per user name and per client (e.g. an IP address).

    After `threshold` failures on a key, the next attempt waits `base`, then 2·base, 4·base, …
    (capped at `cap` seconds) counted from the last failure. A success clears the user name's
    count; a client's count is not cleared by a success (one valid account must not open the door
    to guessing others) but is forgotten, like any count, after `forget_after` quiet seconds.
    With `path`, counts are kept in a small JSON file so they survive a restart.

    >>> clock = [0.0]
    >>> guard = LoginGuard(clock=lambda: clock[0])
    >>> for _ in range(4):
    ...     guard.record("ann", "10.0.0.1", ok=False)
    >>> guard.check("ann", "10.0.0.9")  # 4 failures: 2 s after the last one
    2.0
    """

    def __init__(self, path: str | os.PathLike | None = None, clock: Callable[[], float] = time.time,
                 threshold: int = 3, base: float = 1.0, cap: float = 60.0, forget_after: float = 900.0):
        self.path = Path(path) if path else None
        self.clock, self.threshold, self.base, self.cap, self.forget_after = clock, threshold, base, cap, forget_after
        self._failures: dict[str, list[float]] = self._read()  # key -> [count, time of last failure]

    @classmethod
    def next_to(cls, users_file: str | os.PathLike | None = None, **kwargs) -> LoginGuard:
        """A guard persisted beside the users file (users.json -> users.throttle.json)."""
        path = users_path(users_file)
        return cls(path.with_name(path.stem + ".throttle.json"), **kwargs)

    def delay(self, failures: int) -> float:
        """Seconds to wait after `failures` failures: 0 below the threshold, then base·2^k, capped."""
        if failures < self.threshold:
            return 0.0
        return min(self.cap, self.base * 2.0 ** min(failures - self.threshold, 64))

    def check(self, username: str, client: str = "") -> float:
        """Seconds to wait before this attempt may be checked (0.0 = go ahead)."""
        now = self.clock()
        waits = [0.0]
        for key in self._keys(username, client):
            count, last = self._failures.get(key, (0, now))
            if now - last < self.forget_after:
                waits.append(last + self.delay(int(count)) - now)
        return max(waits)

    def record(self, username: str, client: str, ok: bool) -> None:
        now = self.clock()
        self._failures = {k: v for k, v in self._failures.items() if now - v[1] < self.forget_after}
        user_key, *client_key = self._keys(username, client)
        if ok:
            self._failures.pop(user_key, None)
        else:
            for key in (user_key, *client_key):
                self._failures[key] = [self._failures.get(key, [0, now])[0] + 1, now]
        self._write()

    @staticmethod
    def _keys(username: str, client: str) -> list[str]:
        return [f"user:{name_key(username)}"] + ([f"client:{client}"] if client else [])

    def _read(self) -> dict[str, list[float]]:
        if not self.path:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise AuthError(f"{self.path}: cannot read the sign-in counts — expected JSON ({exc}); "
                            "delete the file to start afresh") from None
        try:
            return {str(k): [float(v[0]), float(v[1])] for k, v in data.items()}
        except (AttributeError, TypeError, ValueError, IndexError, KeyError):
            raise AuthError(f"{self.path}: expected {{key: [count, time]}} sign-in counts; "
                            "delete the file to start afresh") from None

    def _write(self) -> None:
        if self.path:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(self._failures, ensure_ascii=False))
