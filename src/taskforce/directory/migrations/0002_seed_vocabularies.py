"""Load the starting vocabularies (DESIGN §8). Task forces extend them as data afterwards."""

from django.db import migrations

SECTORS = [
    ("local-law-enforcement", "Local law enforcement"),
    ("state-law-enforcement", "State law enforcement"),
    ("federal-law-enforcement", "Federal law enforcement"),
    ("local-prosecution", "Local and county prosecutors"),
    ("state-prosecution", "State prosecutors"),
    ("federal-prosecution", "Federal prosecutors"),
    ("defense-attorneys", "Defense attorneys"),
    ("judges", "Judges"),
    ("state-social-services", "State social service agencies"),
    ("victim-services", "Nongovernmental victim service and advocacy organizations"),
    ("survivors", "Survivors and survivor leaders"),
    ("child-welfare", "Child welfare"),
    ("juvenile-justice", "Juvenile justice"),
    ("health-care", "Health care"),
    ("mental-health", "Mental health care"),
    ("educators", "Educators"),
    ("researchers", "Researchers and academics"),
    ("social-activists", "Social activists"),
    ("homeless-advocates", "Homeless advocates"),
    ("lgbtq-advocates", "LGBTQ advocates"),
    ("faith-based", "Faith-based organizations"),
    ("private-sector", "Private sector"),
    ("public-officials", "Public officials"),
    ("labor-rights", "Labor and workers' rights organizations"),
    ("legal-services", "Legal services and immigration attorneys"),
]

SERVICE_CATEGORIES = [
    ("case-management", "Case management and advocacy"),
    ("emergency-housing", "Emergency housing and shelter"),
    ("long-term-housing", "Transitional and long-term housing"),
    ("basic-needs", "Food, clothing and hygiene"),
    ("medical", "Medical care"),
    ("dental", "Dental care"),
    ("mental-health", "Mental health"),
    ("substance-use", "Substance use treatment"),
    ("legal-criminal", "Legal: criminal-justice accompaniment"),
    ("legal-civil", "Legal: civil"),
    ("legal-immigration", "Legal: immigration relief (T/U visas, Continued Presence)"),
    ("interpretation", "Interpretation and language access"),
    ("transportation", "Transportation"),
    ("education", "Education and ESL"),
    ("employment", "Employment and job training"),
    ("financial", "Financial assistance"),
    ("family-reunification", "Family reunification"),
    ("child-care", "Child care"),
    ("identification", "Identification documents"),
    ("safety-planning", "Safety planning"),
]

EXPERTISE_AREAS = [
    ("victim-services", "Victim services"),
    ("law-enforcement", "Law enforcement"),
    ("prosecution", "Prosecution"),
    ("legal", "Legal services"),
    ("immigration", "Immigration"),
    ("outreach", "Outreach and education"),
    ("child-welfare", "Child welfare"),
    ("health", "Health and mental health"),
    ("labor", "Labor and workers' rights"),
    ("research", "Research and data"),
]

POPULATIONS = [
    ("adults", "Adults", "age"),
    ("minors", "Minors", "age"),
    ("women", "Women and girls", "gender"),
    ("men", "Men and boys", "gender"),
    ("transgender-nonbinary", "Transgender and nonbinary people", "gender"),
    ("sex-trafficking", "Sex trafficking victims", "trafficking"),
    ("labor-trafficking", "Labor trafficking victims", "trafficking"),
    ("us-citizens", "U.S. citizens", "citizenship"),
    ("foreign-nationals", "Foreign nationals", "citizenship"),
]

LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("zh", "Chinese"),
    ("vi", "Vietnamese"),
    ("tl", "Tagalog"),
    ("ko", "Korean"),
    ("ru", "Russian"),
    ("ar", "Arabic"),
    ("fr", "French"),
    ("ht", "Haitian Creole"),
    ("pt", "Portuguese"),
    ("hi", "Hindi"),
    ("pa", "Punjabi"),
    ("fa", "Persian"),
    ("uk", "Ukrainian"),
    ("th", "Thai"),
    ("km", "Khmer"),
    ("hmn", "Hmong"),
    ("so", "Somali"),
    ("am", "Amharic"),
    ("sw", "Swahili"),
    ("mam", "Mam"),
    ("quc", "K'iche'"),
    ("ase", "American Sign Language"),
]


def load(apps, schema_editor):
    for model_name, rows in (
        ("Sector", SECTORS),
        ("ServiceCategory", SERVICE_CATEGORIES),
        ("ExpertiseArea", EXPERTISE_AREAS),
    ):
        model = apps.get_model("directory", model_name)
        for order, (code, name) in enumerate(rows):
            model.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})
    population = apps.get_model("directory", "Population")
    for order, (code, name, group) in enumerate(POPULATIONS):
        population.objects.update_or_create(
            code=code, defaults={"name": name, "group": group, "sort_order": order}
        )
    language = apps.get_model("directory", "Language")
    for code, name in LANGUAGES:
        language.objects.update_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_organizations_people_services")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
