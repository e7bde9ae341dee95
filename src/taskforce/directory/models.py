"""The member directory: organizations, people, and the services they offer with capacity.

Services follow the Open Referral HSDS shape (organization → service, with eligibility, languages,
service area, schedule and capacity). Vocabularies are rows, not code, so a task force can extend
them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower


class Vocabulary(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=150)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Sector(Vocabulary):
    """Who should be at the table (DESIGN §8)."""


class ServiceCategory(Vocabulary):
    """Victim service categories (DESIGN §8), in HSDS terms a taxonomy term."""

    class Meta(Vocabulary.Meta):
        verbose_name_plural = "service categories"


class ExpertiseArea(Vocabulary):
    """Areas a person's experience is counted in (decisions weight by these)."""


class PopulationGroup(models.TextChoices):
    AGE = "age", "Age"
    GENDER = "gender", "Gender"
    TRAFFICKING = "trafficking", "Trafficking type"
    CITIZENSHIP = "citizenship", "Citizenship"


class Population(Vocabulary):
    group = models.CharField(max_length=20, choices=PopulationGroup.choices)


class Language(models.Model):
    code = models.CharField(max_length=12, unique=True, help_text="ISO 639 code, e.g. es")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class County(models.Model):
    name = models.CharField(max_length=100)
    state = models.CharField(max_length=2, help_text="Two-letter state code")

    class Meta:
        ordering = ["state", "name"]
        verbose_name_plural = "counties"
        constraints = [
            models.UniqueConstraint(fields=["name", "state"], name="unique_county_per_state")
        ]

    def __str__(self) -> str:
        return f"{self.name} County, {self.state}"


class JurisdictionLevel(models.TextChoices):
    LOCAL = "local", "Local"
    COUNTY = "county", "County"
    STATE = "state", "State"
    FEDERAL = "federal", "Federal"
    TRIBAL = "tribal", "Tribal"
    NON_GOVERNMENTAL = "non-governmental", "Non-governmental"
    PRIVATE = "private", "Private"


class MembershipStatus(models.TextChoices):
    PROSPECTIVE = "prospective", "Prospective"
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Organization(models.Model):
    name = models.CharField(max_length=200, unique=True)
    acronym = models.CharField(max_length=30, blank=True)
    sectors = models.ManyToManyField(Sector, related_name="organizations", blank=True)
    jurisdiction_level = models.CharField(max_length=20, choices=JurisdictionLevel.choices)
    description = models.TextField(blank=True)
    street_address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True)
    postal_code = models.CharField(max_length=10, blank=True)
    website = models.URLField(blank=True)
    main_phone = models.CharField(max_length=30, blank=True)
    counties_served = models.ManyToManyField(County, related_name="organizations", blank=True)
    languages = models.ManyToManyField(Language, related_name="organizations", blank=True)
    populations_served = models.ManyToManyField(
        Population, related_name="organizations", blank=True
    )
    membership_status = models.CharField(
        max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.PROSPECTIVE
    )
    joined_on = models.DateField(null=True, blank=True, help_text="When membership began")
    status_changed_on = models.DateField(
        null=True, blank=True, help_text="When the current membership status took effect"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["membership_status"]),
            # Names are matched ignoring case (forms, CSV import).
            models.Index(Lower("name"), name="organization_name_lower"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class OrganizationContact(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=150, blank=True, help_text="e.g. Intake, Media, On-call")
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    is_on_call_24_7 = models.BooleanField("24/7 on-call contact", default=False)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-is_on_call_24_7", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization})"


class MembershipType(models.TextChoices):
    VOTING = "voting", "Voting"
    NON_VOTING = "non-voting", "Non-voting"
    VISITOR = "visitor", "Visitor"


class Person(models.Model):
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    title = models.CharField(max_length=150, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    preferred_language = models.ForeignKey(
        Language, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    membership_type = models.CharField(
        max_length=20, choices=MembershipType.choices, default=MembershipType.NON_VOTING
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            # People are matched by e-mail ignoring case (forms, CSV import).
            models.Index(Lower("email"), name="person_email_lower"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Expertise(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="expertise")
    area = models.ForeignKey(ExpertiseArea, on_delete=models.PROTECT, related_name="+")
    years = models.PositiveSmallIntegerField(validators=[MaxValueValidator(70)])

    class Meta:
        ordering = ["-years"]
        constraints = [
            models.UniqueConstraint(fields=["person", "area"], name="unique_expertise_area")
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.years} years"


class Service(models.Model):
    """An HSDS service: what an organization offers, to whom, where, when, and how much is free."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="services"
    )
    name = models.CharField(max_length=200)
    category = models.ForeignKey(ServiceCategory, on_delete=models.PROTECT, related_name="services")
    description = models.TextField(blank=True)
    eligibility = models.TextField(blank=True, help_text="Who qualifies, in plain words")
    populations = models.ManyToManyField(Population, related_name="services", blank=True)
    languages = models.ManyToManyField(Language, related_name="services", blank=True)
    counties = models.ManyToManyField(
        County, related_name="services", blank=True, help_text="Service area"
    )
    hours = models.CharField(max_length=200, blank=True, help_text="e.g. Mon–Fri 9:00–17:00")
    is_24_7 = models.BooleanField("open 24/7", default=False)
    capacity_available = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0)]
    )
    capacity_maximum = models.PositiveIntegerField(null=True, blank=True)
    capacity_unit = models.CharField(max_length=40, blank=True, help_text="e.g. beds, clients")
    capacity_updated_at = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization__name", "name"]
        indexes = [models.Index(fields=["category", "is_active"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity_available__isnull=True)
                | models.Q(capacity_maximum__isnull=True)
                | models.Q(capacity_available__lte=models.F("capacity_maximum")),
                name="capacity_available_within_maximum",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization})"
