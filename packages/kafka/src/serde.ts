import avro from 'avsc';
import { KafkaPackageError } from './errors.js';
import type { RideOut } from './outage.js';
import type { RegistryClient } from './registry.js';

const MAGIC_BYTE = 0;
const HEADER_BYTES = 5;

/** How a value written with one schema id is read with this process's reader schema. */
interface ReaderFor {
  type: avro.Type;
  resolver: avro.Resolver | undefined;
}

/**
 * Avro in the Confluent wire format (magic byte, 4-byte schema id, Avro binary), with
 * every schema id resolved once and cached: the hot path is a Map lookup and avsc's
 * generated decoder, no promise and no registry call.
 *
 * The registry is needed only for what this process does not know yet: a subject's first
 * registration (or a schema whose fingerprint differs from the one registered), and a
 * writer schema id it has never seen. A schema it registered itself is known by its id
 * too, so reading its own records back (a state restore) asks nothing of the registry.
 */
export class AvroSerde {
  readonly #registry: RegistryClient;
  readonly #rideOut: RideOut;
  readonly #writerTypes = new Map<
    string,
    { id: number; type: avro.Type; header: Buffer; fingerprint: string }
  >();
  readonly #pendingWriters = new Map<string, Promise<void>>();
  /** Writer schemas this process registered itself, by id: readable without a fetch. */
  readonly #ownSchemas = new Map<number, object>();
  /** reader schema (null: the writer's own) → schema id → how to read it */
  readonly #readers = new Map<object | null, Map<number, ReaderFor>>();
  readonly #pendingReaders = new Map<string, Promise<void>>();
  #scratch = Buffer.allocUnsafe(64 * 1024);

  /**
   * `rideOut` is how a registration waits for a registry that does not answer (the
   * runtime's bounded backoff); by default it does not wait.
   */
  constructor(registry: RegistryClient, rideOut: RideOut = (_c, _w, work) => work()) {
    this.#registry = registry;
    this.#rideOut = rideOut;
  }

  /**
   * Registers the schema under the subject so encode can run synchronously: once per
   * process and schema fingerprint; the same schema again is answered from the cache. A
   * registry that does not answer is waited for (the runtime's outage tolerance).
   */
  async prepareWriter(subject: string, schema: object): Promise<number> {
    const type = parseSchema(schema);
    const fingerprint = fingerprintOf(type);
    const known = this.#writerTypes.get(subject);
    if (known?.fingerprint === fingerprint) return known.id;
    const key = `${subject}\u0000${fingerprint}`;
    let pending = this.#pendingWriters.get(key);
    if (!pending) {
      pending = (async () => {
        const id = await this.#rideOut('registry', `register ${subject}`, () =>
          this.#registry.register(subject, schema),
        );
        const header = Buffer.alloc(HEADER_BYTES);
        header.writeUInt8(MAGIC_BYTE, 0);
        header.writeInt32BE(id, 1);
        this.#writerTypes.set(subject, { id, type, header, fingerprint });
        this.#ownSchemas.set(id, schema);
      })().finally(() => this.#pendingWriters.delete(key));
      this.#pendingWriters.set(key, pending);
    }
    await pending;
    return this.#writerTypes.get(subject)!.id;
  }

  isWriterReady(subject: string): boolean {
    return this.#writerTypes.has(subject);
  }

