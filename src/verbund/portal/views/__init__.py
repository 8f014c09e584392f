"""Views of the portal, by audience: the public site, self-service, the board, search."""
