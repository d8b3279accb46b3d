"""Question keys the summary's clinical rules read, and which summary features stop working without them.

Derived from the rules' own declaration, prep/summaries/reads.py. That module is imported on first use, not when this
one is: the summaries app builds on this one (it imports instruments, conditions and display from here), so loading
the question editor should not load the summary code, and no import cycle can form later.
"""

from functools import cache

CONFIRM_LABEL = "I understand these summary features will stop working"


@cache
def features_by_key():
    """{question key: [summary features that read it]}."""
    from prep.summaries import reads

    return reads.features_by_key()


def is_protected(key):
    return key in features_by_key()


def features_for(key):
    return features_by_key().get(key, [])


def describe(keys):
    """“key → feature, feature” lines for the protected keys among these, in the given order."""
    return [f"{key} → {', '.join(features_for(key))}" for key in dict.fromkeys(keys) if is_protected(key)]


def keys_removed_with(question):
    """The question's key and, for a group, its columns' keys: what deleting it takes away."""
    keys = [question.key]
    if question.pk and question.is_group:
        keys += list(question.columns.values_list("key", flat=True))
    return keys
