from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "zhicheng.certificates"
    label = "certificates"
    verbose_name = "职称证书"

    def ready(self) -> None:
        from zhicheng.applications.archiving import register_facts
        from zhicheng.applications.services import provide_service
        from zhicheng.certificates.services import certificate_facts, certify_with_certificate

        provide_service("certify", certify_with_certificate)  # no certify move without its certificate
        register_facts(certificate_facts)
