"""The form builder, tested directly on question-bank rows (no HTTP)."""

import pytest
from django import forms
from django.utils.datastructures import MultiValueDict

from prep.questionnaires.forms import FieldBuilder, NumberBox, SectionPage
from prep.questionnaires.models import Choice, Kind, Question, Section

KIND_EXPECTATIONS = [
    (Kind.SHORT_TEXT, forms.CharField, forms.TextInput, "hello", "hello"),
    (Kind.LONG_TEXT, forms.CharField, forms.Textarea, "a longer answer", "a longer answer"),
    (Kind.INTEGER, forms.IntegerField, NumberBox, "12", 12),
    (Kind.DECIMAL, forms.DecimalField, NumberBox, "37.5", 37.5),
    (Kind.DATE, forms.DateField, forms.DateInput, "2024-03-15", "2024-03-15"),
    (Kind.YES_NO, forms.ChoiceField, forms.RadioSelect, "yes", "yes"),
    (Kind.SINGLE_CHOICE, forms.ChoiceField, forms.RadioSelect, "b", "b"),
    (Kind.MULTIPLE_CHOICE, forms.MultipleChoiceField, forms.CheckboxSelectMultiple, ["a", "b"], ["a", "b"]),
]


@pytest.fixture
def section(mini_draft):
    return Section.objects.create(questionnaire=mini_draft, order=9, key="kinds", title="Kinds")


def make_question(section, kind, **extra):
    question = Question.objects.create(section=section, key=f"q_{kind}", kind=kind, text=f"A {kind} question", **extra)
    if question.takes_choices:
        for order, value in enumerate("abc"):
            Choice.objects.create(question=question, order=order, value=value, label=f"Choice {value.upper()}")
        Choice.objects.create(question=question, order=9, value="none", label="None of these", exclusive=True)
    return question


def page_for(section, answers=None, data=None):
    questions = section.questionnaire.ordered_questions()
    return SectionPage(section, questions, answers or {}, data=data)


def post(**values):
    data = MultiValueDict()
    for key, value in values.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


@pytest.mark.parametrize("kind, field_class, widget_class, posted, stored", KIND_EXPECTATIONS)
def test_each_kind_builds_its_field_widget_and_stored_value(section, kind, field_class, widget_class, posted, stored):
    question = make_question(section, kind, required=True)
    field = FieldBuilder().build(question)
    assert isinstance(field, field_class)
    assert isinstance(field.widget, widget_class)
    page = page_for(section, data=post(**{question.key: posted}))
    assert page.is_valid(), page.form.errors
    assert page.valid_values() == {question.key: stored}


@pytest.mark.parametrize("kind, field_class, widget_class, posted, stored", KIND_EXPECTATIONS)
def test_each_kind_shows_saved_answers_in_an_unbound_form(section, kind, field_class, widget_class, posted, stored):
    question = make_question(section, kind)
    page = page_for(section, answers={question.key: stored})
    assert not page.is_bound
    assert page.form[question.key].value() == stored


@pytest.mark.parametrize(
    "kind, bad_value, message",
    [
        (Kind.INTEGER, "twelve", "Enter a whole number from 0 to 10, for example 0 or 3."),
        (Kind.INTEGER, "11", "Enter a whole number from 0 to 10, for example 0 or 3."),
        (Kind.DECIMAL, "-1", "Enter a number from 0 to 10, for example 0 or 2.5."),
        (Kind.DATE, "2024-02-31", "Enter a real date"),
        (Kind.SINGLE_CHOICE, "forged", "Choose one of the answers shown."),
        (Kind.MULTIPLE_CHOICE, ["a", "none"], "cannot be ticked together"),
    ],
)
def test_bad_values_get_a_plain_message(section, kind, bad_value, message):
    extra = {"min_value": 0, "max_value": 10} if kind in (Kind.INTEGER, Kind.DECIMAL) else {}
    question = make_question(section, kind, **extra)
    page = page_for(section, data=post(**{question.key: bad_value}))
    assert not page.is_valid()
    assert message in page.form.errors[question.key][0]
    assert question.key not in page.valid_values()


def test_an_expected_question_counts_as_blank_only_when_it_is_shown(mini_draft):
    first = mini_draft.sections.get(key="first")
    page = page_for(first, data=post(mood="good"))
    assert page.is_valid() and page.blank == []
    page = page_for(first, data=post(mood="low"))
    assert page.is_valid()
    assert [question.key for question in page.blank] == ["low_detail"]
    assert page.form.errors == {}


def test_an_expected_question_left_empty_is_blank_not_an_error(mini_draft):
    page = page_for(mini_draft.sections.get(key="first"), data=post())
    assert page.is_valid() and not page.has_errors()
    assert "mood" in [question.key for question in page.blank]
    assert page.error_list() == []


def test_an_expected_question_answered_earlier_is_not_blank(mini_draft):
    page = page_for(mini_draft.sections.get(key="first"), answers={"mood": "good"})
    assert page.blank == []


def test_valid_parts_of_a_page_with_blanks_are_kept(mini_draft):
    page = page_for(mini_draft.sections.get(key="first"), data=post(mood="low"))
    assert page.valid_values() == {"mood": "low", "low_detail": None}


