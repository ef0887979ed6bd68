// The one file of a zip archive (Binance's public data: one CSV per zip), decompressed as it
// is read: no temp file. yauzl reads the central directory at the end of the archive (random
// access), so entries written with a data descriptor (sizes after the data, as streaming zip
// writers do) and zip64 archives read like any other. It reads through our FileHandle, so
// the archive is the bytes up to the size seen when the file was opened.
import type { ReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { type Entry, fromRandomAccessReaderPromise, RandomAccessReader, type ZipFile } from 'yauzl';

/** Bytes of the archive read at a time. */
const CHUNK_BYTES = 64 * 1024;

/** Names of the files of an archive shown, at most, when it holds several. */
const NAMES_SHOWN = 5;

/** Compression methods by number (APPNOTE 4.4.5), for the error on one yauzl cannot read. */
const METHODS: Readonly<Record<number, string>> = {
  9: 'Deflate64',
  12: 'bzip2',
  14: 'LZMA',
  93: 'zstd',
  95: 'xz',
  98: 'PPMd',
};

/** The entry of an opened archive. */
export interface ZipEntryBytes {
  /** The entry's name in the archive. */
  readonly name: string;
  /** Its decompressed bytes; ends with an error if they do not match its CRC-32 or size. */
  readonly chunks: AsyncIterable<Buffer>;
  /**
   * Where in the file the compressed data has been read up to (the entry's data start plus
   * its compressed bytes taken in), and the file's size once the entry is read to its end:
   * the headers and central directory around the data count as read, so progress against
   * the file's size runs from the data's start to 100 %.
   */
  bytesRead(): number;
  /** Stops reading and closes the file; safe to call twice. */
  close(): void;
}

/**
 * Opens the single file of the zip archive in `file` (its first `size` bytes). Directory
 * entries, and the `__MACOSX/` metadata macOS's Finder adds, are ignored.
 *
 * @throws Error, with a message saying what is wrong with the archive (the caller adds the
 *   path): damaged or truncated, no file or several, encrypted, or a compression method other
 *   than stored or deflate. The file is closed then.
 */
export async function openZipEntry(file: FileHandle, size: number): Promise<ZipEntryBytes> {
  const reader = new FileHandleReader(file);
  let zip: ZipFile | undefined;
  try {
    // autoClose off: the whole directory is read before the entry is opened (to refuse
    // several files), and autoClose would close the file at the directory's end. The same
    // is had by closing the ZipFile once the entry is open: the file closes when it ends.
    zip = await fromRandomAccessReaderPromise(reader, size, { lazyEntries: true, autoClose: false });
    const entry = onlyFile(await filesOf(zip));
    const stream = await zip.openReadStreamPromise(entry);
    zip.close();
    return entryBytes(entry, stream, reader, size, () => void file.close().catch(() => undefined));
  } catch (error) {
    zip?.close();
    await file.close().catch(() => undefined);
    if (error instanceof ArchiveRefused) throw error;
    // yauzl's own words, e.g. "End of central directory record signature not found".
    throw new Error(`damaged or truncated zip archive: ${(error as Error).message}`, { cause: error });
  }
}

/** An archive that is readable but not one ingest takes (its message says why). */
class ArchiveRefused extends Error {}

/** The archive's file entries, read from its central directory. */
async function filesOf(zip: ZipFile): Promise<Entry[]> {
  const files: Entry[] = [];
  for await (const entry of zip.eachEntry()) {
    if (entry.fileName.endsWith('/') || entry.fileName.startsWith('__MACOSX/')) continue;
    files.push(entry);
  }
  return files;
}

function onlyFile(files: readonly Entry[]): Entry {
  const [entry] = files;
  if (entry === undefined) throw new ArchiveRefused('the zip archive holds no file');
  if (files.length > 1) {
    const names = files.slice(0, NAMES_SHOWN).map((file) => JSON.stringify(file.fileName));
    const more = files.length > NAMES_SHOWN ? `, and ${files.length - NAMES_SHOWN} more` : '';
    throw new ArchiveRefused(
      `the zip archive holds ${files.length} files (${names.join(', ')}${more}): ingest reads an archive of one file; extract the one to read`,
    );
  }
  const name = JSON.stringify(entry.fileName);
  if (entry.isEncrypted())
    throw new ArchiveRefused(`${name} in the zip archive is encrypted: decrypt it first`);
  if (!entry.canDecodeFileData()) {
    const method = METHODS[entry.compressionMethod] ?? 'an unknown method';
    throw new ArchiveRefused(
      `${name} in the zip archive is compressed with ${method} (method ${entry.compressionMethod}): only stored and deflate entries are read; recompress it with deflate`,
    );
  }
  return entry;
}

/** The entry's bytes, checked against its CRC-32 at the end (yauzl checks only the size). */
function entryBytes(
  entry: Entry,
  stream: Readable,
  reader: FileHandleReader,
  size: number,
  closeFile: () => void,
): ZipEntryBytes {
  let done = false;
  async function* chunks(): AsyncGenerator<Buffer> {
    const damaged = `${JSON.stringify(entry.fileName)} in the zip archive is damaged`;
    let crc = 0;
    const data = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await data.next();
      } catch (error) {
        // zlib's or yauzl's words: "invalid stored block lengths", "not enough bytes in the stream"…
        throw new Error(`${damaged}: ${(error as Error).message}`, { cause: error });
      }
      if (next.done === true) break;
      crc = crc32(next.value, crc);
      yield next.value;
    }
    if (crc !== entry.crc32) {
      throw new Error(`${damaged}: its CRC-32 is ${hex(crc)}, the archive says ${hex(entry.crc32)}`);
    }
    done = true;
  }
  return {
    name: entry.fileName,
    chunks: chunks(),
    bytesRead: () => (done ? size : reader.dataPosition),
    close: () => {
      stream.destroy();
      closeFile();
    },
  };
}

