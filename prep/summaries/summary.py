"""`build_summary(response)`: everything a psychiatrist reads before the visit, as plain data.

A pure function of the questionnaire version, the answers and the reference data (medicines, rules): no HTTP, no
templates. Answers of questions hidden by their show-if condition are ignored everywhere. Everything computed here is
information for the clinician, never a diagnosis.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from prep.questionnaires import conditions, display
from prep.questionnaires.instruments import INSTRUMENTS
from prep.summaries import scoring
from prep.summaries.flags import SUPPLEMENTS_CHECKLIST, Context, build_flags
from prep.summaries.medicines import clean_name, daily_dose_mg
from prep.summaries.reference import Knowledge
from prep.summaries.trials import PAST_MEDICATIONS, PROCEDURE_HELPED, PROCEDURE_TYPE, build_trials, plain_number

# The keys the summary's own tables read (the scores', the trial table's and the flags' are in their modules;
# prep/summaries/reads.py says which summary features use which).
CURRENT_MEDICATIONS = "current_medications"
MEDICINE_NAME = "name"
MEDICINE_DOSE = "dose"
MEDICINE_HOW_OFTEN = "how_often"
MEDICINE_WHAT_FOR = "what_for"
MEDICINE_PRESCRIBED = "prescribed"
PSYCHOTHERAPY = "psychotherapy"
PROCEDURES = "procedures"
# The treatment-history tables: HistoryRow field → column key.
THERAPY_COLUMNS = {
    "kind": "therapy_type",
    "sessions": "therapy_sessions",
    "helped": "therapy_helped",
    "when": "therapy_when",
}
PROCEDURE_COLUMNS = {
    "kind": PROCEDURE_TYPE,
    "sessions": "procedure_sessions",
    "helped": PROCEDURE_HELPED,
    "when": "procedure_when",
    "side_effects": "procedure_side_effects",
}

# The patient's own request, first on page 1: question key → its short label there. Shown as typed, read by no rule
# (so not among the keys the editor protects): a form version without them shows "Not asked".
REQUEST_TITLE = "The patient's request for this visit"
PATIENT_REQUEST = {
    "visit_goals": "Wants help with",
    "visit_questions": "Their questions",
}

NOT_ANSWERED = "Not answered"
# Answers shown in their own blocks earlier in the summary; the answers-by-section part points to them.
SHOWN_ELSEWHERE = {
    **dict.fromkeys(PATIENT_REQUEST, REQUEST_TITLE),
    PAST_MEDICATIONS: "Antidepressant trials",
    CURRENT_MEDICATIONS: "Current medicines",
    PSYCHOTHERAPY: "Treatment history",
    PROCEDURES: "Treatment history",
}


@dataclass
class Header:
    appointment_id: int
    patient_name: str
    date_of_birth: datetime.date
    age: int | None
    appointment_at: datetime.datetime
    clinician: str
    submitted_at: datetime.datetime | None
    questionnaire_title: str
    questionnaire_version: int
    generated_at: datetime.datetime
    clinic_name: str = ""


@dataclass
class CurrentMedicine:
    typed: str
    display: str
    recognised: bool
    info: object = None  # reference.MedicineInfo or None
    class_label: str = ""
    dose: str = ""
    how_often: str = ""
    what_for: str = ""
    prescribed: str = ""
    daily_dose_mg: Decimal | None = None
    dose_from_name: bool = False

    @property
    def typed_differs(self):
        return self.recognised and clean_name(self.typed) != clean_name(self.display.split(" (")[0]) and (
            not self.info or clean_name(self.typed) not in {clean_name(b) for b in self.info.brand_names}
        )


@dataclass
class HistoryRow:
    kind: str
    sessions: str = ""
    helped: str = ""
    when: str = ""
    side_effects: str = ""


@dataclass
class AnswerEntry:
    key: str
    question: str
    answer: str = ""
    answered: bool = True
    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    shown_in: str = ""  # for groups shown in their own table above

    @property
    def is_group(self):
        return bool(self.columns)

    @property
    def is_long(self):
        return len(self.answer) > 120


@dataclass
class RequestLine:
    """One line of the patient's request: its label and the patient's words ("" when not answered)."""

    label: str
    words: str = ""
    asked: bool = True


@dataclass
class SectionAnswers:
    key: str
    title: str
    entries: list
    notice: str = ""

    @property
    def answered(self):
        return [entry for entry in self.entries if entry.answered]

    @property
    def unanswered(self):
        """Wording of the shown questions left unanswered (listed in one line, to keep the paper short)."""
        return [entry.question for entry in self.entries if not entry.answered]


@dataclass
class Summary:
    header: Header
    flags: list
    scores: list
    current_medicines: list
    trials: object  # trials.TrialTable
    therapies: list
    procedures: list
    sections: list
    request: list = field(default_factory=list)  # RequestLine per PATIENT_REQUEST key
    supplements: list = field(default_factory=list)
    # What staff must know about where these answers stand (not sent, being revised, reviewed): set by the clinic.
    notices: list = field(default_factory=list)
    # Across visits (set by sendings.summary_for_staff for a returning patient): trends.Trend, visit_changes.VisitChanges
    trend: object = None
    changes: object = None

    def score(self, code):
        return next((score for score in self.scores if score.code == code), None)

    @property
    def phq9(self):
        return self.score("phq9")

    @property
    def urgent_flags(self):
        return [flag for flag in self.flags if flag.level == "urgent"]

    @property
    def safety_flags(self):
        """The safety block: URGENT flags and the safety history, in the flags' order."""
        return [flag for flag in self.flags if is_safety(flag)]

    @property
    def other_flags(self):
        return [flag for flag in self.flags if not is_safety(flag)]


