"""Other software shows the follow-up too: the exported FHIR Questionnaire and QuestionnaireResponse in LHC-Forms.

LHC-Forms (the U.S. National Library of Medicine's FHIR form renderer, vendored for tests only in vendor/lforms/) runs
in Chromium on a page that `page.route` serves from an address no request ever leaves for, so no app server is needed:
the test exports with the management commands and hands the JSON to the page.
"""

import io
import json
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from prep.questionnaires import conditions
from prep.questionnaires.models import Kind
from prep.summaries.fhir import questionnaire_response
from tests.personas import TYPICAL, make_submitted_response
from tests.sqlite_pass import on_the_sqlite_pass_only

# LHC-Forms is handed JSON that is the same whichever database it was read from; the export's own tests (round trip,
# validation) run on both.
pytestmark = on_the_sqlite_pass_only("LHC-Forms renders the same exported JSON from either database")

LFORMS = Path(__file__).parent / "vendor" / "lforms"
ORIGIN = "http://lhc-forms.test"
# The scripts go after the container: lhc-forms.js adds elements to <body> as it loads.
PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LHC-Forms</title>
<link rel="stylesheet" href="/lforms/webcomponent/styles.css"></head>
<body><main id="form"></main>
<script src="/lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="/lforms/webcomponent/lhc-forms.js"></script>
<script src="/lforms/fhir/R4/lformsFHIR.min.js"></script>
</body></html>"""
ITEM_9 = "Thoughts that you would be better off dead or of hurting yourself in some way"
FOLLOW_UP = "Are you having these thoughts today?"


def serve(route, problems):
    """The page and the vendored files; anything else is a problem (a missing file or a request to the internet)."""
    url = urlsplit(route.request.url)
    file = LFORMS / url.path.removeprefix("/lforms/")
    if f"{url.scheme}://{url.netloc}" == ORIGIN and url.path == "/":
        route.fulfill(body=PAGE, content_type="text/html")
    elif f"{url.scheme}://{url.netloc}" == ORIGIN and url.path.startswith("/lforms/") and file.is_file():
        route.fulfill(path=file)
    else:
        problems.append(f"request for what is not vendored: {route.request.url}")
        route.abort()


@pytest.fixture
def lhc_forms_problems(page):
    """Opens LHC-Forms in `page`; the list collects console errors, uncaught exceptions and unexpected requests."""
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"exception: {error}"))
    page.route("**/*", lambda route: serve(route, problems))
    page.goto(f"{ORIGIN}/")
    page.wait_for_function("window.LForms && LForms.Util && LForms.FHIR && LForms.FHIR.R4")
    return problems


def exported_questionnaire():
    output = io.StringIO()
    call_command("questionnaire_export", stdout=output)
    return json.loads(output.getvalue())


def exported_questionnaire_response(response):
    output = io.StringIO()
    call_command("response_export", "--appointment", str(response.appointment_id), stdout=output)
    bundle = json.loads(output.getvalue())
    resources = [entry["resource"] for entry in bundle["entry"]]
    return next(resource for resource in resources if resource["resourceType"] == "QuestionnaireResponse")


def render(page, questionnaire, questionnaire_response=None):
    page.evaluate(
        """async ([questionnaire, questionnaireResponse]) => {
            let form = LForms.Util.convertFHIRQuestionnaireToLForms(questionnaire, 'R4');
            if (questionnaireResponse) {
                form = LForms.Util.mergeFHIRDataIntoLForms(questionnaireResponse, form, 'R4');
            }
            await LForms.Util.addFormToPage(form, 'form');
        }""",
        [questionnaire, questionnaire_response],
    )


def choose(page, question, answer):
    """Pick an answer from LHC-Forms' answer list (an autocomplete field whose list items have no role)."""
    page.get_by_role("combobox", name=question).click()
    page.locator("#completionOptions li", has_text=answer).click()


def answers_in_order(items, found=None):
    """(linkId, answer) of every answered item, nested ones included, in document order."""
    found = [] if found is None else found
    for item in items:
        if "answer" in item:
            found.append((item["linkId"], item["answer"]))
        answers_in_order(item.get("item", []), found)
    return found


def without_coding_extensions(answers):
    """LHC-Forms writes each answer's ordinalValue into its Coding; the Coding itself must be the app's."""
    return [
        (link_id, [{**answer, "valueCoding": {k: v for k, v in answer["valueCoding"].items() if k != "extension"}}
                   if "valueCoding" in answer else answer for answer in given])
        for link_id, given in answers
    ]


