-- The open-data service holds public data only: the buying side's facts as published (tenders,
-- lots, awards, orders, the organisations' registry entries: legal persons), paid invoices (public
-- spending), and the public indicators AFTER statistical confidentiality. No trainee, no count below
-- the threshold. Every row is keyed by its business key and written idempotently, so redelivery
-- and reordering converge, and replaying the topics into an empty schema rebuilds it.

CREATE TABLE tenders (
    tender_id text PRIMARY KEY,
    reference text NOT NULL,
    title text NOT NULL,
    axis text NOT NULL,
    procedure text NOT NULL,
    budget_cents bigint NOT NULL,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    published_at timestamptz NOT NULL
);

-- Apart from tenders so that a closing delivered before its publication is not lost.
CREATE TABLE tender_closings (
    tender_id text PRIMARY KEY,
    closed_at timestamptz NOT NULL
);

CREATE TABLE lots (
    lot_id text PRIMARY KEY,
    tender_id text NOT NULL,
    number int NOT NULL,
    title text NOT NULL,
    territory text NOT NULL,
    domain text NOT NULL,
    action_type text NOT NULL,
    billing_unit text NOT NULL,
    unit_price_cents bigint NOT NULL,
    defined_at timestamptz NOT NULL
);

-- A lot is decided once: awarded (to a holder and its grouping's members) or unsuccessful.
CREATE TABLE lot_decisions (
    lot_id text PRIMARY KEY,
    tender_id text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('awarded', 'unsuccessful')),
    holder_organisation_id text,
    members text[] NOT NULL DEFAULT '{}',
    decided_at timestamptz NOT NULL
);

-- closed_amount_cents / closed_at: an order closed with its lowered amount (rules version 2), once
-- contracts carry that event.
CREATE TABLE orders (
    order_id text PRIMARY KEY,
    lot_id text NOT NULL,
    tender_id text NOT NULL,
    holder_organisation_id text NOT NULL,
    amount_cents bigint NOT NULL,
    placed_at timestamptz NOT NULL,
    closed_amount_cents bigint,
    closed_at timestamptz
);
CREATE INDEX orders_tender_idx ON orders (tender_id);

-- Every registration is kept: a release shows an organisation as registered when it happened.
CREATE TABLE organisation_registrations (
    organisation_id text NOT NULL,
    registered_at timestamptz NOT NULL,
    name text NOT NULL,
    siret text,
    PRIMARY KEY (organisation_id, registered_at)
);

CREATE TABLE payments (
    invoice_id text NOT NULL,
    version int NOT NULL,
    order_id text NOT NULL,
    period text NOT NULL,
    paid_cents bigint NOT NULL,
    paid_at timestamptz NOT NULL,
    PRIMARY KEY (invoice_id, version)
);

-- The public indicators as published (small counts already withheld), from the newest counts.
CREATE TABLE public_indicators (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    computed_at timestamptz NOT NULL,
    facts_version bigint NOT NULL,
    scopes jsonb NOT NULL
);

-- What changed and when: Last-Modified of each dataset, and the key of the bodies cached in memory.
CREATE TABLE datasets (
    name text PRIMARY KEY,
    version bigint NOT NULL DEFAULT 0,
    modified_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO datasets (name) VALUES ('procurement'), ('indicators');
