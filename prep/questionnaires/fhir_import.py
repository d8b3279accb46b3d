"""Import a FHIR R4 `Questionnaire` as a new draft version: the shape prep.questionnaires.fhir writes, and the shapes
other software publishes (LOINC forms from LHC-Forms, HL7 US Core examples).

`fhir_to_data` turns the resource into the loader's plain-data shape; `questionnaire_import` creates the draft with
`questionnaire_create_draft`. What cannot be imported at all is an ImportProblem naming the item; what is left out
or imported differently (a calculated total, a section that cannot be scored as its instrument) is a note for the
admin, naming the item too. Questions outside any group are wrapped into a section; a linkId that is not a valid key
gets a key (its LOINC code, or a slug of it) and is kept for export, as are codes, answer systems, ordinalValues,
units and the source's canonical URL.
"""

import json
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.text import slugify

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from prep.questionnaires.fhir import EXT, ORDINAL_VALUE, UNIT, app_extension
from prep.questionnaires.instruments import INSTRUMENTS, LOINC
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
TOTAL_SCORES = {instrument.total_loinc: instrument for instrument in INSTRUMENTS.values()}
CALCULATED = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression"
MIN_OCCURS = EXT + "questionnaire-minOccurs"
KEY = re.compile(r"[-a-zA-Z0-9_]{1,60}")


# A questionnaire's JSON is a few hundred kB nested about a dozen levels deep (items in items in items, each with
# extensions); anything far beyond that is a mistake or an attack, refused before it reaches the converter.
MAX_IMPORT_BYTES = 2 * 1024 * 1024
MAX_NESTING = 32


class ImportProblem(ValueError):
    pass


def questionnaire_import(*, text, notes=None):
    """Create a draft from the JSON text of a FHIR Questionnaire. Returns the draft; raises ImportProblem.

    `notes`, when given a list, receives a message for each item left out or imported differently.
    """
    resource = parsed_json(text)
    notes = [] if notes is None else notes
    try:
        data = fhir_to_data(resource, notes)
        with transaction.atomic():
            draft = questionnaire_create_draft(data=data)
            draft.created_from = Questionnaire.latest_published(draft.slug)
            draft.save(update_fields=["created_from"])
    except ValidationError as error:
        raise ImportProblem(" ".join(error.messages)) from error
    except (AttributeError, TypeError, KeyError, ValueError, IntegrityError) as error:
        if isinstance(error, ImportProblem):
            raise
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


def fhir_to_data(resource, notes=None):
    if not isinstance(resource, dict) or resource.get("resourceType") != "Questionnaire":
        found = resource.get("resourceType") if isinstance(resource, dict) else type(resource).__name__
        raise ImportProblem(f"This is not a FHIR Questionnaire (resourceType is “{found}”).")
    items = resource.get("item") or []
    refuse_duplicate_link_ids(items)
    converter = Converter([] if notes is None else notes)
    slug = slug_of(resource)
    title = resource.get("title") or resource.get("name") or slug
    return {
        "slug": slug,
        "title": title,
        "intro": resource.get("description", ""),
        "source_url": source_url_of(resource),
        "sections": converter.sections(items, resource, title),
    }


def slug_of(resource):
    for identifier in resource.get("identifier") or []:
        if identifier.get("value"):
            return as_slug(identifier["value"])
    url = resource.get("url") or ""
    if url.rstrip("/"):
        return as_slug(url.rstrip("/").rsplit("/", 1)[-1])
    raise ImportProblem("The Questionnaire has neither an identifier nor a url to take its name (slug) from.")


def as_slug(text):
    slug = slugify(str(text))[:60].strip("-")
    if not slug:
        raise ImportProblem(f"The Questionnaire's identifier “{text}” gives no usable name (slug).")
    return slug


def source_url_of(resource):
    """The canonical URL of a questionnaire written elsewhere (ours is made anew on export, so it is not kept)."""
    url = resource.get("url") or ""
    if url and not url.startswith(settings.FHIR_CANONICAL_BASE):
        return url[:500]
    derived = resource.get("derivedFrom") or []
    return str(derived[0])[:500] if derived else ""


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


def named(item):
    """How a message names an item: its linkId, with its text when it has one."""
    text = " ".join(str(item.get("text") or "").split())
    text = text if len(text) <= 60 else text[:57] + "…"
    return f"“{item['linkId']}” ({text})" if text else f"“{item['linkId']}”"


def loinc_codes(item):
    return [coding.get("code") for coding in item.get("code") or [] if coding.get("system", LOINC) == LOINC]


