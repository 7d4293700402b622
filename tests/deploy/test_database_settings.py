"""DATABASES from the environment (cms.settings.from_env.database_from_env), for each engine."""

import environ
import pytest

from cms.settings.from_env import database_from_env

SQLITE_DEFAULT = "sqlite:////srv/var/db.sqlite3"


@pytest.fixture
def environment(monkeypatch):
    for name in (
        "DATABASE_URL",
        "DATABASE_REPLICA_URL",
        "DATABASE_JIT",
        "DATABASE_CONN_MAX_AGE",
        "DATABASE_CONNECT_TIMEOUT",
    ):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch.setenv


def databases(*, prepared_statements=True):
    return database_from_env(
        environ.Env(), default_url=SQLITE_DEFAULT, prepared_statements=prepared_statements
    )


def test_nothing_set_is_the_sqlite_file_with_wal_and_a_busy_timeout(environment):
    found = databases()
    assert list(found) == ["default"]
    default = found["default"]
    assert default["NAME"] == "/srv/var/db.sqlite3"
    assert default["OPTIONS"] == {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    assert default["CONN_MAX_AGE"] == 600
    assert default["CONN_HEALTH_CHECKS"] is True


def test_postgresql_fails_fast_prepares_statements_and_runs_without_jit(environment):
    environment("DATABASE_URL", "postgres://u:p@db:5432/renda")
    default = databases()["default"]
    assert default["ENGINE"] == "django.db.backends.postgresql"
    assert default["OPTIONS"] == {
        "connect_timeout": 2,
        "prepare_threshold": 5,
        "options": "-c jit=off",
    }
    assert default["CONN_MAX_AGE"] == 600
    assert default["CONN_HEALTH_CHECKS"] is True


def test_the_tuning_variables_and_the_replica(environment):
    environment(
        "DATABASE_URL", "postgres://u:p@db:5432/renda?options=-c%20statement_timeout%3D5000"
    )
    environment("DATABASE_REPLICA_URL", "postgres://r:p@replica:5432/renda")
    environment("DATABASE_JIT", "true")
    environment("DATABASE_CONN_MAX_AGE", "0")
    environment("DATABASE_CONNECT_TIMEOUT", "7")
    found = databases(prepared_statements=False)
    assert list(found) == ["default", "replica"]
    assert found["default"]["OPTIONS"] == {
        "options": "-c statement_timeout=5000",
        "connect_timeout": 7,
    }
    assert found["replica"]["HOST"] == "replica"
    assert [db["CONN_MAX_AGE"] for db in found.values()] == [0, 0]
    assert all(db["CONN_HEALTH_CHECKS"] for db in found.values())


def test_jit_off_is_added_to_the_options_the_url_gives(environment):
    environment(
        "DATABASE_URL", "postgres://u:p@db:5432/renda?options=-c%20statement_timeout%3D5000"
    )
    environment("DATABASE_REPLICA_URL", "postgres://r:p@replica:5432/renda")
    found = databases()
    assert found["default"]["OPTIONS"]["options"] == "-c statement_timeout=5000 -c jit=off"
    assert found["replica"]["OPTIONS"] == {"prepare_threshold": 5, "options": "-c jit=off"}
