"""The FHIR search parameters the API understands, parsed into Django filters; a bad one is a SearchProblem."""

import datetime
import re

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

DEFAULT_COUNT = 20
MAX_COUNT = 100
PREFIXES = ("eq", "ne", "gt", "lt", "ge", "le")
PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class SearchProblem(ValueError):
    """A search the API cannot run; the message names the parameter, never its value (it may identify a patient)."""


def paging(params):
    """(offset, count) from `_offset` and `_count`."""
    return whole_number(params, "_offset", 0, None), whole_number(params, "_count", DEFAULT_COUNT, MAX_COUNT)


def whole_number(params, name, default, maximum):
    raw = params.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or (maximum is not None and int(raw) > maximum) or len(raw) > 9:
        limit = f" from 0 to {maximum}" if maximum is not None else ""
        raise SearchProblem(f"The parameter {name} must be a whole number{limit}.")
    return int(raw)


def date_filter(field, values, name):
    """A Q for FHIR date search values (`ge2026-01-01`, `2026-03`, `lt2026-03-01T10:00:00Z`) on a datetime field."""
    condition = Q()
    for value in values:
        prefix, raw = (value[:2], value[2:]) if value[:2] in PREFIXES else ("eq", value)
        start, end = date_range(raw, name)
        condition &= {
            "eq": Q(**{f"{field}__gte": start, f"{field}__lt": end}),
            "ne": ~Q(**{f"{field}__gte": start, f"{field}__lt": end}),
            "gt": Q(**{f"{field}__gte": end}),
            "ge": Q(**{f"{field}__gte": start}),
            "lt": Q(**{f"{field}__lt": start}),
            "le": Q(**{f"{field}__lt": end}),
        }[prefix]
    return condition


def date_range(raw, name):
    """[start, end) of a FHIR date or dateTime; a date without a zone is a day in the clinic's time zone."""
    moment = parse_datetime(raw) if "T" in raw else None
    if moment is not None:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment, moment + datetime.timedelta(seconds=1)
    match = PARTIAL_DATE.fullmatch(raw)
    if match is None:
        raise SearchProblem(f"The parameter {name} needs a date such as 2026-03-01, optionally with ge, gt, le, lt or ne.")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if day:
            first = datetime.date(year, month, day)
            after = first + datetime.timedelta(days=1)
        elif month:
            first = datetime.date(year, month, 1)
            after = datetime.date(year + (month == 12), month % 12 + 1, 1)
        else:
            first, after = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
    except ValueError as error:
        raise SearchProblem(f"The parameter {name} is not a real date.") from error
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.datetime.combine(first, datetime.time()), zone),
        timezone.make_aware(datetime.datetime.combine(after, datetime.time()), zone),
    )
