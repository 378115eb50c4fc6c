// The names under which the PostgreSQL driver prepares statements (the driver itself runs in db.test.ts
// on a server when RELAIS_TEST_DATABASE_URL is set).
import { describe, expect, it } from 'vitest';
import { statementNames } from './postgres.ts';

describe('statementNames', () => {
  it('gives one name per text, the same each time, and none once the limit is reached', () => {
    const { nameOf } = statementNames(2);
    const a = nameOf('select $1::int');
    const b = nameOf('select $1::text');
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a).not.toBe(b);
    expect(nameOf('select $1::int')).toBe(a);
    expect(nameOf('select $1::date')).toBeUndefined();
    expect(nameOf('select $1::text')).toBe(b);
  });

  it('gives every text a new name once renewed, once per failing generation', () => {
    const names = statementNames();
    const before = names.nameOf('select $1::int')!;
    names.renew(before);
    const after = names.nameOf('select $1::int')!;
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(names.nameOf('select $1::int')).toBe(after);
    // Other queries that failed with an old name (in flight at the same time) do not renew again.
    names.renew(before);
    expect(names.nameOf('select $1::int')).toBe(after);
  });
});
