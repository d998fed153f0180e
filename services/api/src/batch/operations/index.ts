import type { BatchOperation, OperationName } from '../operation.js';
import type { TariffShelf } from '../tariff-shelf.js';
import type { Airspace, CrossingSink } from './airspace.js';
import { exportOperation } from './export.js';
import { importOperation } from './import.js';
import { reportOperation } from './report.js';
import { type ChargeSink, repriceOperation } from './reprice.js';
import { reprocessOperation } from './reprocess.js';
import { validateOperation } from './validate.js';

export type Operations = Readonly<Record<OperationName, BatchOperation>>;

/**
 * Every operation, with what some need: the tariff versions a reprice may name, where
 * re-priced charges and computed crossings go, and the airspace crossings are computed in
 * (null in the api, which only checks jobs; workers send them).
 */
export function createOperations(deps: {
  tariffs: TariffShelf;
  charges: ChargeSink | null;
  crossings: CrossingSink | null;
  airspace: Airspace | null;
}): Operations {
  const computing = { airspace: deps.airspace, crossings: deps.crossings };
  return {
    export: exportOperation,
    report: reportOperation,
    validate: validateOperation,
    reprice: repriceOperation(deps),
    reprocess: reprocessOperation(computing),
    import: importOperation(computing),
  };
}
