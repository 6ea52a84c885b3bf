"""Deterministic demo data: four agencies of domain.md §1, their unit trees, employees and logins,
their performance year 2026 (demo.performance) and their citizen satisfaction surveys (demo.surveys).

Everything is keyed by natural keys (agency code, unit code, NIP, username), so a second run finds
what the first made and adds nothing. Employees are inserted in batches with their history rows.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from core.choices import TimeZone, UnitKind
from core.models import HrAssignment, Instansi, UnitKerja, child_path
from demo import attendance as demo_attendance
from demo import leave as demo_leave
from demo import performance as demo_performance
from demo import surveys as demo_surveys
from demo import training as demo_training
from employees.choices import PNS_RANKS, EmployeeKind, OfficialKind, PositionKind
from employees.models import Employee, InstansiOfficial, PositionHistory, RankHistory
from employees.rules.nip import build_ni_pppk, build_nip
from employees.services.records import refresh_current
from performance.models import Skp

DEMO_PASSWORD = "AsnPortal#2026"
SEED = 20261123
BATCH = 2000


@dataclass
class U:
    """A unit of the demo tree: code suffix, name, kind, head title, children."""

    code: str
    name: str
    kind: str
    head: str = ""
    children: list[U] = field(default_factory=list)


def _opd_common(city: str) -> list[U]:
    return [
        U(
            "SETDA",
            "Sekretariat Daerah",
            UnitKind.SEKRETARIAT,
            "Sekretaris Daerah",
            [
                U(
                    "UMUM",
                    "Bagian Umum",
                    UnitKind.BAGIAN,
                    "Kepala Bagian Umum",
                    [
                        U("TU", "Subbagian Tata Usaha", UnitKind.SUBBAGIAN, "Kepala Subbagian Tata Usaha"),
                    ],
                ),
                U("ORG", "Bagian Organisasi", UnitKind.BAGIAN, "Kepala Bagian Organisasi"),
            ],
        ),
        U("INSP", "Inspektorat", UnitKind.INSPEKTORAT, "Inspektur"),
        U(
            "BKPSDM",
            "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
            UnitKind.BADAN,
            "Kepala BKPSDM",
            [
                U("MUTASI", "Bidang Mutasi dan Promosi", UnitKind.BIDANG, "Kepala Bidang Mutasi dan Promosi"),
                U(
                    "BANGKOM",
                    "Bidang Pengembangan Kompetensi",
                    UnitKind.BIDANG,
                    "Kepala Bidang Pengembangan Kompetensi",
                ),
            ],
        ),
        U(
            "DINKES",
            "Dinas Kesehatan",
            UnitKind.DINAS,
            "Kepala Dinas Kesehatan",
            [
                U(
                    "YANKES",
                    "Bidang Pelayanan Kesehatan",
                    UnitKind.BIDANG,
                    "Kepala Bidang Pelayanan Kesehatan",
                    [
                        U(
                            "RUJUKAN",
                            "Seksi Pelayanan Kesehatan Rujukan",
                            UnitKind.SEKSI,
                            "Kepala Seksi Pelayanan Kesehatan Rujukan",
                        ),
                    ],
                ),
                U("P2P", "Bidang Pencegahan dan Pengendalian Penyakit", UnitKind.BIDANG, "Kepala Bidang P2P"),
                U("PKM1", f"Puskesmas {city} Kota", UnitKind.PUSKESMAS, "Kepala Puskesmas"),
                U("PKM2", f"Puskesmas {city} Timur", UnitKind.PUSKESMAS, "Kepala Puskesmas"),
            ],
        ),
        U(
            "DISDIK",
            "Dinas Pendidikan dan Kebudayaan",
            UnitKind.DINAS,
            "Kepala Dinas Pendidikan",
            [
                U("SD", "Bidang Pembinaan Sekolah Dasar", UnitKind.BIDANG, "Kepala Bidang Pembinaan SD"),
                U("SDN1", f"SD Negeri 1 {city}", UnitKind.SEKOLAH, "Kepala Sekolah"),
                U("SMPN1", f"SMP Negeri 1 {city}", UnitKind.SEKOLAH, "Kepala Sekolah"),
            ],
        ),
        U(
            "DISHUB",
            "Dinas Perhubungan",
            UnitKind.DINAS,
            "Kepala Dinas Perhubungan",
            [
                U("LLAJ", "Bidang Lalu Lintas dan Angkutan Jalan", UnitKind.BIDANG, "Kepala Bidang LLAJ"),
            ],
        ),
        U(
            "DUKCAPIL",
            "Dinas Kependudukan dan Pencatatan Sipil",
            UnitKind.DINAS,
            "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        ),
    ]


def _kecamatan(names: list[str]) -> list[U]:
    return [
        U(
            f"KEC{i}",
            f"Kecamatan {name}",
            UnitKind.KECAMATAN,
            "Camat",
            [
                U("SEKCAM", "Sekretariat Kecamatan", UnitKind.SUBBAGIAN, "Sekretaris Camat"),
                U("KEL1", f"Kelurahan {name} I", UnitKind.KELURAHAN, "Lurah"),
            ],
        )
        for i, name in enumerate(names, start=1)
    ]


def _province_tree() -> list[U]:
    return [
        U(
            "SETDA",
            "Sekretariat Daerah Provinsi",
            UnitKind.SEKRETARIAT,
            "Sekretaris Daerah",
            [
                U("PEM", "Biro Pemerintahan", UnitKind.BAGIAN, "Kepala Biro Pemerintahan"),
                U("UMUM", "Biro Umum", UnitKind.BAGIAN, "Kepala Biro Umum"),
            ],
        ),
        U("INSP", "Inspektorat Provinsi", UnitKind.INSPEKTORAT, "Inspektur"),
        U(
            "BKD",
            "Badan Kepegawaian Daerah",
            UnitKind.BADAN,
            "Kepala BKD",
            [
                U("MUTASI", "Bidang Mutasi", UnitKind.BIDANG, "Kepala Bidang Mutasi"),
            ],
        ),
        U(
            "DINKES",
            "Dinas Kesehatan",
            UnitKind.DINAS,
            "Kepala Dinas Kesehatan",
            [
                U(
                    "YANKES",
                    "Bidang Pelayanan Kesehatan",
                    UnitKind.BIDANG,
                    "Kepala Bidang Pelayanan Kesehatan",
                ),
                U("RSUD", "RSUD Dr. H. Chasan Boesoirie", UnitKind.RUMAH_SAKIT, "Direktur RSUD"),
            ],
        ),
        U(
            "DISDIK",
            "Dinas Pendidikan",
            UnitKind.DINAS,
            "Kepala Dinas Pendidikan",
            [
                U("SMA", "Bidang Pembinaan SMA", UnitKind.BIDANG, "Kepala Bidang Pembinaan SMA"),
                U("SMAN1", "SMA Negeri 1 Halmahera Barat", UnitKind.SEKOLAH, "Kepala Sekolah"),
                U("SMAN2", "SMA Negeri 2 Kota Tidore Kepulauan", UnitKind.SEKOLAH, "Kepala Sekolah"),
            ],
        ),
        U("DISHUB", "Dinas Perhubungan", UnitKind.DINAS, "Kepala Dinas Perhubungan"),
    ]


AGENCIES: list[dict[str, Any]] = [
    dict(
        code="kota-sorong",
        name="Pemerintah Kota Sorong",
        kind="kota",
        province="Papua Barat Daya",
        seat="Sorong",
        time_zone=TimeZone.WIT,
        ppk_title="Wali Kota Sorong",
        hr_office_name="BKPSDM Kota Sorong",
        tree=lambda: _opd_common("Sorong") + _kecamatan(["Sorong Manoi", "Klaurung"]),
    ),
    dict(
        code="kota-palembang",
        name="Pemerintah Kota Palembang",
        kind="kota",
        province="Sumatera Selatan",
        seat="Palembang",
        time_zone=TimeZone.WIB,
        ppk_title="Wali Kota Palembang",
        hr_office_name="BKPSDM Kota Palembang",
        tree=lambda: _opd_common("Palembang") + _kecamatan(["Plaju", "Ilir Barat I"]),
    ),
    dict(
        code="kota-sawahlunto",
        name="Pemerintah Kota Sawahlunto",
        kind="kota",
        province="Sumatera Barat",
        seat="Sawahlunto",
        time_zone=TimeZone.WIB,
        ppk_title="Wali Kota Sawahlunto",
        hr_office_name="BKPSDM Kota Sawahlunto",
        tree=lambda: _opd_common("Sawahlunto") + _kecamatan(["Lembah Segar", "Talawi"]),
    ),
    dict(
        code="prov-maluku-utara",
        name="Pemerintah Provinsi Maluku Utara",
        kind="provinsi",
        province="Maluku Utara",
        seat="Sofifi",
        time_zone=TimeZone.WIT,
        ppk_title="Gubernur Maluku Utara",
        hr_office_name="BKD Provinsi Maluku Utara",
        tree=_province_tree,
    ),
]

MALE = [
    "Ahmad",
    "Budi",
    "Muhammad",
    "Rizky",
    "Agus",
    "Yohanes",
    "Daniel",
    "Fransiskus",
    "Hendra",
    "Irfan",
    "Joko",
    "Kurniawan",
    "Rahmat",
    "Samuel",
    "Taufik",
    "Yusuf",
    "Andi",
    "Fadli",
    "Marthinus",
    "Zulkifli",
    "Hasan",
    "Arif",
    "Bambang",
    "Dedi",
    "Eko",
    "Wahyu",
]
FEMALE = [
    "Siti",
    "Nur",
    "Dewi",
    "Maria",
    "Yuliana",
    "Fitri",
    "Rina",
    "Sri",
    "Ayu",
    "Ratna",
    "Lestari",
    "Novita",
    "Putri",
    "Wulan",
    "Agustina",
    "Kartika",
    "Indah",
    "Mega",
    "Yosephina",
    "Rahmawati",
    "Halimah",
    "Nurul",
    "Dian",
    "Fatimah",
    "Susanti",
    "Anita",
]
FAMILY = [
    "Wanggai",
    "Rumbiak",
    "Kambu",
    "Mayor",
    "Syahputra",
    "Harahap",
    "Siregar",
    "Nasution",
    "Pratama",
    "Saputra",
    "Wijaya",
    "Hidayat",
    "Lubis",
    "Chaniago",
    "Piliang",
    "Tanjung",
    "Koto",
    "Marasabessy",
    "Tuanaya",
    "Soamole",
    "Umasugi",
    "Sahupala",
    "Gafur",
    "Daud",
    "Kurniasih",
    "Rahman",
    "Permana",
    "Situmorang",
    "Effendi",
    "Ramadhan",
]

POSITIONS = {
    UnitKind.PUSKESMAS: [
        ("Perawat Ahli Pertama", PositionKind.FUNGSIONAL, "S.Kep."),
        ("Bidan Terampil", PositionKind.FUNGSIONAL, "A.Md.Keb."),
        ("Dokter Ahli Pertama", PositionKind.FUNGSIONAL, "dr."),
    ],
    UnitKind.RUMAH_SAKIT: [
        ("Perawat Ahli Muda", PositionKind.FUNGSIONAL, "S.Kep."),
        ("Dokter Ahli Muda", PositionKind.FUNGSIONAL, "dr."),
    ],
    UnitKind.SEKOLAH: [
        ("Guru Ahli Pertama", PositionKind.FUNGSIONAL, "S.Pd."),
        ("Guru Ahli Muda", PositionKind.FUNGSIONAL, "S.Pd."),
    ],
}
GENERAL_POSITIONS = [
    ("Penata Layanan Operasional", PositionKind.PELAKSANA, "S.E."),
    ("Pengadministrasi Perkantoran", PositionKind.PELAKSANA, ""),
    ("Operator Layanan Operasional", PositionKind.PELAKSANA, ""),
    ("Analis Kebijakan Ahli Pertama", PositionKind.FUNGSIONAL, "S.Sos."),
    ("Pranata Komputer Ahli Pertama", PositionKind.FUNGSIONAL, "S.Kom."),
    ("Analis SDM Aparatur Ahli Muda", PositionKind.FUNGSIONAL, "S.H."),
]
HEAD_KIND = {  # head position kind and golongan by unit kind
    UnitKind.SEKRETARIAT: (PositionKind.JPT_PRATAMA, "IV/d"),
    UnitKind.DINAS: (PositionKind.JPT_PRATAMA, "IV/c"),
    UnitKind.BADAN: (PositionKind.JPT_PRATAMA, "IV/c"),
    UnitKind.INSPEKTORAT: (PositionKind.JPT_PRATAMA, "IV/c"),
    UnitKind.RUMAH_SAKIT: (PositionKind.JPT_PRATAMA, "IV/b"),
    UnitKind.BIDANG: (PositionKind.ADMINISTRATOR, "IV/a"),
    UnitKind.BAGIAN: (PositionKind.ADMINISTRATOR, "IV/a"),
    UnitKind.KECAMATAN: (PositionKind.ADMINISTRATOR, "IV/a"),
    UnitKind.SUBBAGIAN: (PositionKind.PENGAWAS, "III/d"),
    UnitKind.SEKSI: (PositionKind.PENGAWAS, "III/d"),
    UnitKind.KELURAHAN: (PositionKind.PENGAWAS, "III/c"),
    UnitKind.PUSKESMAS: (PositionKind.PENGAWAS, "III/d"),
    UnitKind.SEKOLAH: (PositionKind.FUNGSIONAL, "IV/a"),
}

# Demo logins: username -> (agency code, unit code or None, role, description)
LOGINS = [
    ("admin", None, None, "superuser", "Administrator sistem"),
    ("hr.sorong", "kota-sorong", None, "hr", "Petugas BKPSDM Kota Sorong"),
    ("hr.palembang", "kota-palembang", None, "hr", "Petugas BKPSDM Kota Palembang"),
    ("kadinkes.sorong", "kota-sorong", "DINKES", "head", "Kepala Dinas Kesehatan Kota Sorong"),
    # The chain of a nurse's SKP: pegawai.dinkes.sorong -> kapus.sorong -> kadinkes.sorong -> sekda.sorong.
    ("kapus.sorong", "kota-sorong", "DINKES.PKM1", "head", "Kepala Puskesmas Sorong Kota"),
    ("sekda.sorong", "kota-sorong", "SETDA", "head", "Sekretaris Daerah Kota Sorong (penilai kepala OPD)"),
    # Dinas Perhubungan Kota Sorong has no SKP 2026 yet: the story to play from the draft on,
    # pegawai.dishub.sorong -> kabid.llaj.sorong -> kadishub.sorong -> sekda.sorong.
    (
        "kadishub.sorong",
        "kota-sorong",
        "DISHUB",
        "head",
        "Kepala Dinas Perhubungan Kota Sorong (SKP belum disusun)",
    ),
    (
        "kabid.llaj.sorong",
        "kota-sorong",
        "DISHUB.LLAJ",
        "head",
        "Kepala Bidang LLAJ, Dishub Kota Sorong (SKP belum disusun)",
    ),
    ("camat.plaju", "kota-palembang", "KEC1", "head", "Camat Plaju, Kota Palembang"),
    (
        "pegawai.dinkes.sorong",
        "kota-sorong",
        "DINKES.PKM1",
        "employee",
        "Tenaga kesehatan, Puskesmas Sorong Kota",
    ),
    (
        "pegawai.dishub.sorong",
        "kota-sorong",
        "DISHUB.LLAJ",
        "employee",
        "Pelaksana, Dishub Kota Sorong (SKP belum disusun)",
    ),
    (
        "pegawai.dishub.palembang",
        "kota-palembang",
        "DISHUB.LLAJ",
        "employee",
        "Pelaksana, Dinas Perhubungan Kota Palembang",
    ),
]


@dataclass
class SeedResult:
    agencies: int
    units: int
    employees_created: int
    employees_total: int
    logins: list[tuple[str, str, str]]
    skps_created: int = 0
    skps_total: int = 0
    survey_responses_created: int = 0
    leave_requests_created: int = 0


def _walk(nodes: list[U], prefix: str = "") -> Iterator[tuple[str, str, U]]:
    """(full code, parent code, node) in tree order."""
    for node in nodes:
        code = f"{prefix}.{node.code}" if prefix else node.code
        yield code, prefix, node
        yield from _walk(node.children, code)


@transaction.atomic
def seed_units() -> dict[str, dict[str, UnitKerja]]:
    """Create or update the agencies and their unit trees; return units by agency and code."""
    result: dict[str, dict[str, UnitKerja]] = {}
    for spec in AGENCIES:
        fields = {k: v for k, v in spec.items() if k not in ("code", "tree")}
        instansi, _ = Instansi.objects.update_or_create(code=spec["code"], defaults=fields)
        units: dict[str, UnitKerja] = {
            u.code: u for u in UnitKerja.objects.filter(instansi=instansi).select_related("instansi")
        }
        for code, parent_code, node in _walk(spec["tree"]()):
            parent = units.get(parent_code) if parent_code else None
            unit = units.get(code)
            if unit is None:
                unit = UnitKerja.objects.create(
                    instansi=instansi,
                    parent=parent,
                    code=code,
                    name=node.name,
                    kind=node.kind,
                    head_title=node.head,
                    path="-",
                )
                unit.path, unit.depth = child_path(parent, unit.pk)
                UnitKerja.objects.filter(pk=unit.pk).update(path=unit.path, depth=unit.depth)
                units[code] = unit
        result[spec["code"]] = units
    return result


def _person(rng: random.Random) -> tuple[str, str]:
    gender = rng.choice("LP")
    first = rng.choice(MALE if gender == "L" else FEMALE)
    middle = rng.choice(MALE if gender == "L" else FEMALE)
    use_middle = rng.random() < 0.3
    family = rng.choice(FAMILY)
    # A middle name equal to the first ("Ratna Ratna Wijaya") is left out.
    name = f"{first} {middle} {family}" if use_middle and middle != first else f"{first} {family}"
    return name, gender


# The first golongan by the education of the appointment (index into PNS_RANKS: II/a, II/c, III/a,
# III/b) and the highest a regular promotion reaches with it in the demo (III/b, III/c, III/d, IV/a):
# a D-I operator does not reach IV/b (Policy for the demo, common practice; docs/domain-notes.md).
RANK_BY_EDUCATION = {"SLTA": (4, 9), "D-I": (4, 9), "D-III": (6, 10), "S-1": (8, 11), "S-2": (9, 12)}


def _rank_path(education: str, tmt_cpns: date, today: date) -> list[tuple[str, date]]:
    """Ranks from the first appointment, by education, then one step every four years up to the
    education's ceiling."""
    start, ceiling = RANK_BY_EDUCATION.get(education, (8, 11))
    path = [(PNS_RANKS[start][0], tmt_cpns)]
    step, year = start, tmt_cpns.year + 4
    while step < ceiling and date(year, 4, 1) <= today:
        step += 1
        path.append((PNS_RANKS[step][0], date(year, 4, 1)))
        year += 4
    return path


