import pytest

from govkit.ids import (
    InvalidIdentifier,
    lookup_hash,
    mask_identifiers_in_text,
    mask_resident_id,
    mask_uscc,
    validate_resident_id,
    validate_uscc,
)

# GB 11643 example number (check character X) and a Wenzhou-area one with a digit check character.
RESIDENT_X = "11010519491231002X"
RESIDENT_DIGIT = "330302199001011234"


def _with_check(prefix17: str) -> str:
    from stdnum.cn import ric

    return prefix17 + ric.calc_check_digit(prefix17 + "0")  # it ignores the last character


def _uscc_with_check(prefix17: str) -> str:
    from stdnum.cn import uscc

    return prefix17 + uscc.calc_check_digit(prefix17)


def test_resident_id_valid_and_normalised() -> None:
    assert validate_resident_id(RESIDENT_X.lower()) == RESIDENT_X
    number = _with_check("33030219900101123")
    assert validate_resident_id(number) == number


def test_resident_id_wrong_check_character_refused() -> None:
    good = _with_check("33030219900101123")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(InvalidIdentifier):
        validate_resident_id(bad)


def test_resident_id_impossible_birth_date_refused() -> None:
    with pytest.raises(InvalidIdentifier):
        validate_resident_id(_with_check("33030219901301123"))  # month 13


def test_uscc_numeric_authority_code_accepted() -> None:
    code = _uscc_with_check("91330300MA2H0JY4C")
    assert validate_uscc(code) == code


@pytest.mark.parametrize("prefix", ["N2330300MA2H0JY46", "Y1330302MJ0000001", "A1330000MC1234567"])
def test_uscc_letter_authority_codes_accepted(prefix: str) -> None:
    # stdnum.cn.uscc alone rejects these (it wants eight leading digits); GB 32100 allows them.
    from stdnum.cn import uscc

    code = _uscc_with_check(prefix)
    assert not uscc.is_valid(code)
    assert validate_uscc(code) == code


@pytest.mark.parametrize("prefix", ["91330300MA2H0JY4C", "N2330300MA2H0JY46"])
def test_uscc_wrong_check_character_refused(prefix: str) -> None:
    good = _uscc_with_check(prefix)
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    with pytest.raises(InvalidIdentifier):
        validate_uscc(bad)


def test_uscc_bad_shapes_refused() -> None:
    with pytest.raises(InvalidIdentifier):
        validate_uscc("91330300MA2H0JY4")  # 16 characters
    with pytest.raises(InvalidIdentifier):
        validate_uscc("Z1330300MA2H0JY461")  # Z is no authority code
    with pytest.raises(InvalidIdentifier):
        validate_uscc(_uscc_with_check("N2A30300MA2H0JY46"))  # division code must be digits


def test_masks() -> None:
    assert mask_resident_id(RESIDENT_X) == "110105********002X"
    assert mask_uscc("91330300MA2H0JY46C") == "9133**********Y46C"
    line = f"person {RESIDENT_X} applied for 91330300MA2H0JY46C"
    masked = mask_identifiers_in_text(line)
    assert RESIDENT_X not in masked
    assert "110105********002X" in masked
    assert "91330300MA2H0JY46C" not in masked


def test_lookup_hash_is_keyed_and_normalised() -> None:
    a = lookup_hash(RESIDENT_X, b"k1")
    assert a == lookup_hash(RESIDENT_X.lower() + " ", b"k1")
    assert a != lookup_hash(RESIDENT_X, b"k2")
    assert RESIDENT_X not in a


# -- a refused resident ID names the part that is wrong, in Chinese and English ----------------


@pytest.mark.parametrize(
    ("number", "part", "zh", "en"),
    [
        ("33030219900101123", "length", "须为18位", "must be 18 characters"),
        ("3303021990010112345", "length", "实为19位", "not 19"),
        ("A3030219900101123X", "format", "前17位须为数字", "must be digits"),
        ("33030219900101123Y", "format", "末位为数字或X", "a digit or X"),
        (_with_check("33030219901301123"), "birth_date", "19901301不是有效日期", "19901301"),
        (_with_check("33030219900230123"), "birth_date", "19900230", "not a calendar date"),
        (_with_check("99999919900101123"), "region_code", "不是已知的行政区划代码", "not a known"),
        # 330383 龙港市 is in use from 2019: a birth in 2018 cannot carry it, one in 2019 can
        (_with_check("33038320181231123"), "region_code", "出生年份2018年未启用", "from 2019"),
        # 330302: 城区 in 1983, 鹿城区 from 1984; nothing before
        (_with_check("33030219821231123"), "region_code", "城区1983–1983年", "鹿城区 from 1984"),
    ],
)
def test_a_refused_resident_id_names_the_part(number: str, part: str, zh: str, en: str) -> None:
    with pytest.raises(InvalidIdentifier) as err:
        validate_resident_id(number)
    assert err.value.part == part
    assert zh in err.value.reason_zh
    assert en in err.value.reason
    assert "One of the parts" not in err.value.reason


def test_the_check_character_is_named_and_the_right_one_passes() -> None:
    good = _with_check("33030219900101123")
    for wrong in {str(d) for d in range(10)} | {"X"} - {good[-1]}:
        if wrong == good[-1]:
            continue
        with pytest.raises(InvalidIdentifier) as err:
            validate_resident_id(good[:-1] + wrong)
        assert err.value.part == "check_character"
        assert "校验码" in err.value.reason_zh
    assert validate_resident_id(good) == good


@pytest.mark.parametrize(
    "prefix",
    ["33038320190101123", "33030219830101123", "33030219840101123", "33030219900228123"],
)
def test_the_other_side_of_each_edge_is_valid(prefix: str) -> None:
    number = _with_check(prefix)  # 龙港 in 2019; 城区 in 1983; 鹿城区 from 1984; a real date
    assert validate_resident_id(number) == number
