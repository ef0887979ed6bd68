// The fields each Kubernetes (and KEDA) object may have, read from the type declarations that
// kubernetes-models ships beside its validators. Its `validate()` (compiled JSON-schema code)
// accepts unknown fields, so a misspelled `readinessProbes` or a misplaced `maxReplicas`
// would pass it; these declarations are generated from the same OpenAPI schemas and list
// every known property, so walking them finds such fields. The .d.ts files are regular
// generated code: interfaces of `"name"?: Type;` at four spaces per level, types being
// primitives, string-literal unions, `Array<T>`, inline objects (`{` … `};`, `Array<{` …
// `}>;`, index-signature maps among them), or an imported interface or alias.
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

type TypeNode =
  | { readonly t: 'leaf' }
  | { readonly t: 'array'; readonly of: TypeNode }
  | { readonly t: 'map'; readonly of: TypeNode }
  | { readonly t: 'ref'; readonly file: string }
  | { readonly t: 'object'; readonly props: ReadonlyMap<string, TypeNode> };

type Shape =
  | { readonly t: 'interface'; readonly props: ReadonlyMap<string, TypeNode> }
  | { readonly t: 'alias'; readonly node: TypeNode };

const LEAF: TypeNode = { t: 'leaf' };
const PRIMITIVES = new Set(['string', 'number', 'boolean', 'any', 'unknown', 'null', 'object']);
const shapes = new Map<string, Shape>();

/** The real directory of package `name` as Node would find it from `fromDir`. */
export function packageDir(fromDir: string, name: string): string {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) throw new Error(`package ${name} not found from ${fromDir}`);
  }
}

function declarationFile(fromFile: string, specifier: string): string {
  if (specifier.startsWith('.')) return resolve(dirname(fromFile), specifier.replace(/\.js$/, '.d.ts'));
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] as string);
  const rest = parts.slice(name.split('/').length).join('/');
  return join(packageDir(dirname(fromFile), name), `${rest}.d.ts`);
}

function parseType(text: string, imports: ReadonlyMap<string, string>, file: string): TypeNode {
  const type = text.trim().replace(/;$/, '');
  const array = /^Array<(.+)>$/.exec(type);
  if (array) return { t: 'array', of: parseType(array[1] as string, imports, file) };
  const members = type.split(' | ').map((member) => member.trim());
  if (members.every((member) => member.startsWith('"') || PRIMITIVES.has(member))) return LEAF;
  if (members.length === 1 && imports.has(type)) {
    return { t: 'ref', file: declarationFile(file, imports.get(type) as string) };
  }
  throw new Error(`${file}: a type this reader does not know: ${type}`);
}

interface Context {
  readonly imports: ReadonlyMap<string, string>;
  readonly file: string;
}

/**
 * The members of an interface or inline object body starting at `lines[from]`, indented by
 * `indent`, up to its closing line (one level less): its properties, or the value type of an
 * index signature, and the index of the closing line.
 */
function readMembers(
  lines: readonly string[],
  from: number,
  indent: number,
  context: Context,
): { props: Map<string, TypeNode>; index?: TypeNode; end: number } {
  const pad = ' '.repeat(indent);
  const props = new Map<string, TypeNode>();
  let index: TypeNode | undefined;
  for (let at = from; at < lines.length; at += 1) {
    const line = lines[at] as string;
    if (!line.startsWith(pad)) return { props, ...(index ? { index } : {}), end: at };
    const signature = new RegExp(`^${pad}\\[key: string\\]: (.+);$`).exec(line);
    if (signature) index = parseType(signature[1] as string, context.imports, context.file);
    const property = new RegExp(`^${pad}"([^"]+)"\\??: (.*)$`).exec(line);
    if (!property) continue;
    const [, name, rest] = property as unknown as [string, string, string];
    if (rest === '{' || rest === 'Array<{') {
      const inner = readMembers(lines, at + 1, indent + 4, context);
      const node: TypeNode = inner.index
        ? { t: 'map', of: inner.index }
        : { t: 'object', props: inner.props };
      props.set(name, rest === '{' ? node : { t: 'array', of: node });
      at = inner.end;
    } else props.set(name, parseType(rest, context.imports, context.file));
  }
  throw new Error(`${context.file}: unterminated body at line ${from}`);
}

function readShape(file: string): Shape {
  const cached = shapes.get(file);
  if (cached) return cached;
  const text = readFileSync(file, 'utf8');
  const imports = new Map<string, string>();
  for (const match of text.matchAll(/^import \{ (\w+) \} from "([^"]+)";$/gm)) {
    imports.set(match[1] as string, match[2] as string);
  }
  const alias = /^export type I\w+ = (.+);$/m.exec(text);
  const start = text.search(/^export interface \w+(?: extends [\w, ]+)? \{$/m);
  let shape: Shape;
  if (start < 0) {
    if (!alias) throw new Error(`${file}: no interface or type alias`);
    shape = { t: 'alias', node: parseType(alias[1] as string, imports, file) };
  } else {
    const lines = text.slice(start).split('\n');
    const { props } = readMembers(lines, 1, 4, { imports, file });
    shape = { t: 'interface', props };
  }
  shapes.set(file, shape);
  return shape;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function walk(value: unknown, node: TypeNode, path: string, problems: string[]): void {
  if (node.t === 'leaf') return;
  if (node.t === 'array') {
    if (Array.isArray(value))
      for (const [at, item] of value.entries()) walk(item, node.of, `${path}[${at}]`, problems);
    return;
  }
  if (node.t === 'map') {
    if (isPlainObject(value))
      for (const [key, item] of Object.entries(value)) walk(item, node.of, `${path}.${key}`, problems);
    return;
  }
  const shape: Shape = node.t === 'object' ? { t: 'interface', props: node.props } : readShape(node.file);
  if (shape.t === 'alias') {
    walk(value, shape.node, path, problems);
    return;
  }
  if (!isPlainObject(value)) return; // the validator reports wrong types
  for (const [key, item] of Object.entries(value)) {
    const child = shape.props.get(key);
    if (child === undefined) problems.push(`${path}.${key}: unknown field`);
    else walk(item, child, `${path}.${key}`, problems);
  }
}

/**
 * Fields of `object` that its model's declaration (`declarationPath`, a model's .d.ts such
 * as `…/kubernetes-models/apps/v1/Deployment.d.ts`) does not know, as `path: unknown field`.
 */
export function unknownFields(object: unknown, declarationPath: string, root = ''): string[] {
  const problems: string[] = [];
  walk(object, { t: 'ref', file: declarationPath }, root, problems);
  return problems;
}