def test_the_follow_up_appears_after_several_days_and_goes_after_not_at_all(
    page, lhc_forms_problems, default_questionnaire
):
    render(page, exported_questionnaire())
    follow_up = page.get_by_role("combobox", name=FOLLOW_UP)
    expect(page.get_by_role("combobox", name=ITEM_9)).to_be_visible()
    expect(follow_up).to_have_count(0)

    choose(page, ITEM_9, "Several days")
    expect(follow_up).to_be_visible()
    choose(page, ITEM_9, "Not at all")
    expect(follow_up).to_have_count(0)
    choose(page, ITEM_9, "Nearly every day")
    expect(follow_up).to_be_visible()
    assert lhc_forms_problems == []


def test_the_apps_exported_response_loads_with_every_answer(page, lhc_forms_problems, default_questionnaire):
    assert (TYPICAL["44260-8"], TYPICAL["thoughts_today"]) == ("1", "no")
    response = make_submitted_response(TYPICAL, questionnaire=default_questionnaire)
    questionnaire_response = exported_questionnaire_response(response)
    render(page, exported_questionnaire(), questionnaire_response)

    expect(page.get_by_role("combobox", name=ITEM_9)).to_have_value("Several days - 1")  # LHC-Forms shows the score
    expect(page.get_by_role("combobox", name=FOLLOW_UP)).to_have_value("No")
    expect(page.get_by_role("textbox", name="Medicine name")).to_have_count(3)
    # what LHC-Forms holds, written back as FHIR, has every answer of the app's export, typed the same way
    loaded = page.evaluate("LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4')")
    assert without_coding_extensions(answers_in_order(loaded["item"])) == answers_in_order(questionnaire_response["item"])
    assert lhc_forms_problems == []


def candidate_answers(target, condition):
    """Answers to a condition's target that fall on both sides of it, and no answer at all."""
    if target.kind == Kind.MULTIPLE_CHOICE:
        return [None, [target.choice_pairs()[0][0]], [value for value, _label in target.choice_pairs()[:2]]]
    if target.takes_choices or target.kind == Kind.YES_NO:
        return [None, *(value for value, _label in target.choice_pairs())]
    limit = int(conditions.as_number(condition["value"]))
    return [None, limit - 1, limit, limit + 1]


def response_with(questionnaire, answers):
    """An unsaved response holding these answers, exported as the app exports one."""
    appointment = SimpleNamespace(pk=1, patient_id=1)
    response = SimpleNamespace(
        questionnaire=questionnaire, answers=answers, appointment=appointment, appointment_id=1,
        submitted_at=None, updated_at=timezone.now(),
    )
    return questionnaire_response(response)


def shown_in_lhc_forms(page, link_id):
    return page.evaluate("(linkId) => document.querySelector(`[id^='${linkId}/']`) !== null", link_id)


def test_every_enable_when_shows_and_hides_its_item_as_the_apps_show_if_does(page, lhc_forms_problems, default_questionnaire):
    questionnaire = exported_questionnaire()
    questions = default_questionnaire.ordered_questions()
    by_key = {question.key: question for question in questions}
    conditional = [question for question in questions if question.show_if]
    assert len(conditional) == 9
    checked = []
    for question in conditional:
        target = by_key[question.show_if["question"]]
        for value in candidate_answers(target, question.show_if):
            answers = {} if value is None else {target.key: value}
            in_app = question.key in conditions.visible_keys(questions, answers)
            render(page, questionnaire, response_with(default_questionnaire, answers))
            expect(page.locator(f"[id^='{target.key}/']").first).to_be_visible()
            checked.append((question.key, value, in_app, shown_in_lhc_forms(page, question.key)))
    assert [case for case in checked if case[2] != case[3]] == []
    assert {shown for *_case, shown in checked} == {True, False}  # both sides of every rule were met somewhere
    assert lhc_forms_problems == []


@pytest.mark.parametrize(
    "group, first_column, is_choice",
    [
        ("Medicines for depression, now or in the past", "drug", False),
        ("Talking therapies", "therapy_type", True),
        ("Other treatments", "procedure_type", True),
        ("What you take now", "name", False),
    ],
)
def test_each_repeating_group_adds_a_row(page, lhc_forms_problems, default_questionnaire, group, first_column, is_choice):
    render(page, exported_questionnaire())
    rows = page.locator(f"[id^='{first_column}/']")
    expect(rows).to_have_count(1)
    rows.first.click()  # LHC-Forms adds a row only once the last one has an answer
    if is_choice:
        page.locator("#completionOptions li").first.click()
    else:
        rows.first.fill("Sertraline")
    page.get_by_role("button", name=f"add button for {group}", exact=True).click()
    expect(rows).to_have_count(2)
    assert lhc_forms_problems == []
