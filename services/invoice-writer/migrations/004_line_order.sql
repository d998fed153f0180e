-- Redelivery is idempotent at the level of documents (issue 10): a charge that bills the same
-- facts as the live line writes no line, only this, the latest calculation that billed them
-- again, so that an older charge with other facts arriving after it still loses. Null until a
-- charge confirms the line; the line's rank is greatest(calculated_at, confirmed_at).
ALTER TABLE invoice_lines ADD COLUMN confirmed_at timestamptz;

-- A crossing's charge that a live passage line already bills, under the passage's id, is
-- found among the live passage lines of its flight (a passage's crossings are all of its
-- flight); by flight, because the planner cannot estimate an overlap of arrays and would scan.
CREATE INDEX invoice_lines_live_passages_by_flight ON invoice_lines (flight_id)
  WHERE superseded_by IS NULL AND passage_crossing_ids IS NOT NULL;
