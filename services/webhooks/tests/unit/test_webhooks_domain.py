"""The webhooks' pure rules: signatures, backoff for 24 hours, where URLs may point, secrets at rest,
which events notify whom."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from cryptography.exceptions import InvalidTag

from pacte_contracts.attendance import (
    DropoutWarningCleared,
    DropoutWarningClosed,
    DropoutWarningRaised,
    DropoutWarningWithdrawn,
)
from pacte_contracts.billing import InvoiceIssued, InvoiceLine, OrderClosed
from pacte_contracts.codes import LineKind
from pacte_contracts.improvement import MilestoneMissed
from pacte_webhooks.adapters.secrets import SecretBox, key_from_setting, new_secret
from pacte_webhooks.domain.notifications import EVENT_TYPES, notifications_of
from pacte_webhooks.domain.retries import RetryPolicy
from pacte_webhooks.domain.signing import signature_header, verify
from pacte_webhooks.domain.urls import UrlRefused, check, parse_target

NOW = datetime(2019, 10, 1, 8, 0, tzinfo=UTC)


def test_a_signature_covers_timestamp_and_body_and_expires() -> None:
    body = b'{"id":"x"}'
    header = signature_header("whsec_s", 1_570_000_000, body)
    assert header.startswith("t=1570000000,v1=")
    assert verify("whsec_s", header, body, now=1_570_000_100)
    assert not verify("whsec_other", header, body, now=1_570_000_100)
    assert not verify("whsec_s", header, body + b" ", now=1_570_000_100)
    assert not verify("whsec_s", header.replace("t=1570000000", "t=1570000001"), body, now=1_570_000_100)
    assert not verify("whsec_s", header, body, now=1_570_000_000 + 301)  # a replayed capture
    assert not verify("whsec_s", "v1=abc", body, now=1_570_000_000)
    # During a rotation a header may carry a signature per secret.
    both = f"{header},v1={signature_header('whsec_new', 1_570_000_000, body).split('v1=')[1]}"
    assert verify("whsec_new", both, body, now=1_570_000_000)


def test_retries_back_off_exponentially_for_24_hours_then_stop() -> None:
    policy = RetryPolicy(base_s=5, max_delay_s=3600, horizon_s=86_400)
    assert [policy.delay_s(n, 0) for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert policy.delay_s(30, 0) == 3600 and policy.delay_s(30, 1) == pytest.approx(3960)
    now, attempts = NOW, 0
    while True:
        attempts += 1
        following = policy.next_attempt(attempts, now, NOW)
        if following is None:
            break
        now = following
    assert now <= NOW + timedelta(hours=24) < now + timedelta(seconds=3600)
    assert 20 <= attempts <= 40


@pytest.mark.parametrize(("policy", "url", "addresses"), [
    ("loopback", "http://127.0.0.1:9000/hook", ["127.0.0.1"]),
    ("loopback", "http://localhost:9000/hook", ["127.0.0.1", "::1"]),
    ("public", "https://erp.example.fr/hook", ["93.184.216.34"]),
])
def test_allowed_targets(policy: str, url: str, addresses: list[str]) -> None:
    assert check(policy, parse_target(url), addresses) == addresses[0]


@pytest.mark.parametrize(("policy", "url", "addresses"), [
    ("loopback", "http://erp.example.fr/hook", ["93.184.216.34"]),        # development: loopback only
    ("loopback", "http://rebind.example/hook", ["127.0.0.1", "10.0.0.5"]),  # every address must pass
    ("public", "http://erp.example.fr/hook", ["93.184.216.34"]),          # production: https only
    ("public", "https://intranet.example/hook", ["10.1.2.3"]),
    ("public", "https://metadata.example/hook", ["169.254.169.254"]),
    ("public", "https://localhost/hook", ["127.0.0.1"]),
    ("public", "https://mapped.example/hook", ["::ffff:192.168.1.1"]),
    ("public", "https://cgnat.example/hook", ["100.64.0.1"]),
    ("public", "https://nowhere.example/hook", []),
])
def test_refused_targets(policy: str, url: str, addresses: list[str]) -> None:
    with pytest.raises(UrlRefused):
        check(policy, parse_target(url), addresses)


@pytest.mark.parametrize("url", ["ftp://example.fr/x", "https://user:pw@example.fr/x", "https:///x",
                                 "https://example.fr/x#frag", "https://example.fr:99999/x", "x" * 3000])
def test_malformed_urls(url: str) -> None:
    with pytest.raises(UrlRefused):
        parse_target(url)


def test_secrets_are_sealed_to_their_endpoint() -> None:
    box = SecretBox(key_from_setting(None, "dev-secret"))
    secret = new_secret()
    sealed = box.seal("we_1", secret)
    assert secret.encode() not in sealed and box.open("we_1", sealed) == secret
    with pytest.raises(InvalidTag):
        box.open("we_2", sealed)
    with pytest.raises(ValueError, match="32 bytes"):
        key_from_setting("c2hvcnQ", "x")


def test_a_reissue_notifies_the_new_version_and_answers_the_dispute_once_per_event() -> None:
    line = InvoiceLine(kind=LineKind.TRAINEE_HOUR, origin_period="2019-09", ref=None, quantity="8",
                       unit_price_cents=1000, amount_cents=8000)
    event = InvoiceIssued(invoice_id="INV-O-2019-09-v2", order_id="O", period="2019-09", version=2, lines=[line],
                          total_cents=8000, payable_cents=8000, over_ceiling_cents=0, reissued=True)
    event_id = uuid.uuid4()
    first, again = notifications_of(event_id, NOW, event), notifications_of(event_id, NOW, event)
    assert [n.event_type for n in first] == ["invoice.reissued", "dispute.answered"]
    assert [n.notification_id for n in first] == [n.notification_id for n in again]
    assert first[1].data["disputed_invoice_id"] == "INV-O-2019-09-v1"
    assert {n.subject.kind for n in first} == {"order"}
    missed = notifications_of(uuid.uuid4(), NOW, MilestoneMissed(plan_id="P", milestone_id="M", period="2019-09"))
    assert [(n.event_type, n.subject.kind, n.subject.id) for n in missed] == [("milestone.missed", "plan", "P")]
    closed = notifications_of(uuid.uuid4(), NOW, OrderClosed(order_id="O", lot_id="L", tender_id="T",
                                                             previous_amount_cents=9000, amount_cents=8000,
                                                             released_cents=1000))
    assert [(n.event_type, n.subject.id, n.data["amount_cents"]) for n in closed] == [("order.closed", "O", 8000)]
    assert {n.event_type for n in first + missed + closed} <= set(EVENT_TYPES)


def test_a_dropout_warning_notifies_its_organisation_with_what_the_event_says() -> None:
    fields = dict(warning_id="w-1", organisation_id="OF-1", session_id="S-1", lot_id="L-1",
                  reasons=["unjustified_absences"], raised_on=date(2019, 9, 27))
    events = [DropoutWarningRaised(**fields), DropoutWarningCleared(**fields, cleared_on=date(2019, 9, 30)),
              DropoutWarningClosed(**fields, closed_on=date(2019, 10, 2), outcome="dropped_out"),
              DropoutWarningWithdrawn(**fields)]
    notified = [n for e in events for n in notifications_of(uuid.uuid4(), NOW, e)]
    assert [n.event_type for n in notified] == ["dropout_warning.raised", "dropout_warning.cleared",
                                                "dropout_warning.closed", "dropout_warning.withdrawn"]
    assert {(n.subject.kind, n.subject.id) for n in notified} == {("organisation", "OF-1")}
    assert {n.event_type for n in notified} <= set(EVENT_TYPES)
    assert notified[2].data == {**fields, "raised_on": "2019-09-27", "closed_on": "2019-10-02",
                                "outcome": "dropped_out"}
