import { randomBytes } from 'node:crypto';
import { type DeadLetter, type PositionUpdate, valueSchemaFor } from '@overfly/schemas';
import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { KafkaPackageError } from './errors.js';
import type { CompatibilityResult, RegistryClient } from './registry.js';
import { AvroSerde } from './serde.js';

/**
 * Our RegistryClient interface kept in memory: one id per distinct schema JSON, from
 * `firstId` up, like a registry's global ids. Each call yields to the event loop first,
 * as the HTTP one does, so concurrent callers really overlap.
 */
class InMemoryRegistry implements RegistryClient {
  readonly url = 'memory://registry';
  readonly registerCalls: string[] = [];
  readonly schemaByIdCalls: number[] = [];
  /** When set, the next `register` calls fail with it. */
  failWith: Error | undefined;
  readonly #idsByJson = new Map<string, number>();
  readonly #jsonById = new Map<number, string>();
  readonly #latest = new Map<string, number>();
  #nextId: number;

  constructor(firstId = 1) {
    this.#nextId = firstId;
  }

  async register(subject: string, schema: object): Promise<number> {
    await new Promise((resolve) => setImmediate(resolve));
    this.registerCalls.push(subject);
    if (this.failWith) throw this.failWith;
    const json = JSON.stringify(schema);
    let id = this.#idsByJson.get(json);
    if (id === undefined) {
      id = this.#nextId++;
      this.#idsByJson.set(json, id);
      this.#jsonById.set(id, json);
    }
    this.#latest.set(subject, id);
    return id;
  }

  async schemaById(id: number): Promise<object> {
    await new Promise((resolve) => setImmediate(resolve));
    this.schemaByIdCalls.push(id);
    const json = this.#jsonById.get(id);
    if (json === undefined)
      throw new KafkaPackageError('KAFKA_REGISTRY_REJECTED', `no schema ${id}`);
    // A fresh object, as the real client parses the registry's answer.
    return JSON.parse(json) as object;
  }

  async latestId(subject: string): Promise<number> {
    const id = this.#latest.get(subject);
    if (id === undefined) throw new KafkaPackageError('KAFKA_REGISTRY_REJECTED', `no ${subject}`);
    return id;
  }

  async setCompatibility(): Promise<void> {}

  async checkCompatibility(): Promise<CompatibilityResult> {
    return { compatible: true, messages: [] };
  }

  async subjects(): Promise<string[]> {
    return [...this.#latest.keys()];
  }

  async globalCompatibility(): Promise<string> {
    return 'BACKWARD';
  }
}

const positionSchema = valueSchemaFor('flights.updates');
const deadLetterSchema = valueSchemaFor('dead.letter');
const POSITIONS = 'flights.updates-value';
const DEAD_LETTERS = 'dead.letter-value';

/** An airliner in cruise over Switzerland, as flight-producer publishes it. */
function position(overrides: Partial<PositionUpdate> = {}): PositionUpdate {
  return {
    icao24: '4b1805',
    callsign: 'SWR123',
    originCountry: 'Switzerland',
    positionTime: 1_700_000_000_000,
    lastContact: 1_700_000_000_120,
    latitude: 47.4582,
    longitude: 8.5555,
    baroAltitudeM: 11_277.6,
    geoAltitudeM: 11_430,
    onGround: false,
    velocityMs: 231.5,
    trackDeg: 58.2,
    verticalRateMs: 0,
    squawk: '1000',
    source: 'SIMULATED',
    receivedAt: 1_700_000_000_900,
    ...overrides,
  };
}

function deadLetter(originalValue: Buffer): DeadLetter {
  return {
    sourceTopic: 'flights.updates',
    sourcePartition: 2,
    sourceOffset: '12345',
    originalKey: Buffer.from('4b1805'),
    originalValue,
    originalHeaders: { seq: '7' },
    service: 'fir-analyser',
    errorCode: 'KAFKA_SERDE_DECODE_FAILED',
    errorMessage: 'truncated buffer',
    retriable: false,
    attempts: 1,
    failedAt: 1_700_000_001_000,
  };
}

/** The Avro body avsc itself writes for the value: what must follow our 5-byte header. */
function avroBody(schema: object, value: unknown): Buffer {
  return avro.Type.forSchema(schema as avro.Schema, { wrapUnions: 'auto' }).toBuffer(value);
}

/** The current position schema without one field: what an older producer wrote with. */
function positionSchemaWithout(field: string): object {
  const current = positionSchema as unknown as { fields: readonly { name: string }[] };
  return { ...current, fields: current.fields.filter((f) => f.name !== field) };
}

/** The current position schema with one field's type replaced. */
function positionSchemaRetyped(field: string, type: unknown): object {
  const current = positionSchema as unknown as { fields: readonly { name: string }[] };
  return {
    ...current,
    fields: current.fields.map((f) => (f.name === field ? { ...f, type } : f)),
  };
}

async function caught(run: () => unknown): Promise<KafkaPackageError> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(KafkaPackageError);
    return error as KafkaPackageError;
  }
  throw new Error('expected a KafkaPackageError, nothing was thrown');
}

