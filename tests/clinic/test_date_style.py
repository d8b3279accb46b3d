"""One date and time style across staff pages and the summary: the `when` filters."""

import datetime

from django.template import Context, Template
from django.utils import timezone


def rendered(text, value):
    return Template("{% load when %}" + text).render(Context({"value": value}))


def test_a_moment_a_day_a_time_and_a_birth_date_have_one_style_each(db):
    moment = timezone.make_aware(datetime.datetime(2026, 12, 3, 9, 30))
    assert rendered("{{ value|when }}", moment) == "Thu 3 Dec 2026, 09:30"
    assert rendered("{{ value|day }}", moment.date()) == "Thu 3 Dec 2026"
    assert rendered("{{ value|clock }}", moment) == "09:30"
    assert rendered("{{ value|birth }}", datetime.date(1980, 4, 2)) == "2 Apr 1980"


def test_a_moment_is_shown_in_the_clinics_time_zone(db):
    utc = datetime.datetime(2026, 12, 3, 14, 30, tzinfo=datetime.timezone.utc)
    with timezone.override("America/New_York"):
        assert rendered("{{ value|when }}", utc) == "Thu 3 Dec 2026, 09:30"


def test_the_dashboard_and_the_appointment_page_show_the_same_time_the_same_way(staff_client, submitted_appointment):
    shown = rendered("{{ value|when }}", submitted_appointment.starts_at)
    day = timezone.localtime(submitted_appointment.starts_at).date().isoformat()
    assert shown in staff_client.get("/clinic/", {"date_from": day}).content.decode()
    assert shown in staff_client.get(f"/clinic/appointments/{submitted_appointment.pk}/").content.decode()
