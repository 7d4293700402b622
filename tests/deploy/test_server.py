"""`make serve`'s server (cms/server.py): granian configured from the environment only."""

import pytest

from cms.server import server


def test_the_server_takes_its_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("SERVER_THREADS", "4")
    monkeypatch.setenv("SERVER_BIND", "0.0.0.0:8123")
    configured = server()
    assert (configured.workers, configured.blocking_threads) == (3, 4)
    assert (configured.bind_addr, configured.bind_port) == ("0.0.0.0", 8123)
    assert configured.target == "cms.wsgi:application"
    assert configured.respawn_failed_workers


def test_the_defaults_serve_on_loopback(monkeypatch):
    for name in ("WEB_CONCURRENCY", "SERVER_THREADS", "SERVER_BIND"):
        monkeypatch.delenv(name, raising=False)
    configured = server()
    assert (configured.bind_addr, configured.bind_port) == ("127.0.0.1", 8000)
    assert configured.workers >= 1 and configured.blocking_threads == 2


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("WEB_CONCURRENCY", "many", "WEB_CONCURRENCY must be a whole number, not 'many'"),
        ("SERVER_THREADS", "0", "SERVER_THREADS must be at least 1, not 0"),
        (
            "SERVER_BIND",
            "8000",
            "SERVER_BIND must be host:port, such as 127.0.0.1:8000, not '8000'",
        ),
    ],
)
def test_bad_values_stop_it_with_a_clear_message(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        server()
    assert str(stopped.value) == message
