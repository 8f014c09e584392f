"""Network news: short dated posts by the carrier (or the office) on the network's page.

Public news appear on the network's page, the portal's start page and the Atom feed; members-only
news only for the network's members. An optional image is re-encoded (see `images`).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from verbund.core.audit import delete_as, save_as
from verbund.networks.models import Network
from verbund.portal.domain.errors import PortalError
from verbund.portal.domain.images import reencode_image
from verbund.portal.domain.queries import may_moderate
from verbund.portal.enums import NewsVisibility
from verbund.portal.models import TEXT_LIMIT, NewsItem


def _check(*, title: str, text: str, visibility: str, title_en: str, text_en: str) -> None:
    if not title.strip():
        raise PortalError(_("Enter a title."), field="title")
    if len(title) > 200 or len(title_en) > 200:
        raise PortalError(_("At most %(n)s characters.") % {"n": 200}, field="title")
    if not text.strip():
        raise PortalError(_("Enter a text."), field="text")
    if len(text) > TEXT_LIMIT or len(text_en) > TEXT_LIMIT:
        raise PortalError(_("At most %(n)s characters.") % {"n": TEXT_LIMIT}, field="text")
    if visibility not in NewsVisibility.values:
        raise PortalError(_("Choose who may read it."), field="visibility")


@transaction.atomic
def publish_news(
    *,
    user,
    network: Network,
    title: str,
    text: str,
    title_en: str = "",
    text_en: str = "",
    visibility: str = NewsVisibility.PUBLIC,
    image=None,
    image_alt: str = "",
    published_at: dt.datetime | None = None,
) -> NewsItem:
    """Publish a news item on the network's page (the carrier of this network or the office)."""
    network = Network.objects.get(pk=network.pk)
    if not may_moderate(user, network):
        raise PortalError(_("Only the network's carrier or the office writes its news."))
    _check(title=title, text=text, visibility=visibility, title_en=title_en, text_en=text_en)
    if NewsItem.objects.filter(
        network=network, title=title.strip(), text=text.strip(),
        published_at__gte=timezone.now() - dt.timedelta(hours=1),
    ).exists():  # fmt: skip
        raise PortalError(_("This news item has just been published."), field="title")
    if image is not None and not image_alt.strip():
        raise PortalError(_("Describe what the image shows."), field="image_alt")
    item = NewsItem(
        network=network, title=title.strip(), title_en=title_en.strip(), text=text.strip(),
        text_en=text_en.strip(), visibility=visibility, image_alt=image_alt.strip()[:200],
        published_at=published_at or timezone.now(), author=user,
    )  # fmt: skip
    if image is not None:
        clean = reencode_image(image, field="image")
        item.image.save(clean.name, clean, save=False)
    save_as(item, user)
    return item


@transaction.atomic
def update_news(
    *, user, item: NewsItem, remove_image: bool = False, image=None, **values
) -> NewsItem:
    item = NewsItem.objects.select_for_update().select_related("network").get(pk=item.pk)
    if not may_moderate(user, item.network):
        raise PortalError(_("Only the network's carrier or the office writes its news."))
    allowed = {"title", "title_en", "text", "text_en", "visibility", "image_alt", "published_at"}
    if unknown := set(values) - allowed:
        raise PortalError(_("Unknown field %(name)s.") % {"name": sorted(unknown)[0]})
    for key, value in values.items():
        setattr(item, key, value.strip() if isinstance(value, str) else value)
    _check(title=item.title, text=item.text, visibility=item.visibility,
           title_en=item.title_en, text_en=item.text_en)  # fmt: skip
    if image is not None:
        clean = reencode_image(image, field="image")
        item.image.save(clean.name, clean, save=False)
    elif remove_image and item.image:
        item.image.delete(save=False)
        item.image = ""
    if item.image and not item.image_alt:
        raise PortalError(_("Describe what the image shows."), field="image_alt")
    save_as(item, user)
    return item


@transaction.atomic
def delete_news(*, user, item: NewsItem) -> None:
    item = NewsItem.objects.select_related("network").get(pk=item.pk)
    if not may_moderate(user, item.network):
        raise PortalError(_("Only the network's carrier or the office writes its news."))
    delete_as(item, user)
