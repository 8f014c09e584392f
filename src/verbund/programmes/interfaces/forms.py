"""Office forms: plain ModelForms for the master data, one page with inline formsets for a project.

Forms only collect and check input; saving goes through `verbund.programmes.domain`, which applies
the same rules (the financing formset calls the domain's own check so the message appears there).
"""

import datetime as dt
import io
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from verbund.core.choices import ChooseLabelMixin, with_choose_label
from verbund.core.errors import DomainError, add_to_form
from verbund.core.uploads import validate_upload
from verbund.programmes.domain.projects import (
    MilestoneInput,
    PhaseInput,
    ShareInput,
    TeamMemberInput,
    first_of_month,
    validate_duration,
    validate_financing,
)
from verbund.programmes.models import (
    ApprovalMilestone,
    FinancingShare,
    FundingSource,
    Measure,
    Organisation,
    Programme,
    Project,
    ProjectPhase,
    TeamMember,
)

MONTH_INPUT_FORMATS = ["%m/%Y", "%m.%Y", "%Y-%m", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"]
SHORT_TEXT = forms.Textarea(attrs={"rows": 3})


class MonthField(forms.DateField):
    """A month such as 06/2002 (also 6.2002, 2002-06 or a full date), stored as its first day."""

    widget = forms.DateInput(format="%m/%Y", attrs={"placeholder": _("MM/YYYY"), "size": 8})

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", MONTH_INPUT_FORMATS)
        kwargs.setdefault("help_text", _("Month and year, e.g. 06/2002."))
        super().__init__(**kwargs)

    def to_python(self, value) -> dt.date | None:
        return first_of_month(super().to_python(value))


class GroupedDecimalField(forms.DecimalField):
    """A localised decimal that also accepts digit grouping as people type it (12.345,67 in
    German): Django strips grouping only when USE_THOUSAND_SEPARATOR is on for output as well."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace(" ", "")
            group = re.escape(formats.get_format("THOUSAND_SEPARATOR"))
            decimal = re.escape(formats.get_format("DECIMAL_SEPARATOR"))
            if (
                group
                and group != decimal
                and re.fullmatch(rf"-?\d{{1,3}}({group}\d{{3}})+({decimal}\d+)?", value)
            ):
                value = re.sub(group, "", value)
        return super().to_python(value)


EMBLEM_KINDS = frozenset({"png", "jpeg", "gif", "webp"})
EMBLEM_MAX_PIXELS = 1200
"""The emblem is re-encoded no larger than this on its longer side: enough for print."""


def reencode_emblem(upload) -> ContentFile:
    """The uploaded image decoded and written anew as PNG with Pillow: what is stored is pixels
    only (no script, no metadata, no second file hidden behind the image)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            image.load()
            image = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("The file is not an image that can be read."), code="image"
        ) from exc
    image.thumbnail((EMBLEM_MAX_PIXELS, EMBLEM_MAX_PIXELS))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return ContentFile(out.getvalue(), name="emblem.png")


class ProgrammeForm(ChooseLabelMixin, forms.ModelForm):
    class Meta:
        model = Programme
        fields = [
            "name",
            "name_en",
            "short_name",
            "city",
            "period_start_year",
            "period_end_year",
            "description",
            "description_en",
            "office_name",
            "office_address",
            "letter_reference_prefix",
            "funding_statement",
            "funding_statement_en",
            "emblem",
        ]
        widgets = {
            "description": SHORT_TEXT,
            "description_en": SHORT_TEXT,
            "office_address": SHORT_TEXT,
            "funding_statement": SHORT_TEXT,
            "funding_statement_en": SHORT_TEXT,
            "emblem": forms.ClearableFileInput(
                attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}
            ),
        }
        help_texts = {
            "office_address": _("Shown in the letterhead of letters, one line per line."),
            "letter_reference_prefix": _("Letters get reference numbers such as PREFIX-2002-1-17."),
            "funding_statement": _(
                "The sentence the programme's publicity rules require, e.g. “Funded by the "
                "European Union (ERDF)”; shown in page footers, fact sheets and letters."
            ),
            "emblem": _("PNG, JPEG, GIF or WebP; stored re-encoded as PNG."),
        }

    def clean_emblem(self):
        emblem = self.cleaned_data.get("emblem")
        if not emblem or not hasattr(emblem, "content_type"):
            return emblem  # unchanged (the stored file) or cleared (False)
        try:
            validate_upload(emblem, kinds=EMBLEM_KINDS, field="emblem")
        except DomainError as error:
            raise ValidationError(error.reason, code=error.code) from error
        return reencode_emblem(emblem)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start_year"), data.get("period_end_year")
        if start and end and end < start:
            self.add_error("period_end_year", _("The period cannot end before it starts."))
        return data


