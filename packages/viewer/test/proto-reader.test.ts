// The protobuf wire reader: varints of every length, negative enums, truncation, bad wire types.
import { describe, expect, it } from 'vitest';
import { PayloadError } from '../src/ingest-span.js';
import { ProtoReader } from '../src/proto-reader.js';

const reader = (...bytes: number[]): ProtoReader => new ProtoReader(Uint8Array.from(bytes));

describe('ProtoReader', () => {
  it('reads varints', () => {
    expect(reader(0x96, 0x01).uint32()).toBe(150);
    expect(reader(0xff, 0xff, 0xff, 0xff, 0x0f).uint32()).toBe(0xffffffff);
    // -1 as a sign-extended int32 enum: ten bytes, low 32 bits kept.
    expect(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).uint32()).toBe(0xffffffff);
    expect(reader(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01).int64()).toBe(-1n);
    expect(reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01).int64()).toBe(2n ** 49n);
    expect(reader(0xac, 0x02).int64()).toBe(300);
  });

  it('reads fixed64 and doubles little-endian', () => {
    expect(reader(1, 0, 0, 0, 0, 0, 0, 0x80).fixed64()).toBe(2n ** 63n + 1n);
    const buf = Buffer.alloc(8);
    buf.writeDoubleLE(0.5);
    expect(new ProtoReader(buf).double()).toBe(0.5);
  });

  it('refuses truncated data, runaway varints, field 0 and unknown wire types', () => {
    expect(() => reader(0x0a, 0x05, 0x61).string()).toThrow(PayloadError);
    expect(() => reader(0x80).uint32()).toThrow(/truncated/);
    expect(() => reader(...Array(11).fill(0xff)).varint64()).toThrow(/malformed protobuf varint/);
    expect(() => reader(0x00).tag()).toThrow(/field number 0/);
    expect(() => reader(0x0b).skip(3)).toThrow(/wire type 3/);
    expect(() => reader(1, 2, 3).fixed64()).toThrow(/truncated/);
  });

  it('reads embedded messages within their bounds', () => {
    const r = reader(0x0a, 0x02, 0x08, 0x07, 0x10, 0x01);
    expect(r.tag()).toEqual([1, 2]);
    const inner = r.message();
    expect(inner.tag()).toEqual([1, 0]);
    expect(inner.uint32()).toBe(7);
    expect(inner.done).toBe(true);
    expect(r.tag()).toEqual([2, 0]);
  });
});
