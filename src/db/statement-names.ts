// The names under which both drivers prepare statements once (postgres.ts per connection, pglite-prepared.ts
// for PGlite's one session), and how they recognise a prepared statement that no longer fits.

/**
 * Names are given to the first texts met, up to this many: a text built with a varying number of
 * placeholders would otherwise fill the database's memory with statements.
 */
export const MAX_NAMED = 1000;

export interface StatementNames {
  /** The name of this text's prepared statement, or undefined (run it unprepared) once `max` are given. */
  nameOf(sql: string): string | undefined;
  /**
   * Gives every text a new name, so that it is prepared again, unless `stale` (the name that failed) is
   * already from an earlier renewal: the queries in flight when a schema changes all fail, and one renewal
   * is enough for all of them. True when it renewed.
   */
  renew(stale: string): boolean;
}

/** Names for statement texts: the same name for the same text; `prefix` keeps sets sharing a session apart. */
export function statementNames(max = MAX_NAMED, prefix = 'r'): StatementNames {
  const names = new Map<string, string>();
  let generation = 0;
  const current = () => `${prefix}${generation}_`;
  return {
    nameOf(sql) {
      let name = names.get(sql);
      if (name === undefined && names.size < max) {
        name = `${current()}${names.size}`;
        names.set(sql, name);
      }
      return name;
    },
    renew(stale) {
      if (!stale.startsWith(current())) return false;
      names.clear();
      generation++;
      return true;
    },
  };
}

/**
 * A prepared statement that no longer fits: the shape of a table it reads changed under it ("cached plan
 * must not change result type", after a migration), or the session forgot it. Recognised by the server's
 * routine, which, unlike the message, is never translated (`lc_messages`).
 */
export function isStalePrepared(e: unknown): boolean {
  const { code, routine, message } = (e ?? {}) as { code?: unknown; routine?: unknown; message?: unknown };
  return (
    code === '26000' ||
    (code === '0A000' && (routine === 'RevalidateCachedQuery' || /cached plan/i.test(String(message))))
  );
}