def employee_rows(units: dict[str, dict[str, UnitKerja]], total: int) -> Iterator[Employee]:
    """`total` unsaved employees, the same on every run: heads first, then staff round-robin."""
    rng = random.Random(SEED)
    serials: dict[str, int] = {}
    all_units = [u for agency in units.values() for u in agency.values()]
    today = date(2026, 1, 1)
    produced = 0

    def make(unit: UnitKerja, *, head: bool) -> Employee:
        name, gender = _person(rng)
        pppk = not head and rng.random() < 0.2
        # Nobody past the BUP of 58 (domain.md §3) in the demo year: born 1970 or later.
        if head:
            birth = date(rng.randint(1970, 1982), rng.randint(1, 12), rng.randint(1, 28))
        else:
            birth = date(rng.randint(1970, 2001), rng.randint(1, 12), rng.randint(1, 28))
        if pppk:
            tmt_year = max(2021, birth.year + 23)
            tmt_year = min(tmt_year, 2025)
            prefix = f"{birth:%Y%m%d}{tmt_year}2"
        else:
            tmt_year = min(birth.year + rng.randint(22, 30), 2024)
            tmt_month = rng.choice([1, 3, 4, 12])
            prefix = f"{birth:%Y%m%d}{tmt_year}{tmt_month:02d}"
        key = prefix + gender
        serials[key] = serials.get(key, 0) + 1
        serial = serials[key]
        if pppk:
            nip = build_ni_pppk(
                birth_date=birth, tmt_year=tmt_year, contract_count=1, gender=gender, serial=serial
            )
        else:
            nip = build_nip(
                birth_date=birth, tmt_year=tmt_year, tmt_month=tmt_month, gender=gender, serial=serial
            )
        start = date(tmt_year, 1, 1) if pppk else date(tmt_year, tmt_month, 1)
        position_tmt = start
        if head and unit.kind in HEAD_KIND:
            kind, golongan = HEAD_KIND[UnitKind(unit.kind)]
            ranks = [("III/a", start), (golongan, date(2022, 4, 1))]
            position_tmt = date(2023, 1, 2)
            position, front, back = unit.head_title, "", rng.choice(["S.E., M.M.", "S.H., M.H.", "M.Si."])
        else:
            position, kind, title = rng.choice(POSITIONS.get(UnitKind(unit.kind), GENERAL_POSITIONS))
            front, back = ("dr.", "") if title == "dr." else ("", title)
        # Drawn after the NIP so that adding fields here does not change who the demo people are.
        education = (
            education_for(front, back) if back or front or head else rng.choice(["SLTA", "SLTA", "D-I"])
        )
        if not (head and unit.kind in HEAD_KIND):
            if pppk:
                ranks = [(f"PPPK-{rng.choice(['V', 'VII', 'IX', 'X'])}", start)]
            else:
                ranks = _rank_path(education, start, today)
        if pppk:
            tmt = {"tmt_pppk": date(tmt_year, 1, 1)}
        else:
            tmt = {"tmt_cpns": date(tmt_year, tmt_month, 1), "tmt_pns": date(tmt_year + 1, tmt_month, 1)}
        employee = Employee(
            **tmt,
            employment_status=EmployeeKind.PPPK if pppk else EmployeeKind.PNS,
            education=education,
            religion=rng.choice(["islam", "islam", "kristen", "katolik", "hindu", "buddha"]),
            marital_status=rng.choice(["kawin", "kawin", "belum_kawin"]),
            birth_place=unit.instansi.seat,
            nip=nip,
            kind=EmployeeKind.PPPK if pppk else EmployeeKind.PNS,
            name=name,
            front_title=front,
            back_title=back,
            birth_date=birth,
            gender=gender,
            unit=unit,
            is_unit_head=head,
        )
        # Saved after the employee: the first rows of the rank and position histories.
        employee.demo_ranks = ranks  # type: ignore[attr-defined]
        employee.demo_position = (position, kind, position_tmt)  # type: ignore[attr-defined]
        return employee

    for unit in all_units:
        if unit.head_title and produced < total:
            produced += 1
            yield make(unit, head=True)
    # Staff for the demo logins' units come next, so that any total has them.
    login_units = [
        _login_unit(units, agency, code) for _u, agency, code, role, _d in LOGINS if role == "employee"
    ]
    for unit in login_units:
        if produced < total:
            produced += 1
            yield make(unit, head=False)
    i = 0
    while produced < total:
        unit = all_units[i % len(all_units)]
        i += 1
        produced += 1
        yield make(unit, head=False)


