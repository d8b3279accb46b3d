"""Answers in words, with the wording of the version the patient answered: used by the review page and summaries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from prep.questionnaires import conditions
from prep.questionnaires.forms import PREFER_NOT, is_unit_column, unit_of
from prep.questionnaires.models import Kind


@dataclass
class AnsweredQuestion:
    key: str
    text: str
    words: str = ""
    columns: list = field(default_factory=list)  # a group's column headings
    rows: list = field(default_factory=list)  # a group's rows, each a list of cell words
    entry_name: str = ""  # a group's name for one entry ("medicine"): "Medicine 1"

    @property
    def entry_title(self):
        return capfirst(self.entry_name) if self.entry_name else _("Entry")

    @property
    def is_group(self):
        return bool(self.columns)

    @property
    def labelled_rows(self):
        """A group's rows, each as [(column heading, cell words)] with the blank cells left out: one short list per
        entry, which fits a phone where a table would not."""
        return [[(heading, cell) for heading, cell in zip(self.columns, row) if cell] for row in self.rows]


def plain(value):
    """A stored number or text in words: 8.0 → "8", 37.50 → "37.5"."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (int, float, Decimal)):
        return format(Decimal(str(value)).normalize(), "f")
    return str(value)


def answer_words(question, value):
    """One answer as the patient would read it ("Prefer not to say" stays as such, since it is a choice label)."""
    if not conditions.is_answered(value):
        return ""
    if value == PREFER_NOT and question.offers_prefer_not:
        return str(_("Prefer not to say"))
    if question.kind == Kind.MULTIPLE_CHOICE:
        items = value if isinstance(value, list) else [value]
        return "; ".join(str(question.label_for(str(item))) for item in items)
    if question.kind in (Kind.SINGLE_CHOICE, Kind.YES_NO):
        return str(question.label_for(str(value)))
    if question.kind == Kind.DATE:
        try:
            return formats.date_format(datetime.date.fromisoformat(str(value)), "j M Y")
        except ValueError:
            return str(value)
    return plain(value)


def columns_by_group(questions):
    """{group question pk: [its columns in order]}."""
    columns = {}
    for question in questions:
        if question.parent_id:
            columns.setdefault(question.parent_id, []).append(question)
    return columns


def has_number(unit, columns):
    return any(unit_of(column.key) == unit.key for column in columns)


def cell_words(column, row, units):
    """One answer of a group entry in words; a number with a unit column reads "8 weeks" (the unit's first choice
    when none was saved), and the unit column is not shown on its own."""
    words = answer_words(column, row.get(column.key))
    unit = units.get(unit_of(column.key))
    if not words or unit is None:
        return words
    chosen = row.get(unit.key)
    unit_words = answer_words(unit, chosen) if conditions.is_answered(chosen) else str(unit.choice_pairs()[0][1])
    return f"{words} {unit_words}"


def answered_questions(section_questions, columns_by_group, answers, shown):
    """The shown, answered questions of one section, in order, each with its answer in words."""
    entries = []
    for question in section_questions:
        value = answers.get(question.key)
        if question.key not in shown or not conditions.is_answered(value):
            continue
        if question.is_group:
            all_columns = columns_by_group.get(question.pk, [])
            units = {column.key: column for column in all_columns if is_unit_column(column)}
            columns = [column for column in all_columns if column.key not in units or not has_number(column, all_columns)]
            rows = [[cell_words(column, row, units) for column in columns] for row in value]
            entries.append(
                AnsweredQuestion(
                    question.key, question.text, columns=[c.text for c in columns], rows=rows,
                    entry_name=question.entry_name,
                )
            )
        else:
            entries.append(AnsweredQuestion(question.key, question.text, words=answer_words(question, value)))
    return entries


def answers_by_section(questionnaire, answers, sections=None, questions=None):
    """[(section, [AnsweredQuestion])] for every section, hidden-by-condition answers left out."""
    sections = sections if sections is not None else questionnaire.ordered_sections()
    questions = questions if questions is not None else questionnaire.ordered_questions()
    shown = conditions.visible_keys(questions, answers)
    columns = columns_by_group(questions)
    result = []
    for section in sections:
        own = [q for q in questions if q.section_id == section.pk and q.parent_id is None]
        result.append((section, answered_questions(own, columns, answers, shown)))
    return result


@dataclass
class AnswerChange:
    section: str
    question: str
    before: str
    after: str


def entry_words(entry):
    """An answered question in one line: a group's rows joined, for comparing two sendings."""
    if entry.is_group:
        return " / ".join(", ".join(cell for cell in row if cell) for row in entry.rows)
    return entry.words


def words_by_key(questionnaire, answers):
    """{question key: (section title, question text, answer in words)} of the shown, answered questions."""
    return {
        entry.key: (section.title, entry.text, entry_words(entry))
        for section, entries in answers_by_section(questionnaire, answers)
        for entry in entries
    }


def answer_changes(questionnaire, before, after):
    """What differs between two sets of answers to one version, in question order, each side in words."""
    earlier, later = words_by_key(questionnaire, before), words_by_key(questionnaire, after)
    changes = []
    for question in questionnaire.ordered_questions():
        old, new = earlier.get(question.key), later.get(question.key)
        if old is None and new is None or (old and new and old[2] == new[2]):
            continue
        section, text, _words = new or old
        changes.append(AnswerChange(section, text, before=old[2] if old else "", after=new[2] if new else ""))
    return changes


@dataclass
class BlankQuestion:
    key: str
    text: str
    expected: bool  # the question is `required`: expected, though never forced


def blank_by_section(sections, questions, answers):
    """{section pk: [BlankQuestion]}: every shown question without an answer, expected ones first, in order."""
    shown = conditions.visible_keys(questions, answers)
    blanks = {section.pk: [] for section in sections}
    for question in questions:
        if question.parent_id is None and question.key in shown and not conditions.is_answered(answers.get(question.key)):
            blanks.setdefault(question.section_id, []).append(BlankQuestion(question.key, question.text, question.required))
    for found in blanks.values():
        found.sort(key=lambda blank: not blank.expected)
    return blanks
