export { describeError, loadOrExit } from './load-or-exit.js';
export {
  type ControlOutcome,
  type ControlStatus,
  createScenarioController,
  followScenarioControl,
  type ScenarioController,
  type ScenarioControllerOptions,
  type ScenarioRun,
} from './scenario-control.js';
export {
  type Service,
  type ServiceBaseConfig,
  type ShutdownStep,
  type StartServiceOptions,
  startService,
} from './service.js';
export { installGracefulShutdown, type ShutdownOptions } from './shutdown.js';
