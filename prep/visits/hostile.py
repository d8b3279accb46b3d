"""Posted input kept as typed is bounded before it is stored.

Two things keep what a patient typed without validating it: a page's pending input (kept so that nothing typed is
lost when part of a page is not valid yet) and a post stashed while the session had lapsed. Both end up in the
database, so a hand-made post could otherwise store megabytes, thousands of rows, or names PostgreSQL refuses (NUL).
A patient who types more than a text field allows gets the page back with the whole text and a message (the
boxes have no `maxlength`, which would cut a paste without a word); only what is kept for later is cut to the limit.
"""

import json
import re

from django import forms

from prep.questionnaires.forms import PreferNotNumberInput

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
STASHED_POST_LIMIT = 64 * 1024  # bytes of JSON: far above any real page (the longest text field is 4,000 characters)
VALUE_LIMIT = 100  # characters, for a field without its own max_length: numbers, dates, choices, row markers
FORMSET_MANAGEMENT = {"TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS"}
ROW_FIELD = re.compile(r"^(?P<index>\d{1,4})-(?P<column>.+)$")


def is_safe_name(name):
    """A field name we may store: no NUL or other control character."""
    return bool(name) and not CONTROL_CHARACTERS.search(name)


def without_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


def posted_lists(post, *, skip=()):
    """The post as {name: [values]}: names with control characters dropped, NUL cut out of values."""
    return {
        name: [without_nul(value) for value in post.getlist(name)]
        for name in post
        if is_safe_name(name) and name not in skip
    }


def json_size(data):
    return len(json.dumps(data).encode())


def is_within_stash_limit(data):
    return json_size(data) <= STASHED_POST_LIMIT


def bounded_to_fields(data, page):
    """Only names of the page's fields, each with at most as many values, and as long, as its field allows."""
    bounded = {}
    for name, values in data.items():
        field = page_field(page, name) if is_safe_name(name) else None
        if field is not None:
            bounded[name] = [without_nul(value)[: length_limit(field)] for value in values[: value_count_limit(field)]]
    return bounded


def page_field(page, name):
    """The form field a posted name belongs to, or None: the section form's, or a column of a group's row."""
    if name in page.form.fields:
        return page.form.fields[name]
    prefix, _, rest = name.partition("-")
    formset = page.formsets.get(prefix)
    if formset is None:
        return None
    if rest in FORMSET_MANAGEMENT:
        return forms.IntegerField()
    row = ROW_FIELD.match(rest)
    if row is None or int(row["index"]) >= formset.absolute_max:
        return None
    if row["column"] == "DELETE":
        return forms.BooleanField()
    return formset.form.base_fields.get(row["column"])


def length_limit(field):
    return getattr(field, "max_length", None) or VALUE_LIMIT


def value_count_limit(field):
    if isinstance(field, forms.MultipleChoiceField):
        return len(field.choices)
    return 2 if isinstance(field.widget, PreferNotNumberInput) else 1  # the number box and its "Prefer not" box
