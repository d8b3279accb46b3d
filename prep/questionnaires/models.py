"""The question bank: versioned questionnaires, their sections, questions and choices.

A version's content can change only while it is a draft. Publishing freezes it: patients answer a frozen version, and
their summaries quote the wording of the version they answered. To change questions an admin makes a new draft
(a deep copy that keeps every key), edits it, and publishes it, which retires the previous version.
"""

import threading

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prep.questionnaires import conditions


# Published versions' sections, questions and what is built from them, per process:
# {(pk, slug, version, published_at): (sections, questions, {memo key: built})}.
FROZEN_STRUCTURES = {}
FROZEN_STRUCTURES_LOCK = threading.Lock()
FROZEN_STRUCTURES_MAX = 32


class FrozenVersionError(ValidationError):
    """Raised when something tries to change a version that is no longer a draft."""


class Instrument(models.TextChoices):
    PHQ9 = "phq9", "PHQ-9"
    GAD7 = "gad7", "GAD-7"
    AUDIT_C = "audit_c", "AUDIT-C"


class Kind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Number with decimals")
    DATE = "date", _("Date")
    YES_NO = "yes_no", _("Yes / no")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    GROUP = "group", _("Repeating group (table)")


CHOICE_KINDS = {Kind.SINGLE_CHOICE, Kind.MULTIPLE_CHOICE}
NUMBER_KINDS = {Kind.INTEGER, Kind.DECIMAL}
YES_NO_CHOICES = [("yes", _("Yes")), ("no", _("No"))]


