// A minimal zip writer for tests (Node has none): local headers, data, optional data
// descriptors, the central directory and its end record, optionally zip64 (PKWARE APPNOTE
// 4.3, 4.5.3), nothing else.
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntrySpec {
  readonly name: string;
  readonly data: Buffer | string;
  /** Default 'deflate'; a number writes that method id over deflated data (an unsupported method). */
  readonly method?: 'deflate' | 'store' | number;
  /** Flag bit 3: sizes and CRC left zero in the local header, written after the data. */
  readonly dataDescriptor?: boolean;
  /** Flag bit 0 (the data is not really encrypted: only the flag matters to a reader). */
  readonly encrypted?: boolean;
  /** The CRC-32 to write instead of the right one. */
  readonly crc?: number;
}

/** All 32-bit sizes and offsets of the directory in zip64 records, as for an archive over 4 GiB. */
const FULL = 0xffffffff;

/** A zip archive of `entries`, in order; `zip64` moves the directory's sizes and offsets to zip64 fields. */
export function zip(entries: readonly ZipEntrySpec[], { zip64 = false } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const spec of entries) {
    const data = Buffer.from(spec.data);
    const body = spec.method === 'store' ? data : deflateRawSync(data);
    const method =
      spec.method === 'store' ? 0 : spec.method === undefined || spec.method === 'deflate' ? 8 : spec.method;
    const flags = (spec.dataDescriptor === true ? 0x08 : 0) | (spec.encrypted === true ? 0x01 : 0);
    const crc = spec.crc ?? crc32(data);
    const name = Buffer.from(spec.name);
    // crc, compressed size, uncompressed size
    const sizes = u32(crc, body.length, data.length);
    const local = Buffer.concat([
      u32(0x04034b50),
      u16(20, flags, method, 0, 0x21),
      spec.dataDescriptor === true ? Buffer.alloc(12) : sizes,
      u16(name.length, 0),
      name,
      body,
      spec.dataDescriptor === true ? Buffer.concat([u32(0x08074b50), sizes]) : Buffer.alloc(0),
    ]);
    // zip64: the sizes and offset are 0xffffffff here and in an extra field (id 1) instead.
    const extra = zip64
      ? Buffer.concat([u16(1, 24), u64(data.length, body.length, offset)])
      : Buffer.alloc(0);
    centrals.push(
      Buffer.concat([
        u32(0x02014b50),
        u16(zip64 ? 45 : 20, zip64 ? 45 : 20, flags, method, 0, 0x21),
        zip64 ? u32(crc, FULL, FULL) : sizes,
        u16(name.length, extra.length, 0, 0, 0),
        u32(0, zip64 ? FULL : offset),
        name,
        extra,
      ]),
    );
    locals.push(local);
    offset += local.length;
  }
  const directory = Buffer.concat(centrals);
  const count = entries.length;
  const end = Buffer.concat([
    u32(0x06054b50),
    u16(0, 0, zip64 ? 0xffff : count, zip64 ? 0xffff : count),
    u32(zip64 ? FULL : directory.length, zip64 ? FULL : offset),
    u16(0),
  ]);
  if (!zip64) return Buffer.concat([...locals, directory, end]);
  // The zip64 end record (its size counts from after its first 12 bytes), then its locator.
  const end64 = Buffer.concat([
    u32(0x06064b50),
    u64(44),
    u16(45, 45),
    u32(0, 0),
    u64(count, count, directory.length, offset),
  ]);
  const locator = Buffer.concat([u32(0x07064b50, 0), u64(offset + directory.length), u32(1)]);
  return Buffer.concat([...locals, directory, end64, locator, end]);
}

function u16(...values: number[]): Buffer {
  const buffer = Buffer.alloc(2 * values.length);
  for (const [i, value] of values.entries()) buffer.writeUInt16LE(value, 2 * i);
  return buffer;
}

function u64(...values: number[]): Buffer {
  const buffer = Buffer.alloc(8 * values.length);
  for (const [i, value] of values.entries()) buffer.writeBigUInt64LE(BigInt(value), 8 * i);
  return buffer;
}

function u32(...values: number[]): Buffer {
  const buffer = Buffer.alloc(4 * values.length);
  for (const [i, value] of values.entries()) buffer.writeUInt32LE(value >>> 0, 4 * i);
  return buffer;
}
