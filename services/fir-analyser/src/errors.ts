import { defineErrors } from '@overfly/errors';

// The one code fir-analyser gives a failure itself. What the track engine throws keeps the
// code of the package that threw it (TRACKING_*, GEO_*); this one is for a throw that has
// none. README.md lists it; errors.test.ts keeps the two in sync.
export const firAnalyserErrors = defineErrors('FIR_ANALYSER', {
  ENGINE_FAILED: {
    message: 'the track engine threw on a position, without a code of its own',
    // The engine is deterministic: the same position fails the same way, so it is
    // dead-lettered at once and the partition goes on.
    retriable: false,
  },
});
