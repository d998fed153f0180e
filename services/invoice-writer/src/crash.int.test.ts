// invoice-writer SIGKILLed 5 times mid-stream (test-support/crash-run.ts); the 10-kill run
// is crash.chaos.test.ts (`pnpm test:chaos`).
import { describeWriterCrash } from './test-support/crash-run.js';

describeWriterCrash(5);
