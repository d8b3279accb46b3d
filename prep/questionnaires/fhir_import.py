"""Import a FHIR R4 `Questionnaire` (the shape prep.questionnaires.fhir writes) as a new draft version.

`fhir_to_data` inverts `questionnaire_to_fhir` into the loader's plain-data shape; `questionnaire_import` creates
the draft with `questionnaire_create_draft`. Every problem is an ImportProblem with a message for the admin.
"""

import json
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from prep.questionnaires.fhir import EXT, app_extension
from prep.questionnaires.instruments import INSTRUMENTS
from prep.questionnaires.loader import questionnaire_create_draft
from prep.questionnaires.models import Kind, Questionnaire

KIND = {
    "string": Kind.SHORT_TEXT,
    "text": Kind.LONG_TEXT,
    "integer": Kind.INTEGER,
    "decimal": Kind.DECIMAL,
    "date": Kind.DATE,
    "boolean": Kind.YES_NO,
    "group": Kind.GROUP,
}
OPERATOR = {"=": "eq", "!=": "ne", ">": "gt", ">=": "gte"}
INSTRUMENT_BY_PANEL = {instrument.panel_loinc: code for code, instrument in INSTRUMENTS.items()}


# A questionnaire's JSON is a few hundred kB nested about a dozen levels deep (items in items in items, each with
# extensions); anything far beyond that is a mistake or an attack, refused before it reaches the converter.
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_NESTING = 32


class ImportProblem(ValueError):
    pass


def questionnaire_import(*, text):
    """Create a draft from the JSON text of a FHIR Questionnaire. Returns the draft; raises ImportProblem."""
    resource = parsed_json(text)
    try:
        data = fhir_to_data(resource)
        with transaction.atomic():
            draft = questionnaire_create_draft(data=data)
            draft.created_from = Questionnaire.latest_published(draft.slug)
            draft.save(update_fields=["created_from"])
    except ValidationError as error:
        raise ImportProblem(" ".join(error.messages)) from error
    except (AttributeError, TypeError, KeyError, IntegrityError) as error:
        raise ImportProblem(f"The file does not have the shape of a FHIR Questionnaire ({error}).") from error
    return draft


def parsed_json(text):
    """The JSON of a file small and shallow enough to be a questionnaire; ImportProblem otherwise."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_IMPORT_BYTES:
        raise ImportProblem("The file is larger than 2 MB; a questionnaire is much smaller than that.")
    try:
        resource = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ImportProblem(f"The file is not valid JSON ({error}).") from error
    except RecursionError as error:
        raise ImportProblem(too_deep()) from error
    if nesting_depth(resource) > MAX_NESTING:
        raise ImportProblem(too_deep())
    return resource


def too_deep():
    return f"The file is nested more than {MAX_NESTING} levels deep; a questionnaire is much flatter than that."


def nesting_depth(value):
    """How many lists and objects deep the JSON goes, counted without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(value, dict):
            stack.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            stack.extend((child, depth + 1) for child in value)
    return deepest


def fhir_to_data(resource):
    if not isinstance(resource, dict) or resource.get("resourceType") != "Questionnaire":
        found = resource.get("resourceType") if isinstance(resource, dict) else type(resource).__name__
        raise ImportProblem(f"This is not a FHIR Questionnaire (resourceType is “{found}”).")
    items = resource.get("item") or []
    refuse_duplicate_link_ids(items)
    converter = Converter()
    return {
        "slug": slug_of(resource),
        "title": resource.get("title") or resource.get("name") or slug_of(resource),
        "intro": resource.get("description", ""),
        "sections": [converter.section(item) for item in items],
    }


def slug_of(resource):
    for identifier in resource.get("identifier") or []:
        if identifier.get("value"):
            return identifier["value"]
    url = resource.get("url") or ""
    if url.rstrip("/"):
        return url.rstrip("/").rsplit("/", 1)[-1]
    raise ImportProblem("The Questionnaire has neither an identifier nor a url to take its name (slug) from.")


def refuse_duplicate_link_ids(items):
    seen = set()

    def walk(items):
        for item in items:
            link_id = item.get("linkId")
            if not link_id:
                raise ImportProblem(f"An item has no linkId (text: “{item.get('text', '')}”).")
            if link_id in seen:
                raise ImportProblem(f"The linkId “{link_id}” is used twice.")
            seen.add(link_id)
            walk(item.get("item") or [])

    walk(items)


def extension(item, url, default=None):
    for ext in item.get("extension") or []:
        if ext.get("url") == url:
            return next((value for name, value in ext.items() if name.startswith("value")), default)
    return default


