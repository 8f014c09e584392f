"""acting_user: an inner block records its own user, the outer one is back afterwards."""

import pytest

from verbund.core.audit import acting_user
from verbund.programmes.models import Organisation

pytestmark = pytest.mark.django_db


def test_inner_acting_user_wins_and_the_outer_comes_back(make_user):
    office, applicant = make_user("office"), make_user("applicant")
    with acting_user(office):
        first = Organisation.objects.create(name="Erste GmbH")
        with acting_user(applicant):
            second = Organisation.objects.create(name="Zweite GmbH")
        first.name = "Erste GmbH & Co. KG"
        first.save()
    assert second.history.get().history_user == applicant
    assert [h.history_user for h in first.history.order_by("history_date")] == [office, office]
