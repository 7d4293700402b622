"""Staff e-mail by language (home.mail): each member's chosen admin language, else the site's,
read in one query however many members there are."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.users.models import UserProfile

from home.mail import addresses_by_language

pytestmark = pytest.mark.django_db


def test_members_are_grouped_by_their_language_in_one_query(django_assert_num_queries):
    User = get_user_model()
    users = [User.objects.create_user(f"staff{n}", f"staff{n}@example.com") for n in range(6)]
    User.objects.create_user("no-address", "")
    for user in users[:2]:
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "en"
        profile.save()
    UserProfile.get_for_user(users[2])  # a profile that left the language to the site
    members = list(User.objects.order_by("username"))
    with django_assert_num_queries(1):
        grouped = addresses_by_language(members)
    assert grouped == {
        "en": ["staff0@example.com", "staff1@example.com"],
        "zh-hans": [f"staff{n}@example.com" for n in range(2, 6)],
    }
