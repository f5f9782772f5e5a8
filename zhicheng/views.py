"""The workbench (工作台), health check and error pages."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

from zhicheng.accounts.notifications import unread_for
from zhicheng.api import health
from zhicheng.applications.selectors import application_list_awaiting, application_list_visible_to


@login_required
def home(request):
    """Each role opens on what awaits them: the cases they must move next."""
    awaiting = application_list_awaiting(request.user)
    context = {
        "awaiting": awaiting[:20],
        "awaiting_count": awaiting.count(),
        "visible_count": application_list_visible_to(request.user).count(),
        "recent": application_list_visible_to(request.user)[:10],
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
