-- flights.updates (append-only, key icao24): every position report of the last hours, for a
-- flight's track and for traffic as it was at a past moment (the globe's time travel).
-- Bounded: reports older than API_TRACK_RETENTION are purged.
CREATE TABLE track_points (
  icao24 text NOT NULL,
  position_time bigint NOT NULL,
  callsign text,
  latitude double precision NOT NULL,
  longitude double precision NOT NULL,
  baro_altitude_m double precision,
  geo_altitude_m double precision,
  on_ground boolean,
  velocity_ms double precision,
  track_deg double precision,
  vertical_rate_ms double precision,
  source text NOT NULL,
  PRIMARY KEY (icao24, position_time)
);
CREATE INDEX track_points_time ON track_points (position_time);
