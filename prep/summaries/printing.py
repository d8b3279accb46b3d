"""Which responses a day's print run includes."""

import datetime

from django.utils import timezone

from prep.visits.models import Response


def day_bounds(day):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))
    return start, end


def sent_responses_on(day):
    """Responses sent at least once (also those the patient is revising) whose appointment starts on this local date,
    in appointment-time order, each with its last sending."""
    start, end = day_bounds(day)
    return list(
        Response.objects.filter(
            last_submission__isnull=False, appointment__starts_at__gte=start, appointment__starts_at__lt=end
        )
        .select_related("appointment", "questionnaire", "last_submission__reviewed_by")
        .order_by("appointment__starts_at", "appointment__pk")
    )
