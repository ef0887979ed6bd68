// A file's bytes as a stream, decompressed on the fly when it is gzip, zstd or a zip archive
// of one file (see unzip.ts): no temp file, memory bounded by the streams' buffers. The format is told by the first bytes (magic
// numbers), which no text file starts with; a name ending .gz/.zst/.zip over other bytes is
// refused, as it means a mislabelled or truncated file.
import { type FileHandle, open } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createGunzip, createZstdDecompress } from 'node:zlib';
import { SourceReadError } from '../errors.ts';
import { openZipEntry } from './unzip.ts';

export type Compression = 'none' | 'gzip' | 'zstd' | 'zip';

/** Bytes read from the file at a time. */
const CHUNK_BYTES = 64 * 1024;

/** An open input file. */
export interface InputBytes {
  readonly compression: Compression;
  /** The file's size when opened: reading stops there (see openInput). */
  readonly size: number;
  /** The (decompressed) bytes, in chunks; a chunk may be overwritten once the next is asked for. */
  readonly chunks: AsyncIterable<Buffer>;
  /**
   * Bytes of the file read so far: compressed bytes for gzip and zstd; for a zip, the
   * position the entry's compressed data is read up to, then the file's size at its end.
   */
  bytesRead(): number;
  /** Closes the file; safe to call twice. */
  close(): void;
}

const MAGIC: readonly { compression: Exclude<Compression, 'none'>; bytes: readonly number[] }[] = [
  { compression: 'gzip', bytes: [0x1f, 0x8b] },
  { compression: 'zstd', bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { compression: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
];

const EXTENSIONS: Readonly<Record<string, string>> = { '.gz': 'gzip', '.zst': 'zstd', '.zip': 'zip' };

/**
 * Opens `path` for reading up to its size at this moment: a file that grows meanwhile is
 * read to where it was, and the rest is left for the next run (which resumes after the
 * checkpoint). Throws SourceReadError when it cannot be opened or its format is refused.
 */
export async function openInput(path: string): Promise<InputBytes> {
  let file: FileHandle;
  let size: number;
  let head: Buffer;
  try {
    file = await open(path, 'r');
  } catch (error) {
    throw new SourceReadError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    size = (await file.stat()).size;
    head = Buffer.alloc(Math.min(4, size));
    await file.read(head, 0, head.length, 0);
  } catch (error) {
    await file.close();
    throw new SourceReadError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  const compression = formatOf(path, head, () => void file.close());
  if (size === 0) {
    await file.close();
    return { compression, size, chunks: nothing(), bytesRead: () => 0, close: () => undefined };
  }
  if (compression === 'none') {
    const position = { bytes: 0 };
    return {
      compression,
      size,
      chunks: plainChunks(file, size, position),
      bytesRead: () => position.bytes,
      close: () => void file.close().catch(() => undefined),
    };
  }
  if (compression === 'zip') return openZip(path, file, size);
  const raw = file.createReadStream({ start: 0, end: size - 1, highWaterMark: CHUNK_BYTES });
  const chunks = decompressed(raw, compression);
  return {
    compression,
    size,
    chunks,
    bytesRead: () => raw.bytesRead,
    close: () => {
      chunks.destroy();
      raw.destroy();
    },
  };
}

/**
 * The file's bytes up to `size`, through one buffer reused for every read: reading makes no
 * garbage, so memory stays flat even across a line of hundreds of MB (a stream would
 * allocate a new chunk per read and leave tens of MB to the collector). Each chunk is only
 * valid until the next is asked for: the line splitter copies what it keeps.
 */
async function* plainChunks(
  file: FileHandle,
  size: number,
  position: { bytes: number },
): AsyncGenerator<Buffer> {
  const buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size));
  while (position.bytes < size) {
    const length = Math.min(buffer.length, size - position.bytes);
    const { bytesRead } = await file.read(buffer, 0, length, position.bytes);
    // Shorter than when opened: it was truncated meanwhile, and ends here.
    if (bytesRead === 0) return;
    position.bytes += bytesRead;
    yield buffer.subarray(0, bytesRead);
  }
}

async function* nothing(): AsyncGenerator<Buffer> {}

async function openZip(path: string, file: FileHandle, size: number): Promise<InputBytes> {
  try {
    const entry = await openZipEntry(file, size);
    return { compression: 'zip', size, chunks: entry.chunks, bytesRead: entry.bytesRead, close: entry.close };
  } catch (error) {
    throw new SourceReadError(`cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function decompressed(raw: Readable, compression: 'gzip' | 'zstd'): Readable {
  const inflate = compression === 'gzip' ? createGunzip() : createZstdDecompress();
  // pipeline forwards a read error of the file to the decompressor, which the reader iterates.
  return pipeline(raw, inflate, () => undefined);
}

function formatOf(path: string, head: Buffer, close: () => void): Compression {
  const found = MAGIC.find(({ bytes }) => bytes.every((byte, i) => head[i] === byte))?.compression;
  const named = EXTENSIONS[extname(path).toLowerCase()];
  const refuse = (message: string) => {
    close();
    throw new SourceReadError(`cannot read ${path}: ${message}`);
  };
  if (named !== undefined && named !== found) {
    const start = [...head].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
    return refuse(`named ${extname(path)} but not ${named} data (it starts with bytes ${start || 'none'})`);
  }
  return found ?? 'none';
}
