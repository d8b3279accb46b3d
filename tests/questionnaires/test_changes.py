"""The “Changes” view: a draft compared with the version it was made from, question by question."""

import pytest

from prep.questionnaires.changes import compare
from prep.questionnaires.models import Choice, Question
from tests.questionnaires.test_admin_editing import add_row, edit, row_of


@pytest.fixture
def draft(default_questionnaire):
    return default_questionnaire.create_draft()


@pytest.fixture
def edited(draft):
    """A draft with one edit of every kind the view reports."""
    goals = draft.questions.get(key="visit_goals")
    goals.text = "What would you like from this visit?"
    goals.help_text = ""
    goals.save()
    support = draft.questions.get(key="support")
    support.choices.filter(value="several").update(label="Three or more people")
    Choice.objects.create(question=support, order=4, value="many", label="Many people")
    support.choices.get(value="none").delete()
    living = draft.questions.get(key="living_situation")
    living.required = True
    living.kind = "long_text"
    living.save()
    detail = draft.questions.get(key="pharmacogenetic_detail")
    detail.show_if = {"question": "pharmacogenetic_test", "op": "in", "value": ["yes", "not_sure"]}
    detail.save()
    draft.questions.get(key="therapy_attendance").delete()
    Question.objects.create(
        section=draft.sections.get(key="about_visit"), order=3, key="travel", kind="short_text", text="How will you travel?"
    )
    return draft


def by_key(changes):
    return {change.key: change for change in changes}


def test_unchanged_draft_has_no_changes(draft, default_questionnaire):
    assert compare(default_questionnaire, draft) == []


def test_added_removed_reworded_and_changed_questions_are_listed_by_key(edited, default_questionnaire):
    changes = by_key(compare(default_questionnaire, edited))
    assert set(changes) == {
        "visit_goals", "support", "living_situation", "pharmacogenetic_detail", "therapy_attendance", "travel"
    }
    assert changes["travel"].status == "added"
    assert changes["therapy_attendance"].status == "removed"
    assert changes["visit_goals"].details == [
        "reworded: “What do you most want help with at this visit?” → “What would you like from this visit?”",
        "help text: “A few words is enough.” → “”",
    ]
    assert changes["support"].details == [
        "choice relabelled: several “Several people” → “Three or more people”",
        "choice added: many “Many people”",
        "choice removed: none “No one right now”",
    ]
    assert changes["living_situation"].details == ["kind: Short text → Long text", "now required"]
    assert changes["pharmacogenetic_detail"].details == [
        "show-if: pharmacogenetic_test is yes → pharmacogenetic_test is any of yes, not_sure"
    ]


def test_changes_page_shows_the_comparison(admin_client, edited):
    response = admin_client.get(f"/admin/questionnaires/questionnaire/{edited.pk}/changes/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "compared with version 1" in html
    assert "<code>travel</code>" in html and "added" in html
    assert "choice relabelled: several “Several people” → “Three or more people”" in html


def test_changes_after_edits_made_in_the_admin(admin_client, draft):
    support = draft.questions.get(key="support")

    def reword_and_add_choice(data):
        data["text"] = "Who can you count on?"
        data[f"choices-{row_of(data, 'choices', 'value', 'none')}-label"] = "Nobody right now"
        add_row(data, "choices", order="4", value="many", label="Many people")

    assert edit(admin_client, support, reword_and_add_choice).status_code == 302
    html = admin_client.get(f"/admin/questionnaires/questionnaire/{draft.pk}/changes/").content.decode()
    assert "reworded: “How many people can you count on for help or support?” → “Who can you count on?”" in html
    assert "choice relabelled: none “No one right now” → “Nobody right now”" in html
    assert "choice added: many “Many people”" in html


def test_a_version_not_made_from_another_has_nothing_to_compare(admin_client, default_questionnaire):
    response = admin_client.get(f"/admin/questionnaires/questionnaire/{default_questionnaire.pk}/changes/")
    assert "nothing to compare it with" in response.content.decode()
