import type { BatchOperation, OperationName } from '../operation.js';
import type { TariffShelf } from '../tariff-shelf.js';
import { exportOperation } from './export.js';
import { reportOperation } from './report.js';
import { type ChargeSink, repriceOperation } from './reprice.js';
import { validateOperation } from './validate.js';

export type Operations = Readonly<Record<OperationName, BatchOperation>>;

/**
 * Every operation, with what some need: the tariff versions a reprice may name, and where
 * re-priced charges go (null in the api, which only checks jobs; workers send them).
 */
export function createOperations(deps: {
  tariffs: TariffShelf;
  charges: ChargeSink | null;
}): Operations {
  return {
    export: exportOperation,
    report: reportOperation,
    validate: validateOperation,
    reprice: repriceOperation(deps),
  };
}
