"""Editing a draft in Django admin: sections, questions, choices, columns and show-if, with clear messages."""

import pytest
from django import forms

from prep.questionnaires.models import Choice, Question


def form_data(response):
    """What the admin page would post back unchanged: the main form and every inline row, as the browser sends them."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = form[name].value()
            if value is None or value is False or value == "":
                continue
            if isinstance(field.widget, forms.CheckboxInput):
                data[form.add_prefix(name)] = "on"
            elif isinstance(value, (list, tuple)):
                data[form.add_prefix(name)] = [str(item) for item in value]
            else:
                data[form.add_prefix(name)] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = str(management[name].value())
        for form in formset.forms:
            add(form)
    return data


def row_of(data, prefix, field, value):
    """The index of the inline row whose `field` is `value`."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    return next(i for i in range(total) if data.get(f"{prefix}-{i}-{field}") == value)


def add_row(data, prefix, **fields):
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    return index


def change_url(obj):
    return f"/admin/questionnaires/{obj._meta.model_name}/{obj.pk}/change/"


def edit(client, obj, change=None):
    """Open the object's admin page, apply `change` to what it would post, post it. Returns the response."""
    url = change_url(obj)
    data = form_data(client.get(url))
    if change:
        change(data)
    return client.post(url, data)


def errors_of(response):
    return response.content.decode()


@pytest.fixture
def draft(default_questionnaire):
    return default_questionnaire.create_draft()


def question(draft, key):
    return draft.questions.get(key=key)


def test_unchanged_post_of_a_question_page_saves_without_errors(admin_client, draft):
    response = edit(admin_client, question(draft, "hospitalised_detail"))
    assert response.status_code == 302
    assert question(draft, "hospitalised_detail").show_if == {"question": "hospitalised", "op": "eq", "value": "yes"}


def test_rewording_a_question_keeps_its_key(admin_client, draft):
    target = question(draft, "visit_goals")
    new_text = "What would you like from this visit?"
    response = edit(admin_client, target, lambda data: data.update(text=new_text, key="renamed"))
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.key, target.text) == ("visit_goals", "What would you like from this visit?")


