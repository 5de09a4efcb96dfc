"""Users, passwords and roles: a users file outside git, scrypt hashes, throttled sign-in.

The users file (default ``data/users.json``, git-ignored; env ``DASHBOARD_USERS_FILE``) holds
``{"version": 1, "users": [...]}``, one record per user with a password hash of the form
``scrypt$n=16384,r=8,p=1$<salt>$<key>`` (base64): the cost parameters travel with the hash, so
raising `SCRYPT_PARAMS` later leaves old hashes verifiable (`needs_rehash` tells which to renew).
The file is rewritten atomically (temporary file + ``os.replace``) with mode 0600.

Sign-in never says which part was wrong (`WRONG_CREDENTIALS`), an unknown user costs the same
scrypt computation as a known one, and `dashboard.access.throttle.LoginGuard` slows repeated failures down:
each attempt is counted under a lock *before* its password is checked, so parallel attempts cannot
all pass the "not throttled" test.

Each record also holds a ``session`` token, renewed by a password reset or a role change: a signed-in
browser tab remembers the token it signed in with (`User.session`) and is signed out at its next run
when the file holds another one (or no record at all), so those changes end every open session.

Refusals are `AuthError(key, **params)` with the text in dashboard/labels/signin.py: ``str()`` gives
"zh / en", `AuthError.message(lang)` one language.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import hmac
import json
import math
import os
import re
import secrets
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dashboard.access.throttle import LoginGuard

ROLES = ("viewer", "reviewer", "manager", "admin")  # reviewer: a viewer who will also review
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
SCRYPT_PARAMS = {"n": 2**14, "r": 8, "p": 1}
DEFAULT_USERS_FILE = Path(__file__).resolve().parents[2] / "data" / "users.json"
WRONG_CREDENTIALS = "用户名或密码错误 / Wrong user name or password"  # str(AuthError("auth.wrong_credentials"))
USERNAME = re.compile(r"^[\w.@-]{1,64}$")
_HASH = re.compile(r"^scrypt\$n=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+)$")


class AuthError(Exception):
    """A refused user operation or a broken users file: a label key of dashboard/labels/signin.py and
    its parameters (an AuthError as a parameter is rendered in the same language)."""

    def __init__(self, key: str, /, **params):
        self.key, self.params = key, params
        super().__init__(key)

    def __str__(self) -> str:  # built when shown, not when raised: a refusal costs no label loading
        return f"{self.message('zh')} / {self.message('en')}"

    def message(self, lang: str) -> str:
        from dashboard.i18n import t

        values = {k: v.message(lang) if isinstance(v, AuthError) else v for k, v in self.params.items()}
        return t(self.key, lang).format(**values)


class Throttled(AuthError):
    """Too many failed sign-ins: `seconds` to wait before the next attempt is checked."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__("auth.throttled", seconds=max(1, math.ceil(seconds)))


# ---------------------------------------------------------------- password hashes


def hash_password(password: str, *, n: int = SCRYPT_PARAMS["n"], r: int = SCRYPT_PARAMS["r"],
                  p: int = SCRYPT_PARAMS["p"], salt: bytes | None = None) -> str:
    """Salted scrypt hash ``scrypt$n=..,r=..,p=..$salt$key`` (16-byte random salt, 32-byte key).

    >>> stored = hash_password("correct horse", n=2**4)
    >>> stored.startswith("scrypt$n=16,r=8,p=1$"), verify_password("correct horse", stored)
    (True, True)
    >>> hash_password("correct horse", n=2**4) == stored  # a new salt each time
    False
    """
    salt = secrets.token_bytes(16) if salt is None else salt
    key = _scrypt(password, salt, n, r, p)
    b64 = base64.b64encode
    return f"scrypt$n={n},r={r},p={p}${b64(salt).decode()}${b64(key).decode()}"