def why_left_out(item):
    """Why an item is not asked of the patient (calculated, read-only, or a score the app computes), or None."""
    if extension(item, CALCULATED) is not None:
        return "it is calculated from other answers (calculatedExpression)"
    if item.get("readOnly"):
        return "it is read-only"
    for code in loinc_codes(item):
        if code in TOTAL_SCORES:
            return f"it is the {TOTAL_SCORES[code].name} total score, which the app computes itself"
    return None


def is_section(item):
    return item.get("type") == "group" and not item.get("repeats")


class Converter:
    """Walks the items in order, remembering the questions met so far (show-if may refer only to those)."""

    def __init__(self, notes):
        self.notes = notes
        self.earlier = {}  # linkId: (key, {answer code: stored value})
        self.left_out = {}  # linkId: why
        self.keys = set()

    def sections(self, items, resource, title):
        """One section per top-level group; questions outside any group are wrapped into a section of their own."""
        runs, loose = [], []
        for item in items:
            if is_section(item):
                if loose:
                    runs.append(("loose", loose))
                    loose = []
                runs.append(("group", item))
            else:
                loose.append(item)
        if loose:
            runs.append(("loose", loose))
        sections = []
        for kind, content in runs:
            if kind == "group":
                sections.append(self.section(content))
            else:
                wrapper = {
                    "linkId": "",
                    "text": title if len(runs) == 1 else "Questions",
                    "code": resource.get("code") or [],
                    "item": content,
                }
                sections.append(self.section(wrapper, copyright=resource.get("copyright", "")))
        return sections

    def key_for(self, link_id, codes=(), preferred=None):
        """A unique key: the preferred one, the linkId, its LOINC code, or a slug of the linkId, in that order."""
        for candidate in (preferred, link_id, *codes):
            if candidate and KEY.fullmatch(candidate) and candidate not in self.keys:
                self.keys.add(candidate)
                return candidate
        base = (slugify(link_id.replace("/", "-")).strip("-") or "item")[:50]
        key, number = base, 1
        while key in self.keys:
            number += 1
            key = f"{base}-{number}"
        self.keys.add(key)
        return key

    def section(self, item, copyright=""):
        link_id = item["linkId"]
        instrument = self.scorable_instrument(item)
        key = self.key_for(link_id, (), None if link_id else slugify(item["text"])[:50] or "questions")
        section = {
            "key": key,
            "link_id": link_id if link_id and link_id != key else "",
            "title": item.get("text") or key,
            "intro": "",
            "instrument": instrument.code if instrument else "",
            "copyright": extension(item, app_extension("section-copyright"), "") or copyright,
            "codes": [] if instrument and not link_id else list(item.get("code") or []),
            "questions": [],
        }
        if instrument and section["codes"] == [{"system": LOINC, "code": instrument.panel_loinc, "display": instrument.name}]:
            section["codes"] = []  # the export writes exactly this for the instrument
        intros = []
        for child in item.get("item") or []:
            if child.get("type") == "display":
                intros.append(child.get("text", ""))
            elif is_section(child):
                raise ImportProblem(
                    f"Item {named(child)} is a group inside the group “{link_id or section['title']}”; "
                    "the question bank has no sections within sections."
                )
            else:
                question = self.question(child, instrument)
                if question is not None:
                    section["questions"].append(question)
        section["intro"] = "\n\n".join(text for text in intros if text)
        return section

    def scorable_instrument(self, item):
        """The instrument a group is coded as, when its answers can be scored; otherwise None with a note."""
        code = next((code for code in loinc_codes(item) if code in INSTRUMENT_BY_PANEL), None)
        if code is None:
            return None
        instrument = INSTRUMENTS[INSTRUMENT_BY_PANEL[code]]
        found = {}
        for child in item.get("item") or []:
            key = child["linkId"] if child["linkId"] in instrument.item_keys else None
            for loinc in loinc_codes(child):
                key = key or instrument.key_for_loinc(loinc)
            if key in instrument.item_keys:
                found[key] = child
        problem = None
        for number, key in enumerate(instrument.item_keys, 1):
            child = found.get(key)
            if child is None:
                problem = f"its item {number} (LOINC {instrument.loinc_for(key) or key}) is missing"
            elif not all(option_score(option) is not None for option in child.get("answerOption") or [None]):
                problem = f"the answers of item {named(child)} carry no score (neither a number nor an ordinalValue)"
            if problem:
                name = item.get("linkId") or item.get("text")
                self.notes.append(
                    f"“{name}” is coded as {instrument.name} (LOINC {code}) but cannot be scored as one: {problem}. "
                    "It was imported as an ordinary section, without a score."
                )
                return None
        return instrument

    def question(self, item, instrument=None, in_group=False):
        link_id = item["linkId"]
        reason = why_left_out(item)
        if reason:
            self.left_out[link_id] = reason
            self.notes.append(f"Item {named(item)} was left out: {reason}; patients are never asked to type it in.")
            return None
        fhir_type = item.get("type")
        if fhir_type == "choice":
            kind = Kind.MULTIPLE_CHOICE if item.get("repeats") else Kind.SINGLE_CHOICE
        elif fhir_type in KIND:
            kind = KIND[fhir_type]
        else:
            raise ImportProblem(f"Item {named(item)} has type “{fhir_type}”, which this question bank does not support.")
        if kind == Kind.GROUP and in_group:
            raise ImportProblem(f"Item {named(item)}: a group cannot be placed inside another group.")
        if kind in (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE) and item.get("answerValueSet") and not item.get("answerOption"):
            raise ImportProblem(
                f"Item {named(item)} takes its answers from the value set {item['answerValueSet']}, which this question "
                "bank cannot load: only answers listed in the file (answerOption) can be imported."
            )
        codes = list(item.get("code") or [])
        instrument_key = None
        if instrument is not None:
            instrument_key = link_id if instrument.loinc_for(link_id) else None
            for loinc in loinc_codes(item):
                instrument_key = instrument_key or instrument.key_for_loinc(loinc)
        key = self.key_for(link_id, loinc_codes(item), instrument_key)
        if instrument_key and codes == [{"system": LOINC, "code": instrument.loinc_for(key)}]:
            codes = []  # the export writes exactly this for the instrument's item
        required = bool(item.get("required")) or (extension(item, MIN_OCCURS) or 0) >= 1
        question = {"key": key, "kind": kind.value, "text": item.get("text", ""), "required": required}
        if link_id != key:
            question["link_id"] = link_id
        if codes:
            question["codes"] = codes
        question.update(number_limits(item))
        question.update(unit_of(item))
        suggestions = extension(item, app_extension("suggestions"))
        if suggestions:
            question["suggestions"] = suggestions
        entry_name = extension(item, app_extension("entry-name"))
        if entry_name:
            question["entry_name"] = entry_name
        if extension(item, app_extension("carried-forward")) is True:
            question["carried_forward"] = True
        if item.get("enableWhen"):
            question["show_if"] = self.show_if(item)
        answers = {}
        if kind in (Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE):
            question["choices"] = [
                choice(item, option, instrument if instrument_key else None, key)
                for option in item.get("answerOption") or []
            ]
            answers = answer_codes(question["choices"], instrument if instrument_key else None, key)
        columns, help_texts = [], []
        for child in item.get("item") or []:
            if child.get("type") == "display":
                help_texts.append(child.get("text", ""))
            elif kind == Kind.GROUP:
                columns.append(child)
            else:
                raise ImportProblem(f"Item {named(child)} is nested in “{link_id}”, which is not a group.")
        if help_texts:
            question["help_text"] = "\n\n".join(text for text in help_texts if text)
        self.earlier[link_id] = (key, answers)
        if kind == Kind.GROUP:
            question["columns"] = [
                column for column in (self.question(child, in_group=True) for child in columns) if column is not None
            ]
        return question

    def show_if(self, item):
        """The show-if for an item's enableWhen. Several `=` on one question with enableBehavior any import as `in`,
        which is also how the export writes `gt`/`gte` on a choice question (one `=` per qualifying choice)."""
        rules = item["enableWhen"]
        targets = {rule.get("question") for rule in rules}
        if len(targets) != 1:
            raise ImportProblem(f"Item {named(item)}: enableWhen on more than one question is not supported.")
        target = targets.pop()
        if target in self.left_out:
            raise ImportProblem(
                f"Item {named(item)} is enabled by “{target}”, which was left out ({self.left_out[target]})."
            )
        if target not in self.earlier:
            raise ImportProblem(f"Item {named(item)} is enabled by “{target}”, which is not an earlier question.")
        target_key, answers = self.earlier[target]
        if len(rules) == 1:
            rule = rules[0]
            if rule.get("operator") == "exists":
                return answered(item, target_key, rule)
            op = OPERATOR.get(rule.get("operator"))
            if op is None:
                raise ImportProblem(f"Item {named(item)}: enableWhen operator “{rule.get('operator')}” is not supported.")
            value = answer_of(item, rule, answers)
            if op in ("gt", "gte"):
                value = plain_number(item, value)
            return {"question": target_key, "op": op, "value": value}
        if item.get("enableBehavior") != "any" or any(rule.get("operator") != "=" for rule in rules):
            raise ImportProblem(f"Item {named(item)}: several enableWhen conditions must be “=” with enableBehavior any.")
        return {"question": target_key, "op": "in", "value": [answer_of(item, rule, answers) for rule in rules]}


