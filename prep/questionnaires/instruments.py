"""The validated instruments the question bank knows: their item keys, LOINC codes and scoring bands.

Sources: PHQ-9, Kroenke et al., J Gen Intern Med 2001;16:606. GAD-7, Spitzer et al., Arch Intern Med 2006;166:1092.
AUDIT-C, Bush et al., Arch Intern Med 1998;158:1789; thresholds Bradley et al., Arch Intern Med 2003;163:821.

LOINC codes (item codes and LA answer codes), each checked against a published source:
- PHQ-9 panel 44249-1, items 44250-9 … 44260-8, total 44261-6, difficulty 69722-7, answers LA6568-5 … LA6571-9
  (LOINC answer list LL358-3) and LA6572-7, LA6573-5, LA6575-0, LA6574-3: LOINC's own PHQ-9 form as
  LHC-Forms publishes it (LHNCBC/lforms-fhir-app@73963e8 cypress/fixtures/R4/phq9.json) and the HL7 US Core PHQ-9
  example (HL7/US-Core@85bf4af input/examples/Questionnaire-phq-9-example.json); both are kept in
  tests/questionnaires/fixtures/ and tests/questionnaires/test_loinc_codes.py checks this module against them.
- GAD-7 panel 69737-5, items 69725-0, 68509-9, 69733-4, 69734-2, 69735-9, 69689-8, 69736-7, total 70274-6:
  https://loinc.org/69729-2/ (PHQ-SADS panel, which lists the GAD-7 items and total). The GAD-7 items use the same
  LOINC answer list as the PHQ-9 items, LL358-3 (https://loinc.org/LL358-3/), whose codes the two fixtures above show.
- AUDIT-C panel 72109-2, items 68518-0, 68519-8, 68520-6, total 75626-2: https://loinc.org/72109-2/ and the HL7
  US Core AUDIT-C example (HL7/US-Core@85bf4af input/examples/Questionnaire-AUDIT-C.json, also in the fixtures),
  which carries the answers of items 2 and 3. Item 1's answers are LOINC answer list LL2179-1
  (https://loinc.org/LL2179-1/): Never LA6270-8, Monthly or less LA18926-8, 2-4 times a month LA18927-6,
  2-3 times a week LA18928-4, 4 or more times a week LA18929-2.
"""

from dataclasses import dataclass, field

LOINC = "http://loinc.org"


@dataclass(frozen=True)
class InstrumentDefinition:
    code: str
    name: str
    panel_loinc: str
    total_loinc: str
    item_keys: tuple
    bands: tuple = field(default=())  # (lowest total, label), ascending
    item_loinc: dict = field(default_factory=dict)
    answer_loinc: dict = field(default_factory=dict)  # {item key: {stored value: (LA code, LOINC display)}}

    def loinc_for(self, key):
        return self.item_loinc.get(key, key if key in self.item_keys and key[:1].isdigit() else None)

    def key_for_loinc(self, code):
        """The item key a LOINC item code stands for in this instrument, or None."""
        for key in self.item_keys + tuple(self.item_loinc):
            if self.loinc_for(key) == code:
                return key
        return None

    def answer_for(self, key, value):
        """(LA code, display) of a stored answer to one of the instrument's items, or None."""
        return self.answer_loinc.get(key, {}).get(str(value))

    def value_for_answer(self, key, code):
        """The stored value an LA answer code stands for, or None."""
        for value, (answer_code, _display) in self.answer_loinc.get(key, {}).items():
            if answer_code == code:
                return value
        return None

    def ordinal_for(self, key, value):
        """The score of a stored answer to a scored item (its value is its score), or None."""
        if key not in self.item_keys:
            return None
        try:
            return int(str(value))
        except ValueError:
            return None

    def band_for(self, total):
        label = None
        for lowest, name in self.bands:
            if total >= lowest:
                label = name
        return label


# LL358-3: the PHQ-9 and GAD-7 item answers (stored value = score).
OVER_THE_LAST_TWO_WEEKS = {
    "0": ("LA6568-5", "Not at all"),
    "1": ("LA6569-3", "Several days"),
    "2": ("LA6570-1", "More than half the days"),
    "3": ("LA6571-9", "Nearly every day"),
}
# The PHQ-9 difficulty question (not scored).
DIFFICULTY = {
    "not_difficult": ("LA6572-7", "Not difficult at all"),
    "somewhat": ("LA6573-5", "Somewhat difficult"),
    "very": ("LA6575-0", "Very difficult"),
    "extremely": ("LA6574-3", "Extremely difficult"),
}
PHQ9_ITEM_KEYS = ("44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8")
PHQ9_DIFFICULTY = "69722-7"

PHQ9 = InstrumentDefinition(
    code="phq9",
    name="PHQ-9",
    panel_loinc="44249-1",
    total_loinc="44261-6",
    item_keys=PHQ9_ITEM_KEYS,
    bands=((0, "minimal"), (5, "mild"), (10, "moderate"), (15, "moderately severe"), (20, "severe")),
    item_loinc={PHQ9_DIFFICULTY: PHQ9_DIFFICULTY},
    answer_loinc={**{key: OVER_THE_LAST_TWO_WEEKS for key in PHQ9_ITEM_KEYS}, PHQ9_DIFFICULTY: DIFFICULTY},
)
PHQ9_ITEM_9 = "44260-8"

GAD7_ITEM_KEYS = ("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7")
GAD7 = InstrumentDefinition(
    code="gad7",
    name="GAD-7",
    panel_loinc="69737-5",
    total_loinc="70274-6",
    item_keys=GAD7_ITEM_KEYS,
    bands=((0, "minimal"), (5, "mild"), (10, "moderate"), (15, "severe")),
    answer_loinc={key: OVER_THE_LAST_TWO_WEEKS for key in GAD7_ITEM_KEYS},
)

AUDIT_C = InstrumentDefinition(
    code="audit_c",
    name="AUDIT-C",
    panel_loinc="72109-2",
    total_loinc="75626-2",
    item_keys=("audit_c_1", "audit_c_2", "audit_c_3"),
    item_loinc={"audit_c_1": "68518-0", "audit_c_2": "68519-8", "audit_c_3": "68520-6"},
    answer_loinc={
        "audit_c_1": {  # LL2179-1
            "0": ("LA6270-8", "Never"),
            "1": ("LA18926-8", "Monthly or less"),
            "2": ("LA18927-6", "2-4 times a month"),
            "3": ("LA18928-4", "2-3 times a week"),
            "4": ("LA18929-2", "4 or more times a week"),
        },
        "audit_c_2": {
            "0": ("LA15694-5", "1 or 2"),
            "1": ("LA15695-2", "3 or 4"),
            "2": ("LA18930-0", "5 or 6"),
            "3": ("LA18931-8", "7 to 9"),
            "4": ("LA18932-6", "10 or more"),
        },
        "audit_c_3": {
            "0": ("LA6270-8", "Never"),
            "1": ("LA18933-4", "Less than monthly"),
            "2": ("LA18876-5", "Monthly"),
            "3": ("LA18891-4", "Weekly"),
            "4": ("LA18934-2", "Daily or almost daily"),
        },
    },
)

INSTRUMENTS = {instrument.code: instrument for instrument in (PHQ9, GAD7, AUDIT_C)}
