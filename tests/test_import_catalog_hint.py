"""Figures for an id the loaded catalog does not know: `import` names the catalog it used and the --catalog flag,
so figures of another plan's file are imported against that file instead of a look-alike id (issue #13, item 5)."""

from __future__ import annotations

from pathlib import Path

from dashboard import cli

ROOT = Path(__file__).resolve().parent.parent


def test_an_unknown_id_names_the_catalog_file_and_the_flag(tmp_path, capsys):
    csv = tmp_path / "other-plan.csv"
    csv.write_text("indicator_id,year,value\nservices-value-added,2020,13207.25\nnew-plan-5g-stations,2024,12\n",
                   encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'd.db'}"
    code = cli.main(["import", str(csv), "--by", "admin", "--database", url])
    out = capsys.readouterr().out
    assert code == 1
    assert "“new-plan-5g-stations”" in out and "有 1 行的指标编号不在所用目录" in out
    assert str((ROOT / "indicators.yaml").resolve()) in out and "--catalog" in out
    # nothing partial was stored: the valid row waits for the file to be fixed
    assert cli.main(["export", "--database", url, "--out", str(tmp_path / "x.csv")]) == 0
    assert (tmp_path / "x.csv").read_text(encoding="utf-8").count("\n") == 1  # the header only


def test_known_ids_get_no_catalog_hint(tmp_path, capsys):
    csv = tmp_path / "bad-value.csv"
    csv.write_text("indicator_id,year,value\nservices-value-added,2020,abc\n", encoding="utf-8")
    code = cli.main(["import", str(csv), "--by", "admin", "--database", f"sqlite:///{tmp_path / 'd.db'}"])
    out = capsys.readouterr().out
    assert code == 1 and "--catalog" not in out