function hex(crc: number): string {
  return crc.toString(16).padStart(8, '0');
}

/**
 * yauzl's access to the archive, through our FileHandle: small reads (directory, headers)
 * with FileHandle.read, the entry's data as a stream whose position gives the progress.
 * yauzl closes it (closing the file) once the directory and every stream are done.
 */
class FileHandleReader extends RandomAccessReader {
  readonly #file: FileHandle;
  #data: { readonly start: number; readonly stream: ReadStream } | undefined;

  constructor(file: FileHandle) {
    super();
    this.#file = file;
  }

  /** How far into the file the entry's data has been read (0 before it is opened). */
  get dataPosition(): number {
    return this.#data === undefined ? 0 : this.#data.start + this.#data.stream.bytesRead;
  }

  // yauzl asks for a stream only for file data: headers and directory come through read().
  override _readStreamForRange(start: number, end: number): Readable {
    const stream = this.#file.createReadStream({
      start,
      end: end - 1,
      autoClose: false,
      highWaterMark: CHUNK_BYTES,
    });
    this.#data = { start, stream };
    return stream;
  }

  override read(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number,
    callback: (error: Error | null, bytesRead?: number) => void,
  ): void {
    readFully(this.#file, buffer, offset, length, position).then(
      (bytesRead) => callback(null, bytesRead),
      (error: Error) => callback(error),
    );
  }

  // A failed close of a file only read loses nothing; yauzl would re-emit it as an
  // 'error' event nobody listens to any more, so it is not passed on.
  override close(callback: (error: Error | null) => void): void {
    this.#file.close().then(
      () => callback(null),
      () => callback(null),
    );
  }
}

/** Reads up to `length` bytes, fewer only at the end of the file. */
async function readFully(
  file: FileHandle,
  buffer: Buffer,
  offset: number,
  length: number,
  position: number,
): Promise<number> {
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await file.read(buffer, offset + filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}
