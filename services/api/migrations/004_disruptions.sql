-- disruption.events (key disruptionId): each disruption as its latest revision tells it,
-- with its evidence. The correlator republishes a disruption under the same id as it grows
-- and resolves, eventId '<disruptionId>#<revision>'; a row is replaced only by a later
-- revision (then a later detectedAt), so a record read again or arriving late never takes
-- the row back. Nested lists are kept as the record carries them (jsonb).
CREATE TABLE disruptions (
  disruption_id text PRIMARY KEY,
  event_id text NOT NULL,
  revision int NOT NULL,
  type text NOT NULL,
  severity text NOT NULL,
  lifecycle text NOT NULL,
  summary text NOT NULL,
  airport_icao text,
  operator_icao text,
  root_cause_schedule_id text,
  weather_observation_id text,
  affected_flights jsonb NOT NULL,
  affected_flight_count int NOT NULL,
  eu261_relevant boolean NOT NULL,
  extraordinary_circumstances boolean NOT NULL,
  eu261_note text,
  correlated_event_ids jsonb NOT NULL,
  positions jsonb NOT NULL,
  option_costs jsonb NOT NULL,
  confidence double precision,
  window_start bigint NOT NULL,
  window_end bigint NOT NULL,
  detected_at bigint NOT NULL,
  src_partition int NOT NULL,
  src_offset bigint NOT NULL
);
-- windowStart is part of the id and never changes: pages by it stay put while rows update.
CREATE INDEX disruptions_window ON disruptions (window_start DESC, disruption_id DESC);
CREATE INDEX disruptions_operator ON disruptions (operator_icao, window_start DESC, disruption_id DESC);
CREATE INDEX disruptions_airport ON disruptions (airport_icao, window_start DESC, disruption_id DESC);
CREATE INDEX disruptions_open ON disruptions (window_start DESC, disruption_id DESC)
  WHERE lifecycle <> 'RESOLVED';

-- Every revision once (by eventId), for a disruption's history.
CREATE TABLE disruption_revisions (
  event_id text PRIMARY KEY,
  disruption_id text NOT NULL,
  revision int NOT NULL,
  lifecycle text NOT NULL,
  severity text NOT NULL,
  summary text NOT NULL,
  confidence double precision,
  eu261_relevant boolean NOT NULL,
  extraordinary_circumstances boolean NOT NULL,
  affected_flight_count int NOT NULL,
  window_end bigint NOT NULL,
  detected_at bigint NOT NULL
);
CREATE INDEX disruption_revisions_of ON disruption_revisions (disruption_id, revision);

-- passenger.events (key passengerId): each decision about a passenger once, by eventId.
-- Pseudonymous, as the topic is: ids and references only, never a name or an address.
CREATE TABLE passenger_events (
  event_id text PRIMARY KEY,
  passenger_id text NOT NULL,
  booking_id text NOT NULL,
  contact_ref text,
  disruption_id text NOT NULL,
  schedule_id text NOT NULL,
  type text NOT NULL,
  priority int NOT NULL,
  priority_reasons jsonb NOT NULL,
  eu261_eligible boolean NOT NULL,
  eu261_distance_km double precision,
  arrival_delay_minutes int,
  compensation jsonb,
  rebooking jsonb,
  estimated_cost jsonb,
  occurred_at bigint NOT NULL
);
CREATE INDEX passenger_events_time ON passenger_events (occurred_at DESC, event_id DESC);
CREATE INDEX passenger_events_disruption ON passenger_events (disruption_id, occurred_at DESC, event_id DESC);
CREATE INDEX passenger_events_passenger ON passenger_events (passenger_id, occurred_at DESC, event_id DESC);
CREATE INDEX passenger_events_schedule ON passenger_events (schedule_id, occurred_at DESC, event_id DESC);
