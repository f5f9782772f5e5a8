"""The throughput floor: the cheapest Django view the same server can answer, through the same middleware.

Pages are judged against it: a page at half the floor's rate spends as much in its own work as the whole
stack (gunicorn, middleware, sessions) spends on nothing.
"""

from django.http import HttpRequest, HttpResponse


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