def test_show_if_is_written_from_question_operator_and_value(admin_client, draft):
    target = question(draft, "visit_questions")
    response = edit(
        admin_client, target, lambda data: data.update(show_if_question="visit_goals", show_if_op="answered")
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.show_if == {"question": "visit_goals", "op": "answered"}


def test_show_if_any_of_is_stored_as_a_list_and_numbers_as_numbers(admin_client, draft):
    detail = question(draft, "pharmacogenetic_detail")
    edit(admin_client, detail, lambda data: data.update(show_if_op="in", show_if_value="yes, not_sure"))
    detail.refresh_from_db()
    assert detail.show_if == {"question": "pharmacogenetic_test", "op": "in", "value": ["yes", "not_sure"]}
    used = question(draft, "drugs_used")
    edit(admin_client, used, lambda data: data.update(show_if_op="gt", show_if_value="2"))
    used.refresh_from_db()
    assert used.show_if == {"question": "drug_use_count", "op": "gt", "value": 2}


def test_show_if_offers_only_earlier_questions(admin_client, draft):
    response = admin_client.get(change_url(question(draft, "hospitalised_detail")))
    choices = dict(
        (key, label)
        for _group, options in response.context["adminform"].form.fields["show_if_question"].choices[1:]
        for key, label in options
    )
    assert "hospitalised" in choices and "visit_goals" in choices
    assert "past_suicide_attempt" not in choices and "hospitalised_detail" not in choices


def test_show_if_on_a_later_question_is_refused_next_to_the_field(admin_client, draft):
    target = question(draft, "visit_goals")
    response = edit(admin_client, target, lambda data: data.update(show_if_question="hospitalised", show_if_op="answered"))
    assert response.status_code == 200
    assert "“hospitalised” does not come before this question" in errors_of(response)
    assert response.context["adminform"].form.errors["show_if_question"]
    target.refresh_from_db()
    assert target.show_if is None


def test_show_if_on_a_missing_question_is_refused(admin_client, draft):
    response = edit(
        admin_client,
        question(draft, "visit_questions"),
        lambda data: data.update(show_if_question="nope", show_if_op="answered"),
    )
    assert "There is no question “nope” in this version." in errors_of(response)


def test_question_that_could_never_be_shown_is_refused(admin_client, draft):
    detail = question(draft, "pharmacogenetic_detail")
    response = edit(admin_client, detail, lambda data: data.update(required="on", show_if_value="maybe"))
    assert response.status_code == 200
    message = "This question would never be shown: “pharmacogenetic_test” has no answer “maybe”."
    assert message in errors_of(response)
    detail.refresh_from_db()
    assert detail.show_if["value"] == "yes" and not detail.required


def test_reordering_so_that_a_show_if_points_later_is_refused_at_the_row(admin_client, draft):
    section = draft.sections.get(key="depression_history")

    def move_hospitalised_last(data):
        data[f"questions-{row_of(data, 'questions', 'key', 'hospitalised')}-order"] = "99"

    response = edit(admin_client, section, move_hospitalised_last)
    assert response.status_code == 200
    message = "“hospitalised_detail” is shown depending on “hospitalised”, which would then come after it"
    assert message in errors_of(response)
    assert question(draft, "hospitalised").order == 4


def test_deleting_a_question_another_one_depends_on_is_refused(admin_client, draft):
    section = draft.sections.get(key="depression_history")

    def delete_hospitalised(data):
        data[f"questions-{row_of(data, 'questions', 'key', 'hospitalised')}-DELETE"] = "on"

    response = edit(admin_client, section, delete_hospitalised)
    assert "which would no longer be a question of this version" in errors_of(response)
    assert draft.questions.filter(key="hospitalised").exists()


def test_adding_a_question_in_the_section_inline(admin_client, draft):
    section = draft.sections.get(key="about_visit")
    response = edit(
        admin_client,
        section,
        lambda data: add_row(data, "questions", order="3", key="travel", kind="short_text", text="How will you travel?"),
    )
    assert response.status_code == 302
    added = question(draft, "travel")
    assert (added.section, added.parent, added.order) == (section, None, 3)


def test_two_new_questions_with_the_same_key_are_refused(admin_client, draft):
    section = draft.sections.get(key="about_visit")

    def two_rows(data):
        add_row(data, "questions", order="3", key="travel", kind="short_text", text="One")
        add_row(data, "questions", order="4", key="travel", kind="short_text", text="Two")

    response = edit(admin_client, section, two_rows)
    assert response.status_code == 200
    assert "Another question here already uses the key “travel”." in errors_of(response)
    assert not draft.questions.filter(key="travel").exists()


def test_a_key_used_elsewhere_in_the_version_is_refused(admin_client, draft):
    section = draft.sections.get(key="about_visit")
    response = edit(
        admin_client,
        section,
        lambda data: add_row(data, "questions", order="3", key="hospitalised", kind="yes_no", text="Again?"),
    )
    assert response.status_code == 200
    assert "Another question of this version already uses the key “hospitalised”." in errors_of(response)


def test_existing_keys_are_read_only_in_the_inline(admin_client, draft):
    response = admin_client.get(change_url(draft.sections.get(key="about_visit")))
    formset = response.context["inline_admin_formsets"][0].formset
    assert all(form.fields["key"].disabled for form in formset.forms)
    assert not formset.empty_form.fields["key"].disabled


def test_adding_and_relabelling_choices(admin_client, draft):
    support = question(draft, "support")

    def change(data):
        data[f"choices-{row_of(data, 'choices', 'value', 'several')}-label"] = "Three or more people"
        add_row(data, "choices", order="4", value="many", label="Many people")

    assert edit(admin_client, support, change).status_code == 302
    assert support.choice_pairs() == [
        ("none", "No one right now"),
        ("one_or_two", "One or two people"),
        ("several", "Three or more people"),
        ("many", "Many people"),
    ]


def test_a_choice_value_used_twice_is_refused(admin_client, draft):
    support = question(draft, "support")
    response = edit(admin_client, support, lambda data: add_row(data, "choices", order="4", value="several", label="Again"))
    assert response.status_code == 200
    assert "Another choice of this question already has the value “several”." in errors_of(response)
    assert support.choices.count() == 3


def test_removing_a_choice_a_show_if_depends_on_is_refused(admin_client, draft):
    test = question(draft, "pharmacogenetic_test")

    def delete_yes(data):
        data[f"choices-{row_of(data, 'choices', 'value', 'yes')}-DELETE"] = "on"

    response = edit(admin_client, test, delete_yes)
    assert response.status_code == 200
    message = "“pharmacogenetic_detail” is shown depending on the answer “yes” to “pharmacogenetic_test”."
    assert f"This choice cannot be removed: {message} Change that show-if first." in errors_of(response)
    assert test.choices.filter(value="yes").exists()


def test_removing_a_choice_nothing_depends_on(admin_client, draft):
    test = question(draft, "pharmacogenetic_test")

    def delete_not_sure(data):
        data[f"choices-{row_of(data, 'choices', 'value', 'not_sure')}-DELETE"] = "on"

    assert edit(admin_client, test, delete_not_sure).status_code == 302
    assert not test.choices.filter(value="not_sure").exists()


def test_choice_values_are_read_only_once_saved(admin_client, draft):
    support = question(draft, "support")

    def rename(data):
        data[f"choices-{row_of(data, 'choices', 'value', 'several')}-value"] = "lots"

    edit(admin_client, support, rename)
    assert set(support.choices.values_list("value", flat=True)) == {"none", "one_or_two", "several"}


def test_group_columns_are_edited_on_the_group_page(admin_client, draft):
    therapies = question(draft, "psychotherapy")
    response = edit(
        admin_client,
        therapies,
        lambda data: add_row(data, "columns", order="5", key="therapy_where", kind="short_text", text="Where?"),
    )
    assert response.status_code == 302
    column = question(draft, "therapy_where")
    assert (column.parent, column.section) == (therapies, therapies.section)


def test_reworded_question_on_the_section_inline(admin_client, draft):
    section = draft.sections.get(key="about_visit")

    def reword(data):
        data[f"questions-{row_of(data, 'questions', 'key', 'visit_goals')}-text"] = "What matters most to you?"

    assert edit(admin_client, section, reword).status_code == 302
    assert question(draft, "visit_goals").text == "What matters most to you?"


def test_sections_are_reordered_on_the_version_page(admin_client, draft):
    def swap(data):
        data[f"sections-{row_of(data, 'sections', 'key', 'about_visit')}-order"] = "15"

    assert edit(admin_client, draft, swap).status_code == 302
    assert draft.ordered_sections()[-1].key == "about_visit"


def test_moving_a_section_before_the_one_its_show_if_needs_is_refused(admin_client, draft):
    def move_physical_health_first(data):
        data[f"sections-{row_of(data, 'sections', 'key', 'physical_health')}-order"] = "0"

    response = edit(admin_client, draft, move_physical_health_first)
    assert response.status_code == 200
    assert "“pregnancy” is shown depending on “sex_at_birth”, which would then come after it" in errors_of(response)


def test_a_new_choice_on_a_question_that_takes_none_is_refused(admin_client, draft):
    assert not Choice.objects.filter(question__key="visit_goals").exists()
    response = admin_client.get(change_url(question(draft, "visit_goals")))
    assert not response.context["inline_admin_formsets"]


def test_column_keys_stay_unique_across_the_version(admin_client, draft):
    therapies = question(draft, "psychotherapy")
    response = edit(
        admin_client,
        therapies,
        lambda data: add_row(data, "columns", order="5", key="drug", kind="short_text", text="Drug"),
    )
    assert response.status_code == 200
    assert "Another question of this version already uses the key “drug”." in errors_of(response)
    assert Question.objects.filter(questionnaire=draft, key="drug").count() == 1


def test_a_new_question_named_like_a_section_is_refused(admin_client, draft):
    section = draft.sections.get(key="about_visit")
    response = edit(
        admin_client,
        section,
        lambda data: add_row(data, "questions", order="3", key="adherence", kind="short_text", text="Adherence?"),
    )
    assert response.status_code == 200
    assert "A section of this version is already called “adherence”" in errors_of(response)


def test_a_new_section_named_like_a_question_is_refused(admin_client, draft):
    response = edit(admin_client, draft, lambda data: add_row(data, "sections", order="20", key="support", title="Support"))
    assert response.status_code == 200
    assert "A question of this version is already called “support”" in errors_of(response)
    assert not draft.sections.filter(key="support").exists()


def test_a_new_section_is_added_on_the_version_page(admin_client, draft):
    response = edit(admin_client, draft, lambda data: add_row(data, "sections", order="20", key="closing", title="Last words"))
    assert response.status_code == 302
    assert draft.ordered_sections()[-1].key == "closing"
