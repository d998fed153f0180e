-- Redelivery is idempotent at the level of documents (issue 10): a charge that bills the same
-- facts as the live line writes no line, only this, the latest calculation that billed them
-- again, so that an older charge with other facts arriving after it still loses. Null until a
-- charge confirms the line; the line's rank is greatest(calculated_at, confirmed_at).
ALTER TABLE invoice_lines ADD COLUMN confirmed_at timestamptz;

-- A crossing's charge that a live passage line already bills, under the passage's id, is
-- found through the crossings that line bills (passage_crossing_ids && the run's crossings).
CREATE INDEX invoice_lines_live_by_passage_crossing ON invoice_lines
  USING gin (passage_crossing_ids) WHERE superseded_by IS NULL;
