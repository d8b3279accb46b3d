"""The flags on the first page, each with the answers that raised it, URGENT first.

Answer-based flags are small tables of (question key, values that raise the flag). Medication combinations are the
InteractionRule rows (data, with sources) evaluated by one function over the patient's facts.
"""

from dataclasses import dataclass, field

from prep.questionnaires import conditions
from prep.questionnaires.instruments import PHQ9_ITEM_9
from prep.summaries.reference import SUPPLEMENT_CHECKLIST
from prep.summaries.trials import BELOW_MINIMUM_DOSE, OFTEN_MISSED

URGENT = "urgent"
WARNING = "warning"
INFO = "info"
LEVEL_ORDER = {URGENT: 0, WARNING: 1, INFO: 2}
SEVERITY_LEVEL = {"contraindicated": WARNING, "review": WARNING, "note": INFO}
SEVERITY_WORD = {"contraindicated": "Contraindicated", "review": "Review", "note": "Note"}
SEVERITY_PRIORITY = {"contraindicated": 2, "review": 5, "note": 6}
CONTRIBUTORS_PRIORITY = 4


@dataclass
class Flag:
    code: str
    title: str
    level: str
    reasons: list = field(default_factory=list)
    message: str = ""
    source: str = ""
    kind: str = ""  # safety / contributors / bipolar / combination
    priority: int = 9  # order within a level


    def as_stored(self):
        """What the response keeps for lists and badges."""
        return {"code": self.code, "title": self.title, "level": self.level}


@dataclass(frozen=True)
class AnswerRule:
    code: str
    title: str
    level: str
    kind: str
    triggers: tuple  # ((question key, values that raise it), ...)
    source: str = ""
    priority: int = 9


URGENT_SAFETY = AnswerRule(
    "urgent_safety",
    "Safety: thoughts of death or self-harm",
    URGENT,
    "safety",
    ((PHQ9_ITEM_9, ("1", "2", "3")), ("thoughts_today", ("yes",))),
    "PHQ-9 item 9 above 0 is a safety signal whatever the total (Kroenke et al. 2001; Louzon et al., Psychiatr Serv "
    "2016).",
    priority=0,
)
SAFETY_HISTORY = AnswerRule(
    "safety_history",
    "Safety history",
    WARNING,
    "safety",
    (("past_suicide_attempt", ("yes",)), ("past_self_harm", ("yes",))),
    priority=1,
)
BIPOLAR_FEATURES = AnswerRule(
    "bipolar_features",
    "Bipolar features to consider before changing antidepressants",
    WARNING,
    "bipolar",
    (("bipolar_diagnosed", ("yes", "not_sure")), ("high_energy_periods", ("yes",)), ("family_history", ("bipolar",))),
    priority=3,
)
CONTRIBUTOR_ANSWERS = (
    ("missed_doses_2wk", ("three_six", "more_than_six")),
    ("changed_dose_self", ("yes",)),
    ("conditions", ("hypothyroid", "hyperthyroid", "sleep_apnoea", "chronic_pain")),
    ("thyroid_test_last_year", ("no",)),
    ("sleep_quality", ("poor",)),
)
SUPPLEMENTS_CHECKLIST = "supplements_checklist"
# Multiple-choice answers whose ticked values are facts for the combination rules: "condition:seizures".
FACT_ANSWERS = (("conditions", "condition"), ("other_diagnoses", "diagnosis"))
CONTRIBUTORS_CODE = "possible_contributors"
CONTRIBUTORS_TITLE = "Possible contributors to poor response"

# Computed dose facts for the rules: (generic name, above this many mg/day, only over this age or None, fact).
# FDA Drug Safety Communication 2011: citalopram no more than 40 mg/day, 20 mg/day over age 60.
DOSE_FACTS = (
    ("citalopram", 40, None, "citalopram_above_40mg"),
    ("citalopram", 20, 60, "citalopram_above_20mg_over_60"),
)


class Context:
    """What the flag rules read: shown answers, their wording, and computed results."""

    def __init__(self, answers, shown, questions_by_key):
        self.answers = answers
        self.shown = shown
        self.questions = questions_by_key

    def value(self, key):
        return self.answers.get(key) if key in self.shown else None

    def matched(self, key, values):
        """The plain-words reason if the shown answer to `key` includes any of `values`, else None."""
        given = self.value(key)
        if given in (None, "", []):
            return None
        given = [str(item) for item in (given if isinstance(given, list) else [given])]
        hits = [item for item in given if item in values]
        if not hits:
            return None
        return self.words(key, hits)

    def words(self, key, values):
        question = self.questions.get(key)
        if question is None:
            return f"{key}: {', '.join(values)}"
        labels = ", ".join(str(question.label_for(value)) for value in values)
        return f"“{question.text}” — {labels}"


def answer_flag(rule, context):
    reasons = [reason for key, values in rule.triggers if (reason := context.matched(key, values))]
    if not reasons:
        return None
    return Flag(rule.code, rule.title, rule.level, reasons, source=rule.source, kind=rule.kind, priority=rule.priority)


