from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import pdf_bytes
from zhicheng.committees.models import Committee, StatusChange
from zhicheng.lib.errors import Conflict, Forbidden
from zhicheng.oversight.models import Complaint
from zhicheng.oversight.selectors import complaint_count, escalation_proposal
from zhicheng.oversight.services import complaint_record, escalation_confirm

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(world, policy):
    return Committee.objects.filter(seat_region__name="莲都区").first()


def complaints(committee, n: int, *, received_on: date | None = None) -> None:
    for i in range(n):
        Complaint.objects.create(
            committee=committee,
            source=Complaint.Source.PUBLIC,
            text=f"投诉{i}",
            received_on=received_on or timezone.localdate(),
        )


def pdf():
    return SimpleUploadedFile("决定.pdf", pdf_bytes("关于告诫的决定"), content_type="application/pdf")


def test_three_complaints_on_an_active_committee_propose_a_warning(committee):
    complaints(committee, 2)
    assert escalation_proposal(committee, timezone.localdate()) is None
    complaints(committee, 1)
    proposal = escalation_proposal(committee, timezone.localdate())
    assert proposal is not None and proposal.to == Committee.Status.WARNED and proposal.count == 3
    committee.refresh_from_db()
    assert committee.status == Committee.Status.ACTIVE  # a proposal changes nothing by itself


def test_a_warned_committee_with_five_is_proposed_rectification(committee):
    Committee.objects.filter(pk=committee.pk).update(status=Committee.Status.WARNED)
    committee.refresh_from_db()
    complaints(committee, 4)
    assert escalation_proposal(committee, timezone.localdate()) is None
    complaints(committee, 1)
    proposal = escalation_proposal(committee, timezone.localdate())
    assert proposal is not None and proposal.to == Committee.Status.RECTIFYING


def test_eight_complaints_on_an_active_committee_propose_only_the_next_step(committee):
    complaints(committee, 8)
    assert escalation_proposal(committee, timezone.localdate()).to == Committee.Status.WARNED


def test_complaints_older_than_twelve_months_do_not_count(committee):
    today = timezone.localdate()
    complaints(committee, 3, received_on=today - timedelta(days=400))
    assert complaint_count(committee, today) == 0


def test_confirming_on_the_page_changes_the_status_through_committee_set_status(client, world, committee):
    complaints(committee, 3)
    client.force_login(world["bureau"])
    page = client.get(f"/oversight/committees/{committee.pk}/")
    assert page.status_code == 200 and "建议：告诫" in page.content.decode()
    response = client.post(
        f"/oversight/committees/{committee.pk}/escalate/", {"reason": "一年内投诉三件", "document": pdf()}
    )
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.status == Committee.Status.WARNED
    change = StatusChange.objects.get(committee=committee)
    assert change.after == Committee.Status.WARNED and "投诉3件" in change.reason


def test_escalation_needs_the_threshold(world, committee):
    complaints(committee, 2)
    with pytest.raises(Conflict):
        escalation_confirm(committee, actor=world["bureau"], reason="理由", document=pdf())


def test_an_outsider_bureau_cannot_escalate_or_record(client, world, committee):
    complaints(committee, 3)
    with pytest.raises(Forbidden):
        escalation_confirm(committee, actor=world["outsider"], reason="理由", document=pdf())
    with pytest.raises(Forbidden):
        complaint_record(committee, actor=world["outsider"], source="public", text="x", received_on=date.today())
    client.force_login(world["outsider"])
    assert client.get(f"/oversight/committees/{committee.pk}/").status_code == 404


def test_anyone_may_complain_on_the_public_form(client, committee):
    url = f"/oversight/complain/{committee.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"contact_name": "李四", "contact_phone": "", "text": "x"}).status_code == 422
    response = client.post(url, {"contact_name": "李四", "contact_phone": "13900000000", "text": "评审不公"})
    assert response.status_code == 200
    assert Complaint.objects.get().source == Complaint.Source.PUBLIC


def test_the_bureau_index_lists_proposals(client, world, committee):
    complaints(committee, 3)
    client.force_login(world["bureau"])
    assert "建议告诫" in client.get("/oversight/").content.decode()
    client.force_login(world["professional"])
    assert client.get("/oversight/").status_code == 403
