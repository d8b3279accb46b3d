"""The inputs patients see (questionnaires.markup): labels tied to inputs, saved answers shown, errors announced."""

import re

import pytest
from django.template import Context, Template

from prep.questionnaires.forms import SectionPage
from prep.questionnaires.markup import field_html, row_fields_html
from prep.questionnaires.models import Kind, Question, Section
from tests.questionnaires.test_form_builder import group_post, page_for, post


def test_a_choice_question_is_a_fieldset_whose_legend_is_the_question_and_the_saved_answer_is_checked(mini_draft):
    page = page_for(mini_draft.sections.get(key="first"), answers={"mood": "low"})
    html = field_html(page.form["mood"])
    assert "<fieldset" in html and '<legend class="form-label fs-6">How is your mood?</legend>' in html
    assert '<input type="radio" class="form-check-input" name="mood" value="good" id="id_mood_0">' in html
    assert 'value="low" id="id_mood_1" checked>' in html
    assert '<label for="id_mood_1" class="form-check-label">Low</label>' in html


def test_an_invalid_answer_is_marked_invalid_and_its_message_is_tied_to_the_question(mini_draft):
    page = page_for(mini_draft.sections.get(key="first"), data=post(mood="forged"))
    assert not page.is_valid()
    html = field_html(page.form["mood"])
    assert '<fieldset aria-describedby="id_mood_error" aria-invalid="true">' in html
    assert html.count("form-check-input is-invalid") == 2
    assert re.search(r'<div id="id_mood_error" class="invalid-feedback d-block">.*Choose one of the answers shown\.', html)


def test_a_missing_answer_is_not_marked_invalid(mini_draft):
    page = page_for(mini_draft.sections.get(key="first"), data=post())
    assert page.is_valid()
    assert "is-invalid" not in field_html(page.form["mood"])


def test_a_text_answer_is_kept_as_typed_and_escaped(mini_draft):
    typed = '"><script>alert(1)</script>\nsecond line'
    page = page_for(mini_draft.sections.get(key="first"), data=post(mood="low", low_detail=typed))
    page.is_valid()
    html = field_html(page.form["low_detail"])
    assert "<script>" not in html
    assert '&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\nsecond line</textarea>' in html
    assert '<label for="id_low_detail" class="form-label">Tell us more</label>' in html


def test_group_rows_show_their_own_values_and_only_the_wrong_row_is_marked(mini_draft):
    """Rows share their field objects (forms.SharedFields): nothing of one row may show in another."""
    second = mini_draft.sections.get(key="second")
    page = page_for(second, data=group_post([{"drug": "Prozac", "dose_mg": "fifty"}, {"drug": "Zoloft", "dose_mg": "100"}]))
    assert not page.is_valid()
    first, other = (row_fields_html(form) for form in page.formsets["medicines"].forms)
    assert 'name="medicines-0-dose_mg" value="fifty"' in first and "is-invalid" in first
    assert 'aria-describedby="id_medicines-0-dose_mg_error" aria-invalid="true"' in first
    assert 'name="medicines-1-drug" value="Zoloft"' in other and 'value="100"' in other
    assert "is-invalid" not in other and "Enter a number" not in other


def test_number_boxes_take_any_text_with_a_number_keyboard_and_text_inputs_their_suggestions(mini_draft):
    page = page_for(mini_draft.sections.get(key="second"), answers={"medicines": [{"drug": "Zoloft", "dose_mg": 37.5}]})
    html = row_fields_html(page.formsets["medicines"].forms[0])
    assert re.search(r'<input type="text" name="medicines-0-dose_mg" value="37.5" inputmode="decimal" spellcheck="false"', html)
    assert re.search(r'name="medicines-0-drug" value="Zoloft"[^>]* list="suggestions-medicines"', html)


def test_help_text_is_announced_with_its_input(mini_draft):
    section = Section.objects.create(questionnaire=mini_draft, order=9, key="sleep_section", title="Sleep")
    Question.objects.create(section=section, key="sleep", kind=Kind.INTEGER, text="Hours of sleep",
                            help_text="On a usual night.")
    html = field_html(page_for(section).form["sleep"])
    assert 'aria-describedby="id_sleep_helptext"' in html
    assert '<div id="id_sleep_helptext" class="form-text">On a usual night.</div>' in html


def test_a_group_entry_shows_its_answers_as_radios_with_the_saved_one_ticked(default_questionnaire):
    section = default_questionnaire.sections.get(key="medicines_tried")
    questions = default_questionnaire.ordered_questions()
    page = SectionPage(section, questions, {"past_medications": [{"drug": "Zoloft", "helped": "a_lot"}]})
    html = row_fields_html(page.formsets["past_medications"].forms[0])
    assert "<select" not in html
    assert 'name="past_medications-0-helped" value="a_lot" id="id_past_medications-0-helped_3" checked>' in html


@pytest.mark.parametrize(
    "key, layout",
    [
        ("in_current_episode", "choices--inline"),  # Yes · No · Not sure side by side
        ("why_stopped", "choices--columns"),  # six short answers in two columns
        ("helped", ""),  # long answers one under another
    ],
)
def test_a_group_entry_lays_its_answers_out_by_their_length(default_questionnaire, key, layout):
    section = default_questionnaire.sections.get(key="medicines_tried")
    page = SectionPage(section, default_questionnaire.ordered_questions(), {})
    html = row_fields_html(page.formsets["past_medications"].forms[0])
    block = re.search(rf'<div id="div_id_past_medications-0-{key}" class="mb-3">.*?<div class="(choices[^"]*)">', html)
    assert block.group(1) == f"choices {layout}".strip()


def test_the_filters_render_the_same_markup_in_templates(mini_draft):
    page = page_for(mini_draft.sections.get(key="first"), answers={"mood": "good"})
    html = Template("{% load question_inputs %}{{ field|question_input }}").render(Context({"field": page.form["mood"]}))
    assert html == field_html(page.form["mood"])
    options = Template("{% load question_inputs %}{{ names|datalist_options }}").render(Context({"names": ["A&B"]}))
    assert options == '<option value="A&amp;B"></option>'


def test_a_published_version_builds_its_forms_once_and_a_draft_every_time(mini_draft):
    draft_section = mini_draft.sections.get(key="first")
    assert type(page_for(draft_section).form) is not type(page_for(draft_section).form)
    mini_draft.publish()
    published = type(mini_draft).objects.get(pk=mini_draft.pk)
    section = published.ordered_sections()[0]
    questions = published.ordered_questions()
    first, again = (SectionPage(section, questions, {}) for _ in range(2))
    assert type(first.form) is type(again.form)
    assert first.form.fields["mood"] is again.form.fields["mood"]
