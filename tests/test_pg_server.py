"""The pg_server / pg_url fixtures (tests/pg.py) give a real PostgreSQL server and fresh databases."""

from __future__ import annotations

import psycopg


def test_connect_and_create_table(pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT current_setting('server_encoding')").fetchone() == ("UTF8",)
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        assert tables == (0,)  # a fresh database per test
        conn.execute("CREATE TABLE items (id int PRIMARY KEY, body text NOT NULL)")
        conn.execute("INSERT INTO items VALUES (1, 'één')")
        assert conn.execute("SELECT body FROM items").fetchall() == [("één",)]


def test_connections_see_each_others_committed_rows(pg_url: str) -> None:
    with psycopg.connect(pg_url) as a, psycopg.connect(pg_url) as b:
        a.execute("CREATE TABLE items (id int PRIMARY KEY)")  # same name: not the last test's db
        a.commit()
        a.execute("INSERT INTO items VALUES (1)")
        assert b.execute("SELECT id FROM items").fetchall() == []  # not yet committed
        b.rollback()
        a.commit()
        assert b.execute("SELECT id FROM items").fetchall() == [(1,)]
        b.execute("INSERT INTO items VALUES (2)")
        b.commit()
        assert a.execute("SELECT id FROM items ORDER BY id").fetchall() == [(1,), (2,)]


def test_skip_locked_skips_a_row_locked_by_another_connection(pg_url: str) -> None:
    with psycopg.connect(pg_url, autocommit=True) as setup:
        setup.execute("CREATE TABLE jobs (id int PRIMARY KEY)")
        setup.execute("INSERT INTO jobs VALUES (1), (2)")
    claim = "SELECT id FROM jobs ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
    with psycopg.connect(pg_url) as first, psycopg.connect(pg_url) as second:
        assert first.execute(claim).fetchone() == (1,)  # holds the lock until it commits
        assert second.execute(claim).fetchone() == (2,)  # skips row 1, does not wait
        assert second.execute(claim).fetchone() == (2,)  # its own lock does not hide row 2
        first.commit()
        second.commit()
        assert second.execute(claim).fetchone() == (1,)  # released


def test_server_url_reaches_the_maintenance_database(pg_server: str) -> None:
    assert pg_server.startswith("postgresql://postgres@127.0.0.1:")
    with psycopg.connect(f"{pg_server}/postgres") as conn:
        row = conn.execute("SELECT current_user, inet_server_addr()::text").fetchone()
    assert row == ("postgres", "127.0.0.1/32")
