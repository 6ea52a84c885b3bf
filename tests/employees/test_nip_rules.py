"""NIP / NI PPPK rules of domain.md §2 as pure functions, with property tests for the parser."""

from collections import Counter
from datetime import date

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from employees.rules.career import rank_order
from employees.rules.nip import (
    NipError,
    NipKind,
    build_ni_pppk,
    build_nip,
    format_nip,
    golongan_allowed_for,
    identity_mismatches,
    parse_nip,
)


def test_the_domain_example_parses_into_its_parts():
    parsed = parse_nip("198609262015051001")
    assert parsed.kind is NipKind.PNS
    assert parsed.birth_date == date(1986, 9, 26)
    assert (parsed.tmt_year, parsed.tmt_month) == (2015, 5)
    assert parsed.gender == "L"
    assert parsed.serial == 1
    assert parsed.warnings == ()
    assert parsed.display == "19860926 201505 1 001"


def test_spaces_and_dots_typed_inside_a_nip_are_ignored():
    assert parse_nip("19860926 201505 1 001").number == "198609262015051001"
    assert parse_nip("19860926.201505.1.001").number == "198609262015051001"


def test_an_ni_pppk_is_detected_from_digits_13_and_14():
    parsed = parse_nip("199001012021" + "2" + "3" + "2" + "045")
    assert parsed.kind is NipKind.PPPK
    assert parsed.contract_count == 3
    assert parsed.gender == "P"
    assert parsed.tmt_month is None
    assert format_nip(parsed.number) == "19900101 2021 2 3 2 045"


@pytest.mark.parametrize(
    ("nip", "reason"),
    [
        ("19860926201505100", "tepat 18 angka"),  # 17 digits
        ("1986092620150510011", "tepat 18 angka"),  # 19 digits
        ("19860926201505100a", "tepat 18 angka"),
        ("198602302015051001", "tanggal lahir"),  # 30 February
        ("198613012015051001", "tanggal lahir"),  # month 13
        ("198609262015131001", "bulan TMT"),  # digits 13-14 = 13: neither month nor PPPK
        ("198609262015001001", "bulan TMT"),  # month 00
        ("198609262015201001", "bulan TMT"),  # 20 is not a PPPK code (contract 0)
        ("198609262015053001", "jenis kelamin"),  # gender digit 3
        ("198609262015050001", "jenis kelamin"),  # gender digit 0
        ("198609262015051000", "000"),  # serial 000
        ("198609261985051001", "setelah tanggal lahir"),  # TMT before birth
        ("198609261986091001", "setelah tanggal lahir"),  # TMT month of birth, before the day
        ("199001011989211001", "setelah tahun lahir"),  # PPPK TMT year before birth year
    ],
)
def test_invalid_numbers_are_rejected_with_the_reason_in_indonesian(nip, reason):
    with pytest.raises(NipError, match=reason):
        parse_nip(nip)


def test_tmt_less_than_18_years_after_birth_is_a_warning_not_an_error():
    parsed = parse_nip("200501012015011001")
    assert parsed.kind is NipKind.PNS
    assert len(parsed.warnings) == 1
    assert "18 tahun" in parsed.warnings[0]


def test_stored_birth_date_and_gender_win_and_a_mismatch_is_reported():
    parsed = parse_nip("198609262015051001")
    assert identity_mismatches(parsed, birth_date=date(1986, 9, 26), gender="L") == []
    found = identity_mismatches(parsed, birth_date=date(1986, 10, 1), gender="P")
    assert len(found) == 2
    assert "26 September 1986" in found[0]


def test_golongan_must_fit_the_kind_of_asn():
    assert golongan_allowed_for(NipKind.PNS, "III/a")
    assert not golongan_allowed_for(NipKind.PNS, "PPPK-IX")
    assert golongan_allowed_for(NipKind.PPPK, "PPPK-IX")
    assert not golongan_allowed_for(NipKind.PPPK, "III/a")
    assert rank_order("I/a") == 1
    assert rank_order("IV/e") == 17
    assert rank_order("PPPK-XVII") == 17
    assert rank_order("??") == 0


births = st.dates(min_value=date(1950, 1, 1), max_value=date(2005, 12, 31))


@given(
    birth=births,
    years=st.integers(min_value=18, max_value=45),
    month=st.integers(min_value=1, max_value=12),
    gender=st.sampled_from("LP"),
    serial=st.integers(min_value=1, max_value=999),
)
def test_any_well_formed_pns_nip_round_trips(birth, years, month, gender, serial):
    tmt_year = birth.year + years + 1
    nip = build_nip(birth_date=birth, tmt_year=tmt_year, tmt_month=month, gender=gender, serial=serial)
    parsed = parse_nip(format_nip(nip))
    assert (parsed.kind, parsed.birth_date, parsed.gender, parsed.serial) == (
        NipKind.PNS,
        birth,
        gender,
        serial,
    )
    assert (parsed.tmt_year, parsed.tmt_month) == (tmt_year, month)
    assert parsed.warnings == ()


