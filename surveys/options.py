"""The option lists of the public form's respondent data (domain §9: "option lists are configuration").

A response stores the code (stable, short: Response.education max 20, occupation max 40); the label is
shown in the interface language. An agency that needs other lists sets SURVEY_EDUCATION_OPTIONS or
SURVEY_OCCUPATION_OPTIONS in the settings to a list of (code, label) pairs; the defaults below follow the
example questionnaire of PermenPANRB 14/2017 as the SKM portals use it. Changing a list never changes
stored responses: a code that is no longer offered is shown as it was stored.

Imports nothing of the app, so every layer (forms, selectors, the results pages) may read it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

Options = list[tuple[str, Any]]  # (code, label: a lazy translation)

EDUCATION: Options = [
    ("sd", _("SD atau sederajat")),
    ("smp", _("SMP atau sederajat")),
    ("sma", _("SMA/SMK atau sederajat")),
    ("d1-d3", _("Diploma (D1–D3)")),
    ("d4-s1", _("D4 atau S1")),
    ("s2", _("S2")),
    ("s3", _("S3")),
    ("lainnya", _("Tidak sekolah / lainnya")),
]

OCCUPATION: Options = [
    ("asn", _("PNS/ASN")),
    ("tni-polri", _("TNI/Polri")),
    ("swasta", _("Pegawai swasta")),
    ("wirausaha", _("Wirausaha")),
    ("petani-nelayan", _("Petani/nelayan")),
    ("pelajar", _("Pelajar/mahasiswa")),
    ("rumah-tangga", _("Mengurus rumah tangga")),
    ("tidak-bekerja", _("Tidak bekerja")),
    ("lainnya", _("Lainnya")),
]

# The labels of an extra question of the kind "scale" (1–4): the instansi writes only its question.
SCALE_LABELS: Options = [
    ("1", _("Tidak baik")),
    ("2", _("Kurang baik")),
    ("3", _("Baik")),
    ("4", _("Sangat baik")),
]

AGE_MIN = 10
AGE_MAX = 120


def education_options() -> Options:
    return list(getattr(settings, "SURVEY_EDUCATION_OPTIONS", EDUCATION))


def occupation_options() -> Options:
    return list(getattr(settings, "SURVEY_OCCUPATION_OPTIONS", OCCUPATION))


def label_of(options: Options, code: str) -> str:
    """The label of a stored code, or the code itself when the list no longer offers it."""
    return str(dict(options).get(code, code))