class Questionnaire(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    slug = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True, help_text=_("Shown on the welcome page. Plain text."))
    created_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="drafts_made"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    source_url = models.CharField(
        max_length=500, blank=True, help_text=_("For an imported questionnaire: the canonical URL it was imported from.")
    )

    class Meta:
        ordering = ["slug", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="questionnaire_unique_slug_version"),
            models.UniqueConstraint(
                fields=["slug"], condition=Q(status="published"), name="questionnaire_one_published_per_slug"
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version}, {self.get_status_display()})"

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT

    def has_responses(self):
        return self.pk is not None and self.responses.exists()

    @classmethod
    def latest_published(cls, slug):
        return cls.objects.filter(slug=slug, status=cls.Status.PUBLISHED).first()

    def save(self, *args, **kwargs):
        if self.pk and not kwargs.get("update_fields"):
            stored = Questionnaire.objects.filter(pk=self.pk).values("status").first()
            if stored and stored["status"] != self.Status.DRAFT:
                raise FrozenVersionError(_("Published versions cannot be edited — create a new draft."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.has_responses():
            raise FrozenVersionError(_("This version has responses and cannot be deleted."))
        return super().delete(*args, **kwargs)

    def ensure_editable(self):
        if not self.is_draft:
            raise FrozenVersionError(_("Published versions cannot be edited — create a new draft."))

    def ordered_sections(self):
        structure = self.frozen_structure()
        if structure is not None:
            return list(structure[0])
        return list(self.sections.order_by("order", "pk"))

    def ordered_questions(self):
        """Every question of the version, in the order a patient meets them (groups before their columns)."""
        structure = self.frozen_structure()
        if structure is not None:
            return list(structure[1])
        return self.query_ordered_questions()

    def query_ordered_questions(self):
        return list(
            self.questions.select_related("section", "parent")
            .prefetch_related("choices")
            .order_by("section__order", "section__pk", "order", "pk")
        )

    def frozen_structure(self):
        """(sections, questions) of a published or retired version, read once per process; None for a draft.

        A version's content is frozen when it is published (see VersionContent), so its rows can be shared by every
        request of the process. The key includes `published_at`, so a different version that reuses the primary key
        (a test database, a restored backup) is never served someone else's rows. Callers get new lists; the
        Section/Question/Choice objects themselves are shared and must be treated as read-only.
        """
        if self.pk is None or self.is_draft or self.published_at is None:
            return None
        key = self.frozen_key()
        structure = FROZEN_STRUCTURES.get(key)
        if structure is None:
            sections = tuple(self.sections.order_by("order", "pk"))
            questions = tuple(self.query_ordered_questions())
            structure = (sections, questions, {})
            with FROZEN_STRUCTURES_LOCK:
                if len(FROZEN_STRUCTURES) >= FROZEN_STRUCTURES_MAX:
                    FROZEN_STRUCTURES.pop(next(iter(FROZEN_STRUCTURES)))
                FROZEN_STRUCTURES[key] = structure
        return structure

    @classmethod
    def read_frozen_structures(cls, questionnaires):
        """Read the structures of several published or retired versions at once (three queries however many),
        for a list that shows many versions; versions already read, and drafts, are left as they are."""
        missing = {
            questionnaire.pk: questionnaire
            for questionnaire in questionnaires
            if not questionnaire.is_draft
            and questionnaire.published_at is not None
            and questionnaire.frozen_key() not in FROZEN_STRUCTURES
        }
        if not missing:
            return
        sections, questions = {}, {}
        for section in Section.objects.filter(questionnaire__in=list(missing)).order_by("order", "pk"):
            sections.setdefault(section.questionnaire_id, []).append(section)
        rows = (
            Question.objects.filter(questionnaire__in=list(missing))
            .select_related("section", "parent")
            .prefetch_related("choices")
            .order_by("section__order", "section__pk", "order", "pk")
        )
        for question in rows:
            questions.setdefault(question.questionnaire_id, []).append(question)
        with FROZEN_STRUCTURES_LOCK:
            for pk, questionnaire in missing.items():
                if len(FROZEN_STRUCTURES) >= FROZEN_STRUCTURES_MAX:
                    FROZEN_STRUCTURES.pop(next(iter(FROZEN_STRUCTURES)))
                structure = (tuple(sections.get(pk, ())), tuple(questions.get(pk, ())), {})
                FROZEN_STRUCTURES[questionnaire.frozen_key()] = structure

    def frozen_key(self):
        return (self.pk, self.slug, self.version, self.published_at)

    def frozen_memo(self, key, build):
        """What `build()` makes from this version's content: made once per process for a published or retired
        version (its content cannot change), made anew every time for a draft."""
        structure = self.frozen_structure()
        if structure is None:
            return build()
        memo = structure[2]
        if key not in memo:
            memo[key] = build()
        return memo[key]

    def full_clean_content(self):
        """Validate the whole version at once, in one pass: what a single row's clean() cannot see."""
        errors = []
        seen = {}
        section_keys = set(self.sections.values_list("key", flat=True))
        for question in self.ordered_questions():
            errors += question.content_problems(seen)
            if question.key in section_keys:
                errors.append(
                    _("“%(key)s” names both a section and a question; FHIR needs every name to be unique.")
                    % {"key": question.key}
                )
            seen[question.key] = question
        if errors:
            raise ValidationError(errors)

    @transaction.atomic
    def create_draft(self):
        """Deep-copy this version into a new draft of the same slug, keeping every key."""
        latest = Questionnaire.objects.filter(slug=self.slug).order_by("-version").first()
        draft = Questionnaire.objects.create(
            slug=self.slug,
            version=latest.version + 1,
            status=self.Status.DRAFT,
            title=self.title,
            intro=self.intro,
            created_from=self,
            source_url=self.source_url,
        )
        for section in self.ordered_sections():
            section.copy_to(draft)
        return draft

    @transaction.atomic
    def publish(self):
        """Make this draft the one published version of its slug; the previous one is retired."""
        if not self.is_draft:
            raise ValidationError(_("Only a draft can be published."))
        self.full_clean_content()
        Questionnaire.objects.filter(slug=self.slug, status=self.Status.PUBLISHED).update(status=self.Status.RETIRED)
        self.status = self.Status.PUBLISHED
        self.published_at = timezone.now()
        self.save(update_fields=["status", "published_at"])


class VersionContent(models.Model):
    """Base for rows that belong to one questionnaire version and freeze with it."""

    class Meta:
        abstract = True

    def owning_questionnaire(self):
        raise NotImplementedError

    def save(self, *args, **kwargs):
        self.owning_questionnaire().ensure_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.owning_questionnaire().ensure_editable()
        return super().delete(*args, **kwargs)


class Section(VersionContent):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField(default=0)
    key = models.SlugField(max_length=60)
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    instrument = models.CharField(max_length=10, choices=Instrument.choices, blank=True)
    copyright = models.TextField(blank=True, help_text=_("Shown with a validated instrument."))
    link_id = models.CharField(
        max_length=255, blank=True, help_text=_("Imported: the FHIR linkId, when it could not serve as the key.")
    )
    codes = models.JSONField(default=list, blank=True, help_text=_("Imported: the item's FHIR codes (Codings)."))

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="section_unique_key_per_version"),
        ]

    def __str__(self):
        return self.title

    def owning_questionnaire(self):
        return self.questionnaire

    def copy_to(self, questionnaire):
        copy = Section.objects.create(
            questionnaire=questionnaire,
            order=self.order,
            key=self.key,
            title=self.title,
            intro=self.intro,
            instrument=self.instrument,
            copyright=self.copyright,
            link_id=self.link_id,
            codes=self.codes,
        )
        for question in self.questions.filter(parent=None).order_by("order", "pk"):
            question.copy_to(copy)
        return copy


