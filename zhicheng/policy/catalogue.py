"""The title catalogue the platform starts with: the 工程 series, its five titles and common specialties."""

ENGINEERING_TITLES = [
    ("技术员", "junior"),
    ("助理工程师", "assistant"),
    ("工程师", "intermediate"),
    ("高级工程师", "associate_senior"),
    ("正高级工程师", "senior"),
]
ENGINEERING_SPECIALTIES = [
    "汽车零部件工程",
    "林业工程",
    "机械工程",
    "电气工程",
    "建筑工程",
    "化学工程",
    "电子信息工程",
    "水利工程",
]


def load_catalogue(Series, Title, Specialty) -> None:
    """Create what is missing; safe to run again."""
    series, _ = Series.objects.get_or_create(name="工程")
    for name, grade in ENGINEERING_TITLES:
        Title.objects.get_or_create(series=series, name=name, defaults={"grade": grade})
    for name in ENGINEERING_SPECIALTIES:
        Specialty.objects.get_or_create(series=series, name=name)


# (title, education, prior title or None, years): the 工程 series' national basic standard (DOMAIN.md).
ENGINEERING_YEARS_IN_GRADE = [
    ("工程师", "doctorate", None, 0),
    ("工程师", "master", "助理工程师", 2),
    ("工程师", "bachelor", "助理工程师", 4),
    ("工程师", "college", "助理工程师", 4),
    ("高级工程师", "doctorate", "工程师", 2),
    ("高级工程师", "master", "工程师", 5),
    ("高级工程师", "bachelor", "工程师", 5),
    ("高级工程师", "college", "工程师", 5),
    ("正高级工程师", "doctorate", "高级工程师", 5),
    ("正高级工程师", "master", "高级工程师", 5),
    ("正高级工程师", "bachelor", "高级工程师", 5),
]


# The junior titles (人社部发〔2019〕16号): 技术员 for 大专/中专 graduates; 助理工程师 for 硕士 and above, for
# 本科 after a year's work, and for 大专/中专 after 2/4 years as 技术员. Added after the 2022 policy was first
# loaded, so kept apart from the list above, which migration 0004 reads.
ENGINEERING_JUNIOR_YEARS_IN_GRADE = [
    ("技术员", "college", None, 0),
    ("技术员", "secondary", None, 0),
    ("助理工程师", "doctorate", None, 0),
    ("助理工程师", "master", None, 0),
    ("助理工程师", "bachelor", None, 1),
    ("助理工程师", "college", "技术员", 2),
    ("助理工程师", "secondary", "技术员", 4),
]


def load_years_in_grade(policy, YearsInGrade, Title, lines) -> None:
    for title, education, prior, years in lines:
        YearsInGrade.objects.get_or_create(
            policy=policy,
            title=Title.objects.get(series__name="工程", name=title),
            education=education,
            defaults={
                "prior_title": Title.objects.get(series__name="工程", name=prior) if prior else None,
                "years": years,
            },
        )


def load_policy(Policy, YearsInGrade, Title, year: int = 2022) -> None:
    """The notice's year with the model's defaults (the notice's numbers) and the years-in-grade table."""
    policy, _ = Policy.objects.get_or_create(year=year)
    load_years_in_grade(policy, YearsInGrade, Title, ENGINEERING_YEARS_IN_GRADE)
