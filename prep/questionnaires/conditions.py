"""`show_if`: a small declarative condition on an earlier answer.

    {"question": "hospitalised", "op": "eq", "value": "yes"}

The same rule runs here (the authority) and in static/js/show_if.js (for convenience). For a multiple-choice answer
(a list), "eq" means "this value was ticked", "in" means "any of these was ticked".
"""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

OPERATORS = ("eq", "ne", "in", "gt", "gte", "answered")


def validate_shape(condition):
    """Raise ValueError with a plain message if the condition is not of the agreed shape."""
    if not isinstance(condition, dict):
        raise ValueError(_("A show-if condition must be an object with “question”, “op” and “value”."))
    if not isinstance(condition.get("question"), str) or not condition["question"]:
        raise ValueError(_("A show-if condition must name a question."))
    op = condition.get("op")
    if op not in OPERATORS:
        raise ValueError(_("Unknown show-if operator “%(op)s”.") % {"op": op})
    if op == "in" and not isinstance(condition.get("value"), list):
        raise ValueError(_("The “in” operator needs a list of values."))
    if op in ("gt", "gte") and as_number(condition.get("value")) is None:
        raise ValueError(_("“%(op)s” needs a number.") % {"op": op})
    if op != "answered" and "value" not in condition:
        raise ValueError(_("This show-if condition needs a value."))


def is_answered(value):
    return value not in (None, "", [], {})


def as_number(value):
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def holds(condition, answers):
    """True when the condition holds for these answers (a question without a condition is always shown)."""
    if not condition:
        return True
    answer = answers.get(condition["question"])
    op, expected = condition["op"], condition.get("value")
    if op == "answered":
        return is_answered(answer)
    if not is_answered(answer):
        return op == "ne"
    given = answer if isinstance(answer, list) else [answer]
    given = [str(item) for item in given]
    if op == "eq":
        return str(expected) in given
    if op == "ne":
        return str(expected) not in given
    if op == "in":
        return any(str(item) in given for item in expected)
    number, limit = as_number(answer), as_number(expected)
    if number is None or limit is None:
        return False
    return number > limit if op == "gt" else number >= limit


def visible_keys(questions, answers):
    """Keys of the top-level questions shown for these answers.

    Conditions refer only to earlier questions, so one pass in order is enough; a question whose condition refers to
    a hidden question is hidden too, because the hidden question's stale answer is ignored.
    """
    shown = set()
    effective = {}
    for question in questions:
        if question.parent_id:
            continue
        if holds(question.show_if, effective):
            shown.add(question.key)
            if question.key in answers:
                effective[question.key] = answers[question.key]
    return shown


def describe(condition, questions_by_key):
    """The condition in words, for pages without JavaScript: “If you answered “Yes” to …”."""
    target = questions_by_key.get(condition["question"])
    if target is None:
        return ""
    op, value = condition["op"], condition.get("value")
    label = target.label_for(str(value)) if value is not None and not isinstance(value, list) else value
    quoted = f"“{target.text}”"
    if op == "answered":
        return _("If you answered %(question)s above.") % {"question": quoted}
    if op == "eq":
        return _("If you answered “%(answer)s” to %(question)s.") % {"answer": label, "question": quoted}
    if op == "ne":
        return _("If you did not answer “%(answer)s” to %(question)s.") % {"answer": label, "question": quoted}
    if op == "in":
        labels = ", ".join(f"“{target.label_for(str(item))}”" for item in value)
        return _("If you answered any of %(answers)s to %(question)s.") % {"answers": labels, "question": quoted}
    answer_words = target.label_for(str(value))
    if op == "gt":
        return _("If your answer to %(question)s was more than “%(answer)s”.") % {
            "question": quoted,
            "answer": answer_words,
        }
    return _("If your answer to %(question)s was “%(answer)s” or more.") % {"question": quoted, "answer": answer_words}
