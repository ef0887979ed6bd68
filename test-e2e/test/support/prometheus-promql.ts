// The metric names a PromQL expression reads, and the metric families a /metrics page
// exposes, so a dashboard or a rule can be checked against what the services really serve.
// Not a PromQL parser: a tokenizer that knows where names cannot be (strings, label matchers,
// ranges, the label lists of by/without/on/ignoring/group_left/group_right, function calls,
// Grafana's $variables) and takes every other identifier for a metric name.

/** Words that are operators or modifiers where an identifier could stand. */
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'offset',
  'bool',
  'inf',
  'nan',
]);
/** Followed by a parenthesised list of label names, not of expressions. */
const LABEL_LIST_BEFORE = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
/** Aggregation operators: `sum by (x) (...)` has no `(` straight after `sum`. */
const AGGREGATIONS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
]);

const IDENTIFIER_START = /[a-zA-Z_:]/;
const IDENTIFIER_PART = /[a-zA-Z0-9_:]/;

/** The metric names `expr` reads, each once, in order of appearance. */
export function metricNamesIn(expr: string): string[] {
  const names: string[] = [];
  const add = (name: string) => {
    if (!names.includes(name)) names.push(name);
  };
  let i = 0;
  const skipSpace = () => {
    while (i < expr.length) {
      if (/\s/.test(expr[i] as string)) i += 1;
      else if (expr[i] === '#') while (i < expr.length && expr[i] !== '\n') i += 1;
      else break;
    }
  };
  while (i < expr.length) {
    const c = expr[i] as string;
    if (c === '"' || c === "'" || c === '`') i = afterString(expr, i);
    else if (c === '#') while (i < expr.length && expr[i] !== '\n') i += 1;
    else if (c === '{') {
      const end = closing(expr, i, '{', '}');
      // `{__name__="x"}` selects metric x by its name label.
      const byName = /__name__\s*=\s*["'`]([a-zA-Z_:][a-zA-Z0-9_:]*)["'`]/.exec(expr.slice(i, end));
      if (byName) add(byName[1] as string);
      i = end;
    } else if (c === '[') i = closing(expr, i, '[', ']');
    else if (c === '$') {
      // A Grafana variable: $name, ${name} or ${name:format}.
      i += 1;
      if (expr[i] === '{') i = closing(expr, i, '{', '}');
      else while (i < expr.length && IDENTIFIER_PART.test(expr[i] as string)) i += 1;
    } else if (/[0-9.]/.test(c)) {
      // A number or a duration (0.99, 1e3, 5m, 1h30m, 0x1f).
      while (i < expr.length && /[0-9a-zA-Z_.]/.test(expr[i] as string)) i += 1;
    } else if (IDENTIFIER_START.test(c)) {
      const start = i;
      while (i < expr.length && IDENTIFIER_PART.test(expr[i] as string)) i += 1;
      const word = expr.slice(start, i);
      skipSpace();
      const next = expr[i];
      const lower = word.toLowerCase();
      if (LABEL_LIST_BEFORE.has(lower) && next === '(') i = closing(expr, i, '(', ')');
      else if (KEYWORDS.has(lower)) continue;
      else if (next === '(')
        continue; // a function call: its arguments are read next
      else if (AGGREGATIONS.has(lower) && /^(by|without)\b/i.test(expr.slice(i))) continue;
      else add(word);
    } else i += 1;
  }
  return names;
}

/** Index just past the string literal starting at `start` (escapes honoured, except in backticks). */
function afterString(expr: string, start: number): number {
  const quote = expr[start];
  let i = start + 1;
  while (i < expr.length && expr[i] !== quote) i += quote !== '`' && expr[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Index just past the `close` matching the `open` at `start`, strings inside skipped. */
function closing(expr: string, start: number, open: string, close: string): number {
  let depth = 0;
  let i = start;
  while (i < expr.length) {
    const c = expr[i];
    if (c === '"' || c === "'" || c === '`') {
      i = afterString(expr, i);
      continue;
    }
    if (c === open) depth += 1;
    else if (c === close) {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
    i += 1;
  }
  return expr.length;
}

/** Metric family name → type (counter, gauge, histogram, summary, untyped). */
export type Families = Map<string, string>;

/** The families a page in Prometheus' text format declares (`# TYPE`), plus any untyped sample names. */
export function familiesIn(exposition: string): Families {
  const families: Families = new Map();
  for (const line of exposition.split('\n')) {
    const typed = /^# TYPE (\S+) (\S+)/.exec(line);
    if (typed) families.set(typed[1] as string, typed[2] as string);
    else if (line !== '' && !line.startsWith('#')) {
      const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
      if (name && !familyOfSample(name, families)) families.set(name, 'untyped');
    }
  }
  return families;
}

/**
 * The family a series name belongs to: itself, or for a histogram its `_bucket`, `_sum` and
 * `_count` series (for a summary `_sum` and `_count`). Undefined when no family has it.
 */
export function familyOfSample(name: string, families: Families): string | undefined {
  if (families.has(name)) return name;
  const suffix = /_(bucket|sum|count)$/.exec(name);
  if (!suffix) return undefined;
  const base = name.slice(0, -suffix[0].length);
  const type = families.get(base);
  if (type === 'histogram') return base;
  if (type === 'summary' && suffix[1] !== 'bucket') return base;
  return undefined;
}

/**
 * Names read by `expr` that no family of `families` has and that are not in `alsoKnown`
 * (recording rules' outputs, Prometheus' own `up` and `ALERTS`).
 */
export function unknownNames(expr: string, families: Families, alsoKnown: ReadonlySet<string>): string[] {
  return metricNamesIn(expr).filter((name) => !alsoKnown.has(name) && !familyOfSample(name, families));
}
