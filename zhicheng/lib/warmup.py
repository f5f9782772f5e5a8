"""Work a web process does once at start, so that its first visitors do not pay for it."""

from django.template.loader import get_template
from django.urls import get_resolver

# The templates nearly every response extends or includes.
COMMON_TEMPLATES = ["base.html", "accounts/login.html"]


def warm_up() -> None:
    """Import every view (through the URL resolver) and compile the common templates.

    Django does both lazily, on the first request a process serves: half a second. A worker that starts
    during a rush would otherwise answer its first logins that much late.
    """
    resolver = get_resolver()
    resolver._populate()  # builds the reverse index, importing every URL module and view on the way
    for name in COMMON_TEMPLATES:
        get_template(name)
