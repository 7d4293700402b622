"""The challenge is verified on the server: a forged, expired or replayed solution is refused."""

import base64
import json

import pytest

from participation import challenge
from tests.home.test_settings import run_with_production_settings

pytestmark = pytest.mark.usefixtures("quick_challenge")


def test_a_solved_challenge_verifies_once(solve):
    payload = solve()
    assert challenge.verify(payload) is True
    assert challenge.verify(payload) is False  # replayed


def test_a_forged_solution_is_refused(solve):
    data = json.loads(base64.b64decode(solve()))
    wrong_number = {**data, "number": data["number"] + 1}
    assert not challenge.verify(base64.b64encode(json.dumps(wrong_number).encode()).decode())
    # A challenge made up by the client (its own salt, no valid signature).
    made_up = {**data, "salt": "made-up?expires=9999999999&", "signature": "0" * 64}
    assert not challenge.verify(base64.b64encode(json.dumps(made_up).encode()).decode())


MALFORMED = [
    "",
    "not base64!",
    base64.b64encode(b"[1,2]").decode(),
    base64.b64encode(b'{"algorithm": "MD5"}').decode(),
    "x" * 5000,
]


@pytest.mark.parametrize("payload", MALFORMED)
def test_malformed_payloads_are_refused(payload):
    assert challenge.verify(payload) is False


def test_an_expired_challenge_is_refused(solve, settings):
    settings.PARTICIPATION_CHALLENGE_SECONDS = -10
    assert challenge.verify(solve()) is False


def test_the_challenge_endpoint_is_never_cached(client, home_page):
    response = client.get("/participation/challenge/")
    assert response.status_code == 200
    data = response.json()
    assert {"algorithm", "challenge", "maxNumber", "salt", "signature"} <= set(data)
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert client.get("/participation/challenge/").json()["salt"] != data["salt"]


def test_production_refuses_the_challenge_off_except_on_loopback():
    refused = run_with_production_settings(
        SECRET_KEY="x" * 50, ALLOWED_HOSTS="renda.example.cn", PARTICIPATION_CHALLENGE="off"
    )
    assert refused.returncode != 0
    assert "PARTICIPATION_CHALLENGE=off" in refused.stderr
    load_run = run_with_production_settings(
        SECRET_KEY="x" * 50, ALLOWED_HOSTS="127.0.0.1,localhost", PARTICIPATION_CHALLENGE="off"
    )
    assert load_run.returncode == 0, load_run.stderr
