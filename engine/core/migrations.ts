import { GRAPH_FORMAT, GRAPH_VERSION } from './graph-document.js';

/**
 * Document migrations, oldest first: `migrations[v]` turns a version-v document into v+1.
 * Every file loads through this path, so an old sample or a user's old file keeps opening.
 * Version 1 is the first format; the chain is empty and loading a v1 file is the identity.
 */
export const migrations: Record<number, (doc: Record<string, unknown>) => Record<string, unknown>> = {};

export class MigrationError extends Error {}

export function migrateDocument(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new MigrationError('the file does not hold a JSON object');
  }
  let doc = raw as Record<string, unknown>;
  if (doc.format !== GRAPH_FORMAT) {
    throw new MigrationError(
      `this is not a Pretrain Lab graph: "format" is ${JSON.stringify(doc.format)}, expected "${GRAPH_FORMAT}"`,
    );
  }
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new MigrationError(`"version" must be a whole number from 1 up, got ${JSON.stringify(version)}`);
  }
  if (version > GRAPH_VERSION) {
    throw new MigrationError(
      `the file is format version ${version}, newer than this app reads (${GRAPH_VERSION}); update Pretrain Lab`,
    );
  }
  for (let v = version; v < GRAPH_VERSION; v++) {
    const step = migrations[v];
    if (!step) throw new MigrationError(`no migration from version ${v}`);
    doc = { ...step(doc), version: v + 1 };
  }
  return doc;
}
