"""Password hashing: Argon2id with the memory and time costs OWASP recommends for a login service."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class PlatformArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id at m=19 MiB, t=2, p=1 (OWASP Password Storage Cheat Sheet).

    Django's default costs 100 MiB per check. A web worker serving several logins at once then holds several
    hundred MB just for hashing, and the week a window closes everyone logs in together. The algorithm name is
    unchanged, so hashes made with the old costs still verify and are rehashed at the next login.
    """

    memory_cost = 19 * 1024
    time_cost = 2
    parallelism = 1
