"""Thin tasks: call a service."""

from celery import shared_task

from .services import career


@shared_task(name="employees.tasks.career_reminders", acks_late=True, time_limit=1800, soft_time_limit=1700)
def career_reminders() -> dict[str, int]:
    result = career.career_reminders_send()
    return {"agencies": result.agencies, "events": result.events, "created": result.created}
