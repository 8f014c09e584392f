"""Reindex a document once the transaction that changed it has committed.

Connected by `PortalConfig.ready()`. The work runs after commit (a rolled-back change leaves the
index alone, and a save costs no extra queries inside its transaction); a failure there is logged
and the next `index.refresh_if_stale()` repairs the index, so a save never fails because of it.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from verbund.companies.models import Company
from verbund.networks.models import Membership
from verbund.portal.domain.search import index
from verbund.portal.models import CompanyProfile, Post

log = logging.getLogger(__name__)


def _later(function, pk) -> None:
    def run():
        try:
            function([pk])
        except Exception:  # see the module docstring
            log.exception("search index: %s(%s) failed", function.__name__, pk)

    transaction.on_commit(run)


def _company(sender, instance, raw=False, **kwargs):
    if not raw:
        _later(index.reindex_companies, instance.pk)


def _by_company(sender, instance, raw=False, **kwargs):
    if not raw and instance.company_id:
        _later(index.reindex_companies, instance.company_id)


def _post(sender, instance, raw=False, **kwargs):
    if not raw:
        _later(index.reindex_posts, instance.pk)


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(_company, sender=Company, dispatch_uid=f"search-company-{signal}")
        for model in (CompanyProfile, Membership):
            signal.connect(
                _by_company, sender=model, dispatch_uid=f"search-{model.__name__}-{signal}"
            )
        signal.connect(_post, sender=Post, dispatch_uid=f"search-post-{signal}")
