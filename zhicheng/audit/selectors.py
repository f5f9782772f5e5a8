"""Reading the audit log."""

from zhicheng.audit.models import Event


def events_for_object(obj):
    return Event.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("id")
