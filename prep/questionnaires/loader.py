"""Build a questionnaire version from plain data (the default questionnaire's YAML file, or an import)."""

from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from prep.questionnaires.models import Choice, Question, Questionnaire, Section

DEFAULT_QUESTIONNAIRE_FILE = Path(__file__).parent / "data" / "default_questionnaire.yaml"


def read_default_questionnaire():
    """The default questionnaire's data, parsed anew (callers may change it) with libyaml's loader when present: the
    pure-Python one took 0.16 s for this file."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(DEFAULT_QUESTIONNAIRE_FILE.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (a safe loader)


@transaction.atomic
def questionnaire_create_draft(*, data, version=None):
    """Create a draft version from data of the default file's shape, validating it as a whole.

    Rows are checked field by field, written in bulk, then the version is validated in one pass
    (`full_clean_content`); any problem raises ValidationError and the transaction leaves nothing behind.
    """
    slug = data["slug"]
    if version is None:
        latest = Questionnaire.objects.filter(slug=slug).order_by("-version").first()
        version = latest.version + 1 if latest else 1
    questionnaire = Questionnaire(
        slug=slug,
        version=version,
        title=data["title"],
        intro=(data.get("intro") or "").strip(),
        source_url=data.get("source_url") or "",
    )
    questionnaire.full_clean(validate_constraints=False)
    questionnaire.save()
    sections = [new_section(questionnaire, section_data, order) for order, section_data in enumerate(data["sections"], 1)]
    Section.objects.bulk_create(sections)
    questions, choices = [], []
    columns = []
    for section, section_data in zip(sections, data["sections"]):
        for order, question_data in enumerate(section_data.get("questions") or [], start=1):
            question = new_question(section, question_data, order)
            questions.append(question)
            choices += new_choices(question, question_data)
            columns += [(question, column, n) for n, column in enumerate(question_data.get("columns") or [], 1)]
    children = []
    for parent, column_data, order in columns:
        child = new_question(parent.section, column_data, order, parent=parent)
        children.append(child)
        choices += new_choices(child, column_data)
    refuse_repeated_keys(questions + children)
    Question.objects.bulk_create(questions)
    for child in children:
        child.parent_id = child.parent.pk
    Question.objects.bulk_create(children)
    for choice in choices:
        choice.question_id = choice.question.pk
    Choice.objects.bulk_create(choices)
    questionnaire.full_clean_content()
    return questionnaire


def refuse_repeated_keys(questions):
    seen = set()
    for question in questions:
        if question.key in seen:
            raise ValidationError(_("The key “%(key)s” is used twice.") % {"key": question.key})
        seen.add(question.key)


def new_section(questionnaire, data, order):
    section = Section(
        questionnaire=questionnaire,
        order=order,
        key=data["key"],
        title=data["title"],
        intro=(data.get("intro") or "").strip(),
        instrument=data.get("instrument") or "",
        copyright=(data.get("copyright") or "").strip(),
        link_id=data.get("link_id") or "",
        codes=data.get("codes") or [],
    )
    section.full_clean(exclude=["questionnaire"], validate_unique=False, validate_constraints=False)
    return section


def new_question(section, data, order, parent=None):
    question = Question(
        section=section,
        questionnaire=section.questionnaire,
        parent=parent,
        order=order,
        key=data["key"],
        kind=data["kind"],
        text=(data.get("text") or "").strip(),
        help_text=(data.get("help_text") or "").strip(),
        required=bool(data.get("required", False)),
        min_value=data.get("min_value"),
        max_value=data.get("max_value"),
        unit=data.get("unit") or "",
        offers_prefer_not=bool(data.get("offers_prefer_not", False)),
        carried_forward=bool(data.get("carried_forward", False)),
        suggestions=data.get("suggestions") or "",
        show_if=data.get("show_if"),
        entry_name=data.get("entry_name") or "",
        link_id=data.get("link_id") or "",
        codes=data.get("codes") or [],
        unit_coding=data.get("unit_coding"),
    )
    question.clean_fields(exclude=["questionnaire", "section", "parent"])
    return question


def new_choices(question, data):
    choices = []
    for order, choice_data in enumerate(data.get("choices") or [], start=1):
        choice = Choice(
            question=question,
            order=order,
            value=str(choice_data["value"]),
            label=str(choice_data["label"]),
            exclusive=bool(choice_data.get("exclusive", False)),
            code=choice_data.get("code") or "",
            system=choice_data.get("system") or "",
            ordinal_value=choice_data.get("ordinal_value"),
        )
        choice.clean_fields(exclude=["question"])
        choices.append(choice)
    values = [choice.value for choice in choices]
    if len(values) != len(set(values)):
        raise ValidationError(_("“%(key)s”: two choices have the same value.") % {"key": question.key})
    return choices


def load_default_questionnaire():
    """Create and publish the default questionnaire unless a version of it exists. Returns (version, created)."""
    data = read_default_questionnaire()
    existing = Questionnaire.objects.filter(slug=data["slug"]).order_by("-version").first()
    if existing:
        return existing, False
    with transaction.atomic():
        questionnaire = questionnaire_create_draft(data=data)
        questionnaire.publish()
    return questionnaire, True

