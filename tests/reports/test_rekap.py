"""The rekap (bezetting) on a constructed agency with known counts per cell."""

from datetime import date

import pytest
from django.urls import reverse

from employees.rules.nip import build_ni_pppk

from ..factories import make_employee, make_instansi, make_unit
from .helpers import query_count, table_after_header, xlsx_sheets

pytestmark = pytest.mark.django_db


def pppk_nip(serial):
    return build_ni_pppk(
        birth_date=date(1992, 1, 1), tmt_year=2022, contract_count=1, gender="L", serial=serial
    )


@pytest.fixture
def agency(org):
    """OPD1 (with SUB and SUB.SEKSI below it), OPD2, an empty OPD3 and an empty inactive OPD4."""
    uji = make_instansi("kota-rekap", name="Pemerintah Kota Rekap")
    opd1 = make_unit(uji, "OPD1", name="Dinas Satu")
    sub = make_unit(uji, "OPD1.SUB", parent=opd1, name="Bidang Satu")
    seksi = make_unit(uji, "OPD1.SUB.SEKSI", parent=sub, name="Seksi Satu")
    opd2 = make_unit(uji, "OPD2", name="Dinas Dua")
    make_unit(uji, "OPD3", name="Dinas Tiga")
    make_unit(uji, "OPD4", name="Dinas Empat Lama", is_active=False)
    e = make_employee
    e(opd1, name="Kadis", golongan="IV/b", gender="L", education="S-2", position_kind="jpt_pratama")
    e(sub, name="Kabid", golongan="III/c", gender="P", education="S-1", position_kind="administrator")
    e(sub, name="PPPK Sub", golongan="PPPK-IX", kind="PPPK", nip=pppk_nip(1), gender="P", education="S-1",
      position_kind="fungsional")  # fmt: skip
    e(seksi, name="Staf Seksi", golongan="II/a", gender="L", education="SLTA")
    e(seksi, name="Perawat Seksi", golongan="III/a", gender="P", education="", position_kind="fungsional")
    e(opd2, name="Juru", golongan="I/c", gender="L", education="SD")
    e(opd2, name="PPPK Dua", golongan="PPPK-V", kind="PPPK", nip=pppk_nip(2), gender="L", education="SLTA")
    e(opd2, name="Keluar", golongan="IV/a", is_active=False)
    return {"instansi": uji, "opd1": opd1, "sub": sub, "opd2": opd2}


def rekap_url(agency, **extra):
    params = {"instansi": agency["instansi"].pk, **extra}
    return f"{reverse('reports:rekap')}?" + "&".join(f"{k}={v}" for k, v in params.items())


def cells(response, key):
    """{row label: {column label: count}} and the totals row of one cross-tab."""
    tab = next(t for t in response.context["rekap"].tabs if t.key == key)
    labels = [str(label) for _v, label in tab.columns]
    table = {row.display_label: dict(zip(labels, values, strict=True)) for row, values in tab.table()}
    totals = dict(zip(labels, tab.column_totals.values(), strict=True))
    return table, totals, tab.grand_total


def test_the_top_level_rekap_counts_each_opd_with_its_subtree(as_persona, agency):
    response = as_persona("superuser").get(rekap_url(agency))
    golongan, totals, total = cells(response, "golongan")
    assert golongan == {
        "Dinas Satu": {"Gol. I": 0, "Gol. II": 1, "Gol. III": 2, "Gol. IV": 1, "PPPK": 1},
        "Dinas Dua": {"Gol. I": 1, "Gol. II": 0, "Gol. III": 0, "Gol. IV": 0, "PPPK": 1},
        "Dinas Tiga": {"Gol. I": 0, "Gol. II": 0, "Gol. III": 0, "Gol. IV": 0, "PPPK": 0},
    }  # the inactive, empty OPD4 is left out; so is the deactivated employee
    assert totals == {"Gol. I": 1, "Gol. II": 1, "Gol. III": 2, "Gol. IV": 1, "PPPK": 2}
    assert total == 7
    sex, sex_totals, _ = cells(response, "jenis_kelamin")
    assert sex["Dinas Satu"] == {"Laki-laki": 2, "Perempuan": 3}
    assert sex_totals == {"Laki-laki": 4, "Perempuan": 3}
    education, edu_totals, _ = cells(response, "pendidikan")
    assert {k: v for k, v in education["Dinas Satu"].items() if v} == {
        "SLTA/sederajat": 1,
        "S-1": 2,
        "S-2": 1,
        "Belum diisi": 1,
    }
    assert {k: v for k, v in edu_totals.items() if v} == {
        "SD": 1,
        "SLTA/sederajat": 2,
        "S-1": 2,
        "S-2": 1,
        "Belum diisi": 1,
    }
    kinds, kind_totals, _ = cells(response, "jenis_jabatan")
    assert {k: v for k, v in kinds["Dinas Satu"].items() if v} == {
        "JPT Pratama": 1, "Administrator": 1, "Fungsional": 2, "Pelaksana": 1,
    }  # fmt: skip
    assert kind_totals["Pelaksana"] == 3
    assert "Belum diisi" not in kind_totals  # the not-recorded column shows only when used
    assert response.context["rekap"].pppk_grades == [("V", 1), ("IX", 1)]
    assert response.context["rekap"].total == 7