async function preparedSerde(
  firstId = 1,
): Promise<{ serde: AvroSerde; registry: InMemoryRegistry }> {
  const registry = new InMemoryRegistry(firstId);
  const serde = new AvroSerde(registry);
  await serde.prepareWriter(POSITIONS, positionSchema);
  return { serde, registry };
}

describe('AvroSerde round trip', () => {
  it('decodes an encoded position update to the same value, with and without a reader schema', async () => {
    const { serde } = await preparedSerde();
    const value = position();
    const bytes = serde.encode(POSITIONS, value);
    expect(await serde.decodeAsync(bytes, positionSchema)).toEqual(value);
    expect(await serde.decodeAsync(bytes)).toEqual(value);
  });

  it('keeps the nulls of optional fields', async () => {
    const { serde } = await preparedSerde();
    const value = position({ callsign: null, baroAltitudeM: null, squawk: null, onGround: true });
    expect(await serde.decodeAsync(serde.encode(POSITIONS, value), positionSchema)).toEqual(value);
  });

  it('decodes synchronously once the schema id is prepared', async () => {
    const { serde } = await preparedSerde();
    const bytes = serde.encode(POSITIONS, position());
    const id = serde.schemaIdOf(bytes);
    expect(serde.isReaderReady(id, positionSchema)).toBe(false);
    await serde.prepareReader(id, positionSchema);
    expect(serde.isReaderReady(id, positionSchema)).toBe(true);
    expect(serde.decode(bytes, positionSchema)).toEqual(position());
  });
});

describe('the Confluent wire format', () => {
  it('writes magic byte 0, the schema id as 4 big-endian bytes, then the Avro body', async () => {
    // An id above 65535, so every one of the 4 bytes but the first matters.
    const { serde } = await preparedSerde(0x01_02_03);
    const bytes = serde.encode(POSITIONS, position());
    expect(bytes[0]).toBe(0);
    expect([...bytes.subarray(1, 5)]).toEqual([0x00, 0x01, 0x02, 0x03]);
    expect(serde.schemaIdOf(bytes)).toBe(0x01_02_03);
    expect(bytes.subarray(5)).toEqual(avroBody(positionSchema, position()));
  });

  it('gives the id the registry returned for the subject', async () => {
    const registry = new InMemoryRegistry(41);
    const serde = new AvroSerde(registry);
    expect(await serde.prepareWriter(DEAD_LETTERS, deadLetterSchema)).toBe(41);
    expect(await serde.prepareWriter(POSITIONS, positionSchema)).toBe(42);
    expect(serde.schemaIdOf(serde.encode(POSITIONS, position()))).toBe(42);
  });
});

