"""Recognise a medicine name as a patient typed it: "Zoloft 100mg" → sertraline (brand Zoloft), dose 100 mg.

Matching ignores case, punctuation, doses, extended-release suffixes (XL, XR, SR, CR, ER) and words such as
"tablets". A name the list does not know is kept exactly as typed and marked not recognised.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

DOSE_RE = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*(mg|milligrams?|mcg|micrograms?|µg|ug)(?![a-z])", re.IGNORECASE
)
NUMBER_RE = re.compile(r"\d+(?:[.,]\d+)?")
IGNORED_WORDS = {
    "xl", "xr", "sr", "cr", "er", "la", "cd", "odt",
    "extended", "sustained", "controlled", "modified", "delayed", "release",
    "tablet", "tablets", "tab", "tabs", "capsule", "capsules", "cap", "caps", "oral", "pill", "pills",
    "mg", "mcg", "daily", "a", "day",
}  # fmt: skip
TIMES_A_DAY = (
    (re.compile(r"\b(four times|4 times|qid|4x)\b", re.I), 4),
    (re.compile(r"\b(three times|3 times|tid|3x)\b", re.I), 3),
    (re.compile(r"\b(twice|two times|2 times|bid|2x)\b", re.I), 2),
)


def clean_name(text):
    """The comparable form of a name: lower case, no punctuation, doses, numbers or release suffixes."""
    text = DOSE_RE.sub(" ", str(text or "").lower().replace("’", "'").replace("'", ""))
    tokens = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(token for token in tokens if token not in IGNORED_WORDS and not NUMBER_RE.fullmatch(token))


def dose_in_text(text):
    """The first dose written in the text, in mg (mcg converted), or None: "Zoloft 100mg" → Decimal("100")."""
    match = DOSE_RE.search(str(text or ""))
    if not match:
        return None
    number = Decimal(match.group(1).replace(",", "."))
    unit = match.group(2).lower()
    return number if unit.startswith("m") and unit != "mcg" and not unit.startswith("mic") else number / 1000


def number_in_text(text):
    """A dose field's number in mg: "40 mg" → 40, "40" → 40, "25 mcg" → 0.025; None when there is none."""
    dose = dose_in_text(text)
    if dose is not None:
        return dose
    match = NUMBER_RE.search(str(text or ""))
    if not match:
        return None
    try:
        return Decimal(match.group(0).replace(",", "."))
    except InvalidOperation:
        return None


def daily_dose_mg(dose_text, how_often_text=""):
    """The daily dose from free text: the dose's number times "twice a day" (2) etc.; None when unknown."""
    dose = number_in_text(dose_text)
    if dose is None:
        return None
    combined = f"{dose_text or ''} {how_often_text or ''}"
    for pattern, times in TIMES_A_DAY:
        if pattern.search(combined):
            return dose * times
    return dose


@dataclass(frozen=True)
class NameMatch:
    typed: str
    medicine: object = None  # reference.MedicineInfo, or None when not recognised
    brand: str = ""  # the brand the patient typed, as the list spells it
    dose_mg: Decimal | None = None  # a dose typed inside the name

    @property
    def recognised(self):
        return self.medicine is not None

    @property
    def display(self):
        if not self.recognised:
            return self.typed
        name = self.medicine.generic_name
        return f"{name} ({self.brand})" if self.brand else name


def match_name(typed, index):
    """Look a typed name up in `index` ({clean name: (MedicineInfo, brand or "")}); longest match wins."""
    typed = str(typed or "").strip()
    dose = dose_in_text(typed)
    cleaned = clean_name(typed)
    if cleaned in index:
        medicine, brand = index[cleaned]
        return NameMatch(typed, medicine, brand, dose)
    tokens = cleaned.split()
    for length in range(len(tokens) - 1, 0, -1):
        for start in range(0, len(tokens) - length + 1):
            candidate = " ".join(tokens[start : start + length])
            if length == 1 and len(candidate) < 4:
                continue
            if candidate in index:
                medicine, brand = index[candidate]
                return NameMatch(typed, medicine, brand, dose)
    return NameMatch(typed, None, "", dose)
