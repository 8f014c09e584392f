"""What the portal's pages hand out: rows built only from the consent-checked query functions."""

from django.utils.translation import gettext as _

from verbund.portal.domain.queries import post_author_name


def post_rows(posts) -> list[dict]:
    """Board rows; the author company appears by name only with its consent."""
    return [
        {
            "post": p,
            "author": post_author_name(p) or _("a member of %(network)s") % {"network": p.network},
            "author_url": p.company.portal_profile.get_absolute_url()
            if post_author_name(p)
            else "",
        }
        for p in posts
    ]
