export { type SplitLine, splitCsvLine } from './split-line.js';
