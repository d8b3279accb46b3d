"""The clinical rules read only the question keys they declare (prep/summaries/reads.py), and each declared key is read.

What makes the declaration honest: the rules run on the personas' answers through a mapping that records every key
read from it, and from the rows of its groups.
"""

import pytest

from prep.questionnaires import conditions
from prep.summaries.flags import BIPOLAR_FEATURES, CONTRIBUTOR_ANSWERS, SAFETY_HISTORY, URGENT_SAFETY
from prep.summaries.reads import READS
from prep.summaries.summary import rule_results
from tests.personas import MAXIMAL, MINIMAL, TYPICAL

DECLARED = {key for reads in READS for key in reads.keys}


class RecordingAnswers(dict):
    """Answers that note in `read` every key looked up in them or in the rows of their groups."""

    def __init__(self, answers, read=None):
        super().__init__(answers)
        self.read = set() if read is None else read

    def get(self, key, default=None):
        self.read.add(key)
        return self.recording(super().get(key, default))

    def __getitem__(self, key):
        self.read.add(key)
        return self.recording(super().__getitem__(key))

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def recording(self, value):
        if isinstance(value, list):
            return [RecordingAnswers(item, self.read) if isinstance(item, dict) else item for item in value]
        return value


def keys_read(questionnaire, answers, knowledge):
    """The keys the rules read for these answers, with the questions shown as for the patient."""
    questions = questionnaire.ordered_questions()
    shown = conditions.visible_keys(questions, answers)
    recorded = RecordingAnswers(answers)
    rule_results(recorded, shown, questions, knowledge, age=64)
    return recorded.read


@pytest.mark.parametrize("persona", [MINIMAL, TYPICAL, MAXIMAL], ids=["minimal", "typical", "maximal"])
def test_the_rules_read_only_declared_keys(default_questionnaire, knowledge, persona):
    assert keys_read(default_questionnaire, persona, knowledge) - DECLARED == set()


def test_every_declared_key_is_read_for_the_typical_or_maximal_patient(default_questionnaire, knowledge):
    read = keys_read(default_questionnaire, TYPICAL, knowledge) | keys_read(default_questionnaire, MAXIMAL, knowledge)
    assert DECLARED - read == set()


def test_every_value_the_answer_rules_compare_with_is_a_choice_of_its_question(default_questionnaire):
    questions = {question.key: question for question in default_questionnaire.ordered_questions()}
    triggers = [*URGENT_SAFETY.triggers, *SAFETY_HISTORY.triggers, *BIPOLAR_FEATURES.triggers, *CONTRIBUTOR_ANSWERS]
    for key, values in triggers:
        offered = {value for value, _label in questions[key].choice_pairs()}
        assert set(values) <= offered, key
