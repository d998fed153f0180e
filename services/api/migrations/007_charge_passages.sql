-- A passage's charges, latest calculation first: a reprice job finds each passage's current
-- charge (a new tariff version gives the passage a charge of a new chargeId beside the old).
CREATE INDEX charges_passage ON charges (crossing_id, calculated_at DESC, src_offset DESC);
