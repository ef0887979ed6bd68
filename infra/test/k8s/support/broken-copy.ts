// Copies of a render with one object changed, for showing that each check fails on the
// breakage it guards against.
import type { K8sObject } from './render.ts';

/** A key, an array index, or `{ name }`: the element of an array whose `name` is that. */
export type Step = string | number | { readonly name: string };
export type Edit = readonly [path: readonly Step[], value: unknown];

function child(node: unknown, step: Step): unknown {
  if (typeof step === 'object') return (node as { name?: string }[]).find((item) => item.name === step.name);
  return (node as Record<string | number, unknown>)[step];
}

/** `objects` with `kind/name` deep-copied and each edit's path set to its value (or pushed, for `-`). */
export function brokenCopy(
  objects: readonly K8sObject[],
  kind: string,
  name: string,
  edits: readonly Edit[],
): K8sObject[] {
  return objects.map((object) => {
    if (object.kind !== kind || object.metadata.name !== name) return object;
    const copy = structuredClone(object);
    for (const [path, value] of edits) {
      const parent = path.slice(0, -1).reduce<unknown>(child, copy);
      const last = path.at(-1) as Step;
      if (parent === undefined || typeof last === 'object')
        throw new Error(`no ${JSON.stringify(path)} in ${kind}/${name}`);
      if (last === '-') (parent as unknown[]).push(value);
      else (parent as Record<string | number, unknown>)[last] = value;
    }
    return copy;
  });
}
