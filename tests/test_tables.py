"""Table views (synth/tables): keys that join across runs and workers, files, SQL scripts that each database's own
client loads, and direct loads into SQLite, DuckDB and a PostgreSQL server the tests start themselves."""

from __future__ import annotations

import json
import math
import os
import shutil
import sqlite3
import subprocess

import duckdb
import pandas as pd
import pytest

import mysql_server
import postgres_server
from synth.cli import main
from synth.errors import SynthError
from synth.registry import get_domain
from synth.tables import files as table_files
from synth.tables.files import SqlScript
from synth.tables.load import Loader, database_target
from synth.tables.spec import Column, Table, Tables, tables_of
from synth.tables.sql import _literal, quote_name
import pyarrow as pa

SIZES = {"medical": 1000, "transactions": 3000, "dialogues": 400, "persons": 500}


def system_program(find):
    """A database program installed on the system (not by pip): CI installs them (.ci/run) and must fail without
    them; on a developer's machine with only Python and pip the tests that need them are skipped, saying why."""
    try:
        return find()
    except postgres_server.MissingProgram as missing:
        if os.environ.get("CI"):
            pytest.fail(str(missing))
        pytest.skip(str(missing))


def sqlite_shell() -> str:
    def find():
        found = shutil.which("sqlite3")
        if found is None:
            raise postgres_server.MissingProgram("the sqlite3 shell is not installed (Debian: apt-get install sqlite3)")
        return found
    return system_program(find)


@pytest.fixture(scope="module")
def pg():
    server = system_program(postgres_server.start)
    yield server
    postgres_server.stop(server)


@pytest.fixture(scope="module")
def mysql():
    server = system_program(mysql_server.start)
    yield server
    mysql_server.stop(server)


@pytest.fixture(scope="module")
def parquet(tmp_path_factory):
    """The Parquet tables of each domain, the reference the databases are compared with."""
    made = {}
    for domain, n in SIZES.items():
        folder = tmp_path_factory.mktemp("parquet") / domain
        assert main(["generate", domain, "-n", str(n), "--seed", "11", "--tables", "-o", str(folder)]) == 0
        made[domain] = folder
    return made


# -- reading tables back, in one comparable form -----------------------------------------------------------------

def _is_null(value) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


NORMAL = {
    "id": str, "text": str, "int": int, "float": float, "money": lambda v: round(float(v), 2),
    "bool": lambda v: bool(int(v)), "date": lambda v: str(v)[:10],
    "timestamp": lambda v: pd.Timestamp(v).strftime("%Y-%m-%dT%H:%M:%S"),
    "json": lambda v: json.loads(v) if isinstance(v, str) else v,
}


def normal(table: Table, frame: pd.DataFrame) -> list[tuple]:
    """Rows as tuples of plain values, sorted by primary key: the same whatever database they come from."""
    columns = [[None if _is_null(v) else NORMAL[c.type](v) for v in frame[c.name].tolist()] for c in table.columns]
    rows = list(zip(*columns))
    key = [table.column_names.index(k) for k in table.primary_key]
    return sorted(rows, key=lambda row: tuple(row[k] for k in key))


def from_parquet(folder, table: Table) -> list[tuple]:
    return normal(table, pd.read_parquet(folder / f"{table.name}.parquet"))


def query(kind: str, address, statement: str) -> pd.DataFrame:
    """Rows from a database: a file's path (sqlite, duckdb), a URL (postgresql) or (server, database) (mysql)."""
    if kind == "mysql":
        server, database = address
        connection = server.connect(database)
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
                return pd.DataFrame(list(cursor.fetchall()), columns=[d[0] for d in cursor.description])
        finally:
            connection.close()
    if kind == "sqlite":
        with sqlite3.connect(address) as connection:
            return pd.read_sql_query(statement, connection)
    if kind == "duckdb":
        with duckdb.connect(address, read_only=True) as connection:
            return connection.execute(statement).df()
    import adbc_driver_postgresql.dbapi as pg_dbapi
    with pg_dbapi.connect(address) as connection, connection.cursor() as cursor:
        cursor.execute(statement)
        return cursor.fetch_arrow_table().to_pandas()


