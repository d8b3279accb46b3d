"""Scores across a patient's visits (measurement-based care): each sent visit's PHQ-9 and GAD-7 totals, what changed
since the previous and the first visit, and a small chart drawn here as SVG (the same markup on the page and the PDF).

Only complete scores count: an incomplete or unanswered scale is a gap, never a zero. The thresholds and their sources
are data (data/measurement_based_care.yaml).
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from prep.questionnaires import conditions
from prep.summaries import scoring
from prep.summaries.reference import read_yaml
from prep.visits.models import Response

RULES_FILE = Path(__file__).parent / "data" / "measurement_based_care.yaml"
SCORERS = {"phq9": scoring.score_phq9, "gad7": scoring.score_gad7}


@dataclass
class Visit:
    """One sent visit: its appointment, the sending summarised, its complete totals ({code: total or None})."""

    appointment_id: int
    day: datetime.date
    totals: dict
    submission_id: int | None = None
    is_this_visit: bool = False


@dataclass
class MeasureTrend:
    code: str
    name: str
    maximum: int
    values: list  # one per visit, None for a gap
    source: str
    latest: int | None = None
    since_previous: int | None = None
    since_first: int | None = None
    response: bool = False
    remission: bool = False
    meaningful_change: int = 0
    response_reduction_percent: int = 50
    remission_below: int = 5

    @property
    def has_values(self):
        return any(value is not None for value in self.values)


@dataclass
class Trend:
    visits: list
    measures: list
    chart: object = None
    table_rows: list = field(default_factory=list)  # (visit, [value per measure]), the numbers beside the chart

    @property
    def sources(self):
        return [measure.source for measure in self.measures if measure.has_values]


def measure_rules():
    return read_yaml(RULES_FILE)["measures"]


def complete_totals(answers, questions):
    shown = conditions.visible_keys(questions, answers)
    by_key = {question.key: question for question in questions}
    totals = {}
    for code, scorer in SCORERS.items():
        score = scorer(answers, shown, by_key)
        totals[code] = score.total if score.is_scored else None
    return totals


def sent_visits(patient_id, *, until=None):
    """The patient's visits with a sending, oldest first, in one query (those starting after `until` left out)."""
    responses = (
        Response.objects.filter(appointment__patient_id=patient_id, last_submission__isnull=False)
        .select_related("appointment", "questionnaire", "last_submission")
        .order_by("appointment__starts_at", "appointment__pk")
    )
    if until is not None:
        responses = responses.filter(appointment__starts_at__lte=until)
    return list(responses)


def earlier_visits(appointment):
    """The patient's other sent visits up to this appointment's time, oldest first."""
    return [response for response in sent_visits(appointment.patient_id, until=appointment.starts_at)
            if response.appointment_id != appointment.pk]


def earlier_sending_ids(appointment):
    """The last sending of each of the patient's earlier visits: what a summary's trend and changes are built from."""
    return list(
        Response.objects.filter(
            appointment__patient_id=appointment.patient_id, appointment__starts_at__lte=appointment.starts_at,
            last_submission__isnull=False,
        ).exclude(appointment_id=appointment.pk).order_by("appointment__starts_at", "appointment__pk")
        .values_list("last_submission_id", flat=True)
    )


def earlier_sending_ids_of(appointments):
    """{appointment pk: earlier_sending_ids(appointment)} for many appointments (a day's print), in one query."""
    rows = (
        Response.objects.filter(
            appointment__patient_id__in={appointment.patient_id for appointment in appointments},
            last_submission__isnull=False,
        ).order_by("appointment__starts_at", "appointment__pk")
        .values_list("appointment_id", "appointment__patient_id", "appointment__starts_at", "last_submission_id")
    )
    rows = list(rows)
    return {
        appointment.pk: [
            sending for other, patient, starts_at, sending in rows
            if patient == appointment.patient_id and starts_at <= appointment.starts_at and other != appointment.pk
        ]
        for appointment in appointments
    }


def visit_of(response, questions_of):
    sending = response.last_submission
    return Visit(
        appointment_id=response.appointment_id,
        day=timezone.localtime(response.appointment.starts_at).date(),
        totals=complete_totals(sending.answers or {}, questions_of(response.questionnaire)),
        submission_id=sending.pk,
    )


def questions_by_version():
    """The questions of each questionnaire version met, read once per version (published ones are cached anyway)."""
    cache = {}

    def questions_of(questionnaire):
        if questionnaire.pk not in cache:
            cache[questionnaire.pk] = questionnaire.ordered_questions()
        return cache[questionnaire.pk]

    return questions_of


