import rules  # noqa: F401  (permission predicates of this app)
