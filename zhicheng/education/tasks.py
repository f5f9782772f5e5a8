"""Background work for continuing education: imports run in the worker, not in the request."""

from django_tasks import task


@task()
def run_import_task(batch_id: int) -> None:
    from zhicheng.education.services import ce_import_run  # services enqueue this task: import late

    ce_import_run(batch_id)