def count(kind, address, statement) -> int:
    return int(query(kind, address, statement).iloc[0, 0])


JOIN_CHECKS = {
    "medical": [
        # every visit's patient exists, and every diagnosis, drug and reading belongs to a visit
        "SELECT count(*) FROM visits v LEFT JOIN patients p ON p.patient_id = v.patient_id WHERE p.patient_id IS NULL",
        "SELECT count(*) FROM diagnoses d LEFT JOIN visits v ON v.visit_id = d.visit_id WHERE v.visit_id IS NULL",
        "SELECT count(*) FROM prescriptions r LEFT JOIN visits v ON v.visit_id = r.visit_id WHERE v.visit_id IS NULL",
        "SELECT count(*) FROM observations o LEFT JOIN visits v ON v.visit_id = o.visit_id WHERE v.visit_id IS NULL",
        # every drug treats one of its visit's diagnoses
        "SELECT count(*) FROM prescriptions r LEFT JOIN diagnoses d ON d.visit_id = r.visit_id "
        "AND d.seq = r.indication_seq WHERE d.seq IS NULL",
        # each visit has exactly one primary diagnosis
        "SELECT count(*) FROM visits v WHERE (SELECT count(*) FROM diagnoses d WHERE d.visit_id = v.visit_id "
        "AND d.is_primary) <> 1",
    ],
    "transactions": [
        # every transaction's card belongs to its account, and the card's holder is the account's customer
        "SELECT count(*) FROM transactions t JOIN cards c ON c.card_id = t.card_id JOIN accounts a "
        "ON a.account_id = t.account_id WHERE c.account_id <> t.account_id OR c.customer_id <> a.customer_id",
        "SELECT count(*) FROM transactions t LEFT JOIN cards c ON c.card_id = t.card_id WHERE c.card_id IS NULL",
        "SELECT count(*) FROM accounts a LEFT JOIN customers c ON c.customer_id = a.customer_id "
        "WHERE c.customer_id IS NULL",
        "SELECT count(*) FROM transactions t LEFT JOIN merchants m ON m.merchant_id = t.merchant_id "
        "WHERE t.merchant_id IS NOT NULL AND m.merchant_id IS NULL",
        # a shop's city is the city of every payment made there
        "SELECT count(*) FROM transactions t JOIN merchants m ON m.merchant_id = t.merchant_id "
        "WHERE m.kind = 'shop' AND m.city <> t.city",
    ],
}

JOIN_CHECKS["dialogues"] = [
    "SELECT count(*) FROM turns t LEFT JOIN dialogues d ON d.dialogue_id = t.dialogue_id WHERE d.dialogue_id IS NULL",
    # n_turns counts the turns, numbered from 1 without a gap
    "SELECT count(*) FROM dialogues d WHERE d.n_turns <> (SELECT count(*) FROM turns t WHERE t.dialogue_id = "
    "d.dialogue_id) OR d.n_turns <> (SELECT max(turn_no) FROM turns t WHERE t.dialogue_id = d.dialogue_id)",
]
JOIN_CHECKS["persons"] = ["SELECT count(*) - count(DISTINCT id_number) FROM persons"]

ORPHANS = {"dialogues": "INSERT INTO turns (dialogue_id, turn_no, role, act, text, slots_mentioned, slots_requested, "
                        "told) VALUES ('D9999999999', 1, 'agent', 'close', 'x', '{}', '[]', '[]')",
           "persons": None,   # one table, no foreign key
           "medical": "INSERT INTO diagnoses (visit_id, seq, icd10_code, name, is_primary) "
                      "VALUES ('MR9999999999', 1, 'J06.9', 'x', TRUE)",
           "transactions": "INSERT INTO cards (card_id, account_id, customer_id, card_number, card_type) "
                           "VALUES ('K999999999', 'A999999999', 'C999999999', 'x', 'y')"}


