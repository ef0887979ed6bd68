// JSON numbers come back as their source text, so decimals and ns times stay exact.
import { describe, expect, it } from 'vitest';
import { parseExactJson } from '../src/json/parse-exact-json.ts';

describe('parseExactJson', () => {
  it('given numbers a float would change, then each is its source text', () => {
    expect(parseExactJson('{"p":9682.10,"t":1582329602111000001,"a":[0.1,-2e-7],"s":"x","b":true}')).toEqual({
      p: '9682.10',
      t: '1582329602111000001',
      a: ['0.1', '-2e-7'],
      s: 'x',
      b: true,
    });
  });

  it('given malformed JSON, then it throws a SyntaxError', () => {
    expect(() => parseExactJson('{"p":')).toThrow(SyntaxError);
  });
});
