-- fir.crossings (key icao24): every FIR passage of a flight, PROVISIONAL while inside and
-- FINAL once it left; the latest version of each crossing (by offset: one aircraft, one
-- partition). `operator` is the ICAO designator its callsign names (packages/charges), so
-- crossings filter by operator and a tenant-scoped key sees its own.
CREATE TABLE crossings (
  crossing_id text PRIMARY KEY,
  flight_id text NOT NULL,
  icao24 text NOT NULL,
  callsign text,
  operator text,
  fir_id text NOT NULL,
  fir_name text,
  entry_time bigint NOT NULL,
  exit_time bigint,
  entry_latitude double precision NOT NULL,
  entry_longitude double precision NOT NULL,
  exit_latitude double precision,
  exit_longitude double precision,
  great_circle_km double precision NOT NULL,
  flown_km double precision NOT NULL,
  departure_airport text,
  arrival_airport text,
  status text NOT NULL,
  sequence int NOT NULL,
  source text NOT NULL,
  exit_reason text,
  next_fir_id text,
  produced_at bigint NOT NULL,
  src_partition int NOT NULL,
  src_offset bigint NOT NULL
);
CREATE INDEX crossings_entry ON crossings (entry_time DESC, crossing_id DESC);
CREATE INDEX crossings_fir ON crossings (fir_id, entry_time DESC, crossing_id DESC);
CREATE INDEX crossings_operator ON crossings (operator, entry_time DESC, crossing_id DESC);
CREATE INDEX crossings_flight ON crossings (flight_id, sequence);

-- charges.calculated (key: the passage id): one charge per charging-zone passage, with every input
-- of its price and where each came from. A re-priced passage keeps its chargeId; the
-- later calculation wins (calculatedAt, then offset).
CREATE TABLE charges (
  charge_id text PRIMARY KEY,
  crossing_id text NOT NULL,
  flight_id text NOT NULL,
  icao24 text NOT NULL,
  callsign text,
  operator_icao text,
  aircraft_type text,
  mtow_kg double precision,
  mtow_source text,
  fir_id text NOT NULL,
  charging_zone text,
  flight_date int NOT NULL,
  tariff_month text NOT NULL,
  distance_km double precision NOT NULL,
  distance_basis text NOT NULL,
  distance_factor double precision NOT NULL,
  weight_factor double precision,
  service_units double precision,
  unit_rate_minor bigint,
  unit_rate_currency text,
  unit_rate_source text,
  exchange_rate text,
  exchange_rate_source text,
  amount_minor bigint,
  currency text,
  tariff_version text,
  status text NOT NULL,
  exemption_code text,
  reason text,
  calculated_at bigint NOT NULL,
  passage jsonb,
  src_partition int NOT NULL,
  src_offset bigint NOT NULL
);
CREATE INDEX charges_date ON charges (flight_date DESC, charge_id DESC);
CREATE INDEX charges_operator ON charges (operator_icao, flight_date DESC, charge_id DESC);
CREATE INDEX charges_zone ON charges (charging_zone, flight_date DESC, charge_id DESC);
CREATE INDEX charges_fir ON charges (fir_id, flight_date DESC, charge_id DESC);
CREATE INDEX charges_flight ON charges (flight_id);
