#!/usr/bin/env node
// Usage: node tools/boundaries/check.ts <project-dir> — exits 1 listing every violation of
// the module boundaries by that project (see src/rules.ts). Each project's `lint` runs it.
import { resolve } from 'node:path';
import { checkProject } from './src/check-project.ts';

const projectDir = resolve(process.argv[2] ?? '.');
const violations = checkProject(projectDir);
for (const violation of violations) console.error(`${violation.file}: ${violation.message}`);
if (violations.length > 0) {
  console.error(`boundaries: ${violations.length} violation(s) in ${projectDir}`);
  process.exitCode = 1;
}
