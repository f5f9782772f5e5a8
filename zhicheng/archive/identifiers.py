"""One spelling per identifier, so that two people claiming the same DOI, patent or standard are found (55号 §3)."""

import re

# The kinds whose identifier belongs to one work: a second claimant is worth a look.
SCHEMES = {"paper": "doi", "patent": "patent", "standard": "standard"}
_DOI_PREFIX = re.compile(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def identifier_key(kind: str, identifier: str) -> str:
    scheme = SCHEMES.get(kind)
    text = (identifier or "").strip()
    if scheme is None or not text:
        return ""
    if scheme == "doi":
        return "doi:" + _DOI_PREFIX.sub("", text).strip().lower()
    return f"{scheme}:" + re.sub(r"[\s\u3000]+", "", text).upper()
