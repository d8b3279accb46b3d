"""The summary of a sending, built by the task worker (`manage.py db_worker`) rather than in the patient's request.

A PDF takes a few hundred milliseconds of CPU; built in a web worker's thread it holds the interpreter lock and
slows every other patient's page on that process. The task queue puts that work in a process of its own. If no
worker runs, or the build fails, the summary is built on its first read by staff.
"""

from django_tasks import task

from prep.summaries.stored import summary_store_after_sending
from prep.visits.models import Response


@task()
def summary_build(response_id):
    response = Response.objects.select_related("appointment", "last_submission").filter(pk=response_id).first()
    if response is None or response.last_submission_id is None:
        return
    summary_store_after_sending(response)


def summary_build_soon(response):
    """Queue the build of the summary the patient has just sent (the sending is committed before this is called)."""
    summary_build.enqueue(response.pk)
