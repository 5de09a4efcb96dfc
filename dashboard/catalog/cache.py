"""A folder of pickled results, each under a digest of what it was made from: the composed YAML of large
files (`located`) and whole validated catalogs (`load`), so that the next command or app start that reads
the same unchanged files skips the work. `$DASHBOARD_CACHE`, else ~/.cache/dashboard; a folder per kind
that only its owner may read or write (any other is not trusted), the newest `KEEP` files per kind kept.
A cache that cannot be read or written is not used; nothing else changes."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

CACHE_ENV = "DASHBOARD_CACHE"
KEEP = 32  # files kept per kind: tests and many catalogs must not fill the folder


def digest(*parts: bytes) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def folder(kind: str) -> Path:
    return Path(os.environ.get(CACHE_ENV) or Path.home() / ".cache" / "dashboard") / kind


def _trusted(where: Path) -> bool:
    """Only a folder of ours that nobody else may write is read or written."""
    st = where.stat()
    return not st.st_mode & 0o077 and st.st_uid == os.getuid()


def get(kind: str, key: str):
    """The value put under `key`, or None (none, unreadable, or a folder others could have written)."""
    try:
        where = folder(kind)
        if not _trusted(where):
            return None
        with open(where / f"{key}.pickle", "rb") as fh:
            return pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, ImportError, TypeError):
        return None


def put(kind: str, key: str, value) -> None:
    """Keep `value` under `key` (written whole or not at all); the oldest files beyond KEEP are removed."""
    try:
        where = folder(kind)
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _trusted(where):  # never made private after the fact: others may have written into it
            return
        fd, tmp = tempfile.mkstemp(dir=where, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, where / f"{key}.pickle")
        kept = sorted(where.glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in kept[KEEP:]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return


def files_digest(paths) -> str:
    """A digest of what these paths hold now: a file's bytes, a folder's names (a file appearing in a globbed
    folder changes it), a missing path as missing."""
    parts = []
    for p in paths:
        p = Path(p)
        try:
            if p.is_dir():
                parts.append(b"dir:" + "\n".join(sorted(c.name for c in p.iterdir())).encode("utf-8"))
            else:
                parts.append(b"file:" + p.read_bytes())
        except OSError:
            parts.append(b"missing")
    return digest(*parts)


def code_digest(*files: Path) -> bytes:
    """A digest of the code that makes a cached value: a change to it leaves every older value unused."""
    return digest(*(Path(f).read_bytes() for f in sorted(map(str, files)))).encode()
