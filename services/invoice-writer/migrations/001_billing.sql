-- Where each input partition has got to, committed in the same transaction as the lines
-- it produced: the database, not Kafka, is the source of truth for progress.
CREATE TABLE consumer_offsets (
  group_id    text    NOT NULL,
  topic       text    NOT NULL,
  partition   integer NOT NULL,
  next_offset bigint  NOT NULL CHECK (next_offset >= 0),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (group_id, topic, partition)
);

-- Billing preference per operator; an operator without a row is invoiced monthly.
CREATE TABLE customers (
  operator_icao text PRIMARY KEY,
  period        text NOT NULL DEFAULT 'MONTHLY' CHECK (period IN ('WEEKLY', 'MONTHLY'))
);

-- Invoices and credit notes. An ISSUED document is never edited except for its payment
-- state (ISSUED → OVERDUE → PAID); corrections are credit notes.
CREATE TABLE invoices (
  invoice_id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  document_type      text NOT NULL CHECK (document_type IN ('INVOICE', 'CREDIT_NOTE')),
  series             text NOT NULL,
  year               integer NOT NULL,
  number             integer NOT NULL,
  invoice_number     text NOT NULL UNIQUE,
  operator_icao      text NOT NULL,
  billing_cycle      text NOT NULL CHECK (billing_cycle IN ('PER_CROSSING', 'WEEKLY', 'MONTHLY')),
  period_start       timestamptz NOT NULL,
  period_end         timestamptz NOT NULL,
  currency           text NOT NULL,
  total_minor        bigint NOT NULL DEFAULT 0,
  line_count         integer NOT NULL DEFAULT 0,
  status             text NOT NULL CHECK (status IN ('DRAFT', 'ISSUED', 'OVERDUE', 'PAID', 'PARTIALLY_PAID', 'CANCELLED', 'CREDITED')),
  issued_at          timestamptz NOT NULL,
  due_date           date,
  related_invoice_id uuid REFERENCES invoices (invoice_id),
  UNIQUE (series, year, number)
);
-- One consolidated invoice per operator, cycle, period and currency: a second scheduler
-- instance that slipped past the lock still cannot invoice a period twice.
CREATE UNIQUE INDEX invoices_one_per_period
  ON invoices (operator_icao, billing_cycle, period_start, currency)
  WHERE document_type = 'INVOICE';
CREATE INDEX invoices_open_by_due ON invoices (due_date) WHERE status = 'ISSUED';

-- One row per version of a crossing's charge. `revision` counts the versions of a
-- crossing; at most one version is live (superseded_by IS NULL).
CREATE TABLE invoice_lines (
  line_id          bigserial PRIMARY KEY,
  charge_id        text NOT NULL,
  crossing_id      text NOT NULL,
  revision         integer NOT NULL DEFAULT 1,
  tariff_version   text NOT NULL,          -- '' when no tariff applied (EXEMPT, UNPRICED)
  flight_id        text NOT NULL,
  icao24           text NOT NULL,
  callsign         text,
  operator_icao    text,
  aircraft_type    text,
  fir_id           text NOT NULL,
  charging_zone    text NOT NULL,
  flight_date      date NOT NULL,
  tariff_month     text NOT NULL,
  distance_km      double precision NOT NULL CHECK (distance_km >= 0),
  service_units    double precision,
  status           text NOT NULL CHECK (status IN ('PRICED', 'EXEMPT', 'UNPRICED', 'UNKNOWN')),
  amount_minor     bigint,                 -- 0 when EXEMPT, null when UNPRICED
  currency         text,
  exemption_code   text,
  reason           text,
  calculated_at    timestamptz NOT NULL,
  -- Deferred: the replacing line is inserted after the old one points at it.
  superseded_by    bigint REFERENCES invoice_lines (line_id) DEFERRABLE INITIALLY DEFERRED,
  invoice_id       uuid REFERENCES invoices (invoice_id),
  source_partition integer NOT NULL,
  source_offset    bigint NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (crossing_id, tariff_version, revision),
  CHECK (status <> 'PRICED' OR (amount_minor IS NOT NULL AND currency IS NOT NULL))
);
-- A crossing can never be billed twice: one live line per crossing.
CREATE UNIQUE INDEX invoice_lines_one_live ON invoice_lines (crossing_id) WHERE superseded_by IS NULL;
-- What consolidation reads: live priced lines not yet on an invoice.
CREATE INDEX invoice_lines_to_invoice ON invoice_lines (operator_icao, currency, flight_date)
  WHERE invoice_id IS NULL AND superseded_by IS NULL AND status = 'PRICED';
CREATE INDEX invoice_lines_by_invoice ON invoice_lines (invoice_id);

-- A credit note's lines: each reverses one line of an issued invoice, once.
CREATE TABLE credit_note_lines (
  credit_note_id uuid NOT NULL REFERENCES invoices (invoice_id),
  line_id        bigint NOT NULL UNIQUE REFERENCES invoice_lines (line_id),
  amount_minor   bigint NOT NULL CHECK (amount_minor <= 0),
  currency       text NOT NULL,
  PRIMARY KEY (credit_note_id, line_id)
);

-- Gapless numbering: the row is locked by the UPDATE that takes a number, inside the
-- transaction that issues the document; a rollback gives the number back.
CREATE TABLE invoice_number_series (
  series      text NOT NULL,
  year        integer NOT NULL,
  last_number integer NOT NULL DEFAULT 0,
  PRIMARY KEY (series, year)
);

-- Every invoice state change, written in the same transaction as the change and relayed
-- to invoices.events; consumers dedupe on event_id.
CREATE TABLE outbox (
  seq        bigserial PRIMARY KEY,
  event_id   uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  invoice_id uuid NOT NULL REFERENCES invoices (invoice_id),
  payload    jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at    timestamptz
);
CREATE INDEX outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;

-- Each scheduler or batch run, with its counts and its failures by category.
CREATE TABLE processing_runs (
  run_id      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  job         text NOT NULL,
  started_at  timestamptz NOT NULL,
  finished_at timestamptz,
  status      text NOT NULL CHECK (status IN ('RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED')),
  processed   integer NOT NULL DEFAULT 0,
  failed      integer NOT NULL DEFAULT 0
);
CREATE TABLE processing_failures (
  run_id     uuid NOT NULL REFERENCES processing_runs (run_id),
  item_key   text NOT NULL,
  category   text NOT NULL CHECK (category IN ('fetch', 'processing', 'invoice_creation', 'validation', 'unknown')),
  message    text NOT NULL,
  retried_by uuid REFERENCES processing_runs (run_id),
  PRIMARY KEY (run_id, item_key)
);
