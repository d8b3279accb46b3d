"""The reference data (medicine list, minimum doses, interaction rules): seeding it, and reading it once per batch.

`load_reference_data()` seeds the database from data/*.yaml, creating only what is missing, so admin edits survive
and it can run from a migration, a fixture or a command. `Knowledge` is what the summary reads: every medicine and
active rule, fetched in two queries and indexed by every name a patient might type.
"""

import copy
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal
from pathlib import Path

import yaml

from prep.summaries.medicines import clean_name, match_name

DATA_DIR = Path(__file__).parent / "data"
MEDICINES_FILE = DATA_DIR / "medicines.yaml"
RULES_FILE = DATA_DIR / "interaction_rules.yaml"

# supplements_checklist values → the medicine each one is (only those that take part in rules or flags).
SUPPLEMENT_CHECKLIST = {"st_johns_wort": "St John's wort", "same": "SAMe", "five_htp": "5-HTP"}

MEDICINE_FIELDS = (
    "drug_class",
    "brand_names",
    "other_names",
    "tags",
    "is_antidepressant",
    "min_daily_dose_mg",
    "dose_needs_clinic_confirmation",
    "source",
)


@lru_cache(maxsize=None)
def read_yaml(path):
    """The parsed seed file (read once per process: the files ship with the code)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 (a safe loader)


def load_reference_data(apps=None):
    """Create the medicines and rules of data/*.yaml that are not in the database yet. Returns (medicines, rules)."""
    if apps is None:
        from prep.summaries.models import InteractionRule, Medicine
    else:  # from a migration: the historical models
        Medicine = apps.get_model("summaries", "Medicine")
        InteractionRule = apps.get_model("summaries", "InteractionRule")
    existing = set(Medicine.objects.values_list("generic_name", flat=True))
    medicines = [
        Medicine(
            generic_name=row["generic_name"],
            **{name: copy.deepcopy(row.get(name, default)) for name, default in MEDICINE_DEFAULTS.items()},
        )
        for row in read_yaml(MEDICINES_FILE)["medicines"]
        if row["generic_name"] not in existing
    ]
    for medicine in medicines:
        if medicine.min_daily_dose_mg is not None:
            medicine.min_daily_dose_mg = Decimal(str(medicine.min_daily_dose_mg))
    Medicine.objects.bulk_create(medicines)
    existing_rules = set(InteractionRule.objects.values_list("code", flat=True))
    rules = [
        InteractionRule(**{key: copy.deepcopy(row[key]) for key in ("code", "title", "severity", "requires", "message", "source")})
        for row in read_yaml(RULES_FILE)["rules"]
        if row["code"] not in existing_rules
    ]
    InteractionRule.objects.bulk_create(rules)
    if apps is None and (medicines or rules):  # bulk_create sends no save signal
        from prep.summaries.models import ReferenceStamp

        ReferenceStamp.bump()
    return len(medicines), len(rules)


MEDICINE_DEFAULTS = {
    "drug_class": "other",
    "brand_names": [],
    "other_names": [],
    "tags": [],
    "is_antidepressant": False,
    "min_daily_dose_mg": None,
    "dose_needs_clinic_confirmation": False,
    "source": "",
}


@dataclass(frozen=True)
class MedicineInfo:
    generic_name: str
    drug_class: str
    class_label: str
    brand_names: tuple
    other_names: tuple
    tags: frozenset
    is_antidepressant: bool
    min_daily_dose_mg: Decimal | None
    dose_needs_clinic_confirmation: bool
    source: str

    @property
    def facts(self):
        """What the interaction rules can match for this medicine: its class and its tags."""
        return self.tags | {self.drug_class}

    @property
    def is_augmentation(self):
        return self.drug_class == "augmentation"

    @property
    def trial_class(self):
        """The class used to tell trials apart for staging; each "other" antidepressant is its own class."""
        return self.generic_name if self.drug_class == "other_antidepressant" else self.drug_class


@dataclass(frozen=True)
class RuleInfo:
    code: str
    title: str
    severity: str
    requires: tuple
    message: str
    source: str


class Knowledge:
    """Every medicine and active rule, read from the database once (two queries)."""

    def __init__(self, medicines, rules):
        self.medicines = list(medicines)
        self.rules = list(rules)
        self.by_generic = {medicine.generic_name.lower(): medicine for medicine in self.medicines}
        self.index = {}
        for medicine in self.medicines:
            self.index.setdefault(clean_name(medicine.generic_name), (medicine, ""))
        for medicine in self.medicines:
            for brand in medicine.brand_names:
                self.index.setdefault(clean_name(brand), (medicine, brand))
            for other in medicine.other_names:
                self.index.setdefault(clean_name(other), (medicine, ""))
        self.index.pop("", None)

    @classmethod
    def load(cls):
        from prep.summaries.models import DrugClass, InteractionRule, Medicine

        labels = dict(DrugClass.choices)
        medicines = [
            MedicineInfo(
                generic_name=row.generic_name,
                drug_class=row.drug_class,
                class_label=str(labels.get(row.drug_class, row.drug_class)),
                brand_names=tuple(row.brand_names or ()),
                other_names=tuple(row.other_names or ()),
                tags=frozenset(row.tags or ()),
                is_antidepressant=row.is_antidepressant,
                min_daily_dose_mg=row.min_daily_dose_mg,
                dose_needs_clinic_confirmation=row.dose_needs_clinic_confirmation,
                source=row.source,
            )
            for row in Medicine.objects.all()
        ]
        rules = [
            RuleInfo(rule.code, rule.title, rule.severity, tuple(tuple(tags) for tags in rule.requires), rule.message,
                     rule.source)
            for rule in InteractionRule.objects.filter(active=True)
        ]
        return cls(medicines, rules)

    def match(self, typed):
        return match_name(typed, self.index)

    def medicine(self, generic_name):
        return self.by_generic.get(generic_name.lower())


def medicine_suggestions():
    """Names offered while a patient types a medicine: every generic and brand name, sorted."""
    from prep.summaries.models import Medicine

    names = set()
    for generic_name, brand_names in Medicine.objects.values_list("generic_name", "brand_names"):
        names.add(generic_name)
        names.update(brand_names or ())
    return sorted(names, key=str.lower)
