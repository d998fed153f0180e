-- Charges price charging-zone passages (Regulation (EU) 2019/317 Annex VIII: d per zone), not
-- FIR crossings. A passage line keeps its key in crossing_id (the passage id is the crossing
-- id of its first crossing), and here what the passage is made of and where it began and
-- ended. Nullable: lines written before passages existed price one crossing each.
ALTER TABLE invoice_lines
  ADD COLUMN passage_crossing_ids      text[],
  ADD COLUMN passage_fir_ids           text[],
  ADD COLUMN passage_entry_time        timestamptz,
  ADD COLUMN passage_exit_time         timestamptz,
  ADD COLUMN passage_entry_latitude    double precision,
  ADD COLUMN passage_entry_longitude   double precision,
  ADD COLUMN passage_exit_latitude     double precision,
  ADD COLUMN passage_exit_longitude    double precision,
  ADD COLUMN passage_great_circle_km   double precision,
  ADD COLUMN passage_flown_km          double precision,
  ADD COLUMN passage_take_offs         integer,
  ADD COLUMN passage_landings          integer,
  ADD COLUMN passage_departure_airport text,
  ADD COLUMN passage_arrival_airport   text;

-- A passage line may take over the live lines of its other crossings (billed one by one
-- before, or a passage that grew): finding them by crossing goes through this index.
CREATE INDEX invoice_lines_live_by_crossing ON invoice_lines (crossing_id)
  WHERE superseded_by IS NULL;
