"""Reference data the summary applies: the medicine list (names, class, minimum dose) and the interaction rules.

Both are seeded from `data/*.yaml` (see `reference.load_reference_data`) and editable in Django admin; every row
carries its source so a clinic pharmacist can review it. The summary always uses what is in the database.

A sending's summary is stored once built (`StoredSummary`), with the reference data's version (`ReferenceStamp`).
"""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
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


class ReferenceStamp(models.Model):
    """One row whose version goes up whenever a medicine, its minimum dose or a rule changes (see apps.py), so a
    stored summary can tell in one small read whether the reference data it was built from is still current."""

    version = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    @classmethod
    def bump(cls):
        if not cls.objects.filter(pk=1).update(version=models.F("version") + 1, changed_at=timezone.now()):
            cls.objects.get_or_create(pk=1, defaults={"version": 1})

    @classmethod
    def current(cls):
        return cls.objects.filter(pk=1).values_list("version", flat=True).first() or 0


class StoredSummary(models.Model):
    """A sending's summary, built once: the staff page, the PDF, the day print and the badges all read it.

    `fingerprint` covers everything it was built from (the sending, the questionnaire version, the reference data,
    the summary's code and templates, the notices on it); a summary whose fingerprint is out of date is built again
    on its next read while the visit is still ahead, and kept as it was once the visit has happened.
    """

    submission = models.OneToOneField("visits.Submission", on_delete=models.CASCADE, related_name="stored_summary")
    fingerprint = models.CharField(max_length=64)
    data = models.JSONField(encoder=DjangoJSONEncoder, help_text=_("The summary as plain data."))
    html = models.TextField(help_text=_("The summary as the staff page shows it (without the live notices)."))
    pdf = models.BinaryField()
    pages = models.PositiveIntegerField()
    flags = models.JSONField(default=list)
    built_at = models.DateTimeField()
    # Also in the fingerprint; kept apart so that lists can say "out of date" without building anything.
    reference_version = models.PositiveIntegerField(default=0)
    code_version = models.CharField(max_length=16, blank=True)

    class Meta:
        verbose_name_plural = "stored summaries"

    def __str__(self):
        return f"Summary of submission {self.submission_id}"

    def is_out_of_date(self, reference_version, code_version):
        return (self.reference_version, self.code_version) != (reference_version, code_version)