def education_for(front: str, back: str) -> str:
    """The education an academic title stands for (a master's title: S-2; A.Md.: D-III; a bachelor's
    title or the doctor's dr.: S-1), so that the demo record agrees with the name it prints."""
    titles = [t.strip() for t in back.split(",") if t.strip()]
    if any(t.startswith("Dr.") for t in [front]) or any(t in ("Dr.", "Ph.D.") for t in titles):
        return "S-3"
    if any(t.startswith("M.") for t in titles):
        return "S-2"
    if any(t.startswith("A.Md") for t in titles):
        return "D-III"
    return "S-1"


def masa_kerja(start: date | None, tmt: date) -> dict[str, int]:
    """The masa kerja golongan an SK states at a rank's TMT: the service since the first appointment
    (the demo ignores the cuts between golongan groups, as docs/domain-notes.md says of MKG)."""
    if start is None or tmt <= start:
        return {"mk_years": 0, "mk_months": 0}
    months = (tmt.year - start.year) * 12 + tmt.month - start.month - (tmt.day < start.day)
    return {"mk_years": months // 12, "mk_months": months % 12}


def _login_unit(units: dict[str, dict[str, UnitKerja]], agency: str | None, code: str | None) -> UnitKerja:
    """The unit of a head's or an employee's demo login (LOGINS names both for those)."""
    assert agency is not None and code is not None
    return units[agency][code]


def seed_employees(units: dict[str, dict[str, UnitKerja]], total: int) -> int:
    """Insert the employees that are missing, in batches; return how many were created."""
    created = 0
    batch: list[Employee] = []

    def flush() -> int:
        existing = set(Employee.objects.filter(nip__in=[e.nip for e in batch]).values_list("nip", flat=True))
        missing = [e for e in batch if e.nip not in existing]
        if missing:
            with transaction.atomic():
                bulk_create_with_history(missing, Employee, batch_size=BATCH)
                _create_histories(missing)
        batch.clear()
        return len(missing)

    for employee in employee_rows(units, total):
        batch.append(employee)
        if len(batch) >= BATCH:
            created += flush()
    if batch:
        created += flush()
    return created


def _create_histories(employees: list[Employee]) -> None:
    """Rank and position history rows of freshly inserted employees, then their current pointers."""
    ids = dict(Employee.objects.filter(nip__in=[e.nip for e in employees]).values_list("nip", "pk"))
    ranks, positions = [], []
    for e in employees:
        pk = ids[e.nip]
        start = e.tmt_pppk or e.tmt_cpns
        ranks += [
            RankHistory(employee_id=pk, golongan=g, tmt=tmt, **masa_kerja(start, tmt))
            for g, tmt in e.demo_ranks  # type: ignore[attr-defined]
        ]
        name, kind, tmt = e.demo_position  # type: ignore[attr-defined]
        positions.append(PositionHistory(employee_id=pk, name=name, kind=kind, tmt=tmt))
    RankHistory.objects.bulk_create(ranks, batch_size=BATCH)
    PositionHistory.objects.bulk_create(positions, batch_size=BATCH)
    refresh_current(list(ids.values()))


@transaction.atomic
def seed_logins(units: dict[str, dict[str, UnitKerja]]) -> list[tuple[str, str, str]]:
    """One login per role; passwords are reset to the demo password on every run."""
    user_model = get_user_model()
    printed = []
    for username, agency, unit_code, role, description in LOGINS:
        user, _ = user_model.objects.get_or_create(username=username)
        user.is_superuser = user.is_staff = role == "superuser"
        user.first_name = description
        user.set_password(DEMO_PASSWORD)
        user.save()
        login = username
        if role == "hr":
            HrAssignment.objects.get_or_create(user=user, instansi=Instansi.objects.get(code=agency))
        if role in ("head", "employee"):
            unit = _login_unit(units, agency, unit_code)
            employee = Employee.objects.filter(user=user).first() or (
                Employee.objects.filter(unit=unit, is_unit_head=(role == "head"), user__isnull=True)
                .order_by("nip")
                .first()
            )
            assert employee is not None, f"no employee left for the demo login {username}"
            if employee.user_id != user.pk:  # no history row when nothing changes
                employee.user = user
                employee.save(update_fields=["user"])
            user.first_name, user.last_name = employee.name[:150], ""
            user.save(update_fields=["first_name", "last_name"])
            login = f"{username} / NIP {employee.nip}"
        printed.append((role, login, description))
    return printed


# The kepala daerah of each demo agency (PPK, pejabat penilai of the Sekda): fictional names.
KEPALA_DAERAH = {
    "kota-sorong": "Yohanes Mambrasar",
    "kota-palembang": "Ahmad Fauzan",
    "kota-sawahlunto": "Rizal Chaniago",
    "prov-maluku-utara": "Sultan Hamid Umasugi",
}


@transaction.atomic
def seed_officials(units: dict[str, dict[str, UnitKerja]]) -> None:
    """The top of each agency: the head of its Sekretariat Daerah as the Sekda (pejabat penilai of
    the heads of the OPD) and the kepala daerah (PPK), who has no employee record."""
    for spec in AGENCIES:
        instansi = Instansi.objects.get(code=spec["code"])
        sekda = Employee.objects.filter(unit=units[spec["code"]]["SETDA"], is_unit_head=True).first()
        InstansiOfficial.objects.get_or_create(
            instansi=instansi,
            kind=OfficialKind.SEKDA,
            defaults={
                "title": "Sekretaris Daerah " + instansi.name.removeprefix("Pemerintah "),
                "employee": sekda,
            },
        )
        InstansiOfficial.objects.get_or_create(
            instansi=instansi,
            kind=OfficialKind.KEPALA_DAERAH,
            defaults={"title": instansi.ppk_title, "holder_name": KEPALA_DAERAH[spec["code"]]},
        )


def seed(*, employees: int = 300) -> SeedResult:
    units = seed_units()
    created = seed_employees(units, employees)
    logins = seed_logins(units)
    seed_officials(units)
    login_user_ids = set(
        get_user_model().objects.filter(username__in=[row[0] for row in LOGINS]).values_list("pk", flat=True)
    )
    skps_created = demo_performance.seed(login_user_ids)
    responses_created = demo_surveys.seed()
    demo_training.seed()
    leave_created = demo_leave.seed({row[0] for row in LOGINS})
    demo_attendance.seed()
    demo_attendance.seed_presensi()
    return SeedResult(
        agencies=Instansi.objects.count(),
        units=UnitKerja.objects.count(),
        employees_created=created,
        employees_total=Employee.objects.count(),
        logins=logins,
        skps_created=skps_created,
        skps_total=Skp.objects.count(),
        survey_responses_created=responses_created,
        leave_requests_created=leave_created,
    )
