"""The demo's study assignments: one in each state for Sorong, the working state following the
decisions (through the services), an overdue report, and a rerun that adds nothing."""

from demo import seed as demo_seed
from training.models import StudyAssignment


def test_the_demo_has_study_assignments_in_every_state_and_runs_twice(db):
    demo_seed.seed(employees=120)
    states = set(StudyAssignment.objects.values_list("state", flat=True))
    assert states == {"diajukan", "direkomendasikan", "berjalan", "selesai", "ditolak"}
    nurse = StudyAssignment.objects.get(employee__user__username="pegawai.dinkes.sorong")
    assert nurse.state == "diajukan" and nurse.approver.user.username == "kapus.sorong"
    for study in StudyAssignment.objects.filter(state="berjalan").select_related("employee"):
        expected = "tugas_belajar" if study.kind == "tugas_belajar" else "aktif"
        assert study.employee.working_state == expected
    done = StudyAssignment.objects.select_related("employee").get(state="selesai")
    assert done.obligation_end is not None and done.employee.working_state == "aktif"
    assert StudyAssignment.objects.filter(state="berjalan", reports__isnull=False).distinct().count() == 2

    count = StudyAssignment.objects.count()
    demo_seed.seed(employees=120)
    assert StudyAssignment.objects.count() == count == 7
