import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

/** The run's folder for the seeded template data folder (infra/test/support/seeded-template.ts), removed after the run. */
export default async function setup(project: TestProject) {
  const root = await mkdtemp(join(tmpdir(), 'partnership-hub-seeded-template-'));
  project.provide('seededTemplateRoot', root);
  return async () => {
    await rm(root, { recursive: true, force: true });
  };
}