def quoted(kind: str, name: str) -> str:
    return quote_name(name, "mysql" if kind == "mysql" else "postgresql")


def assert_loaded_like_parquet(kind, address, domain, parquet_folder):
    tables = tables_of(get_domain(domain))
    for table in tables.tables:
        loaded = query(kind, address, f"SELECT * FROM {quoted(kind, table.name)}")
        assert list(loaded.columns) == table.column_names
        assert normal(table, loaded) == from_parquet(parquet_folder, table), table.name
    for check in JOIN_CHECKS[domain]:
        assert count(kind, address, check) == 0, check


def assert_foreign_keys_enforced(kind, address, domain):
    if ORPHANS[domain] is None:
        return
    if kind == "mysql":
        import pymysql

        server, database = address
        connection = server.connect(database)
        try:
            with connection.cursor() as cursor, pytest.raises(pymysql.err.IntegrityError):
                cursor.execute(ORPHANS[domain])
        finally:
            connection.close()
    elif kind == "sqlite":
        with sqlite3.connect(address) as connection:
            connection.execute("PRAGMA foreign_keys = ON")
            with pytest.raises(sqlite3.IntegrityError):
                connection.execute(ORPHANS[domain])
    elif kind == "duckdb":
        with duckdb.connect(address) as connection, pytest.raises(duckdb.ConstraintException):
            connection.execute(ORPHANS[domain])
    else:
        import adbc_driver_postgresql.dbapi as pg_dbapi
        with pg_dbapi.connect(address) as connection, connection.cursor() as cursor:
            with pytest.raises(pg_dbapi.IntegrityError):
                cursor.execute(ORPHANS[domain])


# -- keys: the same rows for any workers, batches and --start -----------------------------------------------------

def test_tables_are_the_same_bytes_for_any_workers_and_batch_size(tmp_path):
    one, many = tmp_path / "one", tmp_path / "many"
    assert main(["generate", "transactions", "-n", "5000", "--seed", "4", "--tables", "--format", "csv",
                 "-o", str(one)]) == 0
    assert main(["generate", "transactions", "-n", "5000", "--seed", "4", "--tables", "--format", "csv",
                 "-o", str(many), "--workers", "2", "--batch-size", "1024"]) == 0
    names = tables_of(get_domain("transactions")).names
    for name in names:
        assert (one / f"{name}.csv").read_bytes() == (many / f"{name}.csv").read_bytes(), name
    merchants = pd.read_csv(one / "merchants.csv")
    assert merchants["merchant_id"].is_unique and len(merchants) > 100   # shared merchants kept once


def test_runs_with_start_append_to_the_tables_of_one_run(tmp_path):
    whole, parts = tmp_path / "whole.db", tmp_path / "parts.db"
    assert main(["generate", "transactions", "-n", "6000", "--seed", "9", "-o", f"sqlite:///{whole}"]) == 0
    assert main(["generate", "transactions", "-n", "2500", "--seed", "9", "-o", f"sqlite:///{parts}"]) == 0
    # the second run starts inside an account (and at merchants) the first one already wrote
    assert main(["generate", "transactions", "-n", "3500", "--start", "2500", "--seed", "9",
                 "-o", f"sqlite:///{parts}", "--if-exists", "append"]) == 0
    for table in tables_of(get_domain("transactions")).tables:
        statement = f'SELECT * FROM "{table.name}"'
        assert normal(table, query("sqlite", str(parts), statement)) == \
            normal(table, query("sqlite", str(whole), statement)), table.name