def is_safety(flag):
    return flag.level == "urgent" or flag.kind == "safety"


def summary_flag_codes(summary):
    """The flags to store on the response at submission (URGENT first): [{code, title, level}]."""
    return [flag.as_stored() for flag in summary.flags]


def age_on(birth_date, day):
    if birth_date is None or day is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def answer_words(question, value, instrument=None):
    """The answer in the patient's words; instrument items also show their score, e.g. "Several days (1)"."""
    words = display.answer_words(question, value)
    if words and instrument is not None and question.key in instrument.item_keys:
        words = f"{words} ({value})"
    return words


def section_answers(sections, questions, answers, shown):
    columns_by_group = display.columns_by_group(questions)
    result = []
    for section in sections:
        instrument = INSTRUMENTS.get(section.instrument)
        entries = []
        for question in questions:
            if question.section_id != section.pk or question.parent_id or question.key not in shown:
                continue
            value = answers.get(question.key)
            answered = conditions.is_answered(value)
            if question.is_group:
                columns = columns_by_group.get(question.pk, [])
                rows = [
                    [answer_words(column, row.get(column.key)) for column in columns]
                    for row in (value if isinstance(value, list) else [])
                ]
                entries.append(
                    AnswerEntry(
                        question.key,
                        question.text,
                        answer="" if rows else NOT_ANSWERED,
                        answered=bool(rows),
                        columns=[column.text for column in columns] if rows else [],
                        rows=rows,
                        shown_in=SHOWN_ELSEWHERE.get(question.key, "") if rows else "",
                    )
                )
            else:
                words = answer_words(question, value, instrument) if answered else NOT_ANSWERED
                shown_in = SHOWN_ELSEWHERE.get(question.key, "") if answered else ""
                entries.append(AnswerEntry(question.key, question.text, words, answered, shown_in=shown_in))
        result.append(SectionAnswers(section.key, section.title, entries, section.copyright))
    return result


def patient_request(sections):
    """The patient's goals and questions for the visit, from their answers by section."""
    entries = {entry.key: entry for section in sections for entry in section.entries}
    lines = []
    for key, label in PATIENT_REQUEST.items():
        entry = entries.get(key)
        lines.append(RequestLine(label, entry.answer if entry and entry.answered else "", asked=entry is not None))
    return lines


def group_rows(answers, shown, key):
    value = answers.get(key) if key in shown else None
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []


@dataclass
class Notice:
    text: str
    tone: str = "info"  # info / warning


def group_columns(questions, group_key):
    """{column key: Question} of the group with this key (empty when the version has no such group)."""
    group = next((question for question in questions if question.key == group_key), None)
    return {question.key: question for question in questions if group is not None and question.parent_id == group.pk}


def column_words(columns, row, key):
    value = row.get(key)
    column = columns.get(key)
    if not conditions.is_answered(value):
        return ""
    return answer_words(column, value) if column is not None else display.plain(value)


