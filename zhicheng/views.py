"""The workbench (工作台), health check and error pages."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

from zhicheng.accounts.notifications import unread_for
from zhicheng.api import health
from zhicheng.applications.selectors import application_list_awaiting, application_list_visible_to, case_count, listed


@login_required
def home(request):
    """Each role opens on what awaits them: the cases they must move next."""
    awaiting = application_list_awaiting(request.user)
    visible = application_list_visible_to(request.user)
    context = {
        "awaiting": listed(awaiting)[:20],
        "awaiting_count": case_count(awaiting),
        "visible_count": case_count(visible),
        "recent": listed(visible)[:10],
        "notifications": unread_for(request.user)[:5],
    }
    return render(request, "home.html", context)


def healthz(request):
    return JsonResponse(health())


def error_403(request, exception=None):
    return render(request, "403.html", {"error": exception}, status=403)


def error_404(request, exception=None):
    return render(request, "404.html", {"error": exception}, status=404)


def error_500(request):
    return render(request, "500.html", status=500)
