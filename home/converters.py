"""Path converters for ids in the site's own URLs.

Django's ``int`` converter accepts any number of digits; a number past the database's 64-bit
integer column then reaches the query, where SQLite raises OverflowError and PostgreSQL may raise
DataError: a 500 for ``/feeds/rss/99999999999999999999/``. An ``<id:…>`` segment matches only
ids the database can hold, so any other number is simply no page (404) before a query is made.
"""

from django.urls import register_converter

# The largest value of a signed 64-bit integer: BigAutoField / PostgreSQL bigint / SQLite INTEGER.
MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("not a database id")  # Django then tries the next pattern: a 404
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
