"""The demo's external learning and evaluation: every state of an external record (the verified one in
the riwayat diklat), reactions and applied evaluations with one of each left for a demo login to give;
loaded twice without adding anything."""

from django.utils import timezone

from demo import seed as demo_seed
from employees.models import TrainingHistory
from training.models import AppliedEvaluation, Enrolment, ExternalLearning, ReactionFeedback
from training.selectors.evaluation import pending_counts


def test_the_demo_has_external_learning_and_evaluations_and_runs_twice(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the certificates are stored
    demo_seed.seed(employees=120)
    states = set(ExternalLearning.objects.values_list("state", flat=True))
    assert {"menunggu", "diverifikasi", "ditolak"} <= states
    verified = ExternalLearning.objects.get(state="diverifikasi")
    assert TrainingHistory.objects.filter(source_ref=verified.source_ref).count() == 1
    assert ReactionFeedback.objects.count() >= 10
    assert AppliedEvaluation.objects.count() == 2
    staff = ExternalLearning.objects.get(employee__user__username="pegawai.dishub.sorong").employee
    today = timezone.localdate()
    assert pending_counts(staff.pk, today).feedback == 1
    head = Enrolment.objects.get(
        employee=staff, programme__title="Penanganan Kegawatdaruratan Dasar"
    ).approver
    assert head.user.username == "kabid.llaj.sorong"
    assert pending_counts(head.pk, today).applied >= 1

    counts = (
        ExternalLearning.objects.count(),
        ReactionFeedback.objects.count(),
        TrainingHistory.objects.count(),
    )
    demo_seed.seed(employees=120)
    assert (
        ExternalLearning.objects.count(),
        ReactionFeedback.objects.count(),
        TrainingHistory.objects.count(),
    ) == counts
