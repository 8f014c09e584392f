"""Writes of the programmes app: keyword-only functions, each one transaction.

Validation that protects the data (financing totals, duration order, unique codes) lives here, not in
forms, so that the demo loader, the admin-free office UI and future APIs all obey the same rules.
"""