def answered(item, target, rule):
    """`exists: true` is the app's “answered”; the app has no “not answered” to import `exists: false` as."""
    if rule.get("answerBoolean") is not True:
        raise ImportProblem(f"Item {named(item)}: enableWhen “exists” false (shown while unanswered) is not supported.")
    return {"question": target, "op": "answered"}


def number_limits(item):
    limits = {}
    for name, field in (("minValue", "min_value"), ("maxValue", "max_value")):
        value = extension(item, EXT + name)
        if value is not None:
            limits[field] = str(value)
    return limits


def unit_of(item):
    coding = extension(item, UNIT)
    if not isinstance(coding, dict) or not (coding.get("display") or coding.get("code")):
        return {}
    return {"unit": str(coding.get("display") or coding.get("code"))[:30], "unit_coding": coding}


def answer_codes(choices, instrument, key):
    """{answer code: stored value} for the choices of a question, so enableWhen codes map to stored values."""
    codes = {}
    for entry in choices:
        default = instrument.answer_for(key, entry["value"]) if instrument is not None else None
        for code in (entry["value"], default[0] if default else None, entry.get("code")):
            if code:
                codes[code] = entry["value"]
    return codes


def option_score(option):
    """The score an answerOption carries: its ordinalValue, or a code that is a whole number; None otherwise."""
    if option is None:
        return None
    ordinal = extension(option, ORDINAL_VALUE)
    if ordinal is None:
        ordinal = (option.get("valueCoding") or {}).get("code", option.get("valueInteger"))
    try:
        number = Decimal(str(ordinal))
    except (InvalidOperation, ValueError):
        return None
    return int(number) if number == number.to_integral_value() else None


