"""Data entry: a manager's (or admin's) figures for one year in an editable grid, validated before
saving; spreadsheet import with a dry-run preview; export of the current figures.

Nothing is written while any cell is wrong; suspicious jumps (3× / ⅓ of the year before) are saved
only after an explicit confirmation and are then marked. Every write goes through the store as
the signed-in user, which also enforces who may write what. A figure changed by someone else
since the grid was loaded (the command line, another server) is never overwritten: the save is
refused, the changes are listed and the page offers to reload the figures.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import appstate
from dashboard.app_pages import entry_files
from dashboard.app_pages import entry_grid as eg
from dashboard.figures import STATUSES, FigureError, InvalidFigures, RowProblem
from dashboard.i18n import t
from dashboard.review import PeriodLocked, returned_rows, state_marks
from dashboard.spreadsheet import merge_problems
from dashboard.store import PermissionDenied, StaleFigures, StoreUnavailable

EDITOR = "entry_editor"
STALE = "entry_stale"


def reset_editor() -> None:
    """Forget unsaved grid edits and pending confirmations (the grid's rows are about to change)."""
    for key in (EDITOR, "entry_jumps", "entry_confirm_jumps", STALE):
        st.session_state.pop(key, None)


def reload_figures() -> None:
    """on_click of the reload button after a refused save: read the store again, drop the grid's edits."""
    appstate.saved()
    reset_editor()


def stale(exc: StaleFigures, names_by_row: dict, lang: str) -> None:
    """Keep the refused save's conflicts for the page to show (with the reload button) until reloaded."""
    st.session_state[STALE] = eg.stale_lines(exc.conflicts, names_by_row, lang)
    st.rerun()


def show_stale(lang: str) -> None:
    lines = st.session_state.get(STALE)
    if lines:
        show_problems(t("entry.stale_head", lang), lines)
        st.button(t("entry.stale_reload", lang), key="entry_reload", on_click=reload_figures)


def unsaved_edits() -> bool:
    state = st.session_state.get(EDITOR) or {}
    return any(state.get(part) for part in ("edited_rows", "added_rows", "deleted_rows"))


def change_scope(widget_key: str, previous_key: str) -> None:
    """on_change of the selectors that change the grid's rows (department, plan, year): while the
    grid holds unsaved edits the change is undone and a warning asks to save or discard them first,
    so typed figures are never thrown away by a stray click."""
    if unsaved_edits() and previous_key in st.session_state:
        st.session_state[widget_key] = st.session_state[previous_key]
        st.session_state["entry_unsaved_warning"] = True
        return
    reset_editor()


def show_problems(head: str, lines: list[str]) -> None:
    st.error(head + "\n\n" + "\n".join(f"- {appstate.md_escape(line)}" for line in lines))


def bullet_warning(head: str, lines: list[str]) -> None:
    st.warning(head + "\n\n" + "\n".join(f"- {appstate.md_escape(line)}" for line in lines))


def _without_source(changes: pd.DataFrame, figures: pd.DataFrame, lang: str) -> str | None:
    """The warning naming every figure just stored without a source (saved all the same), or None."""
    stored = changes[changes["change"] != "unchanged"] if "change" in changes else changes.iloc[0:0]
    if stored.empty:
        return None
    sources = figures.get("source", pd.Series(None, index=figures.index))
    given = {(i, int(y)) for i, y, src in zip(figures["indicator_id"], figures["year"], sources, strict=True)
             if isinstance(src, str) and src.strip()}
    inds = appstate.catalog().indicators
    missing = [t("entry.no_source_item", lang).format(
        name=(inds[i].name_en or inds[i].name) if lang == "en" and i in inds else inds[i].name if i in inds else i,
        year=int(y)) for i, y in zip(stored["indicator_id"], stored["year"], strict=True) if (i, int(y)) not in given]
    return t("entry.no_source", lang).format(items=t("files.separator", lang).join(missing)) if missing else None


def write(figures: pd.DataFrame, jumps: list[RowProblem], names_by_row: dict, lang: str, after=None,
          skip_invalid: bool = False) -> None:
    """Store the figures as the signed-in user; on success refresh every cache and the page."""
    try:
        result = appstate.store().add(figures, appstate.user().actor(), appstate.catalog(),
                                      confirm_jumps=eg.jump_keys(jumps, figures), skip_invalid=skip_invalid)
    except StaleFigures as exc:
        stale(exc, names_by_row, lang)
    except (PermissionDenied, InvalidFigures) as exc:  # changed by someone else since the check
        problems = getattr(exc, "problems", None)
        if problems:
            show_problems(t("entry.refused", lang), eg.problem_lines(problems, names_by_row, lang))
        else:
            st.error(f"{t('entry.refused', lang)} {appstate.md_escape(exc.render(lang))}")
    except StoreUnavailable as exc:
        st.error(f"{t('store.page.fault', lang)} {appstate.md_escape(exc.render(lang))}")
    except PeriodLocked as exc:
        st.error(f"{t('entry.refused', lang)} {appstate.md_escape(exc.render(lang))}")
    else:
        appstate.saved()
        reset_editor()
        if after:
            after()
        st.session_state["entry_flash"] = t("entry.saved", lang).format(n=result.added)
        st.session_state["entry_no_source"] = _without_source(result.changes, figures, lang)
        st.rerun()


def checked(figures: pd.DataFrame) -> tuple[pd.DataFrame, list[RowProblem], list[RowProblem]]:
    """(changes, problems other than jumps, suspicious jumps) of a dry run of these figures: every
    problem at once, permissions included (raises StoreUnavailable, StaleFigures)."""
    store, cat, actor = appstate.store(), appstate.catalog(), appstate.user().actor()
    changes, problems = store.check(figures, cat, user=actor)
    hard, jumps = eg.split_jumps(problems)
    if jumps:  # what would be stored once the jumps are confirmed
        changes, _ = store.check(figures, cat, user=actor, confirm_jumps=eg.jump_keys(jumps, figures))
    return changes, hard, jumps


def choose_indicators(user, lang: str) -> tuple[pd.DataFrame, int | None]:
    """Department, plan and year selectors; the indicators shown and the year."""
    cat, frame = appstate.catalog(), appstate.indicators()
    if user.role == "admin":
        departments = [eg.ALL, *sorted(frame["owner"].dropna().unique()), eg.NO_OWNER]
    else:
        departments = [eg.ALL, *user.departments] if len(user.departments) > 1 else list(user.departments)

    def department_label(d: str) -> str:
        if d == eg.ALL:
            return t("entry.all_departments", lang)
        return t("app.none", lang) if d == eg.NO_OWNER else d

    c1, c2, c3 = st.columns(3)
    department = appstate.sticky(c1.selectbox, "entry_department", t("entry.department", lang), departments,
                                 format_func=department_label, disabled=len(departments) == 1, on_change=change_scope,
                                 args=(f"entry_department_{lang}", "entry_department__chosen"))
    mine = eg.editable_indicators(frame, user.role, user.departments, department)
    titles = {p: (cat.plans[p].title_en if lang == "en" and cat.plans[p].title_en else cat.plans[p].title)
              for p in dict.fromkeys(mine["plan"])}
    plan = appstate.sticky(c2.selectbox, "entry_plan", t("entry.plan", lang), [eg.ALL, *titles],
                           on_change=change_scope, args=(f"entry_plan_{lang}", "entry_plan__chosen"),
                           format_func=lambda p: t("app.all", lang) if p == eg.ALL else titles[p])
    if plan != eg.ALL:
        mine = mine[mine["plan"] == plan]
    if mine.empty:
        return mine, None
    years = eg.year_range(mine, cat.plans)
    if st.session_state.get("entry_year") not in years:
        st.session_state["entry_year"] = eg.default_year(years, mine, cat.plans, appstate.actuals())
    year = c3.selectbox(t("entry.year", lang), years, key="entry_year", on_change=change_scope,
                        args=("entry_year", "entry_year__shown"))
    st.session_state["entry_year__shown"] = year
    return mine, year


def grid_section(user, mine: pd.DataFrame, year: int, lang: str) -> None:
    st.caption(t("entry.help", lang))
    base = eg.grid(mine, appstate.catalog().plans, appstate.actuals(), year, lang)
    base = base.assign(review=state_marks(appstate.actuals(), base["indicator_id"], year, lang))
    labels = {s: t(f"figure_status.{s}", lang) for s in STATUSES}
    edited = st.data_editor(
        base, key=EDITOR, hide_index=True, num_rows="fixed", placeholder="",
        disabled=["indicator_id", "name", "unit", "owner", "previous", "revision", "review"],
        column_order=["name", "unit", *(["owner"] if user.role == "admin" else []), "previous", "value", "review",
                      "figure_status", "source", "note"],
        column_config={
            "name": st.column_config.TextColumn(t("field.name", lang), width=230),
            "unit": st.column_config.TextColumn(t("field.unit", lang)),
            "owner": st.column_config.TextColumn(t("field.owner", lang)),
            "previous": st.column_config.TextColumn(t("entry.previous", lang).format(year=year - 1), width=140),
            "value": st.column_config.TextColumn(f"{t('field.value', lang)} ({year})", width=110),
            "figure_status": st.column_config.SelectboxColumn(t("field.figure_status", lang), options=list(STATUSES),
                                                              format_func=labels.get),
            "source": st.column_config.TextColumn(t("field.source", lang), width="medium"),
            "note": st.column_config.TextColumn(t("field.note", lang), width="medium"),
            "review": st.column_config.TextColumn(t("review.col.state", lang)),
        })
    names_by_row = {i + 1: name for i, name in enumerate(base["name"])}
    show_stale(lang)
    if st.session_state.get("entry_jumps"):
        bullet_warning(t("entry.jumps", lang), st.session_state["entry_jumps"])
        st.checkbox(t("entry.confirm_jumps", lang), key="entry_confirm_jumps")
    if not st.button(t("entry.save", lang), type="primary", key="entry_save"):
        return
    figures, early = eg.edits_to_figures(base, edited, year, lang)
    if figures.empty and not early:
        st.info(t("entry.nothing_changed", lang))
        return
    try:
        _, hard, jumps = checked(figures)
    except StaleFigures as exc:
        stale(exc, names_by_row, lang)  # reruns the page
        return
    except StoreUnavailable as exc:
        st.error(f"{t('store.page.fault', lang)} {appstate.md_escape(exc.render(lang))}")
        return
    hard = sorted(early + hard, key=lambda p: p.row)
    if hard:
        show_problems(t("entry.bad_cells", lang).format(n=len(hard)), eg.problem_lines(hard, names_by_row, lang))
        return
    jump_lines = eg.problem_lines(jumps, names_by_row, lang)
    confirmed = st.session_state.get("entry_confirm_jumps") and set(jump_lines) <= set(
        st.session_state.get("entry_jumps") or [])
    if jumps and not confirmed:  # show the jumps and the confirmation box, save nothing yet
        st.session_state["entry_jumps"] = jump_lines
        st.session_state.pop("entry_confirm_jumps", None)
        st.rerun()
    write(figures, jumps, names_by_row, lang)


def retract_section(mine: pd.DataFrame, year: int, lang: str) -> None:
    """Withdraw a stored figure of the chosen year, with a reason (kept in the history and the trail)."""
    current = appstate.actuals()
    stored = current[current["indicator_id"].isin(mine["id"]) & (current["year"] == year)]
    if stored.empty:
        return
    names = dict(zip(mine["id"], mine["name"], strict=True))
    with st.expander(t("entry.retract", lang).format(year=year)):
        indicator_id = st.selectbox(t("field.name", lang), list(stored["indicator_id"]), format_func=names.get,
                                    key=f"entry_retract_id_{lang}")
        reason = st.text_input(t("entry.retract_reason", lang), key="entry_retract_reason")
        if st.button(t("entry.retract_button", lang), key="entry_retract"):
            try:
                appstate.store().retract(indicator_id, year, reason, appstate.user().actor(), appstate.catalog())
            except (FigureError, PermissionDenied, StoreUnavailable, PeriodLocked) as exc:
                st.error(appstate.md_escape(exc.render(lang)))
            else:
                appstate.saved()
                reset_editor()
                st.session_state.pop("entry_retract_reason", None)
                st.session_state["entry_flash"] = t("entry.retracted", lang).format(name=names[indicator_id], year=year)
                st.rerun()


def upload_section(lang: str) -> None:
    st.subheader(t("entry.upload", lang))
    st.caption(t("entry.upload_help", lang))
    rows = entry_files.read_upload(lang)
    if rows is None:
        return
    frame = appstate.indicators()
    names = {r["id"]: (r["name_en"] if lang == "en" and isinstance(r["name_en"], str) else r["name"])
             for r in frame[["id", "name", "name_en"]].to_dict("records")}
    row_names = {int(r): names.get(i, i) for r, i in zip(rows["row"], rows["indicator_id"].astype("string"),
                                                          strict=True)}
    try:
        changes, hard, jumps = checked(rows)
    except (StoreUnavailable, StaleFigures) as exc:
        st.error(f"{t('store.page.fault', lang)} {appstate.md_escape(exc.render(lang))}")
        return
    hard = merge_problems(rows, hard)
    refused = len({p.row for p in hard})
    valid_only = False
    if hard:
        show_problems(t("entry.upload_problems", lang).format(n=len(hard)), eg.problem_lines(hard, row_names, lang))
        if changes.empty or not st.checkbox(t("entry.valid_only", lang).format(n=len(rows) - refused),
                                            key="entry_valid_only"):
            return
        valid_only = True
    counts = changes["change"].value_counts()
    preview = t("entry.preview", lang).format(new=int(counts.get("new", 0)), revised=int(counts.get("revised", 0)),
                                              unchanged=int(counts.get("unchanged", 0)))
    st.write(preview + (t("store.page.refused", lang).format(n=refused) if refused else ""))
    st.dataframe(eg.preview_table(changes, names, lang), hide_index=True, key="entry_preview", column_config={
        "row": st.column_config.NumberColumn("#", format="%d"), "name": t("field.name", lang),
        "year": st.column_config.NumberColumn(t("field.year", lang), format="%d"),
        "change": t("entry.change", lang), "old_value": t("entry.old_value", lang),
        "value": t("field.value", lang), "figure_status": t("field.figure_status", lang)})
    confirmed = True
    if jumps:
        bullet_warning(t("entry.jumps", lang), eg.problem_lines(jumps, row_names, lang))
        confirmed = st.checkbox(t("entry.confirm_jumps", lang), key="entry_upload_confirm")
    if counts.get("new", 0) + counts.get("revised", 0) == 0:
        st.info(t("entry.upload_nothing", lang))
    elif st.button(t("entry.apply", lang), key="entry_apply", disabled=not confirmed):
        def next_round():
            st.session_state["entry_upload_round"] = st.session_state.get("entry_upload_round", 0) + 1

        write(rows, jumps, row_names, lang, after=next_round, skip_invalid=valid_only)


def export_section(mine: pd.DataFrame, lang: str) -> None:
    st.subheader(t("entry.export", lang))
    current = appstate.actuals()
    current = current[current["indicator_id"].isin(mine["id"])]
    e1, e2, _ = st.columns([1, 1, 3])
    e1.download_button(t("entry.export_csv", lang), lambda: entry_files.export_bytes(current, "csv", lang),
                       file_name="figures.csv", mime="text/csv", key="entry_export_csv", on_click="ignore")
    e2.download_button(t("entry.export_xlsx", lang), lambda: entry_files.export_bytes(current, "xlsx", lang),
                       file_name="figures.xlsx", key="entry_export_xlsx", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def render() -> None:
    lang = appstate.lang()
    st.title(t("entry.title", lang))
    user = appstate.require_role(lang)
    if user is None:
        return
    flash = st.session_state.pop("entry_flash", None)
    if flash:
        st.success(flash)
    if no_source := st.session_state.pop("entry_no_source", None):
        st.warning(no_source)
    if st.session_state.pop("entry_unsaved_warning", False):
        st.warning(t("entry.unsaved", lang))
        st.button(t("entry.discard", lang), key="entry_discard", on_click=reset_editor)
    mine, year = choose_indicators(user, lang)
    if year is None:
        st.info(t("entry.no_indicators", lang))
        return
    returned = returned_rows(appstate.actuals(), dict(zip(mine["id"], mine["name"], strict=True)), lang)
    if not returned.empty:
        st.subheader(t("review.entry.returned", lang))
        st.dataframe(returned, hide_index=True, key="entry_returned")
    grid_section(user, mine, year, lang)
    retract_section(mine, year, lang)
    upload_section(lang)
    entry_files.template_download(mine, lang)
    export_section(mine, lang)


if __name__ == "__main__":
    render()
