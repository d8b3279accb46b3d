"""Past medicines the patient still takes, offered on the current-medicines page as entries to check.

A `past_medications` entry answered "I still take it" appears in `current_medications`, name and dose filled in,
marked "from your past medicines — check it", unless the patient already lists that medicine there (by generic
name when the medicine list knows it, otherwise by the name as typed). Nothing is saved until the patient saves
the page, as with anything else typed there.
"""

from prep.questionnaires.display import plain
from prep.summaries.medicines import clean_name, match_name
from prep.summaries.summary import CURRENT_MEDICATIONS
from prep.summaries.summary import MEDICINE_NAME as CURRENT_NAME
from prep.summaries.trials import DRUG as PAST_NAME
from prep.summaries.trials import HIGHEST_DAILY_DOSE_MG as PAST_DOSE
from prep.summaries.trials import PAST_MEDICATIONS, STILL_TAKING, WHY_STOPPED

CURRENT_DOSE = "dose"


def rows_to_confirm(page_questions, columns, answers, declined=()):
    """{group key: [rows]} to add to the page's saved entries; {} when this is not the current-medicines page.

    `page_questions` are the page's questions, `columns` {group key: [column questions]} (as on SectionPage);
    `declined` the medicines the patient removed when they were offered (Response.declined_offers)."""
    if not any(question.key == CURRENT_MEDICATIONS for question in page_questions):
        return {}
    if CURRENT_NAME not in {column.key for column in columns.get(CURRENT_MEDICATIONS, [])}:
        return {}
    still_taking = still_taking_rows(answers)
    if not still_taking:
        return {}
    listed_rows = answers.get(CURRENT_MEDICATIONS) or []
    identify = medicine_identity() if listed_rows or declined else clean_name  # the list is read only to compare
    listed = {identify(row.get(CURRENT_NAME)) for row in listed_rows} | set(declined)
    has_dose = CURRENT_DOSE in {column.key for column in columns[CURRENT_MEDICATIONS]}
    rows = []
    for past in still_taking:
        identity = identify(past[PAST_NAME])
        if identity in listed:
            continue
        listed.add(identity)
        rows.append(current_row(past, has_dose))
    return {CURRENT_MEDICATIONS: rows} if rows else {}


def still_taking_rows(answers):
    return [
        row for row in answers.get(PAST_MEDICATIONS) or [] if row.get(WHY_STOPPED) == STILL_TAKING and row.get(PAST_NAME)
    ]


def declined_on(page, answers):
    """The medicines the patient still takes by their past answers but removed on this (current-medicines) page:
    what they removed there is not offered again. [] on any other page or when nothing such was removed."""
    formset = page.formsets.get(CURRENT_MEDICATIONS)
    if formset is None or not formset.is_bound or not formset.management_form.is_valid():
        return []
    formset.is_valid()  # checks the rows (once for the page), so that each knows whether it was removed
    removed = [form[CURRENT_NAME].value() for form in formset.forms if form_is_removed(formset, form)]
    removed = [name for name in removed if name and str(name).strip()]
    past = still_taking_rows(answers)
    if not removed or not past:
        return []
    identify = medicine_identity()
    still_taken = {identify(row[PAST_NAME]) for row in past}
    return sorted({identify(name) for name in removed} & still_taken)


def form_is_removed(formset, form):
    return CURRENT_NAME in form.fields and formset._should_delete_form(form)


def current_row(past, has_dose):
    row = {CURRENT_NAME: past[PAST_NAME]}
    dose = past.get(PAST_DOSE)
    if has_dose and dose not in (None, ""):
        row[CURRENT_DOSE] = f"{plain(dose)} mg a day"
    return row


def medicine_identity():
    """name → what makes two names the same medicine: the generic name when the medicine list knows it
    ("Zoloft 100mg" and "sertraline"), otherwise the name without case, punctuation or dose. One query."""
    from prep.summaries.models import Medicine

    index = {}
    for generic, brands, others in Medicine.objects.values_list("generic_name", "brand_names", "other_names"):
        for name in (generic, *(brands or ()), *(others or ())):
            index.setdefault(clean_name(name), (generic.lower(), ""))
    index.pop("", None)

    def identify(name):
        match = match_name(name, index)
        return match.medicine or clean_name(name)

    return identify
