"""Every report URL, for every persona, on own and other agencies and units.

HR officers report on their agency; heads of unit see the DUK, the rekap and the retirement
projection of their own subtree (another unit of their agency: 403; another agency: 404); the
KGB, promotion and Satyalancana lists are HR-only (heads: 403); employees get 403 everywhere.
"""

import secrets
from datetime import date

import pytest
from django.urls import reverse

from reports.choices import LetterKind
from reports.models import Letter

from ..access_matrix import NOBODY, Row, check_row, expect, matrix_ids, matrix_params

R = reverse

ALL_SCOPES = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, head_dinkes_sorong=200)
EMPLOYEES_403 = dict(employee_dinkes_sorong=403, employee_dishub_palembang=403)
# Reports heads may see, on Kota Sorong / on the head's own unit / on another Sorong unit.
HEAD_SORONG = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404, head_dinkes_sorong=200)
HEAD_OTHER_UNIT = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404, head_dinkes_sorong=403)
PALEMBANG = dict(anonymous=302, superuser=200, hr_sorong=404, hr_palembang=200, head_dinkes_sorong=404)
# HR-only reports.
HR_ONLY = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=200, head_dinkes_sorong=403)
HR_ONLY_SORONG = dict(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404, head_dinkes_sorong=403)
HR_ONLY_PALEMBANG = dict(
    anonymous=302, superuser=200, hr_sorong=404, hr_palembang=200, head_dinkes_sorong=403
)


def _rows_for(name: str, *, heads: bool) -> list[Row]:
    own = HEAD_SORONG if heads else HR_ONLY_SORONG
    other_unit = HEAD_OTHER_UNIT if heads else HR_ONLY_SORONG
    palembang = PALEMBANG if heads else HR_ONLY_PALEMBANG
    default = ALL_SCOPES if heads else HR_ONLY
    return [
        Row(name, "default scope", lambda o: R(name), expect(**default, **EMPLOYEES_403)),
        Row(
            name,
            "Kota Sorong",
            lambda o: f"{R(name)}?instansi={o.sorong.pk}",
            expect(**own, **EMPLOYEES_403),
        ),
        Row(
            name,
            "head's own subtree (Puskesmas)",
            lambda o: f"{R(name)}?unit={o.pkm_sorong.pk}",
            expect(**own, **EMPLOYEES_403),
        ),
        Row(
            name,
            "another Sorong unit (Dishub)",
            lambda o: f"{R(name)}?unit={o.dishub_sorong.pk}",
            expect(**other_unit, **EMPLOYEES_403),
        ),
        Row(
            name,
            "Kota Palembang",
            lambda o: f"{R(name)}?instansi={o.palembang.pk}",
            expect(**palembang, **EMPLOYEES_403),
        ),
        Row(
            name,
            "Excel, Kota Sorong",
            lambda o: f"{R(name)}?instansi={o.sorong.pk}&unduh=xlsx",
            expect(**own, **EMPLOYEES_403),
        ),
        Row(
            name,
            "print, head's own subtree",
            lambda o: f"{R(name)}?unit={o.dinkes_sorong.pk}&cetak=1",
            expect(**own, **EMPLOYEES_403),
        ),
        Row(
            name,
            "POST is refused",
            lambda o: R(name),
            expect(anonymous=302, others=405),
            method="post",
            allowed=NOBODY,
        ),
    ]


ROWS = [
    Row("reports:index", "menu", lambda o: R("reports:index"), expect(**ALL_SCOPES, **EMPLOYEES_403)),
    Row("reports:index", "POST is refused", lambda o: R("reports:index"), expect(anonymous=302, others=405), method="post",
        allowed=NOBODY),
    *_rows_for("reports:duk", heads=True),
    *_rows_for("reports:rekap", heads=True),
    *_rows_for("reports:pensiun", heads=True),
    *_rows_for("reports:kgb", heads=False),
    *_rows_for("reports:kenaikan_pangkat", heads=False),
    *_rows_for("reports:satyalancana", heads=False),
]  # fmt: skip


# --- Letters (reports/views/letters.py): HR of the employees' agency and superusers; heads and employees
# 403 (as on the reports), another agency's HR 404. A POST records the letters and answers the PDF.
LETTER = dict(letter_date="2026-07-15", addressee="Kepala BPKAD", number="800/{no}/BKPSDM/2026")
SORONG_HR = {"superuser", "hr_sorong"}
PALEMBANG_HR = {"superuser", "hr_palembang"}
NOT_HR_403 = dict(head_dinkes_sorong=403, **EMPLOYEES_403)


def _kgb_letter(o, employee: str) -> str:
    return R("reports:kgb_letter", args=[getattr(o, employee).pk])


