"""Extra, empty databases next to the test database (for migrations, restores, the demo city)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from config import normalise_database_url


def scratch_database_url(
    database_url: str, tmp_path_factory: pytest.TempPathFactory, purpose: str
) -> str:
    """A new, empty database named after the test database and the purpose.

    SQLite: a file in a fresh temporary folder. PostgreSQL: `<test database>_<purpose>`,
    dropped and created again.
    """
    url = make_url(normalise_database_url(database_url))
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp(purpose) / f'{purpose}.db'}"
    name = f"{url.database}_{purpose}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)
