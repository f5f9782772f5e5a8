from django.apps import AppConfig


class PublicationConfig(AppConfig):
    name = "zhicheng.publication"
    label = "publication"
    verbose_name = "发文公布"

    def ready(self) -> None:
        from zhicheng.applications.archiving import register_facts
        from zhicheng.applications.services import provide_service
        from zhicheng.publication.services import publication_facts, publish_only_by_document

        provide_service("publish", publish_only_by_document, on_case_page=False)
        register_facts(publication_facts)
