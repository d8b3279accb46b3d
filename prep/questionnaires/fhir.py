"""Export a questionnaire version as a FHIR R4 `Questionnaire` resource.

Sections become `group` items, question keys become `linkId`s, choices become `answerOption.valueCoding`
(code = stored value, display = label) and `show_if` becomes `enableWhen`. What FHIR has no field for (help text,
number limits, "none of these") uses the standard SDC extensions, and what is the app's own (medicine suggestions,
the name of a group's entry, offering a returning patient their last answer) extensions under FHIR_CANONICAL_BASE,
so an import can rebuild the same version.
"""

import re

from django.conf import settings

from prep.questionnaires import conditions
from prep.questionnaires.instruments import INSTRUMENTS, LOINC
from prep.questionnaires.models import Kind, Questionnaire

EXT = "http://hl7.org/fhir/StructureDefinition/"
ORDINAL_VALUE = EXT + "ordinalValue"
UNIT = EXT + "questionnaire-unit"
ITEM_CONTROL = "http://hl7.org/fhir/questionnaire-item-control"
STATUS = {
    Questionnaire.Status.DRAFT: "draft",
    Questionnaire.Status.PUBLISHED: "active",
    Questionnaire.Status.RETIRED: "retired",
}
FHIR_TYPE = {
    Kind.SHORT_TEXT: "string",
    Kind.LONG_TEXT: "text",
    Kind.INTEGER: "integer",
    Kind.DECIMAL: "decimal",
    Kind.DATE: "date",
    Kind.YES_NO: "boolean",
    Kind.SINGLE_CHOICE: "choice",
    Kind.MULTIPLE_CHOICE: "choice",
    Kind.GROUP: "group",
}
OPERATOR = {"eq": "=", "ne": "!=", "gt": ">", "gte": ">="}


def canonical_url(slug):
    return f"{settings.FHIR_CANONICAL_BASE}/Questionnaire/{slug}"


def app_extension(name):
    return f"{settings.FHIR_CANONICAL_BASE}/StructureDefinition/{name}"


def questionnaire_to_fhir(questionnaire):
    questions = questionnaire.ordered_questions()
    by_key = {question.key: question for question in questions}
    children = {}
    for question in questions:
        children.setdefault((question.section_id, question.parent_id), []).append(question)
    sections = questionnaire.ordered_sections()
    resource = {
        "resourceType": "Questionnaire",
        "url": canonical_url(questionnaire.slug),
        "identifier": [{"system": settings.FHIR_CANONICAL_BASE, "value": questionnaire.slug}],
        "version": str(questionnaire.version),
        "name": machine_name(questionnaire.slug),
        "title": questionnaire.title,
        "status": STATUS[questionnaire.status],
        "subjectType": ["Patient"],
    }
    if questionnaire.published_at:
        resource["date"] = questionnaire.published_at.isoformat()
    if questionnaire.source_url:
        resource["derivedFrom"] = [questionnaire.source_url]
    if questionnaire.intro:
        resource["description"] = questionnaire.intro
    notices = [section.copyright for section in sections if section.copyright]
    if notices:
        resource["copyright"] = "\n\n".join(dict.fromkeys(notices))
    resource["item"] = [section_item(section, children, by_key) for section in sections]
    return resource


def machine_name(slug):
    """A FHIR `name`: letters and digits, starting with a capital letter."""
    name = "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", slug) if part)
    return name if name[:1].isalpha() else f"Questionnaire{name}"


def link_id_of(section_or_question):
    """The FHIR linkId: the key, or the linkId an imported item had when that could not serve as a key."""
    return section_or_question.link_id or section_or_question.key


def instrument_of(question):
    return INSTRUMENTS.get(question.section.instrument)


