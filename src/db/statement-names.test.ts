// The names under which both drivers prepare statements (the drivers themselves run in db.test.ts and
// pglite-prepared.test.ts), and the errors that make them prepare again.
import { describe, expect, it } from 'vitest';
import { isStalePrepared, statementNames } from './statement-names.ts';

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
    expect(names.renew(before)).toBe(true);
    const after = names.nameOf('select $1::int')!;
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
    expect(names.nameOf('select $1::int')).toBe(after);
    // Other queries that failed with an old name (in flight at the same time) do not renew again.
    expect(names.renew(before)).toBe(false);
    expect(names.nameOf('select $1::int')).toBe(after);
  });

  it('keeps two sets sharing a session apart by their prefix', () => {
    expect(statementNames(10, 'p0_').nameOf('select $1::int')).not.toBe(
      statementNames(10, 'p1_').nameOf('select $1::int'),
    );
  });
});

describe('isStalePrepared', () => {
  it('knows a stale statement by its code and routine, whatever the language of the message', () => {
    const french = {
      code: '0A000',
      routine: 'RevalidateCachedQuery',
      message: 'le plan en cache ne doit pas…',
    };
    expect(isStalePrepared(french)).toBe(true);
    expect(isStalePrepared({ code: '0A000', message: 'cached plan must not change result type' })).toBe(true);
    expect(isStalePrepared({ code: '26000', message: 'prepared statement "r0_3" does not exist' })).toBe(
      true,
    );
    // Other unsupported features and other errors are not.
    expect(
      isStalePrepared({ code: '0A000', routine: 'transformLockingClause', message: 'FOR UPDATE…' }),
    ).toBe(false);
    expect(isStalePrepared({ code: '23505' })).toBe(false);
    expect(isStalePrepared(new TypeError('Converting circular structure to JSON'))).toBe(false);
    expect(isStalePrepared(null)).toBe(false);
  });
});