describe('values larger than the 64 KiB scratch buffer', () => {
  it('round-trips a dead letter carrying a 200 KB original value', async () => {
    const { serde } = await preparedSerde();
    await serde.prepareWriter(DEAD_LETTERS, deadLetterSchema);
    const letter = deadLetter(randomBytes(200_000));
    const bytes = serde.encode(DEAD_LETTERS, letter);
    expect(bytes.length).toBeGreaterThan(200_000);
    expect(bytes.subarray(5)).toEqual(avroBody(deadLetterSchema, letter));
    expect(await serde.decodeAsync(bytes, deadLetterSchema)).toEqual(letter);
  });

  it('still encodes a small value correctly after growing, and leaves earlier results alone', async () => {
    const { serde } = await preparedSerde();
    await serde.prepareWriter(DEAD_LETTERS, deadLetterSchema);
    const smallBefore = serde.encode(POSITIONS, position());
    const big = serde.encode(DEAD_LETTERS, deadLetter(randomBytes(200_000)));
    const bigCopy = Buffer.from(big);
    const smallAfter = serde.encode(POSITIONS, position({ squawk: '7700' }));

    expect(smallAfter.subarray(5)).toEqual(avroBody(positionSchema, position({ squawk: '7700' })));
    expect(smallAfter.length).toBe(smallBefore.length);
    expect(await serde.decodeAsync(smallAfter, positionSchema)).toEqual(
      position({ squawk: '7700' }),
    );
    expect(big).toEqual(bigCopy);
  });
});

describe('encoded bytes', () => {
  it('are independent copies: changing one result changes no other', async () => {
    const { serde } = await preparedSerde();
    const first = serde.encode(POSITIONS, position());
    const second = serde.encode(POSITIONS, position());
    expect(second).toEqual(first);
    first.fill(0xff);
    expect(second.subarray(5)).toEqual(avroBody(positionSchema, position()));
    expect(second.buffer === first.buffer && second.byteOffset === first.byteOffset).toBe(false);
  });

  it('are not overwritten by a later encode', async () => {
    const { serde } = await preparedSerde();
    const first = serde.encode(POSITIONS, position({ icao24: '3c6444' }));
    const snapshot = Buffer.from(first);
    serde.encode(POSITIONS, position({ icao24: 'a1b2c3', callsign: 'UAL1' }));
    expect(first).toEqual(snapshot);
  });
});

describe('errors', () => {
  it('refuses a value that does not match the schema with KAFKA_SERDE_ENCODE_FAILED naming the field', async () => {
    const { serde } = await preparedSerde();
    const bad = { ...position(), latitude: 'north of Zurich' } as unknown as PositionUpdate;
    const error = await caught(() => serde.encode(POSITIONS, bad));
    expect(error.code).toBe('KAFKA_SERDE_ENCODE_FAILED');
    expect(error.retriable).toBe(false);
    expect(error.message).toContain(POSITIONS);
    expect(error.message).toContain('invalid field(s) latitude');
    expect(error.message).not.toContain('longitude');
  });

  it('names every invalid field, nested ones with their path', async () => {
    const { serde } = await preparedSerde();
    await serde.prepareWriter(DEAD_LETTERS, deadLetterSchema);
    const bad = {
      ...deadLetter(Buffer.from('x')),
      attempts: 1.5,
      originalHeaders: { seq: 7 },
    } as unknown as DeadLetter;
    const error = await caught(() => serde.encode(DEAD_LETTERS, bad));
    expect(error.code).toBe('KAFKA_SERDE_ENCODE_FAILED');
    expect(error.message).toContain('originalHeaders.seq');
    expect(error.message).toContain('attempts');
  });

  it('refuses a buffer without the magic byte with KAFKA_SERDE_NO_MAGIC_BYTE', async () => {
    const { serde } = await preparedSerde();
    const plain = Buffer.from('not avro #17');
    expect((await caught(() => serde.decode(plain))).code).toBe('KAFKA_SERDE_NO_MAGIC_BYTE');
    expect((await caught(() => serde.decodeAsync(plain))).code).toBe('KAFKA_SERDE_NO_MAGIC_BYTE');
    // Magic byte right, but too short to hold a schema id.
    expect((await caught(() => serde.schemaIdOf(Buffer.from([0, 0, 1])))).code).toBe(
      'KAFKA_SERDE_NO_MAGIC_BYTE',
    );
  });

  it('refuses a corrupt body with KAFKA_SERDE_DECODE_FAILED', async () => {
    const { serde } = await preparedSerde();
    const bytes = serde.encode(POSITIONS, position());
    const truncated = bytes.subarray(0, bytes.length - 10);
    const truncatedError = await caught(() => serde.decodeAsync(truncated, positionSchema));
    expect(truncatedError.code).toBe('KAFKA_SERDE_DECODE_FAILED');
    expect(truncatedError.message).toContain(`schema id ${serde.schemaIdOf(bytes)}`);
    const trailing = Buffer.concat([bytes, Buffer.from([0x02])]);
    expect((await caught(() => serde.decodeAsync(trailing, positionSchema))).code).toBe(
      'KAFKA_SERDE_DECODE_FAILED',
    );
  });

  it('refuses a writer schema the reader cannot read with KAFKA_SERDE_INCOMPATIBLE_WRITER', async () => {
    const { serde } = await preparedSerde();
    // A writer whose required positionTime is a string: no resolution to long exists.
    const incompatible = positionSchemaRetyped('positionTime', 'string');
    const id = await serde.prepareWriter('incompatible-value', incompatible);
    const bytes = serde.encode('incompatible-value', {
      ...position(),
      positionTime: '2023-11-14T22:13:20Z',
    });

    const error = await caught(() => serde.prepareReader(id, positionSchema));
    expect(error.code).toBe('KAFKA_SERDE_INCOMPATIBLE_WRITER');
    expect(error.retriable).toBe(false);
    expect(error.message).toContain(`schema id ${id}`);
    expect((await caught(() => serde.decodeAsync(bytes, positionSchema))).code).toBe(
      'KAFKA_SERDE_INCOMPATIBLE_WRITER',
    );
    // With the writer's own schema it still reads.
    expect(await serde.decodeAsync(bytes)).toMatchObject({ positionTime: '2023-11-14T22:13:20Z' });
  });
});

