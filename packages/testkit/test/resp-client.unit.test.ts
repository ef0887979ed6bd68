import { describe, expect, it } from 'vitest';
import { encodeRespCommand, parseRespReply } from '../src/resp-client.ts';

describe('RESP encoding and parsing', () => {
  it('encodes a command as an array of bulk strings, counting bytes not characters', () => {
    expect(encodeRespCommand(['SET', 'k', 'é'])).toBe('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\né\r\n');
    expect(encodeRespCommand(['SAVE', ''])).toBe('*2\r\n$4\r\nSAVE\r\n$0\r\n\r\n');
  });

  it('parses simple strings, errors, integers and bulk strings', () => {
    const buffer = Buffer.from('+PONG\r\n-LOADING Redis is loading\r\n:42\r\n$5\r\na\r\nbc\r\n$-1\r\n');
    const replies = [];
    let offset = 0;
    for (let parsed = parseRespReply(buffer, offset); parsed; parsed = parseRespReply(buffer, offset)) {
      replies.push(parsed.reply);
      offset = parsed.next;
    }
    expect(replies).toEqual([
      { kind: 'simple', value: 'PONG' },
      { kind: 'error', message: 'LOADING Redis is loading' },
      { kind: 'integer', value: 42 },
      { kind: 'bulk', value: 'a\r\nbc' },
      { kind: 'bulk', value: null },
    ]);
    expect(offset).toBe(buffer.length);
  });

  it('waits for the rest of a reply split across chunks', () => {
    expect(parseRespReply(Buffer.from('+PO'), 0)).toBeUndefined();
    expect(parseRespReply(Buffer.from('$5\r\nab'), 0)).toBeUndefined();
    expect(parseRespReply(Buffer.from('$5\r\nabcde'), 0)).toBeUndefined();
    expect(parseRespReply(Buffer.from('$5\r\nabcde\r\n'), 0)?.reply).toEqual({
      kind: 'bulk',
      value: 'abcde',
    });
  });

  it('refuses reply types it does not handle', () => {
    expect(() => parseRespReply(Buffer.from('*1\r\n+OK\r\n'), 0)).toThrow(/Unsupported/);
  });
});