# -- the three databases -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("domain", sorted(SIZES))
@pytest.mark.parametrize("kind", ["sqlite", "duckdb", "postgresql"])
def test_direct_load_matches_parquet_with_every_key_holding(kind, domain, parquet, tmp_path, pg):
    if kind == "postgresql":
        address = url = pg.create_database(f"load_{domain}")
    else:
        address = str(tmp_path / f"x.{kind}")
        url = f"{kind}:///{address}"
    assert main(["generate", domain, "-n", str(SIZES[domain]), "--seed", "11", "-o", url, "--workers", "2"]) == 0
    assert_loaded_like_parquet(kind, address, domain, parquet[domain])
    assert_foreign_keys_enforced(kind, address, domain)


def run_script(command: list[str], script) -> None:
    with open(script, "rb") as text:
        subprocess.run(command, stdin=text, check=True, capture_output=True)


@pytest.mark.parametrize("domain", sorted(SIZES))
def test_sql_scripts_load_in_each_databases_own_client(domain, parquet, tmp_path, pg, mysql):
    n = str(SIZES[domain])
    script = tmp_path / "sqlite.sql"
    assert main(["generate", domain, "-n", n, "--seed", "11", "--format", "sql", "--dialect", "sqlite",
                 "-o", str(script)]) == 0
    database = tmp_path / "client.db"
    run_script([sqlite_shell(), "-bail", str(database)], script)
    assert_loaded_like_parquet("sqlite", str(database), domain, parquet[domain])

    script = tmp_path / "pg.sql"
    assert main(["generate", domain, "-n", n, "--seed", "11", "--format", "sql", "--dialect", "postgresql",
                 "-o", str(script)]) == 0
    url = pg.create_database(f"script_{domain}")
    subprocess.run([postgres_server.server_program("psql"), "-q", "-v", "ON_ERROR_STOP=1", url, "-f", str(script)],
                   check=True, capture_output=True)
    assert_loaded_like_parquet("postgresql", url, domain, parquet[domain])
    assert_foreign_keys_enforced("postgresql", url, domain)

    script = tmp_path / "mysql.sql"
    assert main(["generate", domain, "-n", n, "--seed", "11", "--format", "sql", "--dialect", "mysql",
                 "-o", str(script)]) == 0
    database = mysql.create_database(f"script_{domain}")
    run_script(mysql.client(database), script)
    assert_loaded_like_parquet("mysql", (mysql, database), domain, parquet[domain])
    assert_foreign_keys_enforced("mysql", (mysql, database), domain)


# -- escaping --------------------------------------------------------------------------------------------------------

NASTY = ["plain", "it's", "''", '"quoted"', "back\\slash", "ends with \\", "\\N", "\\.", "line\nbreak", "\r\n",
         "tab\there", "emoji 😀👍🏽", "中文，全角“引号”", "'); DROP TABLE nasty; --", "'||'", "\x1a", "%s ? $1",
         "", " leading and trailing ", "\\\\n"]
NUL = "nul\x00inside"
NASTY_TABLES = Tables("nasty", (Table("nasty", (
    Column("id", "int"), Column("text", "text", nullable=True), Column("doc", "json", nullable=True)),
    primary_key=("id",)),), split=lambda frame: {"nasty": frame})


def nasty_frame(values) -> pd.DataFrame:
    return pd.DataFrame({"id": range(len(values) + 1), "text": list(values) + [None],
                         "doc": [json.dumps({"v": v}, ensure_ascii=False) for v in values] + [None]})


def read_nasty(kind, address) -> list:
    frame = query(kind, address, f"SELECT * FROM {quoted(kind, 'nasty')} ORDER BY {quoted(kind, 'id')}")
    return [(None if _is_null(t) else t, None if _is_null(d) else json.loads(d)["v"])
            for t, d in zip(frame["text"], frame["doc"])]


def expected_nasty(values) -> list:
    return [(v, v) for v in values] + [(None, None)]


def nasty_script(path, dialect: str, values):
    with open(path, "wb") as handle:
        sink = SqlScript(handle, NASTY_TABLES, dialect)
        sink.write({"nasty": nasty_frame(values)})
        sink.close({})
    return path


