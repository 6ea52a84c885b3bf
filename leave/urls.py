from django.urls import path

from .views import balance_export, balances, calendar, documents, officials, public, requests, team

app_name = "leave"

urlpatterns = [
    path("", requests.my_leave, name="mine"),
    path("ajukan/", requests.request_new, name="request_new"),
    path("ajukan/pratinjau/", requests.request_preview, name="request_preview"),
    path("permintaan/<int:pk>/", requests.request_detail, name="detail"),
    path("permintaan/<int:pk>/lampiran/", requests.request_attachment, name="attachment"),
    path("permintaan/<int:pk>/pertimbangan/", requests.request_recommend, name="recommend"),
    path("permintaan/<int:pk>/keputusan/", requests.request_decide, name="decide"),
    path("permintaan/<int:pk>/batal/", requests.request_cancel, name="cancel"),
    path("permintaan/<int:pk>/ubah-tanggal/", requests.request_amend, name="amend"),
    path("antrean/", requests.queue, name="queue"),
    path("kelola/", requests.hr_requests, name="hr_requests"),
    path("kelola/unduh/", requests.hr_requests_export, name="hr_requests_export"),
    path("saldo/", balances.balance_list, name="balances"),
    path("saldo/<int:pk>/", balances.employee_balance, name="employee_balance"),
    path("kalender/", calendar.calendar, name="calendar"),
    path("kalender/<int:pk>/hapus/", calendar.calendar_day_delete, name="calendar_day_delete"),
    path("pejabat/", officials.officials, name="officials"),
    path("pejabat/aturan/<int:pk>/hapus/", officials.pyb_rule_delete, name="pyb_rule_delete"),
    path("pejabat/plt/<int:pk>/hapus/", officials.acting_delete, name="acting_delete"),
]

# The official form and the decision letter of a request (views/documents.py) and the letter's public
# verification page, reached through its QR code (views/public.py, no login).
urlpatterns += [
    path("permintaan/<int:pk>/formulir.pdf", documents.form_pdf, name="form_pdf"),
    path("permintaan/<int:pk>/surat-izin/", documents.letter, name="letter"),
    path("verifikasi/<slug:code>/", public.letter_verify, name="letter_verify"),
]

# HR's Excel export of the balances (views/balance_export.py).
urlpatterns += [
    path("saldo/unduh/", balance_export.balances_export, name="balances_export"),
]

# The head's team calendar (views/team.py).
urlpatterns += [
    path("tim/kalender/", team.team_calendar, name="team_calendar"),
]
