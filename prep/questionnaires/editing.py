"""Checks the question editor runs before saving: what an edit would break elsewhere in the version.

A row's own clean() sees one question; these see the whole version with the edit applied, so that reordering,
deleting a question or removing a choice cannot leave a show-if pointing at nothing.
"""

from prep.questionnaires import protected_keys
from prep.questionnaires.models import Kind

OPERATOR_WORDS = {
    "eq": "is",
    "ne": "is not",
    "in": "is any of",
    "gt": "is more than",
    "gte": "is at least",
    "answered": "is answered (anything)",
}


def condition_words(condition):
    """A show-if for admins: “hospitalised is yes”."""
    if not condition:
        return "always shown"
    op, value = condition.get("op"), condition.get("value")
    words = f"{condition.get('question')} {OPERATOR_WORDS.get(op, op)}"
    if op == "answered":
        return words
    return f"{words} {', '.join(map(str, value)) if isinstance(value, list) else value}"


def broken_conditions(questionnaire, *, section_orders=None, question_orders=None, removed_keys=(), removed_sections=()):
    """[(key, message)] for show-if conditions that would not work after the edit.

    `section_orders` {section pk: new order} and `question_orders` {question pk: new order} are the new order numbers;
    `removed_keys` and `removed_sections` (pks) are what the edit deletes.
    """
    section_orders = section_orders or {}
    question_orders = question_orders or {}
    questions = [
        question
        for question in questionnaire.ordered_questions()
        if question.parent_id is None and question.section_id not in removed_sections and question.key not in removed_keys
    ]
    positions = {
        question.key: (
            section_orders.get(question.section_id, question.section.order),
            question.section_id,
            question_orders.get(question.pk, question.order),
            question.pk,
        )
        for question in questions
    }
    problems = []
    for question in questions:
        if not question.show_if:
            continue
        target = question.show_if.get("question")
        shown = f"“{question.key}” is shown depending on “{target}”"
        if target not in positions:
            problems.append((question.key, f"{shown}, which would no longer be a question of this version."))
        elif positions[target] >= positions[question.key]:
            problems.append(
                (question.key, f"{shown}, which would then come after it; a show-if must refer to an earlier question.")
            )
    return problems


def condition_values(condition):
    if condition.get("op") == "in":
        return [str(value) for value in condition.get("value") or []]
    if condition.get("op") in ("eq", "ne"):
        return [str(condition.get("value"))]
    return []


def conditions_on_values(questionnaire, target_key, values):
    """[(key, message)] for show-if conditions that compare the answer to `target_key` with one of `values`."""
    values = set(values)
    problems = []
    for question in questionnaire.questions.filter(show_if__isnull=False).order_by("section__order", "order", "pk"):
        condition = question.show_if
        if not condition or condition.get("question") != target_key:
            continue
        used = values.intersection(condition_values(condition))
        if used:
            answer = sorted(used)[0]
            message = f"“{question.key}” is shown depending on the answer “{answer}” to “{target_key}”."
            problems.append((question.key, message))
    return problems


def never_shown(condition, target):
    """Why a question with this condition could never be shown (it names an answer the target does not offer), or None."""
    if condition.get("op") not in ("eq", "in") or not (target.takes_choices or target.kind == Kind.YES_NO):
        return None
    offered = {value for value, _label in target.choice_pairs()}
    wanted = condition_values(condition)
    if any(value in offered for value in wanted):
        return None
    return (
        f"This question would never be shown: “{target.key}” has no answer “{', '.join(wanted)}”. "
        f"Its answers are: {', '.join(sorted(offered)) or 'none yet'}."
    )


def protected_message(keys, action):
    lines = protected_keys.describe(keys)
    return (
        f"{action} stops these summary features: {'; '.join(lines)}. "
        f"Tick “{protected_keys.CONFIRM_LABEL}” at the top of the page and save again to go ahead."
    )


def protected_among(keys):
    return [key for key in keys if protected_keys.is_protected(key)]
