from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhicheng.lib import idnumber


def test_a_valid_number_gives_birth_date_and_sex():
    parsed = idnumber.parse("331102198503121237")
    assert parsed.birth_date == date(1985, 3, 12)
    assert parsed.sex == "男"
    assert idnumber.parse("331181199007080026").sex == "女"


def test_a_wrong_check_digit_is_refused_with_the_expected_one():
    with pytest.raises(idnumber.InvalidIdNumber, match=r"校验位不正确.*应为7"):
        idnumber.parse("331102198503121238")


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("33110219850312123", "应为18位"),
        ("33110219850312123A", "最后一位"),
        ("33110219850230123" + idnumber.check_char("33110219850230123"), "出生日期不存在"),
    ],
)
def test_malformed_numbers_say_what_is_wrong(raw, reason):
    with pytest.raises(idnumber.InvalidIdNumber, match=reason):
        idnumber.parse(raw)


def test_a_lowercase_x_and_spaces_are_accepted():
    number = idnumber.make("331102", date(1990, 1, 1), 7)
    assert idnumber.is_valid(" " + number.lower() + " ")


def test_masking_shows_only_the_ends():
    assert idnumber.mask("331102198503121237") == "331*************37"


@given(
    st.dates(min_value=date(1940, 1, 1), max_value=date(2005, 12, 31)),
    st.integers(min_value=0, max_value=999),
    st.booleans(),
)
def test_made_numbers_are_valid_and_any_single_digit_change_is_caught(birth, sequence, female):
    number = idnumber.make("331102", birth, sequence, female=female)
    parsed = idnumber.parse(number)
    assert parsed.birth_date == birth and parsed.sex == ("女" if female else "男")
    changed = number[:5] + str((int(number[5]) + 1) % 10) + number[6:]
    assert not idnumber.is_valid(changed)
