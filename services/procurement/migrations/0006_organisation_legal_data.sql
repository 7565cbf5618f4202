-- Organisations' legal data, as self-billed invoices name them (issue 20): postal address and VAT
-- standing. Absent for entries registered before; an update that leaves them out keeps them.
ALTER TABLE organisations
    ADD COLUMN address_line_one text,
    ADD COLUMN address_line_two text,
    ADD COLUMN postcode text CHECK (postcode ~ '^[0-9]{5}$'),
    ADD COLUMN city text,
    ADD COLUMN country_code text,
    ADD COLUMN vat_status text CHECK (vat_status IN ('registered', 'franchise', 'not_subject')),
    ADD COLUMN vat_number text CHECK (vat_number ~ '^FR[0-9]{11}$');

-- A lot's VAT rate in percent, carried on its terms; NULL: exempt as vocational training.
ALTER TABLE lots ADD COLUMN vat_rate text CHECK (vat_rate IN ('20', '10', '5.5', '2.1'));
