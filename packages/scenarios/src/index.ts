export { formatDuration, parseDuration } from '@overfly/config';
export { isSyntheticAddress, SYNTHETIC_ADDRESSES } from './addresses.js';
export type { TypePerformance } from './aircraft.js';
export {
  type CompileOptions,
  compileScenario,
  type FlightGroup,
  type Scenario,
  type ScriptedFlight,
} from './compile.js';
export {
  checkScenarioControl,
  describeScenarioCommand,
  SCENARIO_CONTROL_KEY,
  type ScenarioCommand,
  type StartCommand,
  type StopCommand,
  scenarioControlRecord,
  simulatedTimeAt,
} from './control.js';
export {
  ScenarioError,
  type ScenarioErrorCode,
  type ScenarioIssue,
  scenarioErrors,
} from './errors.js';
export {
  BUILT_IN_DIR,
  builtInScenarios,
  loadScenario,
  loadScenarioDocument,
  resolveScenarioPath,
} from './load.js';
export {
  builtInNetworkScenarios,
  compileNetworkScenario,
  type NetworkCompileOptions,
} from './network/compile.js';
export { type NetworkScenarioDocument, parseNetworkScenario } from './network/document.js';
export type * from './network/model.js';
export {
  forecastAt,
  manifestAt,
  type SchedulesQuery,
  type SimulationDocument,
  type SimulationFlight,
  scheduleAt,
  schedulesAt,
  toSimulationDocument,
  weatherAt,
} from './network/views.js';
export { OPERATORS, type Operator } from './operators.js';
export { parseScenario } from './parse.js';
export { mulberry32, type Rng, rngFor } from './prng.js';
export type {
  AfterLanding,
  GeneratedFlightsSpec,
  ScenarioDocument,
  ScenarioEvent,
  ScriptedFlightSpec,
} from './schema.js';
export {
  createSimulation,
  type FlightInfo,
  type Simulation,
  type SimulationOptions,
  type SimulationStats,
} from './simulation.js';
