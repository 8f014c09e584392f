"""Background tasks of the portal: thin wrappers that load by primary key and call the domain."""

from django.tasks import task


@task()
def send_notification(
    kind: str, object_id: int, user_ids: list[int], emails: list[str], extra: dict
) -> int:
    from verbund.portal.domain.notifications import deliver

    return deliver(kind, object_id, user_ids, emails, extra)
