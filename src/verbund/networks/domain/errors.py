"""The networks app's refusals: all `DomainError`s, naming the field the user typed into."""

from verbund.core.errors import DomainError


class NetworkError(DomainError):
    """A write the rules of the network do not allow; nothing was saved."""
