def current_role(request) -> dict:
    """The role and region line of the page header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    region = user.region
    return {
        "current_role_label": user.get_role_display(),
        "current_region_label": region.full_name if region else "",
        "current_organisation": user.organisation,
    }
