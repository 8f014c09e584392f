"""Atom feeds of network news (public news of public networks only)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from verbund.portal.domain import queries


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug: str | None = None):
        self.request = request
        if slug is None:
            return None
        network = queries.public_network(slug)
        if network is None:
            raise Http404
        return network

    def title(self, network):
        if network is None:
            return _("News of the networks")
        return _("News of %(network)s") % {"network": network}

    def link(self, network):
        if network is None:
            return reverse("portal:news")
        return reverse("portal:network", args=[network.slug])

    def subtitle(self, network):
        return _("Short dated posts by the networks' carriers.")

    def items(self, network):
        return queries.public_news(network)[:30]

    def item_title(self, item):
        return item.tr("title")

    def item_description(self, item):
        return item.tr("text")

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return str(item.network.carrier) if item.network.carrier_id else None

    def item_categories(self, item):
        return [str(item.network)]

    def item_enclosure_url(self, item):
        return self.request.build_absolute_uri(item.image.url) if item.image else None

    def item_enclosure_length(self, item):
        try:
            return item.image.size if item.image else None
        except OSError:
            return 0

    def item_enclosure_mime_type(self, item):
        if not item.image:
            return None
        return "image/png" if item.image.name.endswith(".png") else "image/jpeg"
