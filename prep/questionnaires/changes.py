"""What changed between two versions of a questionnaire, question by question (keyed by question key)."""

from dataclasses import dataclass, field

from prep.questionnaires.editing import condition_words


@dataclass
class QuestionChange:
    key: str
    status: str  # added / removed / changed
    text: str
    section: str
    details: list = field(default_factory=list)


def by_key(questions):
    return {question.key: question for question in questions}


def choice_changes(old, new):
    old_labels = dict(old.choice_pairs()) if old.takes_choices else {}
    new_labels = dict(new.choice_pairs()) if new.takes_choices else {}
    details = []
    for value, label in new_labels.items():
        if value not in old_labels:
            details.append(f"choice added: {value} “{label}”")
        elif str(old_labels[value]) != str(label):
            details.append(f"choice relabelled: {value} “{old_labels[value]}” → “{label}”")
    for value, label in old_labels.items():
        if value not in new_labels:
            details.append(f"choice removed: {value} “{label}”")
    old_order = [value for value in old_labels if value in new_labels]
    new_order = [value for value in new_labels if value in old_labels]
    if old_order != new_order:
        details.append("choices reordered")
    return details


def question_details(old, new):
    details = []
    if old.text != new.text:
        details.append(f"reworded: “{old.text}” → “{new.text}”")
    if old.help_text != new.help_text:
        details.append(f"help text: “{old.help_text}” → “{new.help_text}”")
    if old.kind != new.kind:
        details.append(f"kind: {old.get_kind_display()} → {new.get_kind_display()}")
    if old.required != new.required:
        details.append("now required" if new.required else "no longer required")
    if old.show_if != new.show_if:
        details.append(f"show-if: {condition_words(old.show_if)} → {condition_words(new.show_if)}")
    if old.section.key != new.section.key:
        details.append(f"moved from “{old.section.title}” to “{new.section.title}”")
    if old.entry_name != new.entry_name:
        details.append(f"entries called: “{old.entry_name}” → “{new.entry_name}”")
    for name, label in (("min_value", "smallest value"), ("max_value", "largest value")):
        if getattr(old, name) != getattr(new, name):
            details.append(f"{label}: {getattr(old, name)} → {getattr(new, name)}")
    return details + choice_changes(old, new)


def compare(old, new):
    """[QuestionChange] from version `old` to version `new`, in the order of the new version, removed ones last."""
    old_questions, new_questions = old.ordered_questions(), new.ordered_questions()
    old_by_key, new_by_key = by_key(old_questions), by_key(new_questions)
    changes = []
    for question in new_questions:
        previous = old_by_key.get(question.key)
        if previous is None:
            changes.append(QuestionChange(question.key, "added", question.text, question.section.title))
            continue
        details = question_details(previous, question)
        if details:
            changes.append(QuestionChange(question.key, "changed", question.text, question.section.title, details))
    for question in old_questions:
        if question.key not in new_by_key:
            changes.append(QuestionChange(question.key, "removed", question.text, question.section.title))
    return changes
