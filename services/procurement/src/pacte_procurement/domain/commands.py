"""The back-office commands procurement decides: one strict model each (SCENARIO.md's fields).

Each model is the route's body, its OpenAPI schema and the decider's input; the scenario
generator and player build the same lines from it. Codes (axis, territory...) stay strings:
an unknown code is refused after `lot_not_awarded` and the other rules' checks of stage 2.
"""

from __future__ import annotations

from pydantic import Field

from pacte_contracts.types import Cents, Code, Command, Count, Hours, Id, IsoDate, Items, NonEmptyText, Text


class PublishTender(Command):
    """A tender is created published (DOMAIN.md)."""

    NAME = "tender.publish"
    tender_id: Id
    reference: NonEmptyText
    title: Text
    axis: Code = Field(description="`qualifying`, `essentials` or `transverse`")
    procedure: Code = Field(description="`open` (AFC market) or `quote` (achat sur devis)")
    budget_cents: Cents
    starts_on: IsoDate
    ends_on: IsoDate


class CloseTender(Command):
    NAME = "tender.close"
    tender_id: Id


class DefineLot(Command):
    NAME = "lot.define"
    lot_id: Id
    tender_id: Id
    number: Count
    title: Text
    territory: Code = Field(description="INSEE code of a department of the region")
    domain: Code
    action_type: Code = Field(description="`preparatory`, `certifying` or `professionalising`")
    billing_unit: Code = Field(description="`opening_day`, `trainer_hour` or `trainee_hour`")
    unit_price_cents: Cents
    session_capacity: Count
    return_to_work_bonus_cents: Cents
    additional_modules: Items[Text]
    continuity_bonus_cents: Cents = Field(
        0, description="Prime de continuité: paid to the order of an Essentials session once per person who "
                       "completed it and entered a certifying or professionalising session within 90 days "
                       "(docs/continuity-bonus.md). Optional, 0 pays nothing.")
    vat_rate: Code | None = Field(default=None, description="VAT on the lot's services in percent: `20`, `10`, `5.5` "
                                                           "or `2.1`; absent: exempt as vocational training "
                                                           "(article 261-4-4° a du CGI)")


class AwardLot(Command):
    """The lot's holder leads the grouping; `members` are the grouping's organisation ids."""

    NAME = "lot.award"
    lot_id: Id
    organisation_id: Id
    organisation_name: Text
    members: Items[Id]


class DeclareLotUnsuccessful(Command):
    NAME = "lot.unsuccessful"
    lot_id: Id


class PlaceOrder(Command):
    NAME = "order.place"
    order_id: Id
    lot_id: Id
    amount_cents: Cents


class ScheduleSession(Command):
    NAME = "session.schedule"
    session_id: Id
    order_id: Id
    starts_on: IsoDate
    ends_on: IsoDate
    planned_days: Items[IsoDate]
    hours_per_day: Hours
    capacity: Count
    place: Text


class RescheduleSession(Command):
    """New dates for a session that has not started; omitted hours, capacity and place are kept."""

    NAME = "session.reschedule"
    session_id: Id
    starts_on: IsoDate
    ends_on: IsoDate
    planned_days: Items[IsoDate]
    hours_per_day: Hours | None = None
    capacity: Count | None = None
    place: Text | None = None


class CancelSession(Command):
    NAME = "session.cancel"
    session_id: Id


class Address(Command):
    """A postal address in France (an invoice's seller or buyer address)."""

    line_one: NonEmptyText = Field(description="number and street")
    line_two: Text | None = Field(default=None, description="building, post-office box...")
    postcode: NonEmptyText = Field(description="5 digits")
    city: NonEmptyText


class RegisterOrganisation(Command):
    """Registers an organisation or updates its entry; legal data left out keeps what was registered."""

    NAME = "organisation.register"
    organisation_id: Id
    name: NonEmptyText
    siret: Text | None = Field(default=None, description="14 digits with a valid Luhn key (INSEE)")
    address: Address | None = None
    vat_status: Code | None = Field(default=None, description="`registered` (assujettie), `franchise` (franchise "
                                                                "en base, art. 293 B du CGI) or `not_subject`")
    vat_number: Text | None = Field(default=None, description="intra-community VAT number FRkk + SIREN, due when "
                                                               "`registered`; its SIREN is the SIRET's")


class SetJobseekerCount(Command):
    NAME = "reference.jobseekers"
    territory: Code
    count: Count


COMMANDS: tuple[type[Command], ...] = (
    PublishTender, CloseTender, DefineLot, AwardLot, DeclareLotUnsuccessful, PlaceOrder, ScheduleSession,
    RescheduleSession, CancelSession, RegisterOrganisation, SetJobseekerCount,
)
