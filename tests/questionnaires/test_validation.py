"""Model validation of the question bank: what an admin or an import must not be able to save."""

import copy

import pytest
from django.core.exceptions import ValidationError

from prep.questionnaires.loader import questionnaire_create_draft
from prep.questionnaires.models import Choice, Kind, Question
from tests.conftest import MINI_QUESTIONNAIRE


def mini_with(change):
    data = copy.deepcopy(MINI_QUESTIONNAIRE)
    change(data)
    return data


def add_question(section, question):
    return lambda data: data["sections"][section]["questions"].append(question)


@pytest.mark.django_db
def test_duplicate_key_within_a_version_is_rejected():
    data = mini_with(add_question(1, {"key": "mood", "kind": "short_text", "text": "Again"}))
    with pytest.raises(ValidationError, match="used twice"):
        questionnaire_create_draft(data=data)


@pytest.mark.django_db
def test_show_if_referring_to_a_later_question_is_rejected(mini_draft):
    question = mini_draft.questions.get(key="mood")
    question.show_if = {"question": "low_detail", "op": "answered"}
    with pytest.raises(ValidationError, match="earlier question"):
        question.full_clean()


@pytest.mark.django_db
def test_show_if_referring_to_an_unknown_question_is_rejected():
    data = mini_with(
        add_question(1, {"key": "x", "kind": "short_text", "text": "X", "show_if": {"question": "nope", "op": "answered"}})
    )
    with pytest.raises(ValidationError, match="not an earlier question"):
        questionnaire_create_draft(data=data)


@pytest.mark.django_db
def test_show_if_with_an_unknown_operator_is_rejected(mini_draft):
    question = mini_draft.questions.get(key="low_detail")
    question.show_if = {"question": "mood", "op": "like", "value": "low"}
    with pytest.raises(ValidationError, match="Unknown show-if operator"):
        question.full_clean()


@pytest.mark.django_db
def test_choices_on_a_kind_that_takes_none_are_rejected(mini_draft):
    question = mini_draft.questions.get(key="low_detail")
    with pytest.raises(ValidationError, match="takes no choices"):
        Choice(question=question, value="a", label="A").full_clean()


@pytest.mark.django_db
def test_changing_a_choice_question_to_text_while_it_has_choices_is_rejected(mini_draft):
    question = mini_draft.questions.get(key="mood")
    question.kind = Kind.SHORT_TEXT
    with pytest.raises(ValidationError, match="takes no choices"):
        question.full_clean()


@pytest.mark.django_db
def test_a_group_nested_in_a_group_is_rejected(mini_draft):
    group = mini_draft.questions.get(key="medicines")
    nested = Question(section=group.section, parent=group, key="inner", kind=Kind.GROUP, text="Inner")
    with pytest.raises(ValidationError, match="inside another group"):
        nested.full_clean(exclude=["questionnaire"])


@pytest.mark.django_db
def test_a_column_under_a_column_is_rejected(mini_draft):
    column = mini_draft.questions.get(key="drug")
    deeper = Question(section=column.section, parent=column, key="deeper", kind=Kind.SHORT_TEXT, text="Deeper")
    with pytest.raises(ValidationError, match="Only a repeating group"):
        deeper.full_clean(exclude=["questionnaire"])


@pytest.mark.django_db
def test_a_repeated_choice_value_is_rejected(mini_draft):
    question = mini_draft.questions.get(key="mood")
    with pytest.raises(ValidationError):
        Choice(question=question, value="good", label="Good again").full_clean()