describe('schema evolution', () => {
  it('fills the default of a field an older writer did not have', async () => {
    const { serde } = await preparedSerde();
    const { squawk: _absent, ...oldValue } = position();
    await serde.prepareWriter('older-value', positionSchemaWithout('squawk'));
    const bytes = serde.encode('older-value', oldValue);

    expect(await serde.decodeAsync(bytes, positionSchema)).toEqual({ ...oldValue, squawk: null });
    // Without a reader schema the record reads as it was written.
    expect(await serde.decodeAsync(bytes)).not.toHaveProperty('squawk');
  });
});

describe('schema ids are resolved once', () => {
  it('registers a subject once when prepareWriter is called concurrently', async () => {
    const registry = new InMemoryRegistry(7);
    const serde = new AvroSerde(registry);
    const ids = await Promise.all(
      Array.from({ length: 5 }, () => serde.prepareWriter(POSITIONS, positionSchema)),
    );
    expect(ids).toEqual([7, 7, 7, 7, 7]);
    expect(registry.registerCalls).toEqual([POSITIONS]);
    expect(await serde.prepareWriter(POSITIONS, positionSchema)).toBe(7);
    expect(registry.registerCalls).toEqual([POSITIONS]);
  });

  it('fetches a writer schema once when prepareReader is called concurrently', async () => {
    const { serde: writer, registry } = await preparedSerde(3);
    const bytes = writer.encode(POSITIONS, position());
    const serde = new AvroSerde(registry);
    await Promise.all(Array.from({ length: 5 }, () => serde.prepareReader(3, positionSchema)));
    expect(registry.schemaByIdCalls).toEqual([3]);
    serde.decode(bytes, positionSchema);
    expect(registry.schemaByIdCalls).toEqual([3]);
  });

  it('tries the registry again after a failed registration', async () => {
    const registry = new InMemoryRegistry();
    const serde = new AvroSerde(registry);
    registry.failWith = new KafkaPackageError('KAFKA_REGISTRY_UNAVAILABLE', 'connection refused');
    expect((await caught(() => serde.prepareWriter(POSITIONS, positionSchema))).code).toBe(
      'KAFKA_REGISTRY_UNAVAILABLE',
    );
    expect(serde.isWriterReady(POSITIONS)).toBe(false);

    registry.failWith = undefined;
    expect(await serde.prepareWriter(POSITIONS, positionSchema)).toBe(1);
    expect(serde.isWriterReady(POSITIONS)).toBe(true);
    expect(registry.registerCalls).toEqual([POSITIONS, POSITIONS]);
  });

  it('passes a registry outage on as retriable when fetching a writer schema', async () => {
    const registry = new InMemoryRegistry();
    const serde = new AvroSerde(registry);
    registry.schemaById = async () => {
      throw new KafkaPackageError('KAFKA_REGISTRY_UNAVAILABLE', 'GET /schemas/ids/1');
    };
    const wire = Buffer.from([0, 0, 0, 0, 1, 0x02]);
    const error = await caught(() => serde.decodeAsync(wire, positionSchema));
    expect(error.code).toBe('KAFKA_REGISTRY_UNAVAILABLE');
    expect(error.retriable).toBe(true);
    expect(serde.isReaderReady(1, positionSchema)).toBe(false);
  });

  it('dead-letters rather than retries a writer schema that is not parseable Avro', async () => {
    const registry = new InMemoryRegistry();
    const serde = new AvroSerde(registry);
    registry.schemaById = async () => ({
      type: 'record',
      name: 'X',
      fields: [{ name: 'a', type: 'io.nowhere.Missing' }],
    });
    const wire = Buffer.from([0, 0, 0, 0, 1, 0x02]);
    const error = await caught(() => serde.decodeAsync(wire, positionSchema));
    expect(error.code).toBe('KAFKA_SERDE_WRITER_SCHEMA_INVALID');
    expect(error.retriable).toBe(false);
    expect(error.message).toContain('io.nowhere.Missing');
  });
});

