"""Alembic environment of OTE: migrations run on the connection `ote.schema` hands over,
or on `sqlalchemy.url` / `OTE_DATABASE_URL` when Alembic is run from the command line."""

from alembic import context

from ote import models
from ote.db import open_database

config = context.config
target_metadata = models.metadata


def run_on(connection) -> None:
    is_sqlite = connection.dialect.name == "sqlite"
    if is_sqlite:
        # Batch migrations copy tables; foreign keys are checked once at the end instead.
        connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=is_sqlite,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    if is_sqlite:
        driver = connection.connection.driver_connection
        broken = driver.execute("PRAGMA foreign_key_check").fetchall()
        driver.execute("PRAGMA foreign_keys = ON")
        if broken:
            raise RuntimeError(f"Migration left rows with broken foreign keys: {broken[:5]}")


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    database = open_database(config.get_main_option("sqlalchemy.url") or None)
    try:
        with database.write_engine.connect() as connection:
            run_on(connection)
            connection.commit()
    finally:
        database.dispose()


if context.is_offline_mode():
    raise SystemExit(
        "OTE's migrations run against a database; offline SQL output is not supported."
    )
run_migrations_online()