  /** Encodes with the subject's registered schema; `prepareWriter` must have run. */
  encode(subject: string, value: unknown): Buffer {
    const writer = this.#writerTypes.get(subject);
    if (!writer) throw new Error(`AvroSerde.encode(${subject}) before prepareWriter`);
    // Encode into one reused scratch buffer after the header, then copy out once:
    // one allocation per message instead of avsc's buffer plus a concat.
    let end: number;
    try {
      writer.header.copy(this.#scratch, 0);
      end = writer.type.encode(value, this.#scratch, HEADER_BYTES);
      while (end < 0) {
        this.#scratch = Buffer.allocUnsafe(this.#scratch.length * 2 - end);
        writer.header.copy(this.#scratch, 0);
        end = writer.type.encode(value, this.#scratch, HEADER_BYTES);
      }
    } catch (cause) {
      throw new KafkaPackageError(
        'KAFKA_SERDE_ENCODE_FAILED',
        `${subject}: ${describeInvalid(writer.type, value)}`,
        { cause },
      );
    }
    return Buffer.from(this.#scratch.subarray(0, end));
  }

  /** Schema id of a wire-format buffer, or throws KAFKA_SERDE_NO_MAGIC_BYTE. */
  schemaIdOf(buffer: Buffer): number {
    if (buffer.length < HEADER_BYTES || buffer[0] !== MAGIC_BYTE) {
      throw new KafkaPackageError('KAFKA_SERDE_NO_MAGIC_BYTE', `${buffer.length} bytes`);
    }
    return buffer.readInt32BE(1);
  }

  /**
   * Makes `decode` of this schema id synchronous, reading with `readerSchema` (the
   * generated contract this process was built against) when given, else with the writer's.
   */
  async prepareReader(id: number, readerSchema?: object): Promise<void> {
    if (this.#readerFor(id, readerSchema)) return;
    const key = readerKey(id, readerSchema);
    let pending = this.#pendingReaders.get(key);
    if (!pending) {
      pending = (async () => {
        const writerSchema = this.#ownSchemas.get(id) ?? (await this.#registry.schemaById(id));
        let writer: avro.Type;
        try {
          writer = parseSchema(writerSchema);
        } catch (cause) {
          throw new KafkaPackageError(
            'KAFKA_SERDE_WRITER_SCHEMA_INVALID',
            `schema id ${id}: ${cause instanceof Error ? cause.message : String(cause)}`,
            { cause },
          );
        }
        if (!readerSchema) {
          this.#storeReader(id, readerSchema, { type: writer, resolver: undefined });
          return;
        }
        const reader = parseSchema(readerSchema);
        let resolver: avro.Resolver | undefined;
        if (!reader.equals(writer)) {
          try {
            resolver = reader.createResolver(writer);
          } catch (cause) {
            throw new KafkaPackageError(
              'KAFKA_SERDE_INCOMPATIBLE_WRITER',
              `schema id ${id}: ${cause instanceof Error ? cause.message : String(cause)}`,
              { cause },
            );
          }
        }
        this.#storeReader(id, readerSchema, { type: reader, resolver });
      })().finally(() => this.#pendingReaders.delete(key));
      this.#pendingReaders.set(key, pending);
    }
    await pending;
  }

  /** True when `decode` can run without fetching anything. */
  isReaderReady(id: number, readerSchema?: object): boolean {
    return this.#readerFor(id, readerSchema) !== undefined;
  }

  #readerFor(id: number, readerSchema: object | undefined): ReaderFor | undefined {
    return this.#readers.get(readerSchema ?? null)?.get(id);
  }

  #storeReader(id: number, readerSchema: object | undefined, reader: ReaderFor): void {
    let byId = this.#readers.get(readerSchema ?? null);
    if (!byId) {
      byId = new Map();
      this.#readers.set(readerSchema ?? null, byId);
    }
    byId.set(id, reader);
  }

  /** Synchronous decode; `prepareReader` for the buffer's schema id must have run. */
  decode(buffer: Buffer, readerSchema?: object): unknown {
    const id = this.schemaIdOf(buffer);
    const reader = this.#readerFor(id, readerSchema);
    if (!reader) throw new Error(`AvroSerde.decode: schema id ${id} not prepared`);
    try {
      return reader.type.fromBuffer(buffer.subarray(HEADER_BYTES), reader.resolver);
    } catch (cause) {
      throw new KafkaPackageError(
        'KAFKA_SERDE_DECODE_FAILED',
        `schema id ${id}: ${cause instanceof Error ? cause.message : String(cause)}`,
        { cause },
      );
    }
  }

  /** Prepares and decodes in one call: convenient off the hot path. */
  async decodeAsync(buffer: Buffer, readerSchema?: object): Promise<unknown> {
    await this.prepareReader(this.schemaIdOf(buffer), readerSchema);
    return this.decode(buffer, readerSchema);
  }
}

// Reader schemas are the generated constants, so object identity is a sound key for
// de-duplicating concurrent prepareReader calls.
const readerIds = new WeakMap<object, number>();
let nextReaderId = 1;
function readerKey(id: number, readerSchema?: object): string {
  if (!readerSchema) return `${id}`;
  let rid = readerIds.get(readerSchema);
  if (rid === undefined) {
    rid = nextReaderId++;
    readerIds.set(readerSchema, rid);
  }
  return `${id}/${rid}`;
}

const fingerprints = new WeakMap<avro.Type, string>();
/** The schema's Parsing Canonical Form fingerprint: equal for equal schemas, however written. */
function fingerprintOf(type: avro.Type): string {
  let fingerprint = fingerprints.get(type);
  if (fingerprint === undefined) {
    fingerprint = type.fingerprint('sha256').toString('hex');
    fingerprints.set(type, fingerprint);
  }
  return fingerprint;
}

const parsed = new WeakMap<object, avro.Type>();
function parseSchema(schema: object): avro.Type {
  let type = parsed.get(schema);
  if (!type) {
    // Logical types (timestamp-millis) stay plain numbers: the generated types say so.
    type = avro.Type.forSchema(schema as avro.Schema, { wrapUnions: 'auto' });
    parsed.set(schema, type);
  }
  return type;
}

function describeInvalid(type: avro.Type, value: unknown): string {
  const paths: string[] = [];
  type.isValid(value, {
    errorHook: (path: string[]) => {
      paths.push(path.join('.') || '(root)');
    },
  });
  return paths.length ? `invalid field(s) ${paths.join(', ')}` : 'invalid value';
}