def current_medicine(row, columns, knowledge):
    match = knowledge.match(row.get(MEDICINE_NAME, ""))
    dose_words = column_words(columns, row, MEDICINE_DOSE)
    dose_from_name = not dose_words and match.dose_mg is not None
    if dose_from_name:
        dose_words = f"{plain_number(match.dose_mg)} mg (from name)"
    return CurrentMedicine(
        typed=match.typed,
        display=match.display,
        recognised=match.recognised,
        info=match.medicine,
        class_label=match.medicine.class_label if match.medicine else "",
        dose=dose_words,
        dose_from_name=dose_from_name,
        how_often=column_words(columns, row, MEDICINE_HOW_OFTEN),
        what_for=column_words(columns, row, MEDICINE_WHAT_FOR),
        prescribed=column_words(columns, row, MEDICINE_PRESCRIBED),
        daily_dose_mg=daily_dose_mg(row.get(MEDICINE_DOSE), row.get(MEDICINE_HOW_OFTEN))
        if row.get(MEDICINE_DOSE)
        else match.dose_mg,
    )


def history_rows(rows, columns, fields):
    """A treatment-history table: one HistoryRow per row, `fields` mapping each HistoryRow field to its column key."""
    return [HistoryRow(**{name: column_words(columns, row, key) for name, key in fields.items()}) for row in rows]


def supplements_ticked(context, by_key):
    question = by_key.get(SUPPLEMENTS_CHECKLIST)
    ticked = context.value(SUPPLEMENTS_CHECKLIST) or []
    if question is None or not isinstance(ticked, list):
        return []
    return [str(question.label_for(value)) for value in ticked if value != "none"]


def rule_results(answers, shown, questions, knowledge, *, age):
    """What the clinical rules make of the answers: scores, medicines, trials, treatment history, flags, supplements.

    All of the summary but its header and the answers by section (which show every question), kept apart so that a
    test can record every key the rules read (tests/summaries/test_reads.py).
    """
    by_key = {question.key: question for question in questions}
    scores = scoring.all_scores(answers, shown, by_key)
    _phq9, _gad7, audit_c, drug_use = scores
    medicine_columns = group_columns(questions, CURRENT_MEDICATIONS)
    current = [
        current_medicine(row, medicine_columns, knowledge) for row in group_rows(answers, shown, CURRENT_MEDICATIONS)
    ]
    procedure_rows = group_rows(answers, shown, PROCEDURES)
    trials = build_trials(
        group_rows(answers, shown, PAST_MEDICATIONS),
        group_columns(questions, PAST_MEDICATIONS),
        knowledge,
        procedures=procedure_rows,
    )
    context = Context(answers, shown, by_key)
    flags = build_flags(
        context,
        trials=trials,
        audit_c=audit_c,
        drug_use=drug_use,
        current_medicines=current,
        knowledge=knowledge,
        age=age,
    )
    return {
        "flags": flags,
        "scores": scores,
        "current_medicines": current,
        "trials": trials,
        "therapies": history_rows(
            group_rows(answers, shown, PSYCHOTHERAPY), group_columns(questions, PSYCHOTHERAPY), THERAPY_COLUMNS
        ),
        "procedures": history_rows(procedure_rows, group_columns(questions, PROCEDURES), PROCEDURE_COLUMNS),
        "supplements": supplements_ticked(context, by_key),
    }


def build_header(response, age):
    questionnaire = response.questionnaire
    appointment = response.appointment
    return Header(
        appointment_id=appointment.pk,
        patient_name=appointment.patient_name,
        date_of_birth=appointment.date_of_birth,
        age=age,
        appointment_at=timezone.localtime(appointment.starts_at),
        clinician=appointment.clinician,
        submitted_at=timezone.localtime(response.submitted_at) if response.submitted_at else None,
        questionnaire_title=questionnaire.title,
        questionnaire_version=questionnaire.version,
        generated_at=timezone.localtime(),
        clinic_name=getattr(settings, "CLINIC_NAME", ""),
    )


def build_summary(response, knowledge=None):
    """The summary of a response's answers, or of one sending of them (a `visits.Submission`).

    Pass `knowledge` when building many (a day's batch).
    """
    knowledge = knowledge or Knowledge.load()
    questionnaire = response.questionnaire
    questions = questionnaire.ordered_questions()
    answers = response.answers or {}
    shown = conditions.visible_keys(questions, answers)
    appointment = response.appointment
    age = age_on(appointment.date_of_birth, timezone.localtime(appointment.starts_at).date())
    sections = section_answers(questionnaire.ordered_sections(), questions, answers, shown)
    return Summary(
        header=build_header(response, age),
        sections=sections,
        request=patient_request(sections),
        **rule_results(answers, shown, questions, knowledge, age=age),
    )


def build_summaries(responses):
    """Summaries of many responses, reading the reference data once."""
    knowledge = Knowledge.load()
    return [build_summary(response, knowledge) for response in responses]
