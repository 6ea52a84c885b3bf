from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from core.http import ActorRequest

from .. import access

# (report key, URL name, title, what it answers)
REPORTS = [
    ("duk", "reports:duk", _("Daftar Urut Kepangkatan (DUK)"), _("Urutan PNS menurut pangkat, jabatan, masa kerja, pendidikan dan usia.")),
    ("rekap", "reports:rekap", _("Rekapitulasi pegawai (bezetting)"), _("Jumlah pegawai per unit menurut golongan, pendidikan, jenis kelamin dan jenis jabatan.")),
    ("kgb", "reports:kgb", _("Kenaikan gaji berkala (KGB) mendatang"), _("PNS yang KGB-nya jatuh dalam beberapa bulan ke depan.")),
    ("kenaikan_pangkat", "reports:kenaikan_pangkat", _("Kenaikan pangkat reguler"), _("PNS yang memenuhi syarat masa kerja untuk periode kenaikan pangkat berikutnya.")),
    ("pensiun", "reports:pensiun", _("Proyeksi pensiun (BUP)"), _("Pegawai yang mencapai batas usia pensiun dalam 1–5 tahun ke depan.")),
    ("satyalancana", "reports:satyalancana", _("Calon Satyalancana Karya Satya"), _("PNS yang mencapai 10, 20 atau 30 tahun masa kerja tanpa hukuman disiplin sedang/berat.")),
]  # fmt: skip


@login_required
@require_safe
def index(request: ActorRequest) -> HttpResponse:
    actor = request.actor
    access.require(access.can_view_reports(actor))
    reports = [
        {"url_name": url_name, "title": title, "description": description}
        for key, url_name, title, description in REPORTS
        if access.can_view_report(actor, key)
    ]
    return render(request, "reports/index.html", {"reports": reports})
