"""Settings for the load benchmark: verbund's own, without the per-client rate limit (every
simulated visitor comes from 127.0.0.1, so the search's limit would answer 429 after 30 requests
a minute) and without the access log noise. Used only by `benchmarks/load.py`."""

from verbund.settings import *  # noqa: F403

RATELIMIT_ENABLE = False
