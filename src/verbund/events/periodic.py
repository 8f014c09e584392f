"""Periodic jobs of the events app (run by `verbund worker` / `verbund manage tick`)."""

from verbund.core.periodic import every
from verbund.events.domain.registrations import expire_offers


@every(minutes=5)
def move_expired_offers(*, now) -> None:
    """An offered place not confirmed within 48 hours goes to the next one on the waiting list."""
    expire_offers(now=now)
