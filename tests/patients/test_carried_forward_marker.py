"""Which questions a version carries forward: the default questionnaire's lasting facts, never a symptom scale; the
marker follows a version into its next draft."""

import pytest
from django.core.exceptions import ValidationError

from prep.questionnaires.models import Question

CARRIED = {"current_medications", "past_medications", "psychotherapy", "procedures", "conditions",
           "conditions_detail", "bipolar_diagnosed", "other_diagnoses"}


def test_the_default_questionnaire_carries_forward_medicines_treatments_conditions_and_diagnoses(default_questionnaire):
    marked = set(default_questionnaire.questions.filter(carried_forward=True).values_list("key", flat=True))
    assert marked == CARRIED
    scales = default_questionnaire.questions.exclude(section__instrument="")
    assert scales.exists() and not scales.filter(carried_forward=True).exists()


def test_a_new_draft_keeps_the_marker(default_questionnaire):
    draft = default_questionnaire.create_draft()
    assert set(draft.questions.filter(carried_forward=True).values_list("key", flat=True)) == CARRIED


def test_a_scale_item_cannot_be_carried_forward(default_questionnaire):
    draft = default_questionnaire.create_draft()
    item = Question.objects.get(questionnaire=draft, key="44250-9")
    item.carried_forward = True
    with pytest.raises(ValidationError, match="symptom scale"):
        item.full_clean()
