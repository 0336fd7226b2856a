"""The database: one engine per app, short transactions, Alembic migrations."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from flask import Flask, current_app
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from app.crypto import DataCipher

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # No statement cache: Python's sqlite3 keeps each cached statement's last bound values, so every pooled
        # connection that stored an upload held a copy of that file (13 MB) until its next insert.
        engine = create_engine(url, connect_args={"timeout": 30, "cached_statements": 0})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "checkin")
        def _release_memory(dbapi_conn, _record):
            # And what SQLite itself still holds for the connection (pages of a file just written) goes back.
            if dbapi_conn is not None:  # None for a connection that was invalidated
                dbapi_conn.execute("PRAGMA shrink_memory")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def init_app(app: Flask) -> None:
    settings = app.config["VRR_SETTINGS"]
    engine = make_engine(settings.database_url)
    app.extensions["vrr.engine"] = engine
    app.extensions["vrr.sessions"] = sessionmaker(engine, expire_on_commit=False)
    app.extensions["vrr.cipher"] = DataCipher(settings.data_keys)


def engine() -> Engine:
    return current_app.extensions["vrr.engine"]


def cipher() -> DataCipher:
    return current_app.extensions["vrr.cipher"]


@contextmanager
def transaction() -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back on any error."""
    factory: sessionmaker[Session] = current_app.extensions["vrr.sessions"]
    with factory() as session, session.begin():
        yield session


def ping() -> bool:
    try:
        with engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        return False


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(app: Flask) -> None:
    """Bring the schema up to date (``flask db-upgrade``; also run by ``make run`` and the tests)."""
    eng: Engine = app.extensions["vrr.engine"]
    cfg = alembic_config(eng.url.render_as_string(hide_password=False))
    with eng.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