def test_sql_scripts_keep_nasty_strings(tmp_path, pg, mysql):
    with_nul = NASTY + [NUL]
    database = tmp_path / "nasty.db"
    run_script([sqlite_shell(), "-bail", str(database)], nasty_script(tmp_path / "s.sql", "sqlite", with_nul))
    assert read_nasty("sqlite", str(database)) == expected_nasty(with_nul)

    name = mysql.create_database("nasty_script")
    run_script(mysql.client(name), nasty_script(tmp_path / "m.sql", "mysql", with_nul))
    assert read_nasty("mysql", (mysql, name)) == expected_nasty(with_nul)

    script = tmp_path / "nasty.pg.sql"
    with open(script, "wb") as handle:
        sink = SqlScript(handle, NASTY_TABLES, "postgresql")
        sink.write({"nasty": nasty_frame(NASTY)})
        sink.close({})
        with pytest.raises(SynthError, match="NUL character"):
            sink.write({"nasty": nasty_frame([NUL])})
    url = pg.create_database("nasty_script")
    subprocess.run([postgres_server.server_program("psql"), "-q", "-v", "ON_ERROR_STOP=1", url, "-f", str(script)],
                   check=True, capture_output=True)
    assert read_nasty("postgresql", url) == expected_nasty(NASTY)


def test_mysql_literals_use_mysqls_backslash_escapes():
    values = pa.array(["it's", "a\\b", "x\x00y", "l1\nl2\r", "\x1a", "😀", None])
    column = Column("text", "text", nullable=True)
    assert _literal(values, column, "mysql").to_pylist() == [
        "'it\\'s'", "'a\\\\b'", "'x\\0y'", "'l1\\nl2\\r'", "'\\Z'", "'😀'", "NULL"]


@pytest.mark.parametrize("kind", ["sqlite", "duckdb", "postgresql"])
def test_direct_loads_keep_nasty_strings(kind, tmp_path, pg):
    values = NASTY if kind == "postgresql" else NASTY + [NUL]   # PostgreSQL text cannot hold NUL
    if kind == "postgresql":
        address = url = pg.create_database("nasty_load")
    else:
        address = str(tmp_path / f"nasty.{kind}")
        url = f"{kind}:///{address}"
    with Loader(database_target(url), NASTY_TABLES) as loader:
        loader.write({"nasty": nasty_frame(values)})
        loader.close({})
    assert read_nasty(kind, address) == expected_nasty(values)


# -- failures change nothing ------------------------------------------------------------------------------------------

