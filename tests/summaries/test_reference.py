"""The reference data: seeded from the content, idempotent, editable in admin, each row with its source."""

import pytest
from django.contrib import admin

from prep.summaries.models import InteractionRule, Medicine
from prep.summaries.reference import load_reference_data, medicine_suggestions

DOSE_TABLE = {
    "citalopram": 20, "escitalopram": 10, "fluoxetine": 20, "paroxetine": 20, "sertraline": 50, "fluvoxamine": 100,
    "venlafaxine": 75, "desvenlafaxine": 50, "duloxetine": 60, "levomilnacipran": 40, "bupropion": 150,
    "mirtazapine": 15, "vortioxetine": 10, "vilazodone": 20, "trazodone": 150, "amitriptyline": 100,
    "nortriptyline": 75, "imipramine": 100, "clomipramine": 100, "desipramine": 100, "phenelzine": 45,
    "tranylcypromine": 30, "selegiline": 6,
}  # fmt: skip
AUGMENTATION = ["lithium", "aripiprazole", "quetiapine", "brexpiprazole", "cariprazine", "olanzapine", "liothyronine",
                "lamotrigine", "esketamine"]
INTERACTING = ["tramadol", "sumatriptan", "rizatriptan", "ibuprofen", "naproxen", "lisinopril", "enalapril", "losartan",
               "valsartan", "hydrochlorothiazide", "linezolid", "dextromethorphan", "pseudoephedrine", "meperidine",
               "St John's wort", "SAMe", "5-HTP"]


def test_every_medicine_of_the_dose_table_is_seeded_with_its_minimum_and_source(reference_data):
    rows = {m.generic_name: m for m in Medicine.objects.all()}
    for name, minimum in DOSE_TABLE.items():
        assert rows[name].min_daily_dose_mg == minimum and rows[name].is_antidepressant and rows[name].source
    for name in ("amitriptyline", "nortriptyline", "phenelzine", "tranylcypromine", "selegiline"):
        assert rows[name].dose_needs_clinic_confirmation
    for name in AUGMENTATION:
        assert rows[name].drug_class == "augmentation" and not rows[name].is_antidepressant
        assert rows[name].dose_needs_clinic_confirmation
    for name in INTERACTING:
        assert name in rows and rows[name].source
    assert rows["sertraline"].brand_names[0] == "Zoloft"


def test_rules_are_seeded_with_sources_and_the_loader_is_idempotent(reference_data):
    assert InteractionRule.objects.count() == 7
    assert not InteractionRule.objects.filter(source="").exists()
    Medicine.objects.filter(generic_name="sertraline").update(min_daily_dose_mg=75)
    assert load_reference_data() == (0, 0)
    assert Medicine.objects.get(generic_name="sertraline").min_daily_dose_mg == 75  # admin edits survive


def test_missing_rows_are_restored_by_the_loader(reference_data):
    Medicine.objects.filter(generic_name="sertraline").delete()
    assert load_reference_data() == (1, 0)


@pytest.mark.parametrize("model", [Medicine, InteractionRule])
def test_reference_data_is_editable_in_admin_with_its_source_listed(model):
    model_admin = admin.site._registry[model]
    assert "source" in model_admin.list_display
    assert model_admin.search_fields and model_admin.list_filter


def test_admin_lists_open_for_a_superuser(admin_client, reference_data):
    assert admin_client.get("/admin/summaries/medicine/?q=zoloft").status_code == 200
    assert admin_client.get("/admin/summaries/interactionrule/").status_code == 200


def test_suggestions_include_generic_and_brand_names(reference_data):
    names = medicine_suggestions()
    assert "sertraline" in names and "Zoloft" in names