class MeasureForm(ChooseLabelMixin, forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["programme", "code", "title", "title_en"]
        widgets = {"title": SHORT_TEXT, "title_en": SHORT_TEXT}


class FundingSourceForm(ChooseLabelMixin, forms.ModelForm):
    class Meta:
        model = FundingSource
        fields = ["name", "name_en", "long_name", "long_name_en", "kind"]


class OrganisationForm(ChooseLabelMixin, forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "name_en", "kind"]


class ProjectForm(ChooseLabelMixin, forms.ModelForm):
    start_month = MonthField(label=_("start (month)"), required=False)
    end_month = MonthField(label=_("end (month)"), required=False)

    class Meta:
        model = Project
        fields = [
            "measure",
            "code",
            "title",
            "title_en",
            "status",
            "is_public",
            "start_month",
            "end_month",
            "supervising_body",
            "carriers",
            "goal",
            "goal_en",
            "target_group",
            "target_group_en",
            "location",
            "location_en",
            "implementation_state",
            "implementation_state_en",
            "results",
            "results_en",
            "beneficiary",
            "country",
            "specific_objective",
            "type_of_intervention",
        ]
        help_texts = {
            "specific_objective": _('Free text; "n/a" where the 2021–2027 codes do not apply.'),
            "type_of_intervention": _('Free text; "n/a" where the 2021–2027 codes do not apply.'),
            "results": _("One result per line."),
            "results_en": _("One result per line."),
        }
        widgets = {
            "status": forms.RadioSelect,
            "carriers": forms.CheckboxSelectMultiple,
            "goal": SHORT_TEXT,
            "goal_en": SHORT_TEXT,
            "implementation_state": forms.Textarea(attrs={"rows": 5}),
            "implementation_state_en": forms.Textarea(attrs={"rows": 5}),
            "results": SHORT_TEXT,
            "results_en": SHORT_TEXT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.select_related("programme")
        self.fields["supervising_body"].queryset = Organisation.objects.all()
        self.fields["carriers"].queryset = Organisation.objects.all()

    def clean_country(self) -> str:
        country = (self.cleaned_data.get("country") or "").strip().upper()
        if country and not (len(country) == 2 and country.isascii() and country.isalpha()):
            raise forms.ValidationError(_("Enter a two-letter country code (ISO 3166-1), e.g. DE."))
        return country

    def clean(self):
        data = super().clean()
        try:
            validate_duration(data.get("start_month"), data.get("end_month"))
        except DomainError as error:
            add_to_form(self, error)
        return data

    LAYOUT = (
        ("measure", "code"),
        ("title", "title_en"),
        ("status", "is_public"),
        ("start_month", "end_month"),
        ("supervising_body", "carriers"),
        ("goal", "goal_en"),
        ("target_group", "target_group_en"),
        ("location", "location_en"),
        ("implementation_state", "implementation_state_en"),
        ("results", "results_en"),
        ("beneficiary", "country"),
        ("specific_objective", "type_of_intervention"),
    )

    def layout(self) -> list[list]:
        """Rows of bound fields: German and English versions of a text side by side."""
        return [[self[name] for name in row] for row in self.LAYOUT]

    def domain_values(self) -> dict:
        """The cleaned fields as keyword arguments of create_project/update_project."""
        return {k: v for k, v in self.cleaned_data.items() if k != "carriers"}


class PartsFormSet(BaseInlineFormSet):
    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        with_choose_label(form)  # "– bitte wählen –" in every row's selects

    """Inline rows turned into the domain's input records (ids of existing rows kept)."""

    input_type: type
    input_fields: tuple[str, ...]

    def kept_forms(self):
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            if not form.has_changed() and form.instance.pk is None:
                continue
            if not form.cleaned_data:
                continue
            yield form

    def inputs(self) -> list:
        return [
            self.input_type(
                **{f: form.cleaned_data.get(f) for f in self.input_fields},
                id=form.instance.pk,
            )
            for form in self.kept_forms()
        ]


class PhaseFormSet(PartsFormSet):
    input_type = PhaseInput
    input_fields = ("name", "name_en", "text", "text_en")


class MilestoneFormSet(PartsFormSet):
    input_type = MilestoneInput
    input_fields = ("kind", "date", "note", "note_en")


class TeamFormSet(PartsFormSet):
    input_type = TeamMemberInput
    input_fields = ("salutation", "name", "role", "role_en")


class ShareForm(ChooseLabelMixin, forms.ModelForm):
    def validate_constraints(self) -> None:
        """Per-row database checks would refuse a source whose old row is deleted in the same
        submission; duplicates are refused across the plan by the formset and the domain, and
        the share range by the field's limits."""


class FinancingFormSet(PartsFormSet):
    input_type = ShareInput
    input_fields = ("source", "percentage", "amount")

    def clean(self):
        super().clean()
        if any(form.errors for form in self.forms):
            return
        try:
            validate_financing(self.inputs())
        except DomainError as error:
            raise ValidationError(error.reason, code=error.code) from error


def _localized_decimal(field, **kwargs):
    if field.name == "percentage":
        kwargs.update(min_value=Decimal("0.01"), max_value=Decimal(100))
    if field.get_internal_type() == "DecimalField":
        kwargs.update(
            form_class=GroupedDecimalField,
            localize=True,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
        )
    return field.formfield(**kwargs)


def _date_field(field, **kwargs):
    if field.get_internal_type() == "DateField":
        kwargs.update(
            localize=True,
            widget=forms.DateInput(attrs={"placeholder": _("DD.MM.YYYY"), "size": 10}),
        )
    return field.formfield(**kwargs)


def _formset(model, formset, fields, widgets=None, formfield_callback=None, form=None):
    return inlineformset_factory(
        Project,
        model,
        form=form or forms.ModelForm,
        formset=formset,
        fields=fields,
        extra=1,
        can_delete=True,
        widgets=widgets or {},
        formfield_callback=formfield_callback,
    )


PhaseFormSetFactory = _formset(
    ProjectPhase,
    PhaseFormSet,
    ["name", "name_en", "text", "text_en"],
    widgets={"text": SHORT_TEXT, "text_en": SHORT_TEXT},
)
MilestoneFormSetFactory = _formset(
    ApprovalMilestone,
    MilestoneFormSet,
    ["kind", "date", "note", "note_en"],
    formfield_callback=_date_field,
)
TeamFormSetFactory = _formset(TeamMember, TeamFormSet, ["salutation", "name", "role", "role_en"])
FinancingFormSetFactory = _formset(
    FinancingShare,
    FinancingFormSet,
    ["source", "percentage", "amount"],
    formfield_callback=_localized_decimal,
    form=ShareForm,
)

PART_FORMSETS = {
    "phases": PhaseFormSetFactory,
    "milestones": MilestoneFormSetFactory,
    "team": TeamFormSetFactory,
    "financing": FinancingFormSetFactory,
}


def project_formsets(*, data=None, instance: Project) -> dict[str, BaseInlineFormSet]:
    return {
        name: factory(data=data, instance=instance, prefix=name)
        for name, factory in PART_FORMSETS.items()
    }
