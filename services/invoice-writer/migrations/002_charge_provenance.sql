-- Where each line's figures come from, as charges.calculated carries it since the fields
-- were added to its schema: the distance d was measured on (the Avro DistanceBasis symbols
-- GREAT_CIRCLE, FLOWN, UNKNOWN), the row of the MTOW table (an override's source, or the
-- reference table and type), and the source of the tariff rows of the unit rate and the
-- exchange rate. Nullable: lines written before this migration have none; a charge written
-- with the previous schema version reads as UNKNOWN (the schema's default) and nulls.
ALTER TABLE invoice_lines
  ADD COLUMN distance_basis       text,
  ADD COLUMN mtow_source          text,
  ADD COLUMN unit_rate_source     text,
  ADD COLUMN exchange_rate_source text;

-- chargingZone became nullable in charges.calculated: a FIR in no charging zone has no zone,
-- no longer the placeholder ''. Such lines are UNPRICED, never on an invoice.
ALTER TABLE invoice_lines ALTER COLUMN charging_zone DROP NOT NULL;
UPDATE invoice_lines SET charging_zone = NULL WHERE charging_zone = '';