def patient_visits(patient_id):
    questions_of = questions_by_version()
    return [visit_of(response, questions_of) for response in sent_visits(patient_id)]


def visits_for_summary(summary, appointment, earlier_responses):
    """The visits a summary's trend shows: the earlier ones, then this one with the summary's own scores."""
    questions_of = questions_by_version()
    visits = [visit_of(response, questions_of) for response in earlier_responses]
    totals = {code: (score.total if score.is_scored else None) for code in SCORERS if (score := summary.score(code))}
    visits.append(Visit(appointment.pk, summary.header.appointment_at.date(), totals, is_this_visit=True))
    return visits


def measure_trend(rule, values):
    trend = MeasureTrend(
        code=rule["code"], name=rule["name"], maximum=rule["maximum"], values=values, source=" ".join(rule["source"].split()),
        meaningful_change=rule["meaningful_change"], response_reduction_percent=rule["response_reduction_percent"],
        remission_below=rule["remission_below"],
    )
    trend.latest = values[-1]
    earlier = [value for value in values[:-1] if value is not None]
    if trend.latest is None:
        return trend
    trend.remission = trend.latest < trend.remission_below
    if earlier:
        first = earlier[0]
        trend.since_previous, trend.since_first = trend.latest - earlier[-1], trend.latest - first
        trend.response = first > 0 and (first - trend.latest) * 100 >= first * trend.response_reduction_percent
    return trend


TABLE_ROWS = 6  # the first visit and the latest five beside the chart; the chart and the patient page show all


def trend_of(visits):
    """The trend of these visits (oldest first), or None for a first visit."""
    if len(visits) < 2:
        return None
    measures = [measure_trend(rule, [visit.totals.get(rule["code"]) for visit in visits]) for rule in measure_rules()]
    shown = visits if len(visits) <= TABLE_ROWS else [visits[0], *visits[-(TABLE_ROWS - 1):]]
    index = {id(visit): n for n, visit in enumerate(visits)}
    rows = [(visit, [measure.values[index[id(visit)]] for measure in measures]) for visit in shown]
    return Trend(visits=visits, measures=measures, chart=chart_of(visits, measures), table_rows=rows)


# The chart: visits evenly spaced left to right, totals from 0 (bottom) to 27 (top), one line per measure broken
# at gaps. Sizes are SVG user units; the markup scales to the width the stylesheet gives it.
WIDTH, HEIGHT = 440, 130
LEFT, RIGHT, TOP, BOTTOM = 24, 18, 12, 32
TOP_VALUE = 27
COLOURS = {"phq9": "#1f4e79", "gad7": "#b45309"}
LABELS_UP_TO = 12  # value labels on the points up to this many visits (more would overlap; the table has them)


@dataclass
class Series:
    code: str
    name: str
    colour: str
    lines: list  # "x,y x,y" strings, one per unbroken run
    points: list  # (x, y, value)
    dashed: bool = False


@dataclass
class Chart:
    width: int
    height: int
    series: list
    grid: list  # (y, value)
    ticks: list  # (x, label)
    baseline: float
    left: int
    right_edge: int
    labels: bool


def chart_x(index, count):
    span = WIDTH - LEFT - RIGHT
    return round(LEFT + (span / 2 if count == 1 else span * index / (count - 1)), 1)


def chart_y(value):
    return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / TOP_VALUE), 1)


def series_of(measure, count):
    lines, run, points = [], [], []
    for index, value in enumerate(measure.values):
        if value is None:
            if run:
                lines.append(" ".join(run))
            run = []
            continue
        x, y = chart_x(index, count), chart_y(value)
        run.append(f"{x},{y}")
        points.append((x, y, value))
    if run:
        lines.append(" ".join(run))
    return Series(measure.code, measure.name, COLOURS.get(measure.code, "#333"), lines, points,
                  dashed=measure.code == "gad7")


def tick_label(day, previous):
    return day.strftime("%-d %b %y") if previous is None or previous.year != day.year else day.strftime("%-d %b")


def chart_of(visits, measures):
    count = len(visits)
    every = max(1, -(-count // 6))  # at most about six date labels
    ticks, previous = [], None
    for index, visit in enumerate(visits):
        if index % every == 0 or index == count - 1:
            ticks.append((chart_x(index, count), tick_label(visit.day, previous)))
            previous = visit.day
    return Chart(
        width=WIDTH, height=HEIGHT,
        series=[series_of(measure, count) for measure in measures if measure.has_values],
        grid=[(chart_y(value), value) for value in (0, 5, 10, 15, 20, 27)],
        ticks=ticks, baseline=chart_y(0), left=LEFT, right_edge=WIDTH - RIGHT,
        labels=count <= LABELS_UP_TO,
    )
