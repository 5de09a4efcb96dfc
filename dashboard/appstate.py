"""The page layer's shared state: cached core calls, language, as-of year, signed-in user.

Caching (style.md §11): `@st.cache_data` lives here, never in the core. Cached calls are keyed on
the catalog file (path + modification time) and on the store's *generation*, a counter kept per
database URL in a process-wide resource and bumped by `saved()` after every write, so the next
run of any page (in any session) recomputes from the database. A short TTL also picks up writes
made by other processes (the command line, a second app server).

Session-state keys are prefixed by their owner: ``app_`` for the frame (language, as-of, user),
``signin_`` for the sign-in form, and each page's own prefix (``overview_``, ``entry_`` …).
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import catalog as catalog_mod
from dashboard import metrics
from dashboard.access import auth, throttle
from dashboard.audit import audit as plan_audit
from dashboard.i18n import DEFAULT_LANG, LANGS, t

EXTERNAL_WRITES_TTL = 60  # seconds: how soon writes from other processes show up
LANG_KEY, AS_OF_KEY, USER_KEY = "app_lang", "app_as_of", "app_user"
FAVICON = Path(__file__).resolve().parent.parent / ".streamlit" / "favicon.png"  # served by this server
PAGE_FILES = {
    "overview": "app_pages/overview.py",
    "indicator": "app_pages/indicator.py",
    "plan_audit": "app_pages/plan_audit.py",
    "entry": "app_pages/entry.py",
    "trail": "app_pages/trail.py",
    "report": "app_pages/report.py",
    "new_plan": "app_pages/new_plan.py",
    "todo": "app_pages/todo.py",
    "review": "app_pages/review.py",
    "owners": "app_pages/owners.py",
}


# ---------------------------------------------------------------- inputs: catalog and store


def catalog_path() -> Path:
    """The catalog file or folder: env DASHBOARD_CATALOG, else the shipped indicators.yaml."""
    return catalog_mod.default_path().resolve()


def database_url() -> str | None:
    """The database URL from env DASHBOARD_DATABASE_URL (None: the store's default SQLite file)."""
    return os.environ.get("DASHBOARD_DATABASE_URL") or None


_SOURCES: dict[str, tuple] = {}  # catalog path -> every file (and globbed folder) its last load read


def _catalog_key() -> tuple[str, int]:
    """(path, a number that changes when any file of the catalog changes, or one appears in plans/)."""
    path = catalog_path()
    return str(path), hash(catalog_mod.fingerprint(_SOURCES.get(str(path), (path,))))


@st.cache_resource(show_spinner=False, max_entries=8)
def _catalog(path: str, mtime: int) -> catalog_mod.Catalog:
    loaded = catalog_mod.load(path)
    _SOURCES[path] = loaded.sources or (Path(path),)
    return loaded


@st.cache_resource(show_spinner=False, max_entries=8)
def _owned(path: str, mtime: int, url: str | None, gen: int) -> catalog_mod.Catalog:
    from dashboard import assignments
    from dashboard.store.writes import StoreUnavailable

    try:
        return assignments.apply(_store(url), _catalog(path, mtime))
    except StoreUnavailable:  # the pages show the store's fault themselves
        return _catalog(path, mtime)


def catalog_base() -> catalog_mod.Catalog:
    """The catalog as its files say (owners as written there, without the assignments)."""
    return _catalog(*_catalog_key())


def catalog() -> catalog_mod.Catalog:
    """The loaded catalog with the owners the office assigned (raises `CatalogError` for app.py to show)."""
    return _owned(*_catalog_key(), database_url(), generation())


@st.cache_data(show_spinner=False, max_entries=8)
def _indicators(path: str, mtime: int) -> pd.DataFrame:
    return _catalog(path, mtime).frame()


@st.cache_data(show_spinner=False, max_entries=8, ttl=EXTERNAL_WRITES_TTL)
def _owned_indicators(path: str, mtime: int, url: str | None, gen: int) -> pd.DataFrame:
    return _owned(path, mtime, url, gen).frame()


def indicators() -> pd.DataFrame:
    """`Catalog.frame()` of the current catalog, with the owners the office assigned."""
    return _owned_indicators(*_catalog_key(), database_url(), generation())


@st.cache_resource(show_spinner=False, max_entries=8)
def _store(url: str | None):
    from dashboard.store import open_store

    return open_store(url)


def store():
    """The actuals store for the configured URL (one per process and URL; creates the database)."""
    return _store(database_url())


@st.cache_resource(show_spinner=False)
def _generations() -> dict[str | None, int]:
    return {}


def generation() -> int:
    """The write counter of the configured store (part of every store-derived cache key)."""
    return _generations().get(database_url(), 0)


def saved() -> None:
    """Call after every write to the store: later runs recompute statuses, histories, the trail."""
    gens = _generations()
    gens[database_url()] = gens.get(database_url(), 0) + 1


@st.cache_data(show_spinner=False, max_entries=16, ttl=EXTERNAL_WRITES_TTL)
def _actuals(url: str | None, gen: int) -> pd.DataFrame:
    return _store(url).current()


def actuals() -> pd.DataFrame:
    """The current (newest) revision of every figure in the store."""
    return _actuals(database_url(), generation())


@st.cache_data(show_spinner=False, max_entries=8, ttl=EXTERNAL_WRITES_TTL)
def _briefing(url: str | None, gen: int, include_submitted: bool) -> tuple[pd.DataFrame, str, int]:
    from dashboard.review import briefing_figures

    return briefing_figures(_store(url), include_submitted)


def briefing_figures(include_submitted: bool) -> tuple[pd.DataFrame, str, int]:
    """What a printed briefing rests on: accepted figures, or every newest figure (`review.briefing_figures`)."""
    return _briefing(database_url(), generation(), include_submitted)


@st.cache_data(show_spinner=False, max_entries=32, ttl=EXTERNAL_WRITES_TTL)
def _results(path: str, mtime: int, url: str | None, gen: int, as_of: int | None) -> pd.DataFrame:
    return metrics.compute(_owned_indicators(path, mtime, url, gen), _actuals(url, gen), as_of)


def results(as_of: int | None = None) -> pd.DataFrame:
    """`metrics.compute` for every indicator at `as_of` (None: the latest year with data)."""
    return _results(*_catalog_key(), database_url(), generation(), as_of)


@st.cache_data(show_spinner=False, max_entries=16, ttl=EXTERNAL_WRITES_TTL)
def _overview(path: str, mtime: int, url: str | None, gen: int, as_of: int | None, lang: str) -> pd.DataFrame:
    from dashboard.app_pages.overview_table import overview_table, review_marks

    cat = _owned(path, mtime, url, gen)
    titles = {p.id: (p.title_en if lang == "en" and p.title_en else p.title) for p in cat.plans.values()}
    return overview_table(_results(path, mtime, url, gen, as_of), lang, titles, review_marks(_actuals(url, gen)))


def overview(as_of: int | None, lang: str) -> pd.DataFrame:
    """The overview's display table of every indicator (`app_pages.overview_table`), built once per
    results and language: a rerun (a filter set or cleared) only selects rows of it."""
    return _overview(*_catalog_key(), database_url(), generation(), as_of, lang)


@st.cache_data(show_spinner=False, max_entries=64, ttl=EXTERNAL_WRITES_TTL)
def _history(url: str | None, gen: int, indicator_id: str) -> pd.DataFrame:
    return _store(url).history(indicator_id)


def history(indicator_id: str) -> pd.DataFrame:
    """Every revision of every figure of one indicator."""
    return _history(database_url(), generation(), indicator_id)


@st.cache_data(show_spinner=False, max_entries=8, ttl=EXTERNAL_WRITES_TTL)
def _audit_log(url: str | None, gen: int) -> pd.DataFrame:
    return _store(url).audit_log()


def audit_log() -> pd.DataFrame:
    """The store's audit trail (every write, who, when, old -> new)."""
    return _audit_log(database_url(), generation())


@st.cache_data(show_spinner=False, max_entries=8)
def _plan_audit(path: str, mtime: int, lang: str) -> pd.DataFrame:
    return plan_audit(_indicators(path, mtime), lang)


def plan_audit_frame(lang: str) -> pd.DataFrame:
    """`dashboard.audit.audit` of the catalog, explanations in `lang`."""
    return _plan_audit(*_catalog_key(), lang)


def data_years() -> list[int]:
    """The years that have at least one figure, ascending."""
    acts = actuals()
    if not len(acts):
        return []
    years = pd.to_numeric(acts["year"], errors="coerce").dropna().astype(int)
    return sorted(set(years.tolist()))


def alias(target: st.Page, url_path: str) -> st.Page:
    """A hidden page at /`url_path` that opens `target`: the default page lives at "/", so a direct link
    to its own name (/overview) would otherwise show "Page not found"."""
    return st.Page(lambda: st.switch_page(target), title=target.title, url_path=url_path, visibility="hidden")


# ---------------------------------------------------------------- language and as-of year


def lang() -> str:
    """The language chosen in the sidebar (zh by default)."""
    value = st.session_state.get(LANG_KEY, DEFAULT_LANG)
    return value if value in LANGS else DEFAULT_LANG


def language_switch() -> str:
    """The sidebar language switch; returns the chosen language."""
    st.session_state.setdefault(LANG_KEY, DEFAULT_LANG)
    st.sidebar.segmented_control(t("app.language", lang()), LANGS, key=LANG_KEY, required=True,
                                 format_func={"zh": "中文", "en": "English"}.get)
    return lang()


LATEST = 0  # the as-of choice "latest year with data" (a selectbox shows None as "nothing chosen")


def as_of_label(year: int, years: list[int], language: str) -> str:
    """How an as-of choice reads: a year, or "latest (2021)".

    >>> as_of_label(LATEST, [2019, 2021], "zh"), as_of_label(2019, [2019, 2021], "en"), as_of_label(LATEST, [], "en")
    ('最新（2021）', '2019', 'Latest (no data yet)')
    """
    if year != LATEST:
        return str(year)
    return t("app.as_of_latest", language).format(year=years[-1]) if years else t("app.as_of_none", language)


def sticky(widget, base: str, label: str, options, *, variant: str | None = None, **kwargs):
    """A select widget (`st.selectbox`, `st.multiselect`, … or a container's) whose options read
    differently by language: its key changes with the language (and `variant`), because the browser
    keeps showing the old labels of a keyed select widget otherwise, and the chosen value is kept
    under `base` + "__chosen" (not a widget key, so it also survives page switches) and carried over.
    """
    key = f"{base}_{variant or lang()}"
    memory = f"{base}__chosen"
    options = list(options)
    if key not in st.session_state and memory in st.session_state:
        chosen = st.session_state[memory]
        if isinstance(chosen, list):
            st.session_state[key] = [c for c in chosen if c in options]
            kwargs.pop("default", None)
        elif chosen in options:
            st.session_state[key] = chosen
            kwargs.pop("index", None)
    value = widget(label, options, key=key, **kwargs)
    st.session_state[memory] = value
    return value


def as_of_selector(language: str) -> int | None:
    """The sidebar as-of year: latest or a year that has data; returns the year (None: latest)."""
    years = data_years()
    sticky(st.sidebar.selectbox, AS_OF_KEY, t("app.as_of", language), [LATEST, *reversed(years)],
           variant=f"{language}_{years[-1] if years else 'none'}",
           format_func=lambda y: as_of_label(y, years, language))
    return as_of()


def as_of() -> int | None:
    """The as-of year chosen in the sidebar (None: the latest year with data)."""
    return st.session_state.get(AS_OF_KEY + "__chosen") or None


# ---------------------------------------------------------------- sign-in


def user() -> auth.User | None:
    """The signed-in user of this browser tab, if any, as the users file says now.

    Read on every run: a user removed, or whose password, role or departments changed since this tab
    signed in (the record's session token differs), is signed out here, with a message for the panel,
    so an open tab never keeps rights, or a password, that were taken away.
    """
    current = st.session_state.get(USER_KEY)
    if current is None:
        return None
    try:
        fresh, why = auth.UserStore().get(current.username), "signin.ended_removed"
    except auth.AuthError:  # a broken users file grants nothing
        fresh, why = None, "signin.ended_unreadable"
    if fresh is None or fresh.session != current.session:
        sign_out()
        st.session_state[ENDED_KEY] = why if fresh is None else "signin.ended_changed"
        return None
    if fresh != current:
        st.session_state[USER_KEY] = fresh
    return fresh


ENDED_KEY = "signin_ended"  # why this tab was signed out (a label key), shown once by the panel


def sign_out(audit: bool = False) -> None:
    """Forget this tab's user; `audit`: the user chose to sign out (recorded in the audit trail)."""
    current = st.session_state.pop(USER_KEY, None)
    if audit and current is not None:
        store().log_event("sign_out", current.username, "signed out", _client() or None)


def _client() -> str:
    """This tab's client address (see `throttle.client_address`; "" when unknown, e.g. localhost)."""
    try:
        ip, headers = st.context.ip_address, st.context.headers
    except Exception:  # noqa: BLE001 - no request context (tests, bare mode)
        return ""
    return throttle.client_address(ip, headers)


def sign_in(username: str, password: str, language: str) -> str | None:
    """Check a sign-in; on success remember the user and return None, else the message to show.

    Wrong name and wrong password give the same message; the `LoginGuard`'s wait is reported,
    never slept. Every attempt is recorded in the audit trail (`Store.log_event`).
    """
    users = auth.UserStore()
    guard = throttle.LoginGuard.next_to(users.path)
    try:
        st.session_state[USER_KEY] = auth.sign_in(users, guard, username.strip(), password, _client(),
                                                  audit=store().log_event)
    except auth.Throttled as exc:
        return t("signin.wait", language).format(seconds=max(1, math.ceil(exc.seconds)))
    except auth.AuthError as exc:
        if exc.key == "auth.wrong_credentials":
            return t("signin.wrong", language)
        return t("signin.users_file_error", language) + " " + md_escape(exc.message(language))
    st.session_state.pop(ENDED_KEY, None)
    return None


def users_configured() -> bool:
    """True when the users file holds at least one user (False also when it cannot be read)."""
    try:
        return auth.UserStore().exists()
    except auth.AuthError:
        return False


def sign_in_panel(language: str) -> auth.User | None:
    """The sidebar block: who is signed in and a sign-out button, or the sign-in form."""
    current = user()
    box = st.sidebar.container(border=True)
    ended = st.session_state.pop(ENDED_KEY, None)
    if ended:
        box.warning(t(ended, language))
    if current is not None:
        box.caption(t("signin.as", language).format(name=md_escape(current.display_name),
                                                    role=t(f"role.{current.role}", language)))
        if current.departments:
            box.caption(t("signin.departments", language).format(departments=md_escape("、".join(current.departments))))
        if box.button(t("signin.sign_out", language), key="signin_sign_out"):
            sign_out(audit=True)
            st.rerun()
        return current
    with box.form("signin_form", clear_on_submit=False, border=False):
        st.markdown(f"**{t('signin.title', language)}**")
        username = st.text_input(t("signin.username", language), key="signin_username")
        password = st.text_input(t("signin.password", language), type="password", key="signin_password")
        submitted = st.form_submit_button(t("signin.submit", language))
    if submitted:
        message = sign_in(username or "", password or "", language)
        if message is None:
            st.rerun()
        box.error(message)
    return None


def require_role(language: str, roles: tuple[str, ...] = ("manager", "admin")) -> auth.User | None:
    """The signed-in user when their role is one of `roles`; otherwise show why and return None."""
    current = user()
    if current is None:
        st.info(t("signin.required", language))
        if not users_configured():
            st.warning(t("signin.no_users", language))
            st.code("python -m dashboard user add admin --role admin", language="bash")
        return None
    if current.role not in roles:
        st.warning(t("signin.admin_only", language) if roles == ("admin",) else t("signin.required", language))
        return None
    return current


MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|<>~$:"


def md_escape(text: str) -> str:
    r"""`text` with every Markdown special character escaped, so user text shows literally in
    st.markdown / st.error / st.warning (no links, emphasis, HTML or LaTeX from what people typed).

    >>> md_escape("<script>alert(1)</script> *x* $5$")
    '\\<script\\>alert\\(1\\)\\</script\\> \\*x\\* \\$5\\$'
    """
    return "".join("\\" + c if c in MARKDOWN_SPECIAL else c for c in str(text))
