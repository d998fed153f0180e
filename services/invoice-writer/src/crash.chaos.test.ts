// invoice-writer SIGKILLed 10 times mid-stream (test-support/crash-run.ts); CI's run,
// crash.int.test.ts, kills it 5 times.
import { describeWriterCrash } from './test-support/crash-run.js';

describeWriterCrash(10);
