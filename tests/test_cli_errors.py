"""Mistakes a user can fix end as one line on stderr and exit code 1 (argparse: 2), never a traceback;
anything else keeps its traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import cli
from dashboard.commands import store_cmd
from dashboard.store import ENV_URL, open_store

FIXTURE = Path(__file__).parent / "fixtures" / "catalog" / "indicators.yaml"
CAT = ["--catalog", str(FIXTURE)]


@pytest.fixture
def db_url(tmp_path, monkeypatch):
    """An existing, empty database, also the environment's default (so no test touches data/)."""
    url = f"sqlite:///{tmp_path / 'ok.db'}"
    open_store(url).close()
    monkeypatch.setenv(ENV_URL, url)
    return url


def fails(capsys, argv: list[str], code: int = 1) -> str:
    """Run the CLI; assert the exit code and no traceback; return stderr's last line (the message)."""
    try:
        result = cli.main([*argv, "--lang", "en"])  # messages are zh by default; these tests pin the English ones
    except SystemExit as exc:  # argparse
        result = exc.code
    out, err = capsys.readouterr()
    assert result == code, (out, err)
    assert "Traceback" not in err and err.strip(), err
    return err.strip().splitlines()[-1]


@pytest.mark.parametrize("command", [["status"], ["report", "--format", "html", "--out", "r.html"]])
def test_an_impossible_year_is_refused_by_the_argument_parser(capsys, db_url, command):
    message = fails(capsys, [*command, *CAT, "--as-of", "99999999999999999999"], code=2)
    assert message.endswith("argument --as-of: expected a year from 1900 to 2200, found 99999999999999999999")
    assert "1899" in fails(capsys, [*command, *CAT, "--as-of", "1899"], code=2)


def test_a_plausible_year_passes():
    assert cli.year("1900") == 1900 and cli.year("2200") == 2200
    with pytest.raises(Exception, match="expected a year from 1900 to 2200, found 20x4"):
        cli.year("20x4")


def test_a_database_url_that_does_not_parse(capsys, db_url):
    message = fails(capsys, ["status", *CAT, "--database", "notaurl"])
    assert message.startswith('error: "notaurl" is not a database URL')
    assert "expected sqlite:///path/to/file.db or postgresql+psycopg://" in message


def test_an_unknown_kind_of_database(capsys, db_url):
    message = fails(capsys, ["export", "--out", "x.csv", "--database", "postgres://u@localhost/db"])
    assert message.startswith('error: unknown kind of database in "postgres://u@localhost/db"')


def test_an_unreachable_postgresql_server_names_the_url_without_its_password(capsys, db_url):
    url = "postgresql+psycopg://ann:s3cret@127.0.0.1:1/dash"  # nothing listens on port 1
    message = fails(capsys, ["status", *CAT, "--database", url])
    assert message.startswith("error: cannot use the database postgresql+psycopg://ann:***@127.0.0.1:1/dash: ")
    assert "server is running" in message and "s3cret" not in message


@pytest.mark.parametrize("command", [
    ["status", "--database", "{url}"],
    ["report", "--format", "html", "--out", "{tmp}/r.html", "--database", "{url}"],
    ["export", "--out", "{tmp}/x.csv", "--database", "{url}"],
])
def test_read_only_commands_refuse_a_database_file_that_does_not_exist(capsys, db_url, tmp_path, command):
    missing = tmp_path / "typo" / "x.db"
    argv = [a.format(url=f"sqlite:///{missing}", tmp=tmp_path) for a in command]
    message = fails(capsys, [*argv, *(CAT if argv[0] != "export" else [])])
    assert message == (f"error: no database at {missing}: run `python -m dashboard init-db` (or `make run`) first, "
                       "or check --database / DASHBOARD_DATABASE_URL")
    assert not missing.parent.exists()


def test_init_db_and_import_still_create_the_database(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(store_cmd, "SHIPPED", tmp_path / "none.csv")
    url = f"sqlite:///{tmp_path / 'new' / 'x.db'}"
    assert cli.main(["init-db", *CAT, "--database", url]) == 0
    assert (tmp_path / "new" / "x.db").exists()
    figures = tmp_path / "f.csv"
    figures.write_text("indicator_id,year,value\nservices-share,2019,53\n", encoding="utf-8")
    url2 = f"sqlite:///{tmp_path / 'other' / 'y.db'}"
    assert cli.main(["import", str(figures), *CAT, "--database", url2, "--by", "ann"]) == 0
    assert open_store(url2, create=False).count() == 1


def test_a_directory_given_as_an_input_file(capsys, db_url, tmp_path):
    message = fails(capsys, ["status", *CAT, "--actuals", str(tmp_path)])
    assert message == f"error: {tmp_path} is a directory — expected a .csv or .xlsx file of figures"  # in --lang


def test_a_folder_without_a_catalog_is_a_message(capsys, db_url, tmp_path):
    """A folder is a catalog (its indicators.yaml, or its *.yaml files): an empty one says so."""
    assert cli.main(["status", "--catalog", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.splitlines()[0] == (f"{tmp_path}:0 (file): no catalog in this folder — expected indicators.yaml or "
                                   "*.yaml files, found none")


def test_a_directory_given_to_import_or_export(capsys, db_url, tmp_path):
    message = fails(capsys, ["import", str(tmp_path), *CAT, "--by", "ann"])
    assert message == f"error: {tmp_path} is a directory — expected a .csv or .xlsx file of figures"
    message = fails(capsys, ["export", "--format", "xlsx", "--out", str(tmp_path)])
    assert message == f"error: {tmp_path} 是文件夹 — 请给出要写入的 xlsx 文件名"


def test_init_db_reports_an_unreadable_shipped_file(capsys, db_url, tmp_path, monkeypatch):
    bad = tmp_path / "actuals.csv"
    bad.write_bytes(b"indicator_id,year,value\nservices-share,2019,\xff\n")  # neither UTF-8 nor GB18030
    monkeypatch.setattr(store_cmd, "SHIPPED", bad)
    message = fails(capsys, ["init-db", *CAT])
    assert message.startswith("error: data/actuals.csv cannot be read: actuals.csv 不是可识别的文本")


@pytest.mark.parametrize(("error", "expected"), [
    (PermissionError(13, "Permission denied", "/srv/x.yaml"), "permission denied: /srv/x.yaml"),
    (FileNotFoundError(2, "No such file or directory", "/srv/x.yaml"), "/srv/x.yaml: no such file or directory"),
    (IsADirectoryError(21, "Is a directory", "/srv"), "/srv is a directory — expected a file"),
])
def test_file_system_failures_name_the_file(capsys, db_url, monkeypatch, error, expected):
    def handler(args):
        raise error

    monkeypatch.setattr(cli, "build_parser", _parser_with(handler))
    assert fails(capsys, ["export", "--out", "x.csv"]).startswith(f"error: {expected}")


@pytest.mark.parametrize("error", [RuntimeError("a bug"), KeyError("a bug"), OSError("a bug, no file named")])
def test_other_failures_keep_their_traceback(monkeypatch, error):
    def handler(args):
        raise error

    monkeypatch.setattr(cli, "build_parser", _parser_with(handler))
    with pytest.raises(type(error), match="a bug"):
        cli.main(["export", "--out", "x.csv"])


def _parser_with(handler):
    """build_parser, with the export command's handler replaced."""
    real = cli.build_parser

    def build():
        parser = real()
        parser._subparsers._group_actions[0].choices["export"].set_defaults(handler=handler)
        return parser

    return build
