// The counter SIGKILLed twice by itself and 5 times from outside (test-support/crash-run.ts);
// CI's run, crash.int.test.ts, kills it 3 times from outside.
import { describeCounterCrash } from './test-support/crash-run.js';

describeCounterCrash(5);
