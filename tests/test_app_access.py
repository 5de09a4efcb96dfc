"""An open browser tab keeps no rights that the users file no longer gives."""

from __future__ import annotations

from dashboard.auth import UserStore
from tests.test_app import env, fixture_catalog, open_page, run_app, sign_in, texts  # noqa: F401 - fixtures


def has_entry_grid(at) -> bool:
    try:
        at.dataframe(key="entry_editor")
    except KeyError:
        return False
    return True


def signed_in(at) -> bool:
    return any("已登录" in c for c in texts(at.sidebar.caption))


def test_a_removed_user_is_signed_out_at_the_next_run(fixture_catalog, env):  # noqa: F811
    at = open_page(sign_in(run_app(), "li"), "app_pages/entry.py")
    assert signed_in(at) and has_entry_grid(at)
    UserStore().remove("li")
    at.run()
    assert not at.exception, at.exception
    assert not signed_in(at) and not has_entry_grid(at)


def test_a_demoted_user_loses_data_entry_in_an_open_tab(fixture_catalog, env):  # noqa: F811
    at = open_page(sign_in(run_app(), "li"), "app_pages/entry.py")
    assert has_entry_grid(at)
    UserStore().set_role("li", "viewer", ())
    at.run()
    assert not at.exception, at.exception
    assert signed_in(at) and not has_entry_grid(at)
