"""Directory forms. They hold the field-level rules; services bind them to validate every write,
whether it comes from a page, the API or a CSV import.

Vocabulary choices travel as codes (`es`, `minors`, `emergency-housing`), counties and
organizations as ids, so a data dict reads the same in every channel.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from taskforce.accounts.selectors import accounts_for_linking
from taskforce.core.forms import DateInput
from taskforce.directory.models import (
    County,
    ExpertiseArea,
    Language,
    MembershipStatus,
    Organization,
    OrganizationContact,
    Person,
    Population,
    Sector,
    Service,
    ServiceCategory,
)

MAX_EXPERTISE_YEARS = 70

validate_phone = RegexValidator(
    r"^\+?[0-9()\-.\s/]{3,25}(\s*(x|ext\.?)\s*[0-9]{1,6})?$",
    "Enter a phone number using digits, spaces and + ( ) - . (an extension may follow “ext”).",
)
validate_state = RegexValidator(r"^[A-Z]{2}$", "Enter the two-letter state code, e.g. CA.")
validate_postal_code = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$", "Enter a postal code such as 94110 or 94110-1234."
)


class QuickSelect(forms.Select):
    """A select rendered in Python rather than one template per option.

    The search form has five vocabulary selects with a hundred-odd options; template-rendering
    every option costs more than the search query itself.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        selected = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, " selected" if str(key) in selected else "", label)
                for key, label in self.choices
            ),
        )
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)


class VocabularyChoiceField(forms.ModelMultipleChoiceField):
    """Several vocabulary terms, chosen with checkboxes and identified by code."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, queryset: models.QuerySet[Any], **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(queryset, to_field_name="code", **kwargs)


class CountyChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(County.objects.all(), **kwargs)


def _not_in_future(value: Any, label: str) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(f"{label} cannot be in the future.")


def _clean_phone(form: forms.BaseForm, name: str) -> str:
    value: str = form.cleaned_data.get(name) or ""
    value = " ".join(value.split())
    if value:
        validate_phone(value)
    return value


# --- Conversions between forms and service data dicts --------------------------------------------


def _key(field: forms.Field, value: Any) -> Any:
    if value is None:
        return None
    name = getattr(field, "to_field_name", None) or "pk"
    return getattr(value, name)


def form_to_data(form: forms.BaseForm) -> dict[str, Any]:
    """A valid form's cleaned data as a service data dict (model instances become codes/ids)."""
    data: dict[str, Any] = {}
    for name, value in form.cleaned_data.items():
        field = form.fields[name]
        if isinstance(field, forms.ModelMultipleChoiceField):
            data[name] = [_key(field, item) for item in value]
        elif isinstance(field, forms.ModelChoiceField):
            data[name] = _key(field, value)
        else:
            data[name] = value
    return data


def base_fields(form_class: type[forms.BaseForm]) -> dict[str, forms.Field]:
    """The fields a form class declares (before any instance adjusts them)."""
    fields: dict[str, forms.Field] = form_class.base_fields  # type: ignore[attr-defined]
    return fields


def instance_data(form_class: type[forms.BaseModelForm], instance: models.Model) -> dict[str, Any]:
    """The instance's current values in the shape the form accepts as data.

    Services overlay the caller's data on this, so a caller may send only what changes.
    """
    data: dict[str, Any] = {}
    for name, field in base_fields(form_class).items():
        model_field = instance._meta.get_field(name)
        if model_field.many_to_many:
            data[name] = (
                [_key(field, item) for item in getattr(instance, name).all()]
                if instance.pk is not None
                else []
            )
        elif model_field.is_relation:
            # An unsaved row may have no related object yet; reading it would raise.
            has_value = getattr(instance, f"{name}_id") is not None
            data[name] = _key(field, getattr(instance, name)) if has_value else None
        else:
            data[name] = getattr(instance, name)
    return data


# --- Organizations -------------------------------------------------------------------------------


