"""The steps of one response's journey and what the section page needs around the form builder."""

import functools
from dataclasses import dataclass

from django.http import QueryDict
from django.urls import reverse

from prep.questionnaires import conditions
from prep.questionnaires.display import answer_words, answers_by_section, blank_by_section
from prep.questionnaires.forms import SectionPage, answers_as_data
from prep.questionnaires.instruments import PHQ9_ITEM_9
from prep.visits import hostile, still_taking

SAFETY_FOLLOW_UP = "thoughts_today"
CRISIS_NOTICE = "visit.crisis_notice"
SUPPORT_STEP = "visit.support_step"


class Steps:
    """The sections of the response's questionnaire version, in order, then the review page."""

    def __init__(self, response):
        self.response = response
        self.sections = response.questionnaire.ordered_sections()
        self.questions = response.questionnaire.ordered_questions()
        self.count = len(self.sections) + 1

    def section_for(self, key):
        return next((section for section in self.sections if section.key == key), None)

    def number_of(self, section):
        return self.sections.index(section) + 1

    @staticmethod
    def url_for(section):
        return reverse("visits:section", args=[section.key])

    def after(self, section):
        index = self.sections.index(section)
        return self.url_for(self.sections[index + 1]) if index + 1 < len(self.sections) else reverse("visits:review")

    def before(self, section):
        index = self.sections.index(section)
        return self.url_for(self.sections[index - 1]) if index > 0 else reverse("visits:welcome")

    def page(self, section, data=None, add_row_to=None):
        return SectionPage(
            section,
            self.questions,
            self.response.answers,
            data=data,
            add_row_to=add_row_to,
            offered_rows=functools.partial(still_taking.rows_to_confirm, declined=self.response.declined_offers),
        )

    def checked_page(self, section):
        """The page bound to the saved answers, so that saved input that fails a check shows as an error."""
        return self.page(section, data=answers_as_data(section, self.questions, self.response.answers))

    def review_sections(self):
        """Each section with its answers and its blank questions (shown, not answered; expected ones first)."""
        answers = self.response.answers
        grouped = answers_by_section(self.response.questionnaire, answers, sections=self.sections, questions=self.questions)
        blanks = blank_by_section(self.sections, self.questions, answers)
        return [
            {"section": section, "url": self.url_for(section), "entries": entries, "blank": blanks[section.pk]}
            for section, entries in grouped
        ]


RETURN_TO_REVIEW = "review"


def returns_to_review(data):
    """The page was opened with "Change" on the review page (`?return=review`, then a hidden field): Next goes back
    there. Only this one value is honoured, so the parameter can never send the patient anywhere else."""
    return data.get("return") == RETURN_TO_REVIEW


def with_return_to_review(url):
    """The same page again (a group row added or removed) keeps its way back to the review page."""
    path, hash_mark, fragment = url.partition("#")
    joiner = "&" if "?" in path else "?"
    return f"{path}{joiner}return={RETURN_TO_REVIEW}{hash_mark}{fragment}"


def paragraphs(text):
    """Plain text as paragraphs: blank lines separate them, single line breaks are just wrapping."""
    return [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]


def has_started(response):
    """True once the patient has saved a page: answers carried forward from the last visit alone are not a start."""
    return bool(response.current_section) or (bool(response.answers) and response.answers != response.carried_forward)


def resume_url(response):
    """Where a returning patient continues: the section they were on, or the welcome page."""
    if response.current_section:
        return reverse("visits:section", args=[response.current_section])
    return reverse("visits:welcome")


