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
