"""The validated instruments the question bank knows: their item keys, LOINC codes and scoring bands.

Sources: PHQ-9, Kroenke et al., J Gen Intern Med 2001;16:606. GAD-7, Spitzer et al., Arch Intern Med 2006;166:1092.
AUDIT-C, Bush et al., Arch Intern Med 1998;158:1789; thresholds Bradley et al., Arch Intern Med 2003;163:821.
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

    def loinc_for(self, key):
        return self.item_loinc.get(key, key if key in self.item_keys and key[:1].isdigit() else None)

    def band_for(self, total):
        label = None
        for lowest, name in self.bands:
            if total >= lowest:
                label = name
        return label


PHQ9 = InstrumentDefinition(
    code="phq9",
    name="PHQ-9",
    panel_loinc="44249-1",
    total_loinc="44261-6",
    item_keys=(
        "44250-9",
        "44255-8",
        "44259-0",
        "44254-1",
        "44251-7",
        "44258-2",
        "44252-5",
        "44253-3",
        "44260-8",
    ),
    bands=((0, "minimal"), (5, "mild"), (10, "moderate"), (15, "moderately severe"), (20, "severe")),
)
PHQ9_ITEM_9 = "44260-8"
PHQ9_DIFFICULTY = "69722-7"

GAD7 = InstrumentDefinition(
    code="gad7",
    name="GAD-7",
    panel_loinc="69737-5",
    total_loinc="70274-6",
    item_keys=("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"),
    bands=((0, "minimal"), (5, "mild"), (10, "moderate"), (15, "severe")),
)

AUDIT_C = InstrumentDefinition(
    code="audit_c",
    name="AUDIT-C",
    panel_loinc="72109-2",
    total_loinc="75626-2",
    item_keys=("audit_c_1", "audit_c_2", "audit_c_3"),
    item_loinc={"audit_c_1": "68518-0", "audit_c_2": "68519-8", "audit_c_3": "68520-6"},
)

INSTRUMENTS = {instrument.code: instrument for instrument in (PHQ9, GAD7, AUDIT_C)}