def verify_password(password: str, stored: str) -> bool:
    """True when `password` produces the stored key (constant-time comparison)."""
    n, r, p, salt, key = _parse_hash(stored)
    return hmac.compare_digest(_scrypt(password, salt, n, r, p, len(key)), key)


def needs_rehash(stored: str) -> bool:
    """True when the hash was made with weaker parameters than `SCRYPT_PARAMS`.

    >>> needs_rehash(hash_password("x" * 10, n=2**4))
    True
    """
    n, r, p, _, _ = _parse_hash(stored)
    return (n, r, p) < (SCRYPT_PARAMS["n"], SCRYPT_PARAMS["r"], SCRYPT_PARAMS["p"])


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int = 32) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen,
                          maxmem=max(64 * 2**20, 256 * n * r * p))


def _parse_hash(stored: str) -> tuple[int, int, int, bytes, bytes]:
    match = _HASH.match(stored) if isinstance(stored, str) else None
    if not match:
        raise AuthError("auth.hash_malformed", found=repr(str(stored)[:20]))
    n, r, p = (int(g) for g in match.groups()[:3])
    if not (2 <= n <= 2**20 and n & (n - 1) == 0 and 1 <= r <= 32 and 1 <= p <= 16):
        raise AuthError("auth.hash_params", n=n, r=r, p=p)
    try:
        salt, key = base64.b64decode(match[4], validate=True), base64.b64decode(match[5], validate=True)
    except binascii.Error as exc:
        raise AuthError("auth.hash_base64", detail=str(exc)) from None
    if len(salt) < 8 or len(key) < 16:
        raise AuthError("auth.hash_short", salt=len(salt), key=len(key))
    return n, r, p, salt, key


def _dummy_hash() -> str:
    """A random hash with the current parameters: unknown users cost the same scrypt check as known ones."""
    b64 = base64.b64encode
    return (f"scrypt$n={SCRYPT_PARAMS['n']},r={SCRYPT_PARAMS['r']},p={SCRYPT_PARAMS['p']}"
            f"${b64(secrets.token_bytes(16)).decode()}${b64(secrets.token_bytes(32)).decode()}")


# ---------------------------------------------------------------- users


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    departments: tuple[str, ...] = ()
    session: str = field(default="", compare=False, repr=False)  # the record's token (module docstring)

    def actor(self):
        """The `dashboard.store.Actor` this user acts as when changing figures, named by display name in
        messages (a reviewer writes no figures: a viewer that may accept and return them)."""
        from dashboard.store import Actor

        if self.role == "reviewer":  # writes nothing, reviews, and is named a reviewer in messages
            from dashboard.review import reviewer_actor

            return reviewer_actor(self.username, self.display_name)
        return Actor(name=self.username, role=self.role, departments=tuple(self.departments), shown=self.display_name)


def users_path(path: str | os.PathLike | None = None) -> Path:
    """The users file: `path`, else env DASHBOARD_USERS_FILE, else data/users.json."""
    return Path(path or os.environ.get("DASHBOARD_USERS_FILE") or DEFAULT_USERS_FILE)


