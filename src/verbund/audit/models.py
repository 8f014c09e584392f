"""Tables of the audit app."""
