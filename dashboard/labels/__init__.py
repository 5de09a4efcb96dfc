"""Label modules, one per area, each with a `LABELS` dict of key -> (zh, en).

`dashboard.i18n` merges every module of this package into its one table on first use; a key
defined twice anywhere is an error. Keys are prefixed by the area (e.g. `store.`, `signin.`).
"""