def check_password_strength(password: str, username: str = "") -> None:
    """Raise AuthError when the password is too weak to store.

    >>> try:
    ...     check_password_strength("short")
    ... except AuthError as exc:
    ...     print(exc.message("en"))
    password too short — expected at least 10 characters, found 5
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError("auth.password_short", min=MIN_PASSWORD_LENGTH, found=len(password))
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AuthError("auth.password_long", max=MAX_PASSWORD_LENGTH, found=len(password))
    if not password.strip() or len(set(password)) < 3:
        raise AuthError("auth.password_simple")
    if username and username.strip().casefold() in password.casefold():
        raise AuthError("auth.password_has_name")


class UserStore:
    """The users file: add, change, remove and authenticate users. Reads the file on every call."""

    def __init__(self, path: str | os.PathLike | None = None,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.path = users_path(path)
        self._now = now

    def exists(self) -> bool:
        """True when at least one user is configured."""
        return bool(self._load())

    def list(self) -> list[User]:
        return [_user(rec) for rec in sorted(self._load().values(), key=lambda rec: rec["username"].casefold())]

    def get(self, username: str) -> User | None:
        rec = self._load().get(name_key(username))
        return _user(rec) if rec else None

    def add(self, username: str, password: str, role: str, departments: Iterable[str] = (),
            display_name: str | None = None) -> User:
        username = username.strip() if isinstance(username, str) else ""
        if not USERNAME.match(username):
            raise AuthError("auth.bad_username", found=username)
        depts = check_role(role, departments)
        check_password_strength(password, username)
        with self._editing() as users:
            if name_key(username) in users:
                raise AuthError("auth.user_exists", name=username)
            stamp = self._stamp()
            users[name_key(username)] = {"username": username, "display_name": (display_name or "").strip() or username,
                                         "role": role, "departments": list(depts), "password": hash_password(password),
                                         "session": new_session(), "created": stamp, "updated": stamp}
            return _user(users[name_key(username)])

    def reset_password(self, username: str, password: str) -> None:
        """Set a new password and end every open session of the user."""
        check_password_strength(password, username)
        with self._editing() as users:
            rec = _existing(users, username)
            rec.update(password=hash_password(password), session=new_session(), updated=self._stamp())

    def set_role(self, username: str, role: str, departments: Iterable[str] | None = None) -> User:
        """Change the role (departments stay as they were unless given); ends every open session of the user."""
        with self._editing() as users:
            rec = _existing(users, username)
            depts = check_role(role, rec["departments"] if departments is None else departments)
            rec.update(role=role, departments=list(depts), session=new_session(), updated=self._stamp())
            return _user(rec)

    def remove(self, username: str) -> User:
        """Remove the user (their open sessions end: the record is gone); returns what was removed."""
        with self._editing() as users:
            removed = _user(_existing(users, username))
            del users[name_key(username)]
            return removed

    def authenticate(self, username: str, password: str) -> User | None:
        """The user when name and password match, else None; an unknown name still costs one scrypt check."""
        rec = self._load().get(name_key(username)) if isinstance(username, str) else None
        if rec is None or not isinstance(password, str) or len(password) > MAX_PASSWORD_LENGTH:
            verify_password(password[:MAX_PASSWORD_LENGTH] if isinstance(password, str) else "", _dummy_hash())
            return None
        return _user(rec) if verify_password(password, rec["password"]) else None

    # ------------------------------------------------------------ file

    def _stamp(self) -> str:
        return self._now().astimezone(UTC).isoformat(timespec="seconds")

    def _load(self) -> dict[str, dict]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise AuthError("auth.file_unreadable", path=self.path, detail=str(exc)) from None
        records = data.get("users") if isinstance(data, dict) else None
        if not isinstance(records, list):
            raise AuthError("auth.file_shape", path=self.path)
        users: dict[str, dict] = {}
        for i, rec in enumerate(records):
            problem = _record_problem(rec)
            if problem is None and name_key(rec["username"]) in users:
                problem = AuthError("auth.record_twice", name=rec["username"])
            if problem:
                raise AuthError("auth.file_record", path=self.path, index=i, problem=problem)
            users[name_key(rec["username"])] = rec
        return users

    @contextlib.contextmanager
    def _editing(self):
        """Read, let the caller change, write back atomically, under an exclusive lock."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(self.path.with_name(self.path.name + ".lock")):
            users = self._load()
            yield users
            write_atomic(self.path, json.dumps({"version": 1, "users": list(users.values())},
                                               ensure_ascii=False, indent=2) + "\n")


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to a temporary file in the same folder (mode 0600), then rename it over `path`."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _locked(lock_path: Path):
    try:
        import fcntl
    except ImportError:  # not POSIX: no inter-process lock
        yield
        return
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def name_key(username: str) -> str:
    return username.strip().casefold() if isinstance(username, str) else ""