def section_item(section, children, by_key):
    item = {"linkId": link_id_of(section), "type": "group", "text": section.title}
    extensions = []
    if section.codes:
        item["code"] = section.codes
    elif section.instrument:
        instrument = INSTRUMENTS[section.instrument]
        item["code"] = [{"system": LOINC, "code": instrument.panel_loinc, "display": instrument.name}]
    if section.copyright:
        extensions.append({"url": app_extension("section-copyright"), "valueString": section.copyright})
    if extensions:
        item["extension"] = extensions
    items = []
    if section.intro:
        items.append({"linkId": f"{section.key}.intro", "type": "display", "text": section.intro})
    instrument = INSTRUMENTS.get(section.instrument)
    for question in children.get((section.pk, None), []):
        items.append(question_item(question, children, by_key, instrument))
    item["item"] = items
    return item


def question_item(question, children, by_key, instrument=None):
    item = {"linkId": link_id_of(question), "type": FHIR_TYPE[question.kind], "text": question.text}
    loinc = instrument.loinc_for(question.key) if instrument else None
    if question.codes:
        item["code"] = question.codes
    elif loinc:
        item["code"] = [{"system": LOINC, "code": loinc}]
    extensions = number_limits(question)
    if question.unit_coding:
        extensions.append({"url": UNIT, "valueCoding": question.unit_coding})
    if question.kind == Kind.LONG_TEXT:
        extensions.append(item_control("text-box"))
    if question.suggestions:
        extensions.append({"url": app_extension("suggestions"), "valueCode": question.suggestions})
    if question.entry_name:
        extensions.append({"url": app_extension("entry-name"), "valueString": question.entry_name})
    if question.carried_forward:
        extensions.append({"url": app_extension("carried-forward"), "valueBoolean": True})
    if extensions:
        item["extension"] = extensions
    if question.required:
        item["required"] = True
    if question.kind in (Kind.MULTIPLE_CHOICE, Kind.GROUP):
        item["repeats"] = True
    if question.show_if:
        item.update(enable_when(question.show_if, by_key))
    if question.takes_choices:
        item["answerOption"] = [answer_option(question, choice, instrument) for choice in question.choices.all()]
    nested = []
    if question.help_text:
        nested.append(
            {
                "linkId": f"{link_id_of(question)}.help",
                "type": "display",
                "text": question.help_text,
                "extension": [{"url": EXT + "questionnaire-itemControl", "valueCodeableConcept": help_control()}],
            }
        )
    if question.is_group:
        nested += [question_item(column, children, by_key) for column in children.get((question.section_id, question.pk), [])]
    if nested:
        item["item"] = nested
    return item


def item_control(code):
    return {
        "url": EXT + "questionnaire-itemControl",
        "valueCodeableConcept": {"coding": [{"system": ITEM_CONTROL, "code": code}]},
    }


def help_control():
    return {"coding": [{"system": ITEM_CONTROL, "code": "help", "display": "Help-Button"}]}


def number_limits(question):
    value_type = "valueInteger" if question.kind == Kind.INTEGER else "valueDecimal"
    limits = []
    for name, limit in (("minValue", question.min_value), ("maxValue", question.max_value)):
        if limit is not None:
            number = int(limit) if question.kind == Kind.INTEGER else float(limit)
            limits.append({"url": EXT + name, value_type: number})
    return limits


def answer_option(question, choice, instrument):
    option = {"valueCoding": choice_coding(question, choice, instrument)}
    extensions = []
    ordinal = choice.ordinal_value
    if ordinal is None and instrument is not None:
        ordinal = instrument.ordinal_for(question.key, choice.value)
    if ordinal is not None:
        extensions.append({"url": ORDINAL_VALUE, "valueDecimal": plain_number(ordinal)})
    if choice.exclusive:
        extensions.append({"url": EXT + "questionnaire-optionExclusive", "valueBoolean": True})
    if extensions:
        option["extension"] = extensions
    return option


def plain_number(number):
    number = float(number)
    return int(number) if number.is_integer() else number


