export { type ChangelogCodec, type KeyedState, META_KEY } from './keyed-state.js';
export {
  ChangelogPartition,
  type ChangelogPartitionOptions,
  type CheckpointedPartition,
} from './partition.js';
export {
  type ChangelogRunner,
  type ChangelogRunnerOptions,
  startChangelogRunner,
} from './runner.js';
