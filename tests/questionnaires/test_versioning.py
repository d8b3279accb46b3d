"""Versioning rules, enforced by the models whatever the caller."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from prep.questionnaires.models import Choice, FrozenVersionError, Question, Questionnaire, Section
from prep.visits.models import Appointment, Patient, Response


def give_response(questionnaire):
    patient = Patient.objects.create(name="Test Patient", date_of_birth=datetime.date(1980, 1, 1))
    appointment = Appointment.objects.create(
        patient=patient, patient_name="Test Patient", date_of_birth=datetime.date(1980, 1, 1), starts_at=timezone.now()
    )
    return Response.objects.create(appointment=appointment, questionnaire=questionnaire)


def test_draft_content_can_be_edited(mini_draft):
    section = mini_draft.sections.get(key="first")
    section.title = "Renamed"
    section.save()
    assert Section.objects.get(pk=section.pk).title == "Renamed"


def test_published_version_content_cannot_be_changed(mini_published):
    section = mini_published.sections.get(key="first")
    section.title = "Renamed"
    with pytest.raises(FrozenVersionError):
        section.save()
    question = mini_published.questions.get(key="mood")
    question.text = "Reworded"
    with pytest.raises(FrozenVersionError):
        question.save()
    with pytest.raises(FrozenVersionError):
        Choice.objects.create(question=question, value="new", label="New")
    assert Question.objects.get(pk=question.pk).text == "How is your mood?"


def test_version_with_responses_cannot_be_changed(mini_published):
    give_response(mini_published)
    mini_published.title = "Changed title"
    with pytest.raises(FrozenVersionError):
        mini_published.save()
    assert Questionnaire.objects.get(pk=mini_published.pk).title == "Mini questionnaire"


def test_version_with_responses_cannot_be_deleted(mini_published):
    give_response(mini_published)
    with pytest.raises(FrozenVersionError):
        mini_published.delete()
    with pytest.raises(FrozenVersionError):
        mini_published.questions.first().delete()
    assert Questionnaire.objects.filter(pk=mini_published.pk).exists()


def test_create_draft_deep_copies_sections_questions_choices_and_conditions(mini_published):
    draft = mini_published.create_draft()
    assert (draft.slug, draft.version, draft.status) == ("mini", 2, Questionnaire.Status.DRAFT)
    assert draft.created_from == mini_published

    def content(version):
        return [
            (q.section.key, q.key, q.kind, q.text, q.required, q.show_if, q.parent.key if q.parent else None,
             [(c.value, c.label, c.exclusive) for c in q.choices.all()])
            for q in version.ordered_questions()
        ]

    assert content(draft) == content(mini_published)
    assert not set(draft.questions.values_list("pk", flat=True)) & set(
        mini_published.questions.values_list("pk", flat=True)
    )


def test_publish_makes_the_draft_the_one_published_version_and_retires_the_old(mini_published):
    draft = mini_published.create_draft()
    draft.publish()
    mini_published.refresh_from_db()
    draft.refresh_from_db()
    assert mini_published.status == Questionnaire.Status.RETIRED
    assert draft.status == Questionnaire.Status.PUBLISHED
    assert draft.published_at is not None
    assert Questionnaire.latest_published("mini") == draft


def test_only_a_draft_can_be_published(mini_published):
    with pytest.raises(ValidationError):
        mini_published.publish()


def test_editing_a_new_draft_leaves_the_published_version_untouched(mini_published):
    draft = mini_published.create_draft()
    question = draft.questions.get(key="mood")
    question.text = "How has your mood been?"
    question.save()
    assert mini_published.questions.get(key="mood").text == "How is your mood?"


def test_a_question_key_is_set_once(mini_draft):
    question = mini_draft.questions.get(key="mood")
    question.key = "feeling"
    with pytest.raises(ValidationError):
        question.save()
    question.refresh_from_db()
    question.text = "Reworded"
    question.save()
    assert Question.objects.get(pk=question.pk).key == "mood"
