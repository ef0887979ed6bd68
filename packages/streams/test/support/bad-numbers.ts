// Values a positive-integer option must refuse, each with how its error message shows it:
// not integers, not positive, past what a double holds exactly, a string from a JS caller.
export const NOT_POSITIVE: readonly [unknown, string][] = [
  [0, '0'],
  [-1, '-1'],
  [1.5, '1.5'],
  [Number.NaN, 'NaN'],
  [Number.POSITIVE_INFINITY, 'Infinity'],
  [2 ** 53, '9007199254740992'],
  ['5', '"5"'],
];