@dataclass
class Action:
    """Which button the patient pressed: next, back, save, add_row (group) or remove_row (group, row index)."""

    name: str = "next"
    group: str = ""
    index: int = -1

    @classmethod
    def from_post(cls, post):
        name, _sep, rest = post.get("action", "next").partition(":")
        if name == "add_row" and rest:
            return cls(name, group=rest)
        if name == "remove_row":
            group, _sep, index = rest.partition(":")
            if group and index.isdigit():
                return cls(name, group=group, index=int(index))
        return cls(name if name in ("next", "back", "save") else "next")

    def data(self, post):
        if self.name == "remove_row":
            data = post.copy()
            data[f"{self.group}-{self.index}-DELETE"] = "on"
            return data
        return post

    def target(self, steps, section):
        if self.name == "back":
            return steps.before(section)
        if self.name == "save":
            return reverse("visits:saved")
        if self.name == "add_row":
            return f"{steps.url_for(section)}?add={self.group}#group-{self.group}"
        if self.name == "remove_row":
            return f"{steps.url_for(section)}#group-{self.group}"
        return steps.after(section)


def pending_from_post(post, page):
    """What was typed on the page, so that nothing is thrown away when part of it is not valid yet; only the page's
    fields, within their own limits and without NUL (see `hostile`)."""
    return hostile.bounded_to_fields(hostile.posted_lists(post), page)


def pending_as_data(pending):
    data = QueryDict(mutable=True)
    for name, values in pending.items():
        data.setlist(name, values)
    return data


def reports_safety_signal(page):
    """This page carries item 9 or the follow-up, and the answers (saved and valid posted) report thoughts of
    self-harm: whatever else on the page is blank or invalid."""
    keys = {question.key for question in page.questions}
    return bool(keys & {PHQ9_ITEM_9, SAFETY_FOLLOW_UP}) and safety_signal_in(page.merged_answers())


def wants_support_step(page):
    """"Are you having these thoughts today?" answered yes on this page: the support step comes next."""
    on_page = any(question.key == SAFETY_FOLLOW_UP for question in page.questions)
    return on_page and SAFETY_FOLLOW_UP in page.shown_keys() and page.merged_answers().get(SAFETY_FOLLOW_UP) == "yes"


def remember_support_step(request):
    """The next page the patient opens shows the support step first, at that page's own address: no address of its
    own, so no history or log line tells that this patient answered "yes"."""
    request.session[SUPPORT_STEP] = True


def pop_support_step(request):
    return request.session.pop(SUPPORT_STEP, False)


def remember_safety_signal(request):
    """The very next page shows the crisis box."""
    request.session[CRISIS_NOTICE] = True


def pop_safety_signal(request):
    return request.session.pop(CRISIS_NOTICE, False)


def safety_signal_in(answers):
    item9 = conditions.as_number(answers.get(PHQ9_ITEM_9))
    return (item9 is not None and item9 > 0) or answers.get(SAFETY_FOLLOW_UP) == "yes"


def has_safety_signal(response):
    return safety_signal_in(response.answers)


def condition_context(page, answers):
    """Saved answers from other pages that this page's show-if conditions need (for the browser-side check)."""
    own = {question.key for question in page.questions}
    needed = {q.show_if["question"] for q in page.questions if q.show_if} - own
    return {key: answers[key] for key in needed if key in answers}


def describe_answers(page, values):
    """[(question text, answer in words)] for what another window saved on this page."""
    described = []
    for question in page.questions:
        value = values.get(question.key)
        if question.is_group:
            words = "; ".join(", ".join(str(cell) for cell in row.values()) for row in value or [])
        else:
            words = answer_words(question, value)
        described.append((question.text, words or "—"))
    return described


def suggestions_for(page):
    """Name lists offered while typing, for the fields of this page that ask for them."""
    wanted = {
        question.suggestions
        for question in page.all_questions
        if question.section_id == page.section.pk and question.suggestions
    }
    if "medicines" not in wanted:
        return {}
    from prep.summaries.reference import medicine_suggestions

    return {"medicines": medicine_suggestions()}


def flag_codes(response):
    """The flags stored with the response at submission, computed by the summary (one place for the rules)."""
    from prep.summaries.summary import build_summary, summary_flag_codes

    return summary_flag_codes(build_summary(response))

