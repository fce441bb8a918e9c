"""The rules of invitations and their listings that need no table: defaults, states, cursors, masking."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from chalicelib.api.assignments import prefers_csv
from chalicelib.errors import BadRequest
from chalicelib.identifiers import generate_ssin, mask_ssin
from chalicelib.services.assignments import decode_cursor, encode_cursor, mask_actor, mask_ssins, take_page
from chalicelib.services.invitations import (
    InvitationDraft,
    Invitee,
    default_expiry,
    invitation_state,
    latest_expiry,
    one_year_after,
    resolve_draft,
)
from chalicelib.store.models import Invitation

TODAY = date(2026, 3, 20)
MOMENT = datetime(2026, 3, 20, 10, tzinfo=timezone.utc)
SSIN = generate_ssin(date(1985, 7, 30), 33)
OTHER_SSIN = generate_ssin(date(1990, 1, 2), 8)


def invitee(ssin=None):
    return Invitee(surname="Smet", given_name="Jan", email="jan@ocmw.example", ssin=ssin)


def invitation(**fields):
    values = dict(status="active", expires_at=MOMENT + timedelta(days=1), max_uses=None, use_count=0)
    values.update(fields)
    return Invitation("INVITATION#x", "INVITATION", **values)


# Defaults and limits of a create request


def test_draft_defaults_without_invitees():
    resolved = resolve_draft(InvitationDraft(roles=("dpo",)), TODAY)

    assert resolved.valid_from == TODAY
    assert resolved.expires_on == date(2027, 3, 19)
    assert resolved.max_uses is None
    assert resolved.requires_approval is True


def test_draft_defaults_with_named_ssins():
    resolved = resolve_draft(InvitationDraft(roles=("dpo",), invitees=(invitee(SSIN), invitee(OTHER_SSIN))), TODAY)

    assert resolved.max_uses == 2
    assert resolved.requires_approval is False


def test_draft_keeps_explicit_unlimited_uses():
    draft = InvitationDraft(roles=("dpo",), invitees=(invitee(SSIN),), max_uses=None, max_uses_given=True)

    assert resolve_draft(draft, TODAY).max_uses is None


def test_draft_keeps_explicit_approval():
    draft = InvitationDraft(roles=("dpo",), invitees=(invitee(SSIN),), requires_approval=True)

    assert resolve_draft(draft, TODAY).requires_approval is True


def test_draft_orders_and_deduplicates_roles():
    resolved = resolve_draft(InvitationDraft(roles=("dpo", "social_worker", "dpo")), TODAY)

    assert resolved.roles == ("social_worker", "dpo")


@pytest.mark.parametrize("draft, code", [
    (InvitationDraft(roles=()), "invitation_roles_invalid"),
    (InvitationDraft(roles=("admin",)), "invitation_roles_invalid"),
    (InvitationDraft(roles=("dpo",), valid_from=date(2026, 3, 19)), "valid_from_in_past"),
    (InvitationDraft(roles=("dpo",), valid_until=date(2026, 3, 19)), "valid_until_before_valid_from"),
    (InvitationDraft(roles=("dpo",), expires_on=TODAY), "expires_on_out_of_range"),
    (InvitationDraft(roles=("dpo",), expires_on=date(2027, 3, 21)), "expires_on_out_of_range"),
    (InvitationDraft(roles=("dpo",), max_uses=0, max_uses_given=True), "max_uses_invalid"),
    (InvitationDraft(roles=("dpo",), max_uses=10_001, max_uses_given=True), "max_uses_invalid"),
    (InvitationDraft(roles=("dpo",), invitees=(invitee(SSIN), invitee(SSIN))), "invitee_ssin_duplicate"),
    (InvitationDraft(roles=("dpo",), invitees=(invitee(SSIN), invitee())), "invitees_ssin_mixed"),
    (InvitationDraft(roles=("dpo",), invitees=tuple(invitee() for _ in range(51))), "invitees_too_many"),
])
def test_draft_rejects(draft, code):
    with pytest.raises(BadRequest) as refusal:
        resolve_draft(draft, TODAY)

    assert refusal.value.code == code


def test_single_day_validity_allowed():
    resolved = resolve_draft(InvitationDraft(roles=("dpo",), valid_until=TODAY), TODAY)

    assert resolved.valid_until == TODAY


def test_one_year_after_leap_day_is_28_february():
    assert one_year_after(date(2028, 2, 29)) == date(2029, 2, 28)


def test_latest_expiry_is_one_year_ahead():
    assert latest_expiry(TODAY) == date(2027, 3, 20)


def test_default_expiry_short_of_year():
    assert default_expiry(TODAY) == date(2027, 3, 19)


# What an invitation's state is now


def test_state_active():
    assert invitation_state(invitation(), MOMENT) == "active"


def test_state_expired_at_expiry_instant():
    assert invitation_state(invitation(expires_at=MOMENT), MOMENT) == "expired"


def test_state_expired_when_swept():
    assert invitation_state(invitation(status="expired"), MOMENT) == "expired"


def test_state_used_up():
    assert invitation_state(invitation(max_uses=2, use_count=2), MOMENT) == "used_up"


def test_state_revoked_wins_over_expired():
    assert invitation_state(invitation(status="revoked", expires_at=MOMENT), MOMENT) == "revoked"


def test_state_unlimited_uses_never_used_up():
    assert invitation_state(invitation(use_count=5000), MOMENT) == "active"


# Paging cursors


KEY = {"pk": "INVITATION#1", "sk": "INVITATION", "org_pk": "0409667028", "org_sk": "INVITATION#2026"}
NAMES = ("pk", "sk", "org_pk", "org_sk")


def test_cursor_round_trip():
    cursor = encode_cursor(KEY)

    assert decode_cursor(cursor, NAMES, ("org_pk", "0409667028")) == {name: {"S": value} for name, value in KEY.items()}


def test_cursor_of_other_partition_is_rejected():
    with pytest.raises(BadRequest) as refusal:
        decode_cursor(encode_cursor(KEY), NAMES, ("org_pk", "0207001265"))

    assert refusal.value.code == "list_cursor_invalid"


@pytest.mark.parametrize("cursor", ["", "!!!", "e30", encode_cursor({"pk": "x"}), "a" * 2000])
def test_malformed_cursor_is_rejected(cursor):
    with pytest.raises(BadRequest) as refusal:
        decode_cursor(cursor, NAMES, ("org_pk", "0409667028"))

    assert refusal.value.code == "list_cursor_invalid"


def test_take_page_sets_cursor_only_when_more_exist():
    def key_of(number):
        return {"pk": str(number)}

    full = take_page(range(3), 3, key_of)
    partial = take_page(range(4), 3, key_of)

    assert full.next_cursor is None
    assert partial.items == [0, 1, 2]
    assert partial.next_cursor == encode_cursor({"pk": "2"})


def test_take_page_skips_rejected_items():
    page = take_page(range(10), 2, lambda number: {"pk": str(number)}, lambda number: number % 3 == 0)

    assert page.items == [0, 3]


# Masking SSINs in audit snapshots


def test_mask_ssin_fields():
    masked = mask_ssins({"ssin": SSIN, "decided_by_ssin": OTHER_SSIN})

    assert masked == {"ssin": mask_ssin(SSIN), "decided_by_ssin": mask_ssin(OTHER_SSIN)}


def test_mask_ssins_in_nested_lists():
    masked = mask_ssins({"invitees": [{"ssin": SSIN, "email": "jan@ocmw.example"}]})

    assert masked["invitees"][0] == {"ssin": mask_ssin(SSIN), "email": "jan@ocmw.example"}


def test_mask_ssins_in_free_text():
    formatted = f"{SSIN[0:2]}.{SSIN[2:4]}.{SSIN[4:6]}-{SSIN[6:9]}.{SSIN[9:]}"

    masked = mask_ssins({"reason": f"Dubbel met {formatted} en {SSIN}."})

    assert masked["reason"] == f"Dubbel met {mask_ssin(SSIN)} en {mask_ssin(SSIN)}."


def test_mask_leaves_identifiers_alone():
    identifier = "a" + SSIN + "b" * 20

    assert mask_ssins({"assignment_id": identifier}) == {"assignment_id": identifier}


def test_mask_actor_leaves_system_actors():
    assert mask_actor("system:sweep") == "system:sweep"


def test_mask_actor_masks_person():
    assert mask_actor(SSIN) == mask_ssin(SSIN)


# Content negotiation of the assignment list


@pytest.mark.parametrize("accept, expected", [
    ("text/csv", True),
    ("text/csv;q=0.9, application/json;q=0.5", True),
    ("application/json, text/csv;q=0.5", False),
    ("application/json", False),
    ("*/*", False),
    (None, False),
    ("text/csv;q=0", False),
])
def test_prefers_csv(accept, expected):
    assert prefers_csv(accept) is expected
