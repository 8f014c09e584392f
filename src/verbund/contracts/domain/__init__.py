"""Writes of the contracts app: keyword-only functions, each one transaction, the acting user recorded.

`money.py` (the split of an amount over the financing plan) and `states.py` (the milestone's state
machine) are pure and tested without a database; reads live in `queries.py`.
"""
