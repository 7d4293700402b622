"""``{{ moment|local_date:"FORMAT" }}``: Django's ``date`` filter (in the current time zone and
language), each result kept in the process for the next page that shows the same moment.

Listings repeat the same dates on many pages (an article list's two dates per item cost more
than the rest of the item). The result depends only on the moment, the format, the language and
the time zone, which make its key, so it is never stale. For templates with local time on (the
default; not inside ``{% localtime off %}``).
"""

from datetime import datetime

from django import template
from django.template.defaultfilters import date
from django.utils import timezone
from django.utils.translation import get_language

from home.cache.memo import BoundedMemo

register = template.Library()

_formatted = BoundedMemo(size=20000)


@register.filter
def local_date(value, arg=None):
    if value in (None, ""):
        return ""
    key = (value, arg, get_language(), timezone.get_current_timezone_name())
    text = _formatted.get(key)
    if text is None:
        moment = timezone.template_localtime(value)
        if arg == "c" and isinstance(moment, datetime):
            text = moment.isoformat()  # what the "c" format letter writes, without parsing it
        else:
            text = date(moment, arg)
        _formatted.put(key, text)
    return text


@register.filter
def machine_time(value):
    """``{{ moment|machine_time }}``: the value of a ``<time datetime>`` attribute, ISO 8601 in
    the current time zone to the second. HTML takes at most three digits of a fraction; a moment
    saved with microseconds (a first publication's ``timezone.now()``) has six, which the Nu
    checker refuses."""
    if isinstance(value, datetime):
        value = value.replace(microsecond=0)
    return local_date(value, "c")
