from tests.liaison.staff_fixtures import staff, stations  # noqa: F401
