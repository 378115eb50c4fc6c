// The migrated schema matches the committed snapshot, so every schema change shows in review.
// After adding a migration: UPDATE_SCHEMA_SNAPSHOT=1 npx vitest run src/db/schema.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backend, createTestDb } from '../../test/support/db.ts';
import { describeSchema } from './describe-schema.ts';
import type { Db } from './types.ts';

const SNAPSHOT = path.join(import.meta.dirname, 'schema.snapshot.txt');

describe(`schema snapshot (${backend})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('matches src/db/schema.snapshot.txt (regenerate with UPDATE_SCHEMA_SNAPSHOT=1)', async () => {
    const current = await describeSchema(db);
    if (process.env.UPDATE_SCHEMA_SNAPSHOT) writeFileSync(SNAPSHOT, current);
    expect(current).toBe(readFileSync(SNAPSHOT, 'utf8'));
  });
});