def dump(path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


def test_failed_load_leaves_the_database_as_it_was(tmp_path, capsys, pg):
    database = tmp_path / "kept.db"
    url = f"sqlite:///{database}"
    assert main(["generate", "transactions", "-n", "3000", "--seed", "2", "-o", url]) == 0
    before = dump(database)
    capsys.readouterr()
    # overlapping records: the transactions' keys exist, so the whole load is rolled back
    assert main(["generate", "transactions", "-n", "3000", "--start", "2000", "--seed", "2", "-o", url,
                 "--if-exists", "append"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "UNIQUE constraint failed: transactions.txn_id" in error
    assert dump(database) == before
    assert main(["generate", "transactions", "-n", "10", "-o", url]) == 2   # --if-exists fail by default
    assert "already exists" in capsys.readouterr().err and dump(database) == before

    pg_url = pg.create_database("kept")
    assert main(["generate", "medical", "-n", "500", "--seed", "2", "-o", pg_url]) == 0
    visits = count("postgresql", pg_url, "SELECT count(*) FROM visits")
    assert main(["generate", "medical", "-n", "500", "--start", "400", "--seed", "2", "-o", pg_url,
                 "--if-exists", "append"]) == 2
    assert "duplicate key" in capsys.readouterr().err
    assert count("postgresql", pg_url, "SELECT count(*) FROM visits") == visits
    assert main(["generate", "medical", "-n", "300", "--seed", "3", "-o", pg_url, "--if-exists", "replace"]) == 0
    assert count("postgresql", pg_url, "SELECT count(*) FROM visits") == 300


def test_interrupted_runs_leave_no_database_file_and_no_folder(tmp_path, monkeypatch):
    calls = []

    def interrupt_second_batch(self, parts):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(Loader, "write", interrupt_second_batch)
    database = tmp_path / "new.duckdb"
    assert main(["generate", "medical", "-n", "3000", "--batch-size", "1024", "-o", f"duckdb:///{database}"]) == 130
    assert not database.exists()

    calls.clear()
    monkeypatch.setattr(table_files.TableFiles, "write", interrupt_second_batch)
    folder = tmp_path / "out"
    assert main(["generate", "medical", "-n", "3000", "--batch-size", "1024", "--tables", "-o", str(folder)]) == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("arguments, words", [
    (["medical", "--format", "sql"], "needs --dialect"),
    (["reviews", "--tables", "-o", "{tmp}/r"], "has no table view"),
    (["medical", "--tables"], "name it with -o"),
    (["medical", "--tables", "-o", "{tmp}/full"], "not empty"),
    (["medical", "--if-exists", "append", "--tables", "-o", "{tmp}/m"], "goes with a database"),
    (["medical", "-o", "sqlite://relative.db"], "sqlite:///relative/path"),
    (["medical", "-o", "mysql://root@localhost/db"], "not mysql://"),
    (["medical", "-o", "postgresql://nobody@127.0.0.1:1/none"], "failed, so nothing was loaded"),
    (["medical", "-o", "sqlite:///{tmp}/no/such/x.db"], "does not exist"),
    (["medical", "-o", "sqlite:///{tmp}/x.db", "--format", "csv"], "takes no --format"),
    (["medical", "--tables", "--format", "fhir", "-o", "{tmp}/f"], "not 'fhir'"),
])
def test_mistakes_are_one_sentence_and_write_nothing(arguments, words, tmp_path, capsys):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "kept.txt").write_text("x")
    argv = ["generate", *[a.replace("{tmp}", str(tmp_path)) for a in arguments], "-n", "5"]
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert words in error and error.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full"]


def test_a_domain_of_another_package_declares_tables_on_itself_and_shared_entities_stay_once():
    import synth
    from conftest import build_toy_domain
    from synth.tables.spec import ForeignKey
    from synth.tables.stream import TableStream

    toy = build_toy_domain()
    labels = Table("labels", (Column("label", "id"),), primary_key=("label",), entity=True)
    rows = Table("rows", (Column("id", "int"), Column("label", "id"), Column("age", "int")), primary_key=("id",),
                 foreign_keys=(ForeignKey(("label",), "labels", ("label",)),))
    toy.tables = Tables("toy", (labels, rows), lambda frame: {"labels": frame[["label"]], "rows": frame})
    assert tables_of(toy) is toy.tables
    stream = TableStream(tables_of(toy), synth.stream(toy, 5000, seed=1, batch_size=1024))
    batches = list(stream)
    seen = pd.concat([b["labels"] for b in batches])["label"].tolist()
    assert sorted(seen) == ["a", "b"] and len(batches) == 5   # every batch names both; each is kept once
    assert stream.rows == {"labels": 2, "rows": 5000}
    with pytest.raises(ValueError, match="not declared before it"):
        Tables("toy", (rows, labels), toy.tables.split)


def test_generate_tables_gives_the_rows_of_the_command(parquet):
    from synth.tables import generate_tables

    frames = generate_tables("medical", SIZES["medical"], seed=11)
    for table in tables_of(get_domain("medical")).tables:
        assert normal(table, frames[table.name]) == from_parquet(parquet["medical"], table), table.name
