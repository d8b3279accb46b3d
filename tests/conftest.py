import pytest

from prep.questionnaires.loader import load_default_questionnaire, questionnaire_create_draft

MINI_QUESTIONNAIRE = {
    "slug": "mini",
    "title": "Mini questionnaire",
    "intro": "A small questionnaire for tests.",
    "sections": [
        {
            "key": "first",
            "title": "First section",
            "questions": [
                {"key": "mood", "kind": "single_choice", "text": "How is your mood?", "required": True,
                 "choices": [{"value": "good", "label": "Good"}, {"value": "low", "label": "Low"}]},
                {"key": "low_detail", "kind": "long_text", "text": "Tell us more", "required": True,
                 "show_if": {"question": "mood", "op": "eq", "value": "low"}},
            ],
        },
        {
            "key": "second",
            "title": "Second section",
            "questions": [
                {"key": "medicines", "kind": "group", "text": "Medicines",
                 "columns": [
                     {"key": "drug", "kind": "short_text", "text": "Medicine name", "required": True,
                      "suggestions": "medicines"},
                     {"key": "dose_mg", "kind": "decimal", "text": "Dose (mg)", "min_value": 0},
                 ]},
            ],
        },
    ],
}


@pytest.fixture
def mini_draft(db):
    return questionnaire_create_draft(data=MINI_QUESTIONNAIRE)


@pytest.fixture
def mini_published(mini_draft):
    mini_draft.publish()
    return mini_draft


@pytest.fixture
def default_questionnaire(db):
    questionnaire, _created = load_default_questionnaire()
    return questionnaire