class OrganizationForm(forms.ModelForm):
    """What an organization's own staff keep up to date."""

    sectors = VocabularyChoiceField(Sector.objects.all(), label="Sectors")
    counties_served = CountyChoiceField(label="Counties served")
    languages = VocabularyChoiceField(
        Language.objects.all(), label="Languages", help_text="Languages staff can serve people in"
    )
    populations_served = VocabularyChoiceField(Population.objects.all(), label="Populations served")
    website = forms.URLField(label="Website", required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = Organization
        fields: tuple[str, ...] = (
            "name",
            "acronym",
            "sectors",
            "jurisdiction_level",
            "description",
            "street_address",
            "city",
            "state",
            "postal_code",
            "website",
            "main_phone",
            "counties_served",
            "languages",
            "populations_served",
        )
        labels = {"main_phone": "Main phone", "postal_code": "Postal code"}

    def clean_name(self) -> str:
        name = " ".join((self.cleaned_data.get("name") or "").split())
        clash = (
            Organization.objects.annotate(name_key=Lower("name"))
            .filter(name_key=name.lower())
            .exclude(pk=self.instance.pk)
        )
        if name and clash.exists():
            raise ValidationError("Another organization already has this name.")
        return name

    def clean_state(self) -> str:
        state = (self.cleaned_data.get("state") or "").strip().upper()
        if state:
            validate_state(state)
        return state

    def clean_postal_code(self) -> str:
        code = (self.cleaned_data.get("postal_code") or "").strip()
        if code:
            validate_postal_code(code)
        return code

    def clean_main_phone(self) -> str:
        return _clean_phone(self, "main_phone")


class OrganizationMembershipForm(OrganizationForm):
    """Everything, membership included: for coordinators and the CSV import."""

    class Meta(OrganizationForm.Meta):
        fields = (
            *OrganizationForm.Meta.fields,
            "membership_status",
            "joined_on",
            "status_changed_on",
        )
        widgets = {"joined_on": DateInput(), "status_changed_on": DateInput()}
        labels = {
            **OrganizationForm.Meta.labels,
            "joined_on": "Joined on",
            "status_changed_on": "Status since",
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        joined = cleaned.get("joined_on")
        since = cleaned.get("status_changed_on")
        for name, label in (("joined_on", "The joining date"), ("status_changed_on", "The date")):
            try:
                _not_in_future(cleaned.get(name), label)
            except ValidationError as error:
                self.add_error(name, error)
        if joined and since and since < joined:
            self.add_error(
                "status_changed_on", "The status cannot have taken effect before the joining date."
            )
        return cleaned


class MembershipStatusForm(forms.Form):
    status = forms.ChoiceField(label="New membership status", choices=MembershipStatus.choices)
    effective_on = forms.DateField(
        label="Effective on", widget=DateInput(), help_text="The day the new status took effect"
    )

    def __init__(self, *args: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organization = organization

    def clean_status(self) -> str:
        status: str = self.cleaned_data["status"]
        if status == self.organization.membership_status:
            current = self.organization.get_membership_status_display().lower()
            raise ValidationError(f"The organization is already {current}.")
        return status

    def clean_effective_on(self) -> Any:
        effective_on = self.cleaned_data["effective_on"]
        _not_in_future(effective_on, "The date")
        joined = self.organization.joined_on
        if joined and effective_on < joined:
            raise ValidationError(
                f"The status cannot have taken effect before the joining date ({joined:%Y-%m-%d})."
            )
        return effective_on


class ContactForm(forms.ModelForm):
    class Meta:
        model = OrganizationContact
        fields = ("name", "role", "phone", "email", "is_on_call_24_7", "notes")
        labels = {"is_on_call_24_7": "24/7 on-call contact", "email": "E-mail"}
        help_texts = {
            "is_on_call_24_7": "Answers at any hour; shown in directory search results.",
        }

    def clean_phone(self) -> str:
        return _clean_phone(self, "phone")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("phone") and not cleaned.get("email") and not self.errors:
            raise ValidationError("Give a phone number or an e-mail address for this contact.")
        on_call = cleaned.get("is_on_call_24_7")
        if on_call and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", "A 24/7 on-call contact needs a phone number.")
        return cleaned


# --- People --------------------------------------------------------------------------------------


class PersonSelfForm(forms.ModelForm):
    """What people may change about themselves."""

    preferred_language = forms.ModelChoiceField(
        Language.objects.all(), to_field_name="code", required=False, label="Preferred language"
    )

    class Meta:
        model = Person
        fields: tuple[str, ...] = (
            "first_name",
            "last_name",
            "title",
            "email",
            "phone",
            "preferred_language",
        )
        labels = {"email": "E-mail"}

    def clean_email(self) -> str:
        email = (self.cleaned_data.get("email") or "").strip()
        if email:
            clash = (
                Person.objects.annotate(email_key=Lower("email"))
                .filter(email_key=email.lower())
                .exclude(pk=self.instance.pk)
            )
            if clash.exists():
                raise ValidationError("Another person in the directory has this e-mail address.")
        return email

    def clean_phone(self) -> str:
        return _clean_phone(self, "phone")


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.username})" if name else obj.username


class PersonForm(PersonSelfForm):
    """Everything a coordinator keeps about a person."""

    organization = forms.ModelChoiceField(
        Organization.objects.all(), required=False, label="Organization"
    )
    user = AccountChoiceField(
        accounts_for_linking(),
        required=False,
        label="Linked user account",
        help_text="Their sign-in account: it lets them keep this entry and their organization's "
        "record up to date.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Offer active accounts not already tied to someone else, and keep the current link even
        # when that account has since been deactivated.
        linked_elsewhere = Person.objects.filter(user__isnull=False).exclude(pk=self.instance.pk)
        field = cast(forms.ModelChoiceField, self.fields["user"])
        field.queryset = accounts_for_linking(keep=self.instance.user_id).exclude(
            pk__in=linked_elsewhere.values("user")
        )

    class Meta(PersonSelfForm.Meta):
        fields = (
            "first_name",
            "last_name",
            "title",
            "organization",
            "email",
            "phone",
            "preferred_language",
            "membership_type",
            "is_active",
            "user",
        )
        labels = {
            **PersonSelfForm.Meta.labels,
            "membership_type": "Membership type",
            "is_active": "Active member of the task force",
        }


class KnownAreaField(forms.ChoiceField):
    """An expertise area chosen by code from areas already loaded."""

    def __init__(self, areas: Mapping[str, ExpertiseArea], **kwargs: Any) -> None:
        super().__init__(choices=[(code, str(area)) for code, area in areas.items()], **kwargs)
        self.areas = areas

    def clean(self, value: Any) -> ExpertiseArea | None:
        code = super().clean(value)
        return self.areas[code] if code else None


class ExpertiseForm(forms.Form):
    area = forms.ModelChoiceField(
        ExpertiseArea.objects.all(), to_field_name="code", label="Area", required=False
    )
    years = forms.IntegerField(
        label="Years of experience", min_value=0, max_value=MAX_EXPERTISE_YEARS, required=False
    )

    def __init__(
        self, *args: Any, areas: Mapping[str, ExpertiseArea] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if areas is not None:
            # Areas already loaded (a whole import checks many rows): look codes up, not rows.
            self.fields["area"] = KnownAreaField(areas, label="Area", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        area, years = cleaned.get("area"), cleaned.get("years")
        if area is not None and years is None and "years" not in self.errors:
            self.add_error("years", "Give the years of experience in this area.")
        if area is None and years is not None and "area" not in self.errors:
            self.add_error("area", "Choose the area these years count in.")
        return cleaned


class BaseExpertiseFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[str] = set()
        for form in self.forms:
            if form.cleaned_data.get("DELETE"):
                continue
            area = form.cleaned_data.get("area")
            if area is None:
                continue
            if area.code in seen:
                raise ValidationError(f"{area} is listed twice; give each area once.")
            seen.add(area.code)

    def to_data(self) -> list[dict[str, Any]]:
        return [
            {"area": form.cleaned_data["area"].code, "years": form.cleaned_data["years"]}
            for form in self.forms
            if form.cleaned_data.get("area") is not None and not form.cleaned_data.get("DELETE")
        ]


ExpertiseFormSet = cast(
    type[BaseExpertiseFormSet],
    forms.formset_factory(
        ExpertiseForm, formset=BaseExpertiseFormSet, extra=2, can_delete=True, max_num=20
    ),
)


def expertise_initial(person: Person) -> list[dict[str, Any]]:
    return [{"area": row.area.code, "years": row.years} for row in person.expertise.all()]


# --- Services ------------------------------------------------------------------------------------


def _check_capacity(available: int | None, maximum: int | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if available is not None and available < 0:
        errors["capacity_available"] = "Available capacity cannot be negative."
    if maximum is not None and maximum < 0:
        errors["capacity_maximum"] = "Maximum capacity cannot be negative."
    if available is not None and maximum is not None and available > maximum:
        errors["capacity_available"] = (
            f"Available ({available}) cannot be more than the maximum ({maximum})."
        )
    return errors


class ServiceForm(forms.ModelForm):
    category = forms.ModelChoiceField(
        ServiceCategory.objects.all(), to_field_name="code", label="Service category"
    )
    populations = VocabularyChoiceField(
        Population.objects.all(), label="Populations", help_text="Who this service is for"
    )
    languages = VocabularyChoiceField(
        Language.objects.all(), label="Languages", help_text="Languages the service is offered in"
    )
    counties = CountyChoiceField(
        label="Service area",
        help_text="Counties served; leave empty when the service covers all of the "
        "organization's counties.",
    )

    class Meta:
        model = Service
        fields = (
            "name",
            "category",
            "description",
            "eligibility",
            "populations",
            "languages",
            "counties",
            "hours",
            "is_24_7",
            "capacity_available",
            "capacity_maximum",
            "capacity_unit",
            "is_active",
        )
        labels = {
            "is_24_7": "Open 24/7",
            "capacity_available": "Capacity available now",
            "capacity_maximum": "Maximum capacity",
            "capacity_unit": "Capacity unit",
            "is_active": "Service is currently offered",
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, message in _check_capacity(
            cleaned.get("capacity_available"), cleaned.get("capacity_maximum")
        ).items():
            if name not in self.errors:
                self.add_error(name, message)
        return cleaned


class CapacityForm(forms.Form):
    available = forms.IntegerField(
        label="Available now", min_value=0, required=False, help_text="Leave empty if unknown"
    )
    maximum = forms.IntegerField(label="Maximum", min_value=0, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        errors = _check_capacity(cleaned.get("available"), cleaned.get("maximum"))
        for name, message in errors.items():
            field = "available" if name == "capacity_available" else "maximum"
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned


# --- Search --------------------------------------------------------------------------------------

SEARCH_MODES = (("services", "Services"), ("organizations", "Organizations"))


def _choices(empty: str, rows: Any) -> list[tuple[str, str]]:
    return [("", empty), *((str(key), str(label)) for key, label in rows)]


class SearchForm(forms.Form):
    """The directory search controls; rendered unbound with the parsed filters as initial data."""

    q = forms.CharField(
        label="Search text",
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text="Words from a service or organization name, description or eligibility",
    )
    sector = forms.ChoiceField(label="Sector", required=False, widget=QuickSelect)
    category = forms.ChoiceField(label="Service category", required=False, widget=QuickSelect)
    language = forms.ChoiceField(label="Language", required=False, widget=QuickSelect)
    county = forms.ChoiceField(label="County", required=False, widget=QuickSelect)
    population = forms.ChoiceField(label="Population", required=False, widget=QuickSelect)
    membership_status = forms.ChoiceField(
        label="Membership status",
        required=False,
        choices=_choices("Any status", MembershipStatus.choices),
        widget=QuickSelect,
    )
    open_24_7 = forms.BooleanField(label="Open 24/7", required=False)
    has_capacity = forms.BooleanField(label="Has capacity now", required=False)
    view = forms.ChoiceField(
        label="List", choices=SEARCH_MODES, widget=forms.RadioSelect, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices: dict[str, list[tuple[str, str]]] = {
            "sector": _choices("Any sector", Sector.objects.values_list("code", "name")),
            "category": _choices(
                "Any category", ServiceCategory.objects.values_list("code", "name")
            ),
            "language": _choices("Any language", Language.objects.values_list("code", "name")),
            "county": _choices("Any county", ((c.pk, str(c)) for c in County.objects.all())),
            "population": _choices(
                "Any population", Population.objects.values_list("code", "name")
            ),
        }
        for name, choices in self._choices.items():
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = choices

    def known_values(self, name: str) -> set[str]:
        """The values a vocabulary filter may take (anything else is dropped from the search)."""
        return {value for value, _label in self._choices[name] if value}


class PeopleFilterForm(forms.Form):
    q = forms.CharField(
        label="Search people",
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text="Name, title, e-mail or organization",
    )
    organization = forms.ModelChoiceField(
        Organization.objects.all(), required=False, label="Organization", empty_label="Any"
    )


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(
        label="Search organizations",
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    sector = forms.ModelChoiceField(
        Sector.objects.all(),
        to_field_name="code",
        required=False,
        label="Sector",
        empty_label="Any sector",
    )
    membership_status = forms.ChoiceField(
        label="Membership status",
        required=False,
        choices=_choices("Any status", MembershipStatus.choices),
    )


# --- Import --------------------------------------------------------------------------------------

IMPORT_KINDS = (("organizations", "Organizations"), ("people", "People"))
MAX_IMPORT_BYTES = 10 * 1024 * 1024


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label="What the file holds", choices=IMPORT_KINDS, widget=forms.RadioSelect
    )
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 CSV with the header row of the template; at most 10 MB.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError("The file is larger than 10 MB; split it into smaller files.")
        return upload


def safe_filename(name: str) -> str:
    """An uploaded file's name, reduced to something harmless to store in the audit log."""
    return re.sub(r"[^A-Za-z0-9._ -]", "_", name)[:120]


# --- Counties ------------------------------------------------------------------------------------

MAX_COUNTY_NAME = 100


class CountiesForm(forms.Form):
    """Counties of one state, one per line: how a new task force sets up its service area."""

    state = forms.CharField(label="State", help_text="Two-letter code, e.g. CA")
    names = forms.CharField(
        label="County names",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text='One per line, without the word "County" (e.g. Harbor).',
    )

    def clean_state(self) -> str:
        state = str(self.cleaned_data.get("state") or "").strip().upper()
        validate_state(state)
        return state

    def clean_names(self) -> list[str]:
        names: list[str] = []
        problems: list[str] = []
        for number, line in enumerate(str(self.cleaned_data.get("names") or "").splitlines(), 1):
            name = re.sub(r"\s+county$", "", " ".join(line.split()), flags=re.IGNORECASE)
            if not name:
                continue
            if len(name) > MAX_COUNTY_NAME:
                problems.append(f"Line {number}: keep a name to {MAX_COUNTY_NAME} characters.")
            elif name.lower() in (known.lower() for known in names):
                problems.append(f"Line {number}: {name} is listed twice.")
            else:
                names.append(name)
        if problems:
            raise ValidationError(problems)
        if not names:
            raise ValidationError("Give at least one county name.")
        return names
