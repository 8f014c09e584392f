"""Full-text partner search over companies and posts (one interface on SQLite and PostgreSQL).

`search(query, user=…)` is the interface (`service.py`); `index.rebuild()` and
`index.refresh_if_stale()` maintain the index; `text.normalise` is the one normal form of indexed
text and queries. See `matching.py` for what modelsearch does and what is written by hand.
"""
