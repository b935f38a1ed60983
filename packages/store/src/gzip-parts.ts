import { promisify } from 'node:util';
import { constants, crc32, deflateRaw as deflateRawCallback } from 'node:zlib';

const deflateRaw = promisify(deflateRawCallback);

/**
 * One gzip member made of texts compressed apart, each kept compressed for the next time: the
 * text of a joint view is its theme entries joined, and a change alters one or two of them, so
 * only those are compressed again and the rest are reused as they were. Compressing the whole of
 * a view of hundreds of KB at every change was a fold's largest cost that grew with the area.
 *
 * Each text is deflated on its own and ended with a sync flush, which leaves the stream at a byte
 * boundary with no block marked last; such streams can be laid end to end, and an empty last block
 * ends them (as pigz joins its parallel blocks). The gzip header and trailer (RFC 1952: the CRC-32
 * and length of the whole) are written around them. Written here because zlib offers no way to
 * join compressed parts and no npm library that does is kept up; the result is an ordinary gzip
 * member that any gunzip reads, so readers of what is stored are unchanged.
 */
export class GzipParts {
  /** Each text compressed at the last join, by its text: what is reused at the next. */
  private held = new Map<string, Buffer>();

  /**
   * The texts joined, as one gzip member. Compresses only the texts not compressed at the last
   * join (off the event loop, on libuv's thread pool); forgets the texts this join did not use.
   */
  async join(texts: readonly string[]): Promise<Uint8Array> {
    const fresh = [...new Set(texts.filter((text) => !this.held.has(text) && text.length > 0))];
    const deflated = await Promise.all(fresh.map((text) => deflateRaw(text, { finishFlush: constants.Z_SYNC_FLUSH })));
    const next = new Map<string, Buffer>(fresh.map((text, index) => [text, deflated[index]!]));
    let crc = 0;
    let length = 0;
    const blocks: Buffer[] = [HEADER];
    for (const text of texts) {
      if (text.length === 0) continue;
      const block = next.get(text) ?? this.held.get(text)!;
      next.set(text, block);
      blocks.push(block);
      crc = crc32(text, crc);
      length += Buffer.byteLength(text);
    }
    blocks.push(LAST_BLOCK);
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(crc >>> 0, 0);
    trailer.writeUInt32LE(length % 2 ** 32, 4);
    blocks.push(trailer);
    this.held = next;
    return Buffer.concat(blocks);
  }
}

/** A gzip header: deflate, no name or comment, no time, operating system unknown (RFC 1952 §2.3). */
const HEADER = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff]);
/** An empty fixed-Huffman block marked last: what ends the blocks laid end to end. */
const LAST_BLOCK = Buffer.from([0x03, 0x00]);
