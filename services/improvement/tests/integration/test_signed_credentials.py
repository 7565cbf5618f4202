"""Credential events are trusted only when attendance signed them (issue 18: whoever reached the broker
could mint keys): over the real broker, a forged `OrganisationKeyIssued` opens nothing and is
dead-lettered; a signed one opens the integration API; a forged revocation locks nobody out."""

from __future__ import annotations

import uuid

from pacte_contracts.attendance import OrganisationKeyIssued, OrganisationKeyRevoked
from pacte_platform.auth import new_api_key
from pacte_platform.signing import CredentialSigner, new_signing_key


async def test_only_signed_credential_events_are_applied(harness) -> None:  # type: ignore[no-untyped-def]
    h = harness
    organisation = f"OF-{uuid.uuid4().hex[:6]}"
    forged, wrongly_signed, genuine = new_api_key(), new_api_key(), new_api_key()
    impostor = CredentialSigner.from_seed(new_signing_key()[0])

    def issued(key: object) -> OrganisationKeyIssued:
        return OrganisationKeyIssued(organisation_id=organisation, key_id=key.key_id,  # type: ignore[attr-defined]
                                     key_sha256=key.sha256)  # type: ignore[attr-defined]

    await h.publish(issued(forged), impostor.sign(issued(wrongly_signed)), h.signer.sign(issued(genuine)))
    await h.until("SELECT count(*) FROM organisation_keys WHERE key_id = $1", genuine.key_id, equals=1)
    await h.until("SELECT count(*) FROM dead_letters WHERE error LIKE '%not signed by attendance%'", equals=2)
    assert await h.fetchval("SELECT count(*) FROM organisation_keys WHERE key_id = ANY($1::text[])",
                            [forged.key_id, wrongly_signed.key_id]) == 0
    for key, status in ((forged, 401), (wrongly_signed, 401), (genuine, 200)):
        answer = await h.client.get("/v1/plans", headers={"X-Api-Key": key.secret_key})
        assert answer.status_code == status, (key.key_id, answer.text)

    # A forged revocation (unsigned) leaves the genuine key working; attendance's revocation ends it.
    await h.publish(OrganisationKeyRevoked(organisation_id=organisation, key_id=genuine.key_id))
    await h.until("SELECT count(*) FROM dead_letters WHERE error LIKE '%not signed by attendance%'", equals=3)
    assert (await h.client.get("/v1/plans", headers={"X-Api-Key": genuine.secret_key})).status_code == 200
    await h.publish(h.signer.sign(OrganisationKeyRevoked(organisation_id=organisation, key_id=genuine.key_id)))
    await h.until("SELECT revoked FROM organisation_keys WHERE key_id = $1", genuine.key_id, equals=True)
    assert (await h.client.get("/v1/plans", headers={"X-Api-Key": genuine.secret_key})).status_code == 401
