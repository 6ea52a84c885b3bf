from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from core import access, audit
from core.http import ActorRequest
from core.paging import paginate


@login_required
def record_history(request: ActorRequest, kind: str, pk: int) -> HttpResponse:
    audited = audit.AUDITED.get(kind)
    if audited is None:
        raise Http404
    record = audited.fetch(request.actor, pk)
    access.require(access.can_view_history(request.actor, audited.instansi_id(record)))
    history = record.history  # type: ignore[attr-defined]  # django-simple-history adds it to each audited model
    page = paginate(
        request, history.select_related("history_user").order_by("-history_date", "-history_id"), 25
    )
    # The row just below the page is needed to show what the last row on the page changed.
    rows = list(page.object_list)
    if rows:
        older = (
            history.filter(history_date__lte=rows[-1].history_date)
            .exclude(history_id__in=[r.history_id for r in rows])
            .order_by("-history_date", "-history_id")
            .first()
        )
        entries = audit.changes(rows + ([older] if older else []))[: len(rows)]
    else:
        entries = []
    return render(request, "core/history.html", {"record": record, "page": page, "entries": entries})
