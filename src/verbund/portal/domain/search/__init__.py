"""Full-text partner search over companies and posts (one interface on SQLite and PostgreSQL)."""