def choice(item, option, instrument=None, key=None):
    """A choice from an answerOption. In a scored instrument its value is its score (so the app's scoring applies);
    elsewhere its value is its code. A code or system the value does not already say is kept for export."""
    coding = option.get("valueCoding")
    if coding is None and any(name in option for name in ("valueString", "valueInteger")):
        value = option.get("valueString", option.get("valueInteger"))
        coding = {"code": str(value), "display": str(value)}
    if not coding or "code" not in coding:
        raise ImportProblem(f"Item {named(item)}: every answerOption needs a valueCoding with a code.")
    code = str(coding["code"])
    ordinal = extension(option, ORDINAL_VALUE)
    value = code
    if instrument is not None:
        score = option_score(option)
        value = instrument.value_for_answer(key, code) or (str(score) if score is not None else code)
    if len(value) > 60:
        raise ImportProblem(f"Item {named(item)}: the answer code “{code[:60]}…” is longer than 60 characters.")
    result = {"value": value, "label": coding.get("display") or code}
    default = instrument.answer_for(key, value) if instrument is not None else None
    if code != value or coding.get("system"):
        if not (default and default[0] == code and coding.get("system", LOINC) == LOINC):
            result.update(code=code, system=coding.get("system", ""))
    if ordinal is not None and (instrument is None or instrument.ordinal_for(key, value) != option_score(option)):
        result["ordinal_value"] = str(ordinal)
    if extension(option, EXT + "questionnaire-optionExclusive"):
        result["exclusive"] = True
    return result


def answer_of(item, rule, answers=None):
    if "answerBoolean" in rule:
        return "yes" if rule["answerBoolean"] else "no"
    if "answerCoding" in rule:
        code = str(rule["answerCoding"].get("code", ""))
        return (answers or {}).get(code, code)
    for name in ("answerInteger", "answerDecimal", "answerString", "answerDate"):
        if name in rule:
            return rule[name]
    raise ImportProblem(f"Item {named(item)}: enableWhen has no answer value this question bank understands.")


def plain_number(item, value):
    try:
        number = Decimal(str(value))
    except ArithmeticError as error:
        raise ImportProblem(f"Item {named(item)}: enableWhen needs a number.") from error
    return int(number) if number == number.to_integral_value() else float(number)
