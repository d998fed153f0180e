// What a consumer of each topic needs to know about records arriving twice. Every topic is
// written by packages/kafka's idempotent producer without Kafka transactions, so every
// topic is at least once; what differs is how a record sent again is recognised. These
// sentences are checked against the catalogue (every topic has one) by the unit tests.

export const deliveryNotes: Readonly<Record<string, string>> = {
  'flights.updates':
    'A position may come again (flight-producer restarted, a replay run again); (`icao24`, `positionTime`) identifies a fix. fir-analyser drops fixes it already holds.',
  'flights.state':
    'Latest state per aircraft: a record sent again is the same state; keep the one with the greatest `updatedAt` per key. A tombstone (null value) removes the aircraft.',
  'fir-analyser.state': 'Internal: read only by fir-analyser.',
  'fir.crossings':
    'A crossing is published PROVISIONAL, then FINAL under the same `crossingId` (deterministic: flight, sequence, FIR); a restarted fir-analyser or a reprocess/import job of the api sends the same `crossingId` again. Upsert by `crossingId`; a FINAL replaces a PROVISIONAL.',
  'fee-calculator.state': 'Internal: read only by fee-calculator.',
  'disruption-correlator.state': 'Internal: read only by disruption-correlator.',
  'charges.calculated':
    '`chargeId` is derived from the passage id and `tariffVersion`: a charge sent again has the same `chargeId`. A passage priced again (its crossings changed, a reprice job, a new tariff version) comes again under the same key with new figures: upsert by `crossingId` (the passage id, equal to the key) and keep the latest `calculatedAt`.',
  'invoices.events':
    "Published from invoice-writer's outbox, at least once: dedupe on `eventId` (stable per outbox row).",
  'flight.events':
    'Deterministic `eventId` (the flight or crossing id and the event, e.g. `<crossingId>-EXIT`): a restarted fir-analyser sends the same id again; dedupe on it.',
  'flight.schedules':
    'The full latest view of one leg, published when it changed: keep the greatest `updatedAt` per `scheduleId`.',
  'external.weather': 'Deterministic `observationId` (station and observation time): dedupe on it.',
  'passenger.manifests':
    'Deterministic `manifestId` (scheduleId and snapshot time): dedupe on it; the latest `snapshotAt` per `scheduleId` is the manifest in force.',
  'disruption.events':
    '`eventId` is `<disruptionId>#<revision>`; disruption-correlator does not send an `eventId` again after a restart (it reads what it sent back), but a send the broker took twice can still arrive twice: dedupe on `eventId`.',
  'passenger.events':
    'Deterministic `eventId` (disruption, passenger, type, revision): dedupe on it, as the notifier does.',
  notifications:
    "Every state change of a delivery, published from the notifier's ledger (an outbox on the row): a state may come again; keep the greatest `updatedAt` per `notificationId`.",
  'batch.commands': '`commandId` is chosen by the requester; the batch workers dedupe on it.',
  'batch.progress':
    "Progress reports under the run's `commandId`: a report may come again; keep the greatest `updatedAt` per `commandId`.",
  'system.metrics':
    'Snapshots: (`service`, `instance`, `takenAt`) identifies one; a snapshot sent again is the same.',
  'dead.letter':
    'A consumer loop in `stored-by-service` mode writes each letter once per consumer group, even across a crash; one in `commit-after-handler` mode may write a letter again after a crash, with the same `sourceTopic`, `sourcePartition` and `sourceOffset`.',
  'scenario.control':
    'The command in force is the latest record; a command sent again has the same `commandId`.',
};
