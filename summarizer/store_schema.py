"""The store's schema: migrations applied in order by `Store`, counted by `PRAGMA user_version`
(SQLite) or the `schema_version` table (PostgreSQL). Written in SQLite's words; the PostgreSQL
backend turns `INTEGER PRIMARY KEY` into an identity column and `REAL` into double precision.
"""

from __future__ import annotations

# Append only: a released migration is never edited; user_version counts those applied.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        id          INTEGER PRIMARY KEY,
        sha256      TEXT NOT NULL UNIQUE,
        source      TEXT NOT NULL,   -- where it was first seen: URL or file path
        url         TEXT,            -- http(s) address when it came from the web
        language    TEXT,
        title       TEXT,
        published   TEXT,
        encoding    TEXT,
        size        INTEGER NOT NULL,
        text        TEXT NOT NULL,   -- as read, so a forced or resumed run needs no refetch
        first_seen  TEXT NOT NULL
    );
    CREATE TABLE sources (           -- every URL or path an article was seen at
        source      TEXT PRIMARY KEY,
        article_id  INTEGER NOT NULL REFERENCES articles(id),
        seen_at     TEXT NOT NULL
    );
    CREATE TABLE runs (
        id                INTEGER PRIMARY KEY,
        command           TEXT NOT NULL,
        model             TEXT NOT NULL,
        prompt_version    TEXT NOT NULL,
        started_at        TEXT NOT NULL,
        finished_at       TEXT,
        status            TEXT NOT NULL DEFAULT 'running'
                          CHECK (status IN ('running', 'done', 'failed', 'interrupted')),
        items             INTEGER NOT NULL DEFAULT 0,
        summarised        INTEGER NOT NULL DEFAULT 0,
        cached            INTEGER NOT NULL DEFAULT 0,
        duplicates        INTEGER NOT NULL DEFAULT 0,
        failed            INTEGER NOT NULL DEFAULT 0,
        prompt_tokens     INTEGER NOT NULL DEFAULT 0,
        completion_tokens INTEGER NOT NULL DEFAULT 0,
        attempts          INTEGER NOT NULL DEFAULT 0,
        seconds           REAL,
        error             TEXT
    );
    CREATE TABLE summaries (
        id                INTEGER PRIMARY KEY,
        article_id        INTEGER NOT NULL REFERENCES articles(id),
        model             TEXT NOT NULL,
        prompt_version    TEXT NOT NULL,
        json              TEXT NOT NULL,
        run_id            INTEGER REFERENCES runs(id),
        created_at        TEXT NOT NULL,
        prompt_tokens     INTEGER NOT NULL DEFAULT 0,
        completion_tokens INTEGER NOT NULL DEFAULT 0,
        attempts          INTEGER NOT NULL DEFAULT 0,
        seconds           REAL NOT NULL DEFAULT 0,
        UNIQUE (article_id, model, prompt_version)
    );
    CREATE TABLE failures (
        id      INTEGER PRIMARY KEY,
        run_id  INTEGER REFERENCES runs(id),
        source  TEXT NOT NULL,
        reason  TEXT NOT NULL,
        at      TEXT NOT NULL
    );
    CREATE TABLE digests (
        id          INTEGER PRIMARY KEY,
        created_at  TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('sent', 'failed')),
        subject     TEXT,
        recipients  TEXT NOT NULL DEFAULT '[]',
        refused     TEXT NOT NULL DEFAULT '[]',
        message_id  TEXT,
        error       TEXT
    );
    CREATE TABLE digest_items (      -- which article (and which of its summaries) went out when
        digest_id   INTEGER NOT NULL REFERENCES digests(id),
        article_id  INTEGER NOT NULL REFERENCES articles(id),
        summary_id  INTEGER NOT NULL REFERENCES summaries(id),
        PRIMARY KEY (digest_id, article_id)
    );
    CREATE INDEX summaries_article ON summaries(article_id);
    CREATE INDEX digest_items_article ON digest_items(article_id);
    CREATE INDEX failures_run ON failures(run_id);
    """,
    # A summary whose transfers, relations or brief failed is kept (what worked is not lost)
    # but is not the article's finished summary: the next run tries it again.
    """
    ALTER TABLE summaries ADD COLUMN failed TEXT NOT NULL DEFAULT '';
    ALTER TABLE summaries ADD COLUMN tries INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE runs ADD COLUMN incomplete INTEGER NOT NULL DEFAULT 0
    """,  # Many workers on one store: an article is claimed for a lease (renewed by the worker's
    # heartbeat) before it is summarised; a dead worker's claim runs out and another takes it.
    # Times as seconds since 1970 on the store's clock, so machines' clocks need not agree.
    """
    CREATE TABLE jobs (
        id              INTEGER PRIMARY KEY,
        article_id      INTEGER NOT NULL REFERENCES articles(id),
        model           TEXT NOT NULL,
        prompt_version  TEXT NOT NULL,
        source          TEXT NOT NULL,   -- the item as the worker that queued it named it
        state           TEXT NOT NULL DEFAULT 'queued'
                        CHECK (state IN ('queued', 'claimed', 'done', 'failed')),
        worker          TEXT,
        lease_until     REAL,
        claims          INTEGER NOT NULL DEFAULT 0,
        queued_at       REAL NOT NULL,
        finished_at     REAL,
        UNIQUE (article_id, model, prompt_version)
    );
    CREATE INDEX jobs_state ON jobs(state, model, prompt_version);
    CREATE TABLE workers (
        id          TEXT PRIMARY KEY,    -- host:pid:random
        host        TEXT NOT NULL,
        pid         INTEGER NOT NULL,
        model       TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        heartbeat   REAL NOT NULL,
        state       TEXT NOT NULL DEFAULT 'running' CHECK (state IN ('running', 'stopped')),
        current     TEXT,                -- the item it is summarising
        done        INTEGER NOT NULL DEFAULT 0
    );
    ALTER TABLE runs ADD COLUMN worker TEXT
    """,
)
