"""The throughput floor: the cheapest Django view the same server can answer, through the same middleware.

Pages are judged against it: a page at half the floor's rate spends as much in its own work as the whole
stack (gunicorn, middleware, sessions) spends on nothing.
"""

from django.http import HttpRequest, HttpResponse


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def bare_signed_in(request: HttpRequest) -> HttpResponse:
    """The signed-in floor: the session and its user read, as every signed-in page must, and nothing else.
    Shown beside the bare floor so the report says how much of a page's cost is being signed in at all."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")
