"""The title catalogue: series 系列 > specialty 专业, and the titles of each series by grade."""

from django.db import models


class Grade(models.TextChoices):
    JUNIOR = "junior", "员级"
    ASSISTANT = "assistant", "助理级"
    INTERMEDIATE = "intermediate", "中级"
    ASSOCIATE_SENIOR = "associate_senior", "副高级"
    SENIOR = "senior", "正高级"


GRADE_ORDER = [g.value for g in Grade]


class Series(models.Model):
    name = models.CharField("系列", max_length=50, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "职称系列"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Specialty(models.Model):
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="specialties", verbose_name="系列")
    name = models.CharField("专业", max_length=50)

    class Meta:
        verbose_name = verbose_name_plural = "专业"
        ordering = ["series_id", "name"]
        constraints = [models.UniqueConstraint(fields=["series", "name"], name="specialty_unique_in_series")]

    def __str__(self) -> str:
        return self.name


class Title(models.Model):
    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="titles", verbose_name="系列")
    name = models.CharField("职称", max_length=50)
    grade = models.CharField("级别", max_length=20, choices=Grade.choices)

    class Meta:
        verbose_name = verbose_name_plural = "职称"
        ordering = ["series_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["series", "name"], name="title_unique_in_series"),
            models.UniqueConstraint(fields=["series", "grade"], name="title_one_per_grade"),
        ]

    def __str__(self) -> str:
        return self.name