def test_the_page_answers_the_same_whichever_method_is_asked_first(mini_draft):
    first = mini_draft.sections.get(key="first")
    asked = {}
    for order in (("blank", "errors", "values"), ("values", "errors", "blank"), ("errors", "blank", "values")):
        page = page_for(first, data=post(mood="forged", low_detail="x"))
        results = {
            "blank": lambda: [q.key for q in page.blank],
            "errors": lambda: page.error_list(),
            "values": lambda: page.valid_values(),
        }
        asked[order] = {name: results[name]() for name in order}
    first_answers = next(iter(asked.values()))
    assert all(answers == first_answers for answers in asked.values())
    assert first_answers["errors"][0][2] == "Choose one of the answers shown."


def group_post(rows, total=None, deleted=()):
    values = {"medicines-TOTAL_FORMS": str(total if total is not None else len(rows)), "medicines-INITIAL_FORMS": "0"}
    for index, row in enumerate(rows):
        for key, value in row.items():
            values[f"medicines-{index}-{key}"] = value
        if index in deleted:
            values[f"medicines-{index}-DELETE"] = "on"
    return post(**values)


def test_group_rows_become_a_list_of_answers(mini_draft):
    second = mini_draft.sections.get(key="second")
    page = page_for(second, data=group_post([{"drug": "Zoloft", "dose_mg": "100"}, {"drug": "", "dose_mg": ""}]))
    assert page.is_valid()
    assert page.valid_values() == {"medicines": [{"drug": "Zoloft", "dose_mg": 100}]}


def test_a_group_row_without_its_expected_column_is_kept_with_its_values(mini_draft):
    second = mini_draft.sections.get(key="second")
    page = page_for(second, data=group_post([{"drug": "", "dose_mg": "50"}]))
    assert page.is_valid()
    assert page.valid_values() == {"medicines": [{"dose_mg": 50}]}


def test_a_group_row_with_an_invalid_cell_is_an_error_and_keeps_its_valid_cells(mini_draft):
    second = mini_draft.sections.get(key="second")
    page = page_for(second, data=group_post([{"drug": "Zoloft", "dose_mg": "fifty"}]))
    assert not page.is_valid()
    assert page.formsets["medicines"].forms[0].errors["dose_mg"][0].startswith("Enter a number")
    assert page.valid_values() == {"medicines": [{"drug": "Zoloft"}]}


def test_removed_group_rows_are_dropped(mini_draft):
    second = mini_draft.sections.get(key="second")
    page = page_for(second, data=group_post([{"drug": "a"}, {"drug": "b"}], deleted=[0]))
    assert page.is_valid()
    assert page.valid_values() == {"medicines": [{"drug": "b"}]}


def test_a_group_accepts_fifteen_rows_and_refuses_too_many(mini_draft):
    second = mini_draft.sections.get(key="second")
    fifteen = [{"drug": f"medicine {n}"} for n in range(15)]
    assert page_for(second, data=group_post(fifteen)).is_valid()
    page = page_for(second, data=group_post([{"drug": "x"}] * 40))
    assert not page.is_valid()
    assert page.formsets["medicines"].non_form_errors()


def test_a_group_with_saved_rows_shows_them_and_an_empty_group_offers_one_row(mini_draft):
    second = mini_draft.sections.get(key="second")
    saved = page_for(second, answers={"medicines": [{"drug": "a"}, {"drug": "b"}]})
    assert [form.initial for form in saved.formsets["medicines"].forms] == [{"drug": "a"}, {"drug": "b"}]
    assert len(page_for(second).formsets["medicines"].forms) == 1


def test_medicine_name_column_offers_suggestions(mini_draft):
    second = mini_draft.sections.get(key="second")
    html = str(page_for(second).formsets["medicines"].forms[0]["drug"])
    assert 'list="suggestions-medicines"' in html


def test_optional_questions_say_so_in_their_label_but_group_columns_do_not(mini_draft, section):
    optional = make_question(section, Kind.SHORT_TEXT)
    assert page_for(section).form.fields[optional.key].label == "A short_text question (optional)"
    assert page_for(mini_draft.sections.get(key="first")).form.fields["mood"].label == "How is your mood?"
    form = page_for(mini_draft.sections.get(key="second")).formsets["medicines"].forms[0]
    assert form.fields["dose_mg"].label == "Dose (mg)"


def test_a_choice_column_is_radios_and_a_unit_column_starts_on_its_first_choice(default_questionnaire):
    section = default_questionnaire.sections.get(key="medicines_tried")
    form = SectionPage(section, default_questionnaire.ordered_questions(), {}).formsets["past_medications"].forms[0]
    assert isinstance(form.fields["helped"].widget, forms.RadioSelect)
    assert ("", "—") not in form.fields["helped"].choices
    assert form["weeks_at_that_dose_unit"].value() == "weeks"
    assert form["helped"].value() is None


def test_a_unit_is_kept_with_its_number_and_dropped_without_it(default_questionnaire):
    section = default_questionnaire.sections.get(key="medicines_tried")
    rows = {"past_medications-TOTAL_FORMS": "2", "past_medications-INITIAL_FORMS": "0",
            "past_medications-0-drug": "Zoloft", "past_medications-0-weeks_at_that_dose_unit": "months",
            "past_medications-1-drug": "Prozac", "past_medications-1-weeks_at_that_dose": "3",
            "past_medications-1-weeks_at_that_dose_unit": "months"}
    page = SectionPage(section, default_questionnaire.ordered_questions(), {}, data=post(**rows))
    assert page.valid_values()["past_medications"] == [
        {"drug": "Zoloft"}, {"drug": "Prozac", "weeks_at_that_dose": 3, "weeks_at_that_dose_unit": "months"},
    ]