class Question(VersionContent):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions", editable=False
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="columns",
        help_text=_("For a column of a repeating group: the group it belongs to."),
    )
    order = models.PositiveIntegerField(default=0)
    key = models.SlugField(
        max_length=60,
        allow_unicode=False,
        help_text=_("Stable name used by answers and rules. Set once; it never changes when the wording does."),
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField()
    help_text = models.TextField(blank=True)
    required = models.BooleanField(default=False)
    min_value = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    unit = models.CharField(
        max_length=30,
        blank=True,
        help_text=_("For a number: what is counted, in the plural (times, weeks, mg), used in its error message."),
    )
    offers_prefer_not = models.BooleanField(
        default=False,
        help_text=_("For a number: offer “Prefer not to say” next to the box (stored as prefer_not)."),
    )
    carried_forward = models.BooleanField(
        default=False,
        help_text=_(
            "Offer a returning patient their last sent answer to confirm or change (medicines, treatments, conditions)."
            " Never for symptom scales, safety questions or anything about the last two weeks."
        ),
    )
    suggestions = models.CharField(
        max_length=20,
        blank=True,
        choices=[("medicines", _("Medicine names"))],
        help_text=_("Offer suggestions while typing (free text is still accepted)."),
    )
    show_if = models.JSONField(
        null=True,
        blank=True,
        help_text=_("Show this question only when an earlier answer matches."),
    )
    entry_name = models.CharField(
        max_length=40,
        blank=True,
        help_text=_(
            "For a repeating group: what one entry is, in lower case (medicine, therapy). Patients see “Medicine 1” "
            "and “Add another medicine”; blank gives “Entry 1” and “Add another”."
        ),
    )
    link_id = models.CharField(
        max_length=255, blank=True, help_text=_("Imported: the FHIR linkId, when it could not serve as the key.")
    )
    codes = models.JSONField(default=list, blank=True, help_text=_("Imported: the item's FHIR codes (Codings)."))
    unit_coding = models.JSONField(null=True, blank=True, help_text=_("Imported: the item's FHIR unit (a Coding)."))

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="question_unique_key_per_version"),
        ]

    def __str__(self):
        return f"{self.key}: {self.text[:60]}"

    def owning_questionnaire(self):
        return self.section.questionnaire

    @property
    def takes_choices(self):
        return self.kind in CHOICE_KINDS

    @property
    def is_group(self):
        return self.kind == Kind.GROUP

    def clean(self):
        errors = {}
        if self.parent_id:
            if self.parent.kind != Kind.GROUP:
                errors["parent"] = _("Only a repeating group can have columns.")
            elif self.parent.parent_id:
                errors["parent"] = _("A group cannot be placed inside another group.")
            if self.kind == Kind.GROUP:
                errors["kind"] = _("A group cannot be placed inside another group.")
            if self.show_if:
                errors["show_if"] = _("Columns of a group cannot have a show-if condition.")
        if self.pk and not self.takes_choices and self.choices.exists():
            errors["kind"] = _("This kind of question takes no choices; remove its choices first.")
        if self.pk and self.kind != Kind.GROUP and self.columns.exists():
            errors["kind"] = _("This question has columns; only a repeating group can have them.")
        if self.show_if:
            try:
                conditions.validate_shape(self.show_if)
            except ValueError as error:
                errors["show_if"] = str(error)
            else:
                problem = self.show_if_problem()
                if problem:
                    errors["show_if"] = problem
        if self.entry_name and self.kind != Kind.GROUP:
            errors["entry_name"] = _("Only a repeating group has entries to name.")
        if self.offers_prefer_not and (self.kind not in NUMBER_KINDS or self.parent_id):
            errors["offers_prefer_not"] = _("Only a number question outside a group offers “Prefer not to say” this way.")
        if self.carried_forward and (self.parent_id or (self.section_id and self.section.instrument)):
            errors["carried_forward"] = _(
                "Only a question outside a symptom scale and outside a group is carried forward (a group carries its "
                "columns with it)."
            )
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            errors["max_value"] = _("The largest value must not be below the smallest.")
        if self.section_id and self.questionnaire_id and self.section.questionnaire_id != self.questionnaire_id:
            errors["section"] = _("The section belongs to another version.")
        if self.section_id and not errors.get("key"):
            duplicate = Question.objects.filter(questionnaire=self.section.questionnaire, key=self.key).exclude(
                pk=self.pk
            )
            if duplicate.exists():
                errors["key"] = _("Another question of this version already uses the key “%(key)s”.") % {
                    "key": self.key
                }
        if errors:
            raise ValidationError(errors)

    def content_problems(self, earlier):
        """Problems of this question given the questions before it ({key: question}), as messages."""
        problems = []
        name = {"key": self.key}
        if self.key in earlier:
            problems.append(_("The key “%(key)s” is used twice.") % name)
        if self.parent_id and (self.kind == Kind.GROUP or self.parent.kind != Kind.GROUP or self.parent.parent_id):
            problems.append(_("“%(key)s”: a group cannot be placed inside another group.") % name)
        if not self.takes_choices and self.choices.all():
            problems.append(_("“%(key)s”: this kind of question takes no choices.") % name)
        if self.takes_choices and not self.choices.all():
            problems.append(_("“%(key)s”: a choice question needs at least one choice.") % name)
        if self.show_if:
            try:
                conditions.validate_shape(self.show_if)
            except ValueError as error:
                problems.append(f"“{self.key}”: {error}")
            else:
                target = earlier.get(self.show_if["question"])
                if self.parent_id:
                    problems.append(_("“%(key)s”: columns of a group cannot have a show-if condition.") % name)
                elif target is None or target.parent_id:
                    problems.append(
                        _("“%(key)s” is shown depending on “%(target)s”, which is not an earlier question.")
                        % {"key": self.key, "target": self.show_if["question"]}
                    )
        return problems

    def show_if_problem(self):
        """Why the show-if cannot work (unknown, later, or a column), or None."""
        target_key = self.show_if.get("question")
        questionnaire = self.section.questionnaire
        target = (
            Question.objects.filter(questionnaire=questionnaire, key=target_key).select_related("section").first()
        )
        if target is None:
            return _("The show-if refers to “%(key)s”, which is not a question of this version.") % {"key": target_key}
        if target.parent_id:
            return _("The show-if must refer to a question, not to a column of a group.")
        if (target.section.order, target.section_id, target.order, target.pk) >= (
            self.section.order,
            self.section_id,
            self.order,
            self.pk or float("inf"),
        ):
            return _("The show-if must refer to an earlier question; “%(key)s” comes later.") % {"key": target_key}
        return None

    def save(self, *args, **kwargs):
        self.questionnaire_id = self.section.questionnaire_id
        if self.pk:
            stored_key = Question.objects.filter(pk=self.pk).values_list("key", flat=True).first()
            if stored_key is not None and stored_key != self.key:
                raise ValidationError({"key": _("A question's key is set once and cannot be changed.")})
        super().save(*args, **kwargs)

    def copy_to(self, section, parent=None):
        copy = Question.objects.create(
            section=section,
            parent=parent,
            order=self.order,
            key=self.key,
            kind=self.kind,
            text=self.text,
            help_text=self.help_text,
            required=self.required,
            min_value=self.min_value,
            max_value=self.max_value,
            unit=self.unit,
            offers_prefer_not=self.offers_prefer_not,
            carried_forward=self.carried_forward,
            suggestions=self.suggestions,
            show_if=self.show_if,
            entry_name=self.entry_name,
            link_id=self.link_id,
            codes=self.codes,
            unit_coding=self.unit_coding,
        )
        for choice in self.choices.all():
            Choice.objects.create(
                question=copy,
                order=choice.order,
                value=choice.value,
                label=choice.label,
                exclusive=choice.exclusive,
                code=choice.code,
                system=choice.system,
                ordinal_value=choice.ordinal_value,
            )
        for column in self.columns.order_by("order", "pk"):
            column.copy_to(section, parent=copy)
        return copy

    def choice_pairs(self):
        """(stored value, label) pairs, in order."""
        if self.kind == Kind.YES_NO:
            return YES_NO_CHOICES
        return [(choice.value, choice.label) for choice in self.choices.all()]

    def label_for(self, value):
        return dict(self.choice_pairs()).get(value, value)


class Choice(VersionContent):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveIntegerField(default=0)
    value = models.CharField(max_length=60, help_text=_("Stored in answers and used by rules; never shown."))
    label = models.CharField(max_length=300, help_text=_("What the patient sees."))
    exclusive = models.BooleanField(
        default=False, help_text=_("For “none of these”: cannot be ticked together with other answers.")
    )
    code = models.CharField(max_length=100, blank=True, help_text=_("Imported: the answer's code, when not the value."))
    system = models.CharField(max_length=255, blank=True, help_text=_("Imported: the code system of the answer's code."))
    ordinal_value = models.DecimalField(
        max_digits=10, decimal_places=4, null=True, blank=True, help_text=_("Imported: the answer's FHIR ordinalValue.")
    )

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="choice_unique_value_per_question"),
        ]

    def __str__(self):
        return self.label

    def owning_questionnaire(self):
        return self.question.section.questionnaire

    def clean(self):
        if self.question_id and not self.question.takes_choices:
            raise ValidationError(
                _("A %(kind)s question takes no choices.") % {"kind": self.question.get_kind_display()}
            )
