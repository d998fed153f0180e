// kafkajs is CommonJS and its `module.exports = { ..., ...errors }` defeats Node's
// named-export detection, so plain `node --import tsx` (unlike vitest) fails on
// `import { Kafka } from 'kafkajs'`. Runtime values come through here; types import directly.
import kafkajs from 'kafkajs';

export const { Kafka, logLevel, ConfigResourceTypes, Partitioners, AssignerProtocol } = kafkajs;
