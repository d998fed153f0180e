// The counter SIGKILLed twice by itself and 3 times from outside (test-support/crash-run.ts);
// crash.chaos.test.ts (`pnpm test:chaos`) kills it 5 times from outside.
import { describeCounterCrash } from './test-support/crash-run.js';

describeCounterCrash(3);
