import type { BatchOperation, OperationName } from '../operation.js';
import { exportOperation } from './export.js';
import { reportOperation } from './report.js';
import { validateOperation } from './validate.js';

export const operations: Readonly<Record<OperationName, BatchOperation>> = {
  export: exportOperation,
  report: reportOperation,
  validate: validateOperation,
};