def contributors_flag(context, trials, audit_c, drug_use, facts):
    reasons = []
    for trial in trials.trials:
        if BELOW_MINIMUM_DOSE in trial.shortfalls or OFTEN_MISSED in trial.shortfalls:
            reasons.append(f"Medicine tried: {trial.drug} — {trial.why}")
    reasons += [reason for key, values in CONTRIBUTOR_ANSWERS if (reason := context.matched(key, values))]
    if audit_c.is_scored and audit_c.positive:
        reasons.append(f"AUDIT-C {audit_c.total} of 12: positive (threshold {audit_c.threshold})")
    if drug_use.is_scored and drug_use.positive:
        reasons.append(f"Drug use: {drug_use.total} time{'s' if drug_use.total != 1 else ''} in the past year")
    reasons += facts.get("interacting_supplement", [])
    if not reasons:
        return None
    return Flag(
        CONTRIBUTORS_CODE,
        CONTRIBUTORS_TITLE,
        WARNING,
        list(dict.fromkeys(reasons)),
        message="Things that can make treatment seem not to work (\u201cpseudo-resistance\u201d).",
        kind="contributors",
        priority=CONTRIBUTORS_PRIORITY,
    )


def add_fact(facts, fact, reason):
    reasons = facts.setdefault(fact, [])
    if reason not in reasons:
        reasons.append(reason)


def patient_facts(context, current_medicines, knowledge, audit_c, age):
    """{fact: [plain-words reasons]} from current medicines, supplements, conditions, drinking and doses."""
    facts = {}
    for medicine in current_medicines:
        if medicine.info is None:
            continue
        reason = f"Takes now: {medicine.display}" + (f" {medicine.dose}" if medicine.dose else "")
        for fact in sorted(medicine.info.facts):
            add_fact(facts, fact, reason)
        for generic, above, over_age, fact in DOSE_FACTS:
            dose = medicine.daily_dose_mg
            if medicine.info.generic_name != generic or dose is None or dose <= above:
                continue
            if over_age is not None and (age is None or age <= over_age):
                continue
            add_fact(facts, fact, f"{reason} (about {dose.normalize():f} mg/day" + (f", age {age})" if over_age else ")"))
    ticked = context.value(SUPPLEMENTS_CHECKLIST) or []
    for value in ticked if isinstance(ticked, list) else [ticked]:
        info = knowledge.medicine(SUPPLEMENT_CHECKLIST.get(value, ""))
        if info is not None:
            for fact in sorted(info.facts):
                add_fact(facts, fact, context.words(SUPPLEMENTS_CHECKLIST, [value]))
    for key, prefix in FACT_ANSWERS:
        values = context.value(key) or []
        for value in values if isinstance(values, list) else [values]:
            add_fact(facts, f"{prefix}:{value}", context.words(key, [value]))
    if audit_c.is_scored and audit_c.positive:
        add_fact(facts, "heavy_drinking", f"AUDIT-C {audit_c.total} of 12: positive ({audit_c.threshold})")
    return facts


def evaluate_rules(rules, facts):
    """The one evaluator: a rule applies when each of its any-of tag lists has a tag among the facts."""
    flags = []
    for rule in rules:
        present = [[tag for tag in any_of if tag in facts] for any_of in rule.requires]
        if not rule.requires or not all(present):
            continue
        reasons = list(dict.fromkeys(reason for tags in present for tag in tags for reason in facts[tag]))
        flags.append(
            Flag(
                f"combination:{rule.code}",
                f"{SEVERITY_WORD.get(rule.severity, 'Review')}: {rule.title}",
                SEVERITY_LEVEL.get(rule.severity, WARNING),
                reasons,
                message=rule.message,
                source=rule.source,
                kind="combination",
                priority=SEVERITY_PRIORITY.get(rule.severity, 5),
            )
        )
    return flags


def build_flags(context, *, trials, audit_c, drug_use, current_medicines, knowledge, age):
    facts = patient_facts(context, current_medicines, knowledge, audit_c, age)
    flags = [answer_flag(rule, context) for rule in (URGENT_SAFETY, SAFETY_HISTORY, BIPOLAR_FEATURES)]
    flags.append(contributors_flag(context, trials, audit_c, drug_use, facts))
    flags += evaluate_rules(knowledge.rules, facts)
    flags = [flag for flag in flags if flag is not None]
    return sorted(flags, key=lambda flag: (LEVEL_ORDER[flag.level], flag.priority))


def saved_answer_flags(questionnaire, answers):
    """The URGENT flags raised by answers saved so far, in stored form.

    Checked on every save, not only at sending, so that staff see a safety answer even if the patient never sends.
    """
    questions = questionnaire.ordered_questions()
    shown = conditions.visible_keys(questions, answers)
    context = Context(answers, shown, {question.key: question for question in questions})
    flag = answer_flag(URGENT_SAFETY, context)
    return [flag.as_stored()] if flag is not None else []