def new_session() -> str:
    """A fresh session token: tabs signed in with another token are signed out at their next run."""
    return secrets.token_hex(8)


def _user(rec: Mapping) -> User:
    return User(rec["username"], rec.get("display_name") or rec["username"], rec["role"], tuple(rec["departments"]),
                rec.get("session") or "")


def _existing(users: dict, username: str) -> dict:
    if name_key(username) not in users:
        raise AuthError("auth.no_user", name=username)
    return users[name_key(username)]


def check_role(role: str, departments: Iterable[str]) -> tuple[str, ...]:
    """The cleaned departments (blank and repeated names dropped); AuthError for a bad role or a bare manager."""
    if role not in ROLES:
        raise AuthError("auth.unknown_role", roles=", ".join(ROLES), found=role)
    depts = tuple(dict.fromkeys(d.strip() for d in departments if isinstance(d, str) and d.strip()))
    if role == "manager" and not depts:
        raise AuthError("auth.manager_needs_department")
    return depts


def _record_problem(rec) -> AuthError | None:
    if not isinstance(rec, dict):
        return AuthError("auth.record_not_mapping")
    for name, kind in (("username", str), ("role", str), ("departments", list), ("password", str)):
        if not isinstance(rec.get(name), kind):
            return AuthError("auth.record_field", field=name, kind=kind.__name__)
    if not isinstance(rec.get("session", ""), str):
        return AuthError("auth.record_field", field="session", kind="str")
    if not all(isinstance(d, str) for d in rec["departments"]):
        return AuthError("auth.record_departments", name=rec["username"])
    if rec["role"] not in ROLES:
        return AuthError("auth.unknown_role", roles=", ".join(ROLES), found=rec["role"])
    try:
        _parse_hash(rec["password"])
    except AuthError as exc:
        return AuthError("auth.record_hash", name=rec["username"], problem=exc)
    return None


Audit = Callable[[str, "str | None", str, "str | None"], None]  # Store.log_event(action, user, detail, client)


def sign_in(store: UserStore, guard: LoginGuard, username: str, password: str, client: str = "",
            audit: Audit | None = None) -> User:
    """Check a sign-in through the guard: the User, or AuthError(WRONG_CREDENTIALS) / Throttled.

    The guard counts the attempt before the password is checked (`LoginGuard.reserve`) and settles it
    after. `audit` records "sign_in", "sign_in_failed" (wrong name and wrong password alike) and
    "sign_in_throttled" (the first refusal after each checked attempt; later ones are only counted).
    """
    name = username[:200] if isinstance(username, str) else ""
    verdict = guard.reserve(name, client)
    if verdict.wait > 0:
        if audit is not None and verdict.first_refusal:
            audit("sign_in_throttled", name, f"sign-in refused without a password check: wait "
                  f"{max(1, math.ceil(verdict.wait))} s", client or None)
        raise Throttled(verdict.wait)
    user = store.authenticate(name, password)
    guard.settle(name, client, ok=user is not None)
    if audit is not None:
        if user is None:
            audit("sign_in_failed", name, "wrong user name or password", client or None)
        else:
            audit("sign_in", user.username, f"signed in as {user.role}", client or None)
    if user is None:
        raise AuthError("auth.wrong_credentials")
    return user


# ---------------------------------------------------------------- deployment settings

_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def require_login_for_viewers(environ: Mapping[str, str] | None = None) -> bool:
    """Env DASHBOARD_VIEWERS_MUST_SIGN_IN: must viewers sign in? (default false).

    >>> require_login_for_viewers({"DASHBOARD_VIEWERS_MUST_SIGN_IN": "True"})
    True
    >>> require_login_for_viewers({})
    False
    """
    raw = (os.environ if environ is None else environ).get("DASHBOARD_VIEWERS_MUST_SIGN_IN", "")
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise AuthError("auth.viewers_setting", found=raw)
