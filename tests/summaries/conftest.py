import pytest

from prep.summaries.reference import Knowledge, load_reference_data


@pytest.fixture
def reference_data(db):
    """The seeded medicine list and rules (re-created if a transactional test flushed them)."""
    load_reference_data()


@pytest.fixture
def knowledge(reference_data):
    return Knowledge.load()


@pytest.fixture
def summarise(default_questionnaire, knowledge):
    """Build the summary of a submitted response with these answers (the default questionnaire)."""
    from prep.summaries.summary import build_summary
    from tests.personas import make_submitted_response

    def build(answers, **kwargs):
        response = make_submitted_response(answers, questionnaire=default_questionnaire, **kwargs)
        return build_summary(response, knowledge)

    return build
