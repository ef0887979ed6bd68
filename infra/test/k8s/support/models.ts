// The kubernetes-models (and @kubernetes-models/keda) class of a rendered object, found by
// its apiVersion and kind, and the declaration file that lists its fields.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageDir } from './model-fields.ts';
import type { K8sObject } from './render.ts';

interface ModelClass {
  new (data: unknown): { validate(): void };
}

const HERE = dirname(fileURLToPath(import.meta.url));

/** The package and folder of an apiVersion's models: `apps/v1` → kubernetes-models/apps/v1. */
function modelLocation(apiVersion: string): { pkg: string; folder: string } {
  if (apiVersion.startsWith('keda.sh/')) return { pkg: '@kubernetes-models/keda', folder: apiVersion };
  return { pkg: 'kubernetes-models', folder: apiVersion };
}

export interface ObjectModel {
  readonly model: ModelClass;
  /** The model's .d.ts, whose interface lists the object's fields. */
  readonly declaration: string;
}

/** The model of `object`; throws for an apiVersion/kind no model package covers. */
export async function modelOf(object: K8sObject): Promise<ObjectModel> {
  const { pkg, folder } = modelLocation(object.apiVersion);
  const declaration = join(packageDir(HERE, pkg), folder, `${object.kind}.d.ts`);
  if (!existsSync(declaration))
    throw new Error(`no model for ${object.apiVersion} ${object.kind} (${declaration})`);
  const module = (await import(`${pkg}/${folder}`)) as Record<string, ModelClass | undefined>;
  const model = module[object.kind];
  if (model === undefined) throw new Error(`${pkg}/${folder} has no ${object.kind}`);
  return { model, declaration };
}

/** Problems of `object` against its schema: the validator's errors, then unknown fields. */
export async function schemaProblems(
  object: K8sObject,
  unknownFields: (object: unknown, declaration: string) => string[],
): Promise<string[]> {
  const { model, declaration } = await modelOf(object);
  const problems: string[] = [];
  try {
    new model(object).validate();
  } catch (error) {
    problems.push(`schema: ${(error as Error).message}`);
  }
  return [...problems, ...unknownFields(object, declaration)];
}