def _letter_rows() -> list[Row]:
    # The org's employees: rank III/a from 1 March 2015, KGB on 1 March 2027; promotion periods monthly.
    kgb_letters = lambda o: f"{R('reports:kgb_letters')}?instansi={o.sorong.pk}&bulan=12"  # noqa: E731
    promotion = lambda o: f"{R('reports:promotion_list')}?instansi={o.sorong.pk}"  # noqa: E731
    return [
        Row("reports:kgb_letter", "own agency's employee", lambda o: _kgb_letter(o, "employee_dinkes_sorong"),
            expect(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404, **NOT_HR_403)),
        Row("reports:kgb_letter", "own agency's employee", lambda o: _kgb_letter(o, "employee_dinkes_sorong"),
            expect(anonymous=302, superuser=200, hr_sorong=200, hr_palembang=404, **NOT_HR_403),
            method="post", data=lambda o: LETTER, allowed=SORONG_HR),
        Row("reports:kgb_letter", "another agency's employee", lambda o: _kgb_letter(o, "employee_dishub_palembang"),
            expect(anonymous=302, superuser=200, hr_sorong=404, hr_palembang=200, **NOT_HR_403),
            method="post", data=lambda o: LETTER, allowed=PALEMBANG_HR),
        Row("reports:kgb_letter", "nobody", lambda o: R("reports:kgb_letter", args=[999_999]),
            expect(anonymous=302, superuser=404, hr_sorong=404, hr_palembang=404, **NOT_HR_403)),
        Row("reports:kgb_letters", "default scope", lambda o: R("reports:kgb_letters"),
            expect(**HR_ONLY, **EMPLOYEES_403)),
        Row("reports:kgb_letters", "Kota Sorong", kgb_letters, expect(**HR_ONLY_SORONG, **EMPLOYEES_403)),
        Row("reports:kgb_letters", "Kota Sorong", kgb_letters, expect(**HR_ONLY_SORONG, **EMPLOYEES_403),
            method="post", data=lambda o: LETTER, allowed=SORONG_HR),
        Row("reports:kgb_letters", "another Sorong unit (Dishub)",
            lambda o: f"{R('reports:kgb_letters')}?unit={o.dishub_sorong.pk}&bulan=12",
            expect(**HR_ONLY_SORONG, **EMPLOYEES_403)),
        Row("reports:promotion_list", "default scope", lambda o: R("reports:promotion_list"),
            expect(**HR_ONLY, **EMPLOYEES_403)),
        Row("reports:promotion_list", "Kota Sorong", promotion, expect(**HR_ONLY_SORONG, **EMPLOYEES_403)),
        Row("reports:promotion_list", "Kota Sorong", promotion, expect(**HR_ONLY_SORONG, **EMPLOYEES_403),
            method="post", data=lambda o: LETTER, allowed=SORONG_HR),
        Row("reports:promotion_list", "Kota Palembang",
            lambda o: f"{R('reports:promotion_list')}?instansi={o.palembang.pk}",
            expect(**HR_ONLY_PALEMBANG, **EMPLOYEES_403)),
        # Public, no login: a recorded letter is valid for everyone, an unknown code 404 for everyone. Each
        # request from its own address (the rate limit counts per address, in a Redis shared across runs).
        Row("reports:letter_verify", "a recorded letter", _recorded_letter, expect(others=200),
            prepare=_own_address),
        Row("reports:letter_verify", "an unknown code", lambda o: R("reports:letter_verify", args=["A" * 16]),
            expect(others=404), prepare=_own_address),
        Row("reports:letter_verify", "POST is refused", _recorded_letter, expect(others=405), method="post",
            allowed=NOBODY, prepare=_own_address),
    ]  # fmt: skip


def _recorded_letter(o) -> str:
    letter = Letter.objects.create(
        kind=LetterKind.KGB_NOTICE,
        instansi=o.sorong,
        letter_date=date(2026, 7, 15),
        reference_date=date(2027, 3, 1),
        subject_name=o.employee_dinkes_sorong.full_name,
        subject_nip=o.employee_dinkes_sorong.nip,
        code=secrets.token_hex(8).upper(),
        digest="0" * 64,
    )
    return R("reports:letter_verify", args=[letter.code])


def _own_address(o, client, persona) -> None:
    client.defaults["REMOTE_ADDR"] = f"2001:db8::{secrets.token_hex(2)}:{secrets.token_hex(2)}"


ROWS += _letter_rows()


@pytest.mark.parametrize(("row", "persona"), matrix_params(ROWS), ids=matrix_ids(ROWS))
def test_reports_permission_matrix(org, row, persona):
    check_row(org, row, persona)
