-- The api's read models: built from the topics by src/read-models/, never read from
-- another service's tables (DESIGN rule 1). Each row remembers the Kafka offset it was
-- last written from, so a message read again (at-least-once) changes nothing.

-- flights.state (compacted, key icao24): the aircraft now in the air or on the ground.
CREATE TABLE aircraft (
  icao24 text PRIMARY KEY,
  callsign text,
  operator text,
  origin_country text,
  latitude double precision NOT NULL,
  longitude double precision NOT NULL,
  baro_altitude_m double precision,
  geo_altitude_m double precision,
  on_ground boolean,
  velocity_ms double precision,
  track_deg double precision,
  vertical_rate_ms double precision,
  squawk text,
  source text NOT NULL,
  position_time bigint NOT NULL,
  last_contact bigint NOT NULL,
  first_seen bigint NOT NULL,
  last_seen bigint NOT NULL,
  updated_at bigint NOT NULL,
  src_partition int NOT NULL,
  src_offset bigint NOT NULL
);
CREATE INDEX aircraft_callsign ON aircraft (callsign text_pattern_ops);
CREATE INDEX aircraft_operator ON aircraft (operator);
CREATE INDEX aircraft_position ON aircraft (longitude, latitude);

-- invoices.events (key invoiceId): invoices and credit notes with their lines.
CREATE TABLE invoices (
  invoice_id text PRIMARY KEY,
  invoice_number text,
  series text NOT NULL,
  document_type text NOT NULL,
  billing_cycle text NOT NULL,
  operator_icao text NOT NULL,
  status text NOT NULL,
  total_minor bigint NOT NULL,
  currency text NOT NULL,
  paid_minor bigint,
  line_count int NOT NULL,
  related_invoice_id text,
  period_start bigint NOT NULL,
  period_end bigint NOT NULL,
  due_date int,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  src_partition int NOT NULL,
  src_offset bigint NOT NULL
);
CREATE INDEX invoices_operator_period ON invoices (operator_icao, period_start DESC, invoice_id DESC);
CREATE INDEX invoices_period ON invoices (period_start DESC, invoice_id DESC);
CREATE INDEX invoices_status ON invoices (status, period_start DESC);
CREATE INDEX invoices_related ON invoices (related_invoice_id) WHERE related_invoice_id IS NOT NULL;

CREATE TABLE invoice_lines (
  invoice_id text NOT NULL,
  charge_id text NOT NULL,
  crossing_id text NOT NULL,
  flight_id text NOT NULL,
  callsign text,
  fir_id text NOT NULL,
  flight_date int NOT NULL,
  amount_minor bigint NOT NULL,
  currency text NOT NULL,
  added_at bigint NOT NULL,
  PRIMARY KEY (invoice_id, charge_id)
);