class Converter:
    """Walks the items in order, remembering the questions met so far (show-if may refer only to those)."""

    def __init__(self):
        self.earlier = {}

    def section(self, item):
        if item.get("type") != "group":
            raise ImportProblem(
                f"Top-level item “{item['linkId']}” is of type “{item.get('type')}”; sections must be groups."
            )
        key = item["linkId"]
        section = {
            "key": key,
            "title": item.get("text") or key,
            "intro": "",
            "instrument": instrument_of(item),
            "copyright": extension(item, app_extension("section-copyright"), ""),
            "questions": [],
        }
        for child in item.get("item") or []:
            if child.get("type") == "display" and child["linkId"] == f"{key}.intro":
                section["intro"] = child.get("text", "")
            else:
                section["questions"].append(self.question(child))
        return section

    def question(self, item, in_group=False):
        key = item["linkId"]
        fhir_type = item.get("type")
        if fhir_type == "choice":
            kind = Kind.MULTIPLE_CHOICE if item.get("repeats") else Kind.SINGLE_CHOICE
        elif fhir_type in KIND:
            kind = KIND[fhir_type]
        else:
            raise ImportProblem(f"Item “{key}” has type “{fhir_type}”, which this question bank does not support.")
        if kind == Kind.GROUP and in_group:
            raise ImportProblem(f"Item “{key}”: a group cannot be placed inside another group.")
        question = {"key": key, "kind": kind.value, "text": item.get("text", ""), "required": bool(item.get("required"))}
        question.update(number_limits(item))
        suggestions = extension(item, app_extension("suggestions"))
        if suggestions:
            question["suggestions"] = suggestions
        entry_name = extension(item, app_extension("entry-name"))
        if entry_name:
            question["entry_name"] = entry_name
        if item.get("enableWhen"):
            question["show_if"] = self.show_if(key, item)
        if kind in (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE):
            question["choices"] = [choice(key, option) for option in item.get("answerOption") or []]
        columns = []
        for child in item.get("item") or []:
            if child.get("type") == "display" and child["linkId"] == f"{key}.help":
                question["help_text"] = child.get("text", "")
            elif kind == Kind.GROUP:
                columns.append(child)
            else:
                raise ImportProblem(f"Item “{child['linkId']}” is nested in “{key}”, which is not a group.")
        self.earlier[key] = kind
        if kind == Kind.GROUP:
            question["columns"] = [self.question(child, in_group=True) for child in columns]
        return question

    def show_if(self, key, item):
        """The show-if for an item's enableWhen. Several `=` on one question with enableBehavior any import as `in`,
        which is also how the export writes `gt`/`gte` on a choice question (one `=` per qualifying choice)."""
        rules = item["enableWhen"]
        targets = {rule.get("question") for rule in rules}
        if len(targets) != 1:
            raise ImportProblem(f"Item “{key}”: enableWhen on more than one question is not supported.")
        target = targets.pop()
        if target not in self.earlier:
            raise ImportProblem(f"Item “{key}” is enabled by “{target}”, which is not an earlier question.")
        if len(rules) == 1:
            rule = rules[0]
            if rule.get("operator") == "exists":
                return answered(key, target, rule)
            op = OPERATOR.get(rule.get("operator"))
            if op is None:
                raise ImportProblem(f"Item “{key}”: enableWhen operator “{rule.get('operator')}” is not supported.")
            value = answer_of(key, rule)
            if op in ("gt", "gte"):
                value = plain_number(key, value)
            return {"question": target, "op": op, "value": value}
        if item.get("enableBehavior") != "any" or any(rule.get("operator") != "=" for rule in rules):
            raise ImportProblem(f"Item “{key}”: several enableWhen conditions must be “=” with enableBehavior any.")
        return {"question": target, "op": "in", "value": [answer_of(key, rule) for rule in rules]}


def answered(key, target, rule):
    """`exists: true` is the app's “answered”; the app has no “not answered” to import `exists: false` as."""
    if rule.get("answerBoolean") is not True:
        raise ImportProblem(f"Item “{key}”: enableWhen “exists” false (shown while unanswered) is not supported.")
    return {"question": target, "op": "answered"}


def instrument_of(item):
    for coding in item.get("code") or []:
        if coding.get("code") in INSTRUMENT_BY_PANEL:
            return INSTRUMENT_BY_PANEL[coding["code"]]
    return ""


def number_limits(item):
    limits = {}
    for name, field in (("minValue", "min_value"), ("maxValue", "max_value")):
        value = extension(item, EXT + name)
        if value is not None:
            limits[field] = str(value)
    return limits


def choice(key, option):
    coding = option.get("valueCoding")
    if not coding or "code" not in coding:
        raise ImportProblem(f"Item “{key}”: every answerOption needs a valueCoding with a code.")
    result = {"value": str(coding["code"]), "label": coding.get("display") or str(coding["code"])}
    if extension(option, EXT + "questionnaire-optionExclusive"):
        result["exclusive"] = True
    return result


def answer_of(key, rule):
    if "answerBoolean" in rule:
        return "yes" if rule["answerBoolean"] else "no"
    if "answerCoding" in rule:
        return str(rule["answerCoding"].get("code", ""))
    for name in ("answerInteger", "answerDecimal", "answerString", "answerDate"):
        if name in rule:
            return rule[name]
    raise ImportProblem(f"Item “{key}”: enableWhen has no answer value this question bank understands.")


def plain_number(key, value):
    try:
        number = Decimal(str(value))
    except ArithmeticError as error:
        raise ImportProblem(f"Item “{key}”: enableWhen needs a number.") from error
    return int(number) if number == number.to_integral_value() else float(number)
