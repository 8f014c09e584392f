from verbund.core.errors import DomainError


class EventError(DomainError):
    """A rule of events or meetings refused the input; nothing was written."""
