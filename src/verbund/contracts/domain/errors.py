"""The contracts app's refusals: all `DomainError`s, naming the field the user typed into."""

from verbund.core.errors import DomainError


class ContractError(DomainError):
    """A write the rules of the contract do not allow; nothing was saved."""
