"""Telling a user something: an in-app message, and an e-mail when they have an address."""

from django.conf import settings
from django.core.mail import send_mail

from zhicheng.accounts.models import Notification, User


def notify(user: User, message: str, link: str = "") -> Notification:
    notification = Notification.objects.create(user=user, message=message, link=link)
    if user.email:
        url = f"{settings.SITE_URL.rstrip('/')}{link}" if link else settings.SITE_URL
        send_mail("职称评审管理服务平台通知", f"{message}\n\n{url}", None, [user.email], fail_silently=False)
    return notification


def unread_for(user: User):
    return Notification.objects.filter(user=user, read_at__isnull=True)
