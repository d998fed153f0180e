import { defineErrors } from '@overfly/errors';

// fee-calculator raises no error of its own: a crossing that cannot be priced as input is
// refused by @overfly/charges (CHARGES_*), and the consumer loop dead-letters it with that
// code. The catalogue is declared, empty, so the prefix is the service's and a code it
// needs one day has its place and its README row. errors.test.ts keeps README.md in sync.
export const feeCalculatorErrors = defineErrors('FEE_CALCULATOR', {});
