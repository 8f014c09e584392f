"""Expired posts: their company's admins get one mail the day after the expiry date, with the link
to renew. The job runs once a day (claimed once across workers by `core.periodic`) and picks the
posts that expired the day before, so each post is mailed once without a bookkeeping column; a day
on which no worker ran sends no reminder for that day's posts (the post stays renewable)."""

import datetime as dt

from django.utils import timezone

from verbund.core.periodic import every
from verbund.portal.domain.board import remind_expired


@every(hours=24)
def remind_expired_posts(*, now: dt.datetime) -> int:
    return remind_expired(today=timezone.localdate(now))
