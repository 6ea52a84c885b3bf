"""The demo's training data: programmes in every state, enrolments at each step for the demo logins,
and the nurse's certificate and riwayat diklat; loaded through the services, idempotent."""

from demo import seed as demo_seed
from employees.models import TrainingHistory
from training.models import Enrolment, Programme
from training.selectors.public import certificate_by_code


def test_the_demo_has_training_at_every_step_and_runs_twice(db):
    demo_seed.seed(employees=120)
    states = set(Programme.objects.values_list("state", flat=True))
    assert {"draf", "dibuka", "selesai"} <= states
    nurse = Enrolment.objects.filter(employee__user__username="pegawai.dinkes.sorong")
    done = nurse.get(state="selesai")
    assert done.certificate_code and certificate_by_code(done.certificate_code) is not None
    history = TrainingHistory.objects.get(source_ref=done.source_ref)
    assert history.hours == done.programme.jp == 20
    waiting = nurse.get(state="diajukan")
    assert waiting.approver.user.username == "kapus.sorong"
    assert Enrolment.objects.filter(
        state="disetujui", employee__user__username="pegawai.dishub.sorong"
    ).exists()
    assert Enrolment.objects.filter(state="daftar_tunggu").exists()
    assert Programme.objects.filter(instansi__code="kota-palembang", state="dibuka").exists()

    counts = (Programme.objects.count(), Enrolment.objects.count(), TrainingHistory.objects.count())
    demo_seed.seed(employees=120)
    assert (Programme.objects.count(), Enrolment.objects.count(), TrainingHistory.objects.count()) == counts
