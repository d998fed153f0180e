import avro from 'avsc';
import { KafkaPackageError } from './errors.js';
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
 */
export class AvroSerde {
  readonly #registry: RegistryClient;
  readonly #writerTypes = new Map<string, { id: number; type: avro.Type; header: Buffer }>();
  readonly #pendingWriters = new Map<string, Promise<void>>();
  /** reader schema (null: the writer's own) → schema id → how to read it */
  readonly #readers = new Map<object | null, Map<number, ReaderFor>>();
  readonly #pendingReaders = new Map<string, Promise<void>>();
  #scratch = Buffer.allocUnsafe(64 * 1024);

  constructor(registry: RegistryClient) {
    this.#registry = registry;
  }

  /** Registers the schema under the subject (once per process) so encode can run synchronously. */
  async prepareWriter(subject: string, schema: object): Promise<number> {
    const known = this.#writerTypes.get(subject);
    if (known) return known.id;
    let pending = this.#pendingWriters.get(subject);
    if (!pending) {
      pending = (async () => {
        const type = parseSchema(schema);
        const id = await this.#registry.register(subject, schema);
        const header = Buffer.alloc(HEADER_BYTES);
        header.writeUInt8(MAGIC_BYTE, 0);
        header.writeInt32BE(id, 1);
        this.#writerTypes.set(subject, { id, type, header });
      })().finally(() => this.#pendingWriters.delete(subject));
      this.#pendingWriters.set(subject, pending);
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
        const writerSchema = await this.#registry.schemaById(id);
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
