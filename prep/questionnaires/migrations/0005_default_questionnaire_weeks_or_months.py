"""The default questionnaire's medicines as cards: entry names for its groups, and "how long" in weeks or months.

Entry names only change how entries are labelled ("Medicine 1"), so every version gets them, as 0002 did for
"Prefer not to say". The unit column changes content, so a published version is never edited: its copy becomes the
next published version (the old one is retired; responses already started keep theirs, and read as weeks). A draft
is editable and simply gets the column. Wording an admin has changed is left as it is.
"""

from django.db import migrations
from django.db.models import F
from django.utils import timezone

SLUG = "trd-previsit"
ENTRY_NAMES = {"past_medications": "medicine", "current_medications": "medicine", "psychotherapy": "therapy",
               "procedures": "treatment"}
NUMBER_KEY = "weeks_at_that_dose"
UNIT_KEY = "weeks_at_that_dose_unit"
NEW_WORDING = {
    # key: (field, wording shipped before, wording now)
    NUMBER_KEY: ("text", "About how many weeks at that dose?", "About how long at that dose?"),
    "why_stopped": ("text", "Why did you stop?", "Do you still take it? If not, why did you stop?"),
    "past_medications": ("help_text", "Add one row for each medicine. If you do not know an answer, leave it blank.",
                         "One medicine at a time. If you do not know an answer, leave it blank."),
    "current_medications": ("help_text", "Add one row for each. Include your medicines for depression again here.",
                            "One at a time. Include your medicines for depression again here."),
    "psychotherapy": ("help_text", "Add one row for each kind of therapy you have had.", "One kind of therapy at a time."),
    "procedures": ("help_text", "For example, magnetic brain stimulation, ECT or ketamine. Add one row for each.",
                   "For example, magnetic brain stimulation, ECT or ketamine. One at a time."),
}


def name_entries(apps, schema_editor):
    Question = apps.get_model("questionnaires", "Question")
    for key, name in ENTRY_NAMES.items():
        Question.objects.filter(key=key, kind="group", entry_name="").update(entry_name=name)


def copy_version(apps, old):
    """A published copy of `old` as the next version of its slug (what "create new draft" then "publish" makes)."""
    Questionnaire = apps.get_model("questionnaires", "Questionnaire")
    Section = apps.get_model("questionnaires", "Section")
    Question = apps.get_model("questionnaires", "Question")
    Choice = apps.get_model("questionnaires", "Choice")
    latest = Questionnaire.objects.filter(slug=old.slug).order_by("-version").first()
    Questionnaire.objects.filter(pk=old.pk).update(status="retired")
    new = Questionnaire.objects.create(
        slug=old.slug, version=latest.version + 1, status="published", title=old.title, intro=old.intro,
        created_from=old, published_at=timezone.now(),
    )
    sections = {}
    for section in Section.objects.filter(questionnaire=old).order_by("order", "pk"):
        old_pk = section.pk
        section.pk = None
        section.questionnaire = new
        section.save()
        sections[old_pk] = section
    copies = {}
    questions = Question.objects.filter(questionnaire=old).order_by("parent_id", "order", "pk")
    for question in sorted(questions, key=lambda question: question.parent_id is not None):
        old_pk = question.pk
        choices = list(Choice.objects.filter(question_id=old_pk).order_by("order", "pk"))
        question.pk = None
        question.questionnaire = new
        question.section = sections[question.section_id]
        question.parent = copies[question.parent_id] if question.parent_id else None
        question.save()
        copies[old_pk] = question
        for choice in choices:
            choice.pk = None
            choice.question = question
            choice.save()
    return new


def add_unit_column(apps, questionnaire):
    Question = apps.get_model("questionnaires", "Question")
    Choice = apps.get_model("questionnaires", "Choice")
    number = Question.objects.filter(questionnaire=questionnaire, key=NUMBER_KEY).exclude(parent=None).first()
    if number is None or Question.objects.filter(questionnaire=questionnaire, key=UNIT_KEY).exists():
        return
    Question.objects.filter(parent=number.parent, order__gt=number.order).update(order=F("order") + 1)
    unit = Question.objects.create(
        questionnaire=questionnaire, section=number.section, parent=number.parent, order=number.order + 1,
        key=UNIT_KEY, kind="single_choice", text="Weeks or months",
    )
    Choice.objects.create(question=unit, order=1, value="weeks", label="weeks")
    Choice.objects.create(question=unit, order=2, value="months", label="months")
    if number.unit == "weeks":
        Question.objects.filter(pk=number.pk).update(unit="weeks or months")
    for key, (field, before, after) in NEW_WORDING.items():
        Question.objects.filter(questionnaire=questionnaire, key=key, **{field: before}).update(**{field: after})




def weeks_or_months(apps, schema_editor):
    Questionnaire = apps.get_model("questionnaires", "Questionnaire")
    Question = apps.get_model("questionnaires", "Question")
    latest = Questionnaire.objects.filter(slug=SLUG).order_by("-version").first()
    if latest is None or Question.objects.filter(questionnaire=latest, key=UNIT_KEY).exists():
        return
    if not Question.objects.filter(questionnaire=latest, key=NUMBER_KEY).exclude(parent=None).exists():
        return
    if latest.status == "draft":
        add_unit_column(apps, latest)
    elif latest.status == "published":
        add_unit_column(apps, copy_version(apps, latest))


class Migration(migrations.Migration):
    dependencies = [
        ("questionnaires", "0004_question_entry_name"),
    ]

    operations = [
        migrations.RunPython(name_entries, migrations.RunPython.noop),
        migrations.RunPython(weeks_or_months, migrations.RunPython.noop),
    ]
