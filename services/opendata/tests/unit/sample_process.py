"""A small contracting process for the publication tests: one tender, three lots (one awarded to a
grouping, one to a single organisation, one unsuccessful), orders, an order closed, paid invoices."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from pacte_opendata.domain.model import Award, Lot, Order, Organisation, Payment, Process, Tender, Unsuccessful
from pacte_opendata.domain.publisher import Publisher

T0 = datetime(2019, 9, 2, 8, 30, tzinfo=UTC)
PUBLISHER = Publisher(buyer_name="Acheteur du pacte", buyer_siret="13000000000001", ocid_prefix="ocds-a1b2c3",
                      decp_id_template="{year}{tender_id}{lot_number:03d}", grouping_type="Conjoint",
                      base_url="https://opendata.example.fr")


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def lot(lot_id: str, number: int, territory: str = "43") -> Lot:
    return Lot(lot_id, "T-Q", number, f"Lot {number}", territory, "aeronautics", "certifying", "opening_day", 86064,
               at(number))


def sample_process(*, sirets: bool = True, closed: bool = False) -> Process:
    registrations = {
        org: (Organisation(org, f"Organisme {org}", f"1234567890{n:04d}" if sirets else None, at(0)),)
        for n, org in enumerate(("OF-1", "OF-2", "OF-3"), start=1)
    }
    return Process(
        tender=Tender("T-Q", "T-Q-2019", "Pacte qualifying", "qualifying", "open", 160_000_000, date(2019, 9, 2),
                      date(2021, 9, 1), at(0)),
        lots=(lot("L-1", 1), lot("L-2", 2, "69"), lot("L-3", 3, "01")),
        awards=(Award("L-1", "T-Q", "OF-1", ("OF-1", "OF-2"), at(10)), Award("L-2", "T-Q", "OF-3", ("OF-3",), at(11))),
        unsuccessful=(Unsuccessful("L-3", "T-Q", at(12)),),
        orders=(Order("BC-1", "L-1", "T-Q", "OF-1", 29_000_000, at(20),
                      closed_amount_cents=12_345_678 if closed else None, closed_at=at(500) if closed else None),
                Order("BC-2", "L-1", "T-Q", "OF-1", 1_000_001, at(30)),
                Order("BC-3", "L-2", "T-Q", "OF-3", 8_000_000, at(40))),
        payments=(Payment("INV-BC-1-2019-09-v1", 1, "BC-1", "2019-09", 1_234_567, at(100)),
                  Payment("INV-BC-3-2019-09-v2", 2, "BC-3", "2019-09", -1_050, at(101))),
        registrations=registrations,
    )
