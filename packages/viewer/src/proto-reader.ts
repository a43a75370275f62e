// A minimal protobuf wire-format reader: enough for OTLP's trace messages, strict on truncation.
import { type Budget, PayloadError } from './ingest-span.js';

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

export class ProtoReader {
  pos: number;
  readonly buf: Buffer;
  readonly end: number;
  private readonly view: DataView;
  /** Counts every field read (embedded messages share it): bounds the work of one span. */
  budget: Budget | null;

  /** Embedded messages share the buffer and its DataView: one allocation per message only. */
  constructor(buf: Uint8Array, start = 0, end: number = buf.length, view?: DataView, budget: Budget | null = null) {
    this.buf = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    this.pos = start;
    this.end = end;
    this.view = view ?? new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.budget = budget;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  private need(bytes: number): void {
    if (this.pos + bytes > this.end) throw new PayloadError('truncated protobuf message');
  }

  /** An int64 varint as a number when it is a small non-negative value (the common case). */
  int64(): number | bigint {
    const start = this.pos;
    let result = 0;
    for (let shift = 0; shift < 49; shift += 7) {
      this.need(1);
      const byte = this.buf[this.pos++] as number;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
    }
    this.pos = start;
    return BigInt.asIntN(64, this.varint64());
  }

  /** A varint as bigint (int64 / uint64 fields). */
  varint64(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      this.need(1);
      const byte = this.buf[this.pos++] as number;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new PayloadError('malformed protobuf varint');
  }

  /**
   * An unsigned varint that must fit in 32 bits (tags, lengths): a longer one is malformed, never
   * read as its low bits (a length of 2^35 is not a length of 0).
   */
  private strictUint32(what: string): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      this.need(1);
      const byte = this.buf[this.pos++] as number;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        if (result > 0xffffffff) break;
        return result;
      }
    }
    throw new PayloadError(`protobuf ${what} does not fit in 32 bits`);
  }

  /** A varint read as 32 bits (enums, bool, uint32): the low 32 bits of longer ones, as protobuf does. */
  uint32(): number {
    const start = this.pos;
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      this.need(1);
      const byte = this.buf[this.pos++] as number;
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result % 2 ** 32;
    }
    // Negative int32 enums are sign-extended to ten bytes.
    this.pos = start;
    return Number(this.varint64() & 0xffffffffn);
  }

  fixed64(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  double(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** The bounds of a length-delimited field's payload; advances past it. */
  lengthDelimited(): { start: number; end: number } {
    const length = this.strictUint32('length');
    this.need(length);
    const start = this.pos;
    this.pos += length;
    return { start, end: this.pos };
  }

  bytes(): Uint8Array {
    const { start, end } = this.lengthDelimited();
    return this.buf.subarray(start, end);
  }

  /** Invalid UTF-8 becomes U+FFFD, as in JSON.parse of a Buffer: a viewer need not reject it. */
  string(): string {
    const { start, end } = this.lengthDelimited();
    return this.buf.toString('utf8', start, end);
  }

  hex(): string {
    const { start, end } = this.lengthDelimited();
    return this.buf.toString('hex', start, end);
  }

  /** A reader over an embedded message. */
  message(): ProtoReader {
    const { start, end } = this.lengthDelimited();
    return new ProtoReader(this.buf, start, end, this.view, this.budget);
  }

  skipVarint(): void {
    for (let i = 0; i < 10; i++) {
      this.need(1);
      if (((this.buf[this.pos++] as number) & 0x80) === 0) return;
    }
    throw new PayloadError('malformed protobuf varint');
  }

  /** Returns [fieldNumber, wireType]. */
  tag(): [number, number] {
    this.budget?.take();
    const tag = this.strictUint32('tag');
    const field = tag >>> 3;
    if (field === 0) throw new PayloadError('invalid protobuf field number 0');
    return [field, tag & 7];
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT:
        this.skipVarint();
        return;
      case WIRE_I64:
        this.need(8);
        this.pos += 8;
        return;
      case WIRE_LEN:
        this.lengthDelimited();
        return;
      case WIRE_I32:
        this.need(4);
        this.pos += 4;
        return;
      default:
        throw new PayloadError(`unsupported protobuf wire type ${wireType}`);
    }
  }

  /** Asserts the wire type a field is declared with. */
  expect(field: number, wireType: number, expected: number): void {
    if (wireType !== expected) {
      throw new PayloadError(`protobuf field ${field} has wire type ${wireType}, expected ${expected}`);
    }
  }
}
