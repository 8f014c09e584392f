"""Writes of the networks app: keyword-only functions, each one transaction, the acting user recorded.

Reads live in `queries.py`; the pure parts (committed-member rule, health figures) in `committed.py`
and `health.py` take plain values, so they are tested without a database.
"""
