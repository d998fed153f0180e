import type { BatchCommand, BatchProgress } from '@overfly/schemas';
import { type BatchFilters, OPERATIONS, type OperationName } from './operation.js';
import type { JobRow, JobSpec } from './store.js';

/** A job as batch.commands carries it: its spec in `parameters`, each value a string. */
export function startCommandOf(spec: JobSpec, requestedAt: number): BatchCommand {
  return {
    commandId: spec.jobId,
    action: 'START',
    jobName: spec.operation,
    parameters: {
      name: spec.name,
      ...(spec.description === null ? {} : { description: spec.description }),
      filters: JSON.stringify(spec.filters),
      batchSize: String(spec.batchSize),
      retryAttempts: String(spec.retryAttempts),
      priority: String(spec.priority),
      ...(spec.operatorScope === null ? {} : { operatorScope: spec.operatorScope }),
    },
    requestedBy: spec.requestedBy,
    requestedAt,
  };
}

export function cancelCommandOf(
  jobId: string,
  operation: string,
  by: string,
  at: number,
): BatchCommand {
  return {
    commandId: jobId,
    action: 'CANCEL',
    jobName: operation,
    parameters: {},
    requestedBy: by,
    requestedAt: at,
  };
}

const int = (v: string | undefined, min: number, max: number): number | null => {
  const n = Number(v);
  return v !== undefined && Number.isInteger(n) && n >= min && n <= max ? n : null;
};

/** The spec a START command carries, or why it cannot be run (the command is refused). */
export function specOf(c: BatchCommand): { spec: JobSpec } | { error: string } {
  if (!(OPERATIONS as readonly string[]).includes(c.jobName))
    return { error: `jobName ${c.jobName} is not one of ${OPERATIONS.join(', ')}` };
  const p = c.parameters;
  let filters: unknown;
  try {
    filters = JSON.parse(p.filters ?? '{}');
  } catch {
    return { error: 'parameters.filters is not JSON' };
  }
  if (filters === null || typeof filters !== 'object' || Array.isArray(filters))
    return { error: 'parameters.filters is not an object' };
  const batchSize = int(p.batchSize, 1, 10_000);
  const retryAttempts = int(p.retryAttempts, 0, 10);
  const priority = int(p.priority, 0, 9);
  if (batchSize === null) return { error: 'parameters.batchSize is not an integer 1–10000' };
  if (retryAttempts === null) return { error: 'parameters.retryAttempts is not an integer 0–10' };
  if (priority === null) return { error: 'parameters.priority is not an integer 0–9' };
  return {
    spec: {
      jobId: c.commandId,
      operation: c.jobName as OperationName,
      name: p.name ?? c.jobName,
      description: p.description ?? null,
      filters: filters as BatchFilters,
      batchSize,
      retryAttempts,
      priority,
      requestedBy: c.requestedBy,
      operatorScope: p.operatorScope ?? null,
    },
  };
}

/** A job's state as batch.progress carries it. */
export function progressOf(job: JobRow, at: number): BatchProgress {
  return {
    commandId: job.job_id,
    jobName: job.operation,
    status: job.status,
    processed: Number(job.processed),
    failed: Number(job.failed),
    total: job.total === null ? null : Number(job.total),
    message: job.message,
    startedAt: job.started_at === null ? null : Number(job.started_at),
    updatedAt: at,
  };
}
