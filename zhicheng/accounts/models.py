"""Regions, organisations and users: who acts, and inside which part of the province."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models


class Region(models.Model):
    """A node of the region tree 省 > 市 > 区/县; `path` makes a subtree one prefix query."""

    class Level(models.TextChoices):
        PROVINCE = "province", "省"
        CITY = "city", "市"
        COUNTY = "county", "区/县"

    name = models.CharField("名称", max_length=50)
    level = models.CharField("层级", max_length=10, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField("路径", max_length=200, unique=True, help_text="如 浙江省/丽水市/莲都区/")
    is_mountain_county = models.BooleanField("山区26县", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "行政区划"
        ordering = ["path"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="region_unique_name_in_parent")]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        return self.path.rstrip("/").replace("/", "")

    def contains(self, other: "Region") -> bool:
        return other.path.startswith(self.path)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        EMPLOYER = "employer", "用人单位"
        AUTHORITY = "authority", "行业主管部门"
        BUREAU = "bureau", "人力社保局"
        OFFICE = "office", "评委会办公室"
        ASSOCIATION = "association", "行业协会"

    name = models.CharField("名称", max_length=100, unique=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations", verbose_name="所在地区")
    series = models.ForeignKey(
        "policy.Series",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name="主管系列",
        help_text="行业主管部门所管的职称系列；留空表示不限",
    )

    class Meta:
        verbose_name = verbose_name_plural = "机构"
        ordering = ["region__path", "name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PROFESSIONAL = "professional", "专业技术人才"
    EMPLOYER = "employer", "用人单位经办人"
    AUTHORITY = "authority", "行业主管部门"
    OFFICE = "office", "评委会办公室"
    EXPERT = "expert", "评审专家"
    BUREAU = "bureau", "人力社保局"
    ADMIN = "admin", "系统管理员"


class User(AbstractUser):
    """A person who logs in; the role and the organisation's region bound everything they see and do."""

    name = models.CharField("姓名", max_length=50)
    role = models.CharField("角色", max_length=20, choices=Role.choices, default=Role.PROFESSIONAL)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users", verbose_name="所属机构"
    )
    phone = models.CharField("手机", max_length=20, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.name or self.username

    @property
    def region(self) -> Region | None:
        return self.organisation.region if self.organisation_id else None  # type: ignore[union-attr]


class ApiToken(models.Model):
    """A bearer token for integrations; only its SHA-256 is stored, the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("用途", max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "API 令牌"

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> str:
        return "zc_" + secrets.token_urlsafe(32)


class Notification(models.Model):
    """An in-app message to a user: what happened to their case and what to do next."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField("内容", max_length=500)
    link = models.CharField("链接", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return self.message


class Professional(models.Model):
    """A person who holds or seeks a title, keyed by ID number: one person, one record (55号 §1)."""

    class Sex(models.TextChoices):
        MALE = "男", "男"
        FEMALE = "女", "女"

    id_number = models.CharField("身份证号", max_length=18, unique=True)
    name = models.CharField("姓名", max_length=50, db_index=True)
    birth_date = models.DateField("出生日期")
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    employer = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="staff", verbose_name="工作单位"
    )
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="professional", verbose_name="登录账号"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "专业技术人才"
        ordering = ["name", "id"]
        indexes = [
            # An employer's staff list in its order: a page is read straight from the index. Without it the
            # largest employer's first page (3,877 staff at province scale) walked the name index of 3 million.
            models.Index(fields=["employer", "name", "id"], name="professional_employer_name"),
        ]

    def __str__(self) -> str:
        return self.name
