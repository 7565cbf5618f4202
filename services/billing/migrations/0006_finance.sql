-- Finance (issue 20): the parties of self-billed invoices, who approved and who paid each invoice, the
-- Factur-X documents and service-done certificates once generated, and the back-office's indexes.

-- Organisations' legal data as procurement registered it (OrganisationRegistered); the newest event wins.
CREATE TABLE organisations (
    organisation_id text PRIMARY KEY,
    name text NOT NULL,
    siret text,
    address jsonb,
    vat_status text,
    vat_number text,
    registered_at timestamptz NOT NULL
);

-- The attestation de service fait names who approved the invoice and when (the audit log says it too,
-- but not in a shape a certificate reads back). Absent for approvals restored by a rebuild.
CREATE TABLE approvals (
    invoice_id text PRIMARY KEY REFERENCES invoices (invoice_id),
    approved_by text NOT NULL,
    approved_at timestamptz NOT NULL DEFAULT now()
);

-- A payment as finance recorded it: the bank transfer's reference and the date it was paid.
CREATE TABLE payments (
    invoice_id text PRIMARY KEY REFERENCES invoices (invoice_id),
    reference text,
    paid_on date,
    recorded_by text,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

-- Generated once and never changed, like the invoice they render.
CREATE TABLE documents (
    invoice_id text NOT NULL REFERENCES invoices (invoice_id),
    kind text NOT NULL CHECK (kind IN ('facturx', 'service_certificate')),
    content bytea NOT NULL,
    sha256 text NOT NULL,
    render_ms int NOT NULL,
    generated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (invoice_id, kind)
);
CREATE TRIGGER documents_immutable BEFORE UPDATE OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- The back-office's lists: newest periods first, filtered by status, organisation, axis or tender.
CREATE INDEX invoices_by_period ON invoices (period DESC, order_id, version DESC);
CREATE INDEX invoices_by_status ON invoices (status, period DESC, order_id, version DESC);
CREATE INDEX orders_by_tender ON orders (tender_id);
CREATE INDEX orders_by_axis ON orders (axis);

-- The lot's VAT rate in percent, carried by OrderPlaced; NULL: exempt (vocational training).
ALTER TABLE orders ADD COLUMN vat_rate numeric;