def test_choosing_a_unit_breaks_it_down_into_its_children(as_persona, agency):
    response = as_persona("superuser").get(rekap_url(agency, unit=agency["opd1"].pk))
    golongan, totals, total = cells(response, "golongan")
    assert totals == {"Gol. I": 0, "Gol. II": 1, "Gol. III": 2, "Gol. IV": 1, "PPPK": 1}
    assert golongan == {
        "Dinas Satu (langsung)": {"Gol. I": 0, "Gol. II": 0, "Gol. III": 0, "Gol. IV": 1, "PPPK": 0},
        "Bidang Satu": {"Gol. I": 0, "Gol. II": 1, "Gol. III": 2, "Gol. IV": 0, "PPPK": 1},
    }
    assert total == 5


def test_the_kind_filter_counts_pns_only(as_persona, agency):
    response = as_persona("superuser").get(rekap_url(agency, kind="PNS"))
    _, totals, total = cells(response, "golongan")
    assert total == 5 and totals["PPPK"] == 0


def test_the_charts_are_bars_scaled_to_the_largest_count(as_persona, agency):
    response = as_persona("superuser").get(rekap_url(agency))
    tab = response.context["rekap"].tabs[0]
    assert [(b["label"], b["count"], b["width"]) for b in tab.bars()] == [
        ("Gol. I", 1, "50.00"), ("Gol. II", 1, "50.00"), ("Gol. III", 2, "100.00"),
        ("Gol. IV", 1, "50.00"), ("PPPK", 2, "100.00"),
    ]  # fmt: skip
    html = response.content.decode()
    for key in ("golongan", "pendidikan", "jenis_kelamin", "jenis_jabatan"):
        assert f'data-testid="chart-{key}"' in html
    assert '<rect x="0" y="0" width="100.00" height="4" />' in html


def test_the_rekap_excel_holds_the_same_counts(as_persona, agency):
    sheets = xlsx_sheets(as_persona("superuser").get(rekap_url(agency, unduh="xlsx")))
    assert set(sheets) == {"Golongan", "Pendidikan", "Jenis kelamin", "Jenis jabatan", "PPPK per golongan"}
    rows = table_after_header(sheets["Golongan"], "Unit kerja")
    assert rows == [  # units by name
        ("Dinas Dua", 1, 0, 0, 0, 1, 2),
        ("Dinas Satu", 0, 1, 2, 1, 1, 5),
        ("Dinas Tiga", 0, 0, 0, 0, 0, 0),
        ("Jumlah", 1, 1, 2, 1, 2, 7),
    ]
    assert table_after_header(sheets["PPPK per golongan"], "Golongan PPPK") == [("V", 1), ("IX", 1)]


def test_a_head_gets_the_rekap_of_their_unit(as_persona, org):
    response = as_persona("head_dinkes_sorong").get(reverse("reports:rekap"))
    golongan, _totals, total = cells(response, "golongan")
    assert golongan == {
        "Dinas Kesehatan (langsung)": {"Gol. I": 0, "Gol. II": 0, "Gol. III": 0, "Gol. IV": 1, "PPPK": 0},
        "Puskesmas Sorong Kota": {"Gol. I": 0, "Gol. II": 0, "Gol. III": 1, "Gol. IV": 0, "PPPK": 0},
    }
    assert total == 2


def test_the_rekap_query_count_does_not_grow_with_units_or_employees(as_persona, agency):
    client = as_persona("superuser")
    url = rekap_url(agency)
    client.get(url)
    small = query_count(client, url)
    for i in range(25):
        unit = make_unit(agency["instansi"], f"BARU{i}", name=f"Badan {i}")
        make_employee(unit, name=f"Pegawai {i}")
    assert query_count(client, url) == small
    assert client.get(url).context["rekap"].total == 7 + 25
