export {
  type CodeOf,
  defineErrors,
  type ErrorCatalogue,
  type ErrorEntry,
  type ErrorSpec,
  type ErrorSpecs,
} from './define.js';
export { OverflyError, type OverflyErrorOptions } from './overfly-error.js';
export { errorTableProblems } from './readme-table.js';