def choice_coding(question, choice, instrument):
    """The Coding of a choice: the code it was imported with, its instrument's LOINC answer code, or its value;
    the display is always the wording the patient sees."""
    if choice.code:
        coding = {"system": choice.system} if choice.system else {}
        return {**coding, "code": choice.code, "display": choice.label}
    loinc = instrument.answer_for(question.key, choice.value) if instrument else None
    if loinc:
        return {"system": LOINC, "code": loinc[0], "display": choice.label}
    return {"code": choice.value, "display": choice.label}


def answer_coding(question, value):
    """The Coding of a stored choice answer, as the Questionnaire export codes the choice."""
    value = str(value)
    for choice in question.choices.all():
        if choice.value == value:
            return choice_coding(question, choice, instrument_of(question) if not question.parent_id else None)
    return {"code": value, "display": str(question.label_for(value))}


def enable_when(condition, by_key):
    """The item's `enableWhen` (and `enableBehavior` when it has several rules) for an app show-if.

    A Coding (or a boolean) has no order in FHIR, so `>` or `>=` on a choice answer means nothing to other software:
    `gt`/`gte` on a choice question become one `=` per qualifying choice with `enableBehavior: any` (see
    `qualifying_choices`), as `in` does. Numbers keep `>`/`>=`; `answered` is `exists`.
    """
    target = by_key[condition["question"]]
    op = condition["op"]
    if op == "answered":
        return {"enableWhen": [{"question": link_id_of(target), "operator": "exists", "answerBoolean": True}]}
    if op in ("gt", "gte") and has_unordered_answers(target):
        return any_of(target, qualifying_choices(target, op, condition["value"]))
    if op == "in":
        return any_of(target, condition["value"])
    return {"enableWhen": [rule(target, OPERATOR[op], condition["value"])]}


def has_unordered_answers(question):
    """Choice and yes/no answers: FHIR Codings and booleans, which `>` and `>=` cannot compare."""
    return question.takes_choices or question.kind == Kind.YES_NO


def rule(target, operator, value):
    return {"question": link_id_of(target), "operator": operator, **answer_value(target, value)}


def any_of(target, values):
    """Enabled when the answer equals any of these values; never enabled when there are none (as in the app)."""
    if not values:
        return never_enabled(target)
    rules = [rule(target, "=", value) for value in values]
    return {"enableWhen": rules, "enableBehavior": "any"} if len(rules) > 1 else {"enableWhen": rules}


def qualifying_choices(target, op, limit):
    """The values of the choices that meet `gt`/`gte` `limit`, in the order of the choices.

    The app compares the chosen value as a number (conditions.holds), so a choice qualifies when its value is a
    number above (`gt`) or at least (`gte`) the limit: for scored instruments the values are "0".."3". A choice whose
    value is not a number never meets the condition in the app, so it is not listed here either; the order of the
    choices is not used in its place, because the app does not use it.
    """
    limit = conditions.as_number(limit)
    qualifying = []
    for value, _label in target.choice_pairs():
        number = conditions.as_number(value)
        if number is not None and (number > limit if op == "gt" else number >= limit):
            qualifying.append(value)
    return qualifying


def never_enabled(target):
    """A condition no answer meets (answered and not answered at once), for a show-if no choice can satisfy."""
    return {
        "enableWhen": [
            {"question": link_id_of(target), "operator": "exists", "answerBoolean": True},
            {"question": link_id_of(target), "operator": "exists", "answerBoolean": False},
        ],
        "enableBehavior": "all",
    }


def answer_value(target, value):
    if target.kind == Kind.YES_NO:
        return {"answerBoolean": str(value) == "yes"}
    if target.kind == Kind.INTEGER:
        return {"answerInteger": int(value)}
    if target.kind == Kind.DECIMAL:
        return {"answerDecimal": float(value)}
    if target.takes_choices:
        return {"answerCoding": answer_coding(target, value)}
    return {"answerString": str(value)}
