import base64
import json

import altcha
import pytest
from django import forms

from participation import challenge
from participation.forms import MainlandMobileField, PhotosField, PublicInputForm


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Photos go to a fresh private folder for each test."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    return tmp_path / "private"


def solved_payload() -> str:
    """A correct solution of a challenge this server signed, as the browser script sends it."""
    data = challenge.new_challenge()
    solution = altcha.solve_challenge_v1(
        data["challenge"], data["salt"], data["algorithm"], data["maxNumber"]
    )
    payload = {
        "algorithm": data["algorithm"],
        "challenge": data["challenge"],
        "number": solution.number,
        "salt": data["salt"],
        "signature": data["signature"],
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()


@pytest.fixture
def solve():
    return solved_payload


@pytest.fixture
def quick_challenge(settings):
    """A small challenge: tests solve it in Python in milliseconds."""
    settings.PARTICIPATION_CHALLENGE = True
    settings.PARTICIPATION_CHALLENGE_MAX_NUMBER = 2000


class SampleForm(PublicInputForm):
    rate_scope = "sample"
    screened_fields = ("text",)

    text = forms.CharField(max_length=2000)
    contact_mobile = MainlandMobileField()
    photos = PhotosField(required=False)


@pytest.fixture
def sample_form():
    return SampleForm
