"""The portal's refusals: all `DomainError`s, naming the field the user typed into."""

from verbund.core.errors import DomainError


class PortalError(DomainError):
    """A write the portal's rules do not allow; nothing was saved."""