describe('a registry that is away (issue 10, finding 4)', () => {
  it('encodes with a schema it registered and reads its own records back without asking the registry again', async () => {
    const { serde, registry } = await preparedSerde(5);
    // From here the registry is away: every call fails.
    registry.failWith = new KafkaPackageError('KAFKA_REGISTRY_UNAVAILABLE', 'connection refused');
    registry.schemaById = async () => {
      throw new KafkaPackageError('KAFKA_REGISTRY_UNAVAILABLE', 'connection refused');
    };
    // The same schema again (same fingerprint, another object): answered from the cache.
    const sameSchema = JSON.parse(JSON.stringify(positionSchema)) as object;
    expect(await serde.prepareWriter(POSITIONS, sameSchema)).toBe(5);
    const bytes = serde.encode(POSITIONS, position());
    // Its own schema id is known: a restore reads its records back with no fetch.
    expect(await serde.decodeAsync(bytes, positionSchema)).toEqual(position());
    expect(registry.registerCalls).toEqual([POSITIONS]);
    expect(registry.schemaByIdCalls).toEqual([]);
  });

  it('decodes a cached schema id without the registry', async () => {
    const { serde: writer, registry } = await preparedSerde(9);
    const reader = new AvroSerde(registry);
    const bytes = writer.encode(POSITIONS, position());
    await reader.decodeAsync(bytes, positionSchema);
    registry.schemaById = async () => {
      throw new KafkaPackageError('KAFKA_REGISTRY_UNAVAILABLE', 'connection refused');
    };
    expect(reader.decode(bytes, positionSchema)).toEqual(position());
    expect(await reader.decodeAsync(bytes, positionSchema)).toEqual(position());
  });

  it('registers a new subject through rideOut, which waits for the registry', async () => {
    const registry = new InMemoryRegistry(4);
    registry.failWith = new KafkaPackageError('KAFKA_REGISTRY_UNAVAILABLE', 'connection refused');
    const waits: string[] = [];
    const serde = new AvroSerde(registry, async (component, what, work) => {
      waits.push(`${component}: ${what}`);
      for (;;) {
        try {
          return await work();
        } catch {
          registry.failWith = undefined; // the registry answers again
        }
      }
    });
    expect(await serde.prepareWriter(DEAD_LETTERS, deadLetterSchema)).toBe(4);
    expect(waits).toEqual([`registry: register ${DEAD_LETTERS}`]);
    expect(registry.registerCalls).toEqual([DEAD_LETTERS, DEAD_LETTERS]);
  });
});
