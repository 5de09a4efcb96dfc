"""Test helpers shared by all test modules."""

from __future__ import annotations

import os
import shutil

import pytest


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require_tool(executable: str, why: str) -> str:
    """Path of a system tool; skip with a reason on a laptop without it, fail under CI=true."""
    path = shutil.which(executable)
    if path:
        return path
    message = f"{executable} is not installed ({why}); .ci/run installs it"
    if in_ci():
        pytest.fail(message)
    pytest.skip(message)
