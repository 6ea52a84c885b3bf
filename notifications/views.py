from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.http import ActorRequest
from core.paging import paginate, querystring_without_page

from . import access, selectors, services


@login_required
def notification_list(request: ActorRequest) -> HttpResponse:
    unread_only = request.GET.get("tampil") == "belum"
    sorting = selectors.NOTIFICATION_SORT.from_request(request)
    notifications = selectors.notification_list(
        actor=request.actor, unread_only=unread_only, sort=sorting.value
    )
    return render(
        request,
        "notifications/notification_list.html",
        {
            "page": paginate(request, notifications),
            "unread_only": unread_only,
            "sorting": sorting,
            "sort_links": [
                ("dibaca", _("Belum dibaca dulu")),
                ("-waktu", _("Terbaru")),
                ("waktu", _("Terlama")),
            ],
            "querystring": querystring_without_page(request),
        },
    )


@login_required
@require_POST
def notification_read(request: ActorRequest, pk: int) -> HttpResponse:
    """Mark one as read; with `buka=1`, go on to what it is about."""
    notification = access.get_notification(request.actor, pk)
    services.notification_mark_read(actor=request.actor, notification=notification)
    if (
        request.POST.get("buka") == "1"
        and notification.url
        and url_has_allowed_host_and_scheme(
            notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return redirect(notification.url)
    return _back_to_list(request)


def _back_to_list(request: ActorRequest) -> HttpResponse:
    """Back to the list as it was (the filter, sort and page are on the form's URL)."""
    query = request.GET.urlencode()
    return redirect(reverse("notifications:list") + (f"?{query}" if query else ""))


@login_required
@require_POST
def notification_read_all(request: ActorRequest) -> HttpResponse:
    count = services.notification_mark_all_read(actor=request.actor)
    messages.success(
        request,
        ngettext(
            "%(count)d notifikasi ditandai sudah dibaca.",
            "%(count)d notifikasi ditandai sudah dibaca.",
            count,
        )
        % {"count": count},
    )
    return _back_to_list(request)
