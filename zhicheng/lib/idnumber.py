"""Resident ID numbers (GB 11643-1999): checksum, birth date, sex, and masking for public pages."""

import re
from dataclasses import dataclass
from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
# ASCII digits only: \d would let full-width or Arabic-Indic digits through, and the same person would then
# be on file under a second, different string.
_PATTERN = re.compile(r"^[0-9]{17}[0-9X]$")


class InvalidIdNumber(ValueError):
    """The text is not a valid 18-digit ID number; the message says why, in Chinese."""


@dataclass(frozen=True)
class IdNumber:
    value: str
    birth_date: date
    sex: str  # "男" or "女"

    @property
    def masked(self) -> str:
        return mask(self.value)


def normalise(raw: str) -> str:
    return (raw or "").strip().upper().replace(" ", "")


def check_char(first17: str) -> str:
    return _CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def parse(raw: str) -> IdNumber:
    """Validate and read an ID number; raises InvalidIdNumber with the reason."""
    value = normalise(raw)
    if len(value) != 18:
        raise InvalidIdNumber(f"身份证号应为18位，当前为{len(value)}位")
    if not _PATTERN.match(value):
        raise InvalidIdNumber("身份证号前17位应为数字，最后一位为数字或X")
    expected = check_char(value[:17])
    if value[17] != expected:
        raise InvalidIdNumber(f"身份证号校验位不正确（按GB 11643应为{expected}），请核对")
    try:
        birth = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError as exc:
        raise InvalidIdNumber("身份证号中的出生日期不存在") from exc
    if birth.year < 1900 or birth > date.today():
        raise InvalidIdNumber("身份证号中的出生日期不合理")
    return IdNumber(value, birth, "男" if int(value[16]) % 2 else "女")


def is_valid(raw: str) -> bool:
    try:
        parse(raw)
    except InvalidIdNumber:
        return False
    return True


def mask(raw: str) -> str:
    """Public pages show the first 3 and last 2 characters only: 33110219850312123X → 331*************3X."""
    value = normalise(raw)
    if len(value) < 6:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


def make(prefix6: str, birth: date, sequence: int, *, female: bool = False) -> str:
    """Build a valid ID number (for demo and synthetic data): region prefix, birth date, sequence."""
    seq = sequence % 500 * 2 + (0 if female else 1)
    first17 = f"{prefix6}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)
