import type { FromSchema } from 'json-schema-to-ts';

// Notifications and dead letters as the ops routes answer them: schemas and derived types.

export const notificationSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    notificationId: { type: 'string' },
    sourceTopic: { type: 'string' },
    sourceEventId: { type: 'string' },
    channel: { type: 'string' },
    recipientRef: {
      type: 'string',
      description: 'A contact reference or webhook subscription id, never an address',
    },
    template: { type: 'string' },
    status: { type: 'string' },
    attempts: { type: 'integer' },
    providerMessageId: { type: ['string', 'null'] },
    lastError: { type: ['string', 'null'] },
    createdAt: { type: 'integer' },
    updatedAt: { type: 'integer' },
  },
  required: [
    'notificationId',
    'sourceTopic',
    'sourceEventId',
    'channel',
    'recipientRef',
    'template',
    'status',
    'attempts',
    'providerMessageId',
    'lastError',
    'createdAt',
    'updatedAt',
  ],
} as const;

export const deadLetterSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: { type: 'string', description: "'<partition>:<offset>' in dead.letter" },
    sourceTopic: { type: 'string' },
    sourcePartition: { type: 'integer' },
    sourceOffset: { type: 'string' },
    service: { type: 'string' },
    errorCode: { type: 'string' },
    errorMessage: { type: 'string' },
    retriable: { type: 'boolean' },
    attempts: { type: 'integer' },
    failedAt: { type: 'integer' },
    replayedAt: { type: ['integer', 'null'], description: 'When an operator last replayed it' },
  },
  required: [
    'id',
    'sourceTopic',
    'sourcePartition',
    'sourceOffset',
    'service',
    'errorCode',
    'errorMessage',
    'retriable',
    'attempts',
    'failedAt',
    'replayedAt',
  ],
} as const;

export type NotificationRow = FromSchema<typeof notificationSchema>;
export type DeadLetterRow = FromSchema<typeof deadLetterSchema>;
