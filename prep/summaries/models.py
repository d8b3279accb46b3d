"""Reference data the summary applies: the medicine list (names, class, minimum dose) and the interaction rules.

Both are seeded from `data/*.yaml` (see `reference.load_reference_data`) and editable in Django admin; every row
carries its source so a clinic pharmacist can review it. The summary always uses what is in the database.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DrugClass(models.TextChoices):
    SSRI = "ssri", _("SSRI")
    SNRI = "snri", _("SNRI")
    OTHER_ANTIDEPRESSANT = "other_antidepressant", _("Other antidepressant")
    TCA = "tca", _("Tricyclic (TCA)")
    MAOI = "maoi", _("MAOI")
    AUGMENTATION = "augmentation", _("Augmentation agent")
    OTHER = "other", _("Other medicine or supplement")


class Medicine(models.Model):
    generic_name = models.CharField(max_length=100, unique=True)
    drug_class = models.CharField(max_length=30, choices=DrugClass.choices)
    brand_names = models.JSONField(default=list, blank=True, help_text=_("For example: [\"Zoloft\"]."))
    other_names = models.JSONField(
        default=list, blank=True, help_text=_("Other spellings or abbreviations a patient may type, e.g. \"T3\".")
    )
    tags = models.JSONField(
        default=list,
        blank=True,
        help_text=_("Words the interaction rules match on, e.g. \"triptan\", \"nsaid\", \"serotonergic\"."),
    )
    is_antidepressant = models.BooleanField(default=False)
    min_daily_dose_mg = models.DecimalField(
        _("minimum daily dose (mg)"),
        max_digits=8,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("The low end of the usual adult range: a trial at or above it counts as an adequate dose."),
    )
    dose_needs_clinic_confirmation = models.BooleanField(
        default=False, help_text=_("A common clinical default rather than a guideline figure: the clinic confirms it.")
    )
    source = models.TextField(blank=True)

    class Meta:
        ordering = ["drug_class", "generic_name"]

    def __str__(self):
        return self.generic_name


class InteractionRule(models.Model):
    class Severity(models.TextChoices):
        NOTE = "note", _("Note")
        REVIEW = "review", _("Review")
        CONTRAINDICATED = "contraindicated", _("Contraindicated")

    code = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    severity = models.CharField(max_length=20, choices=Severity.choices, default=Severity.REVIEW)
    requires = models.JSONField(
        help_text=_(
            "A list of lists of tags. The rule applies when every list has at least one tag present in the patient's "
            "facts, e.g. [[\"st_johns_wort\"], [\"ssri\", \"snri\"]]."
        )
    )
    message = models.TextField()
    source = models.TextField(blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return self.title