@given(
    birth=births,
    years=st.integers(min_value=18, max_value=45),
    contract=st.integers(min_value=1, max_value=9),
    gender=st.sampled_from("LP"),
    serial=st.integers(min_value=1, max_value=999),
)
def test_any_well_formed_ni_pppk_round_trips(birth, years, contract, gender, serial):
    nip = build_ni_pppk(
        birth_date=birth, tmt_year=birth.year + years, contract_count=contract, gender=gender, serial=serial
    )
    parsed = parse_nip(nip)
    assert (parsed.kind, parsed.contract_count, parsed.gender) == (NipKind.PPPK, contract, gender)


@st.composite
def valid_numbers(draw) -> str:
    """A valid NIP (PNS) or NI PPPK, built from its parts: valid by construction."""
    birth = draw(births)
    tmt_year = birth.year + draw(st.integers(min_value=19, max_value=45))
    gender = draw(st.sampled_from("LP"))
    serial = draw(st.integers(min_value=1, max_value=999))
    if draw(st.booleans()):
        month = draw(st.integers(min_value=1, max_value=12))
        return build_nip(birth_date=birth, tmt_year=tmt_year, tmt_month=month, gender=gender, serial=serial)
    contract = draw(st.integers(min_value=1, max_value=9))
    return build_ni_pppk(
        birth_date=birth, tmt_year=tmt_year, contract_count=contract, gender=gender, serial=serial
    )


@st.composite
def typed(draw, numbers) -> str:
    """A number as people type it: spaces and dots inserted anywhere."""
    number = draw(numbers)
    separators = draw(
        st.lists(
            st.sampled_from(["", "", "", " ", ".", "  ", ". "]), min_size=len(number), max_size=len(number)
        )
    )
    return "".join(sep + digit for sep, digit in zip(separators, number, strict=True)) + draw(
        st.sampled_from(["", " ", "."])
    )


@st.composite
def one_digit_off(draw, numbers) -> str:
    """A valid number with one digit replaced: mostly invalid, sometimes still valid."""
    number = draw(numbers)
    i = draw(st.integers(min_value=0, max_value=len(number) - 1))
    return number[:i] + draw(st.sampled_from("0123456789")) + number[i + 1 :]


nip_like_inputs = st.one_of(
    typed(valid_numbers()),
    one_digit_off(valid_numbers()),
    st.text(alphabet="0123456789 .", min_size=0, max_size=24),
)


def test_the_parser_never_fails_except_with_a_nip_error():
    """Both outcomes are exercised: valid numbers typed with spaces and dots parse into their parts;
    random and one-digit-off strings either parse consistently or fail with a NipError."""
    seen: Counter[str] = Counter()

    @given(nip_like_inputs)
    def check(raw):
        try:
            parsed = parse_nip(raw)
        except NipError as exc:
            seen["invalid"] += 1
            event("invalid")
            assert str(exc)
        else:
            seen["valid"] += 1
            event(f"valid {parsed.kind}")
            code = int(parsed.number[12:14])
            assert len(parsed.number) == 18
            assert parsed.number == raw.replace(" ", "").replace(".", "")
            # isoformat pads the year (strftime("%Y") gives "1" for the year 0001 on glibc)
            assert parsed.birth_date.isoformat().replace("-", "") == parsed.number[:8]
            if parsed.kind is NipKind.PNS:
                assert parsed.tmt_month == code and 1 <= code <= 12
            else:
                assert parsed.contract_count == code - 20 and 1 <= parsed.contract_count <= 9

    check()
    assert seen["valid"] >= 10 and seen["invalid"] >= 10, seen


@given(typed(valid_numbers()))
def test_a_valid_number_typed_with_spaces_and_dots_always_parses(raw):
    number = raw.replace(" ", "").replace(".", "")
    parsed = parse_nip(raw)
    assert parsed.number == number
    assert parsed.display == format_nip(number)
    assert parse_nip(parsed.display) == parsed


@pytest.mark.parametrize(
    "digits", ["١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١", "１９８６０９２６２０１５０５１００１", "19860926201505100²"]
)
def test_only_ascii_digits_make_a_nip(digits):
    with pytest.raises(NipError, match="tepat 18 angka"):
        parse_nip(digits)
    assert format_nip(digits) == digits
