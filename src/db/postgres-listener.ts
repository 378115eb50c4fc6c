// LISTEN on a PostgreSQL server: one dedicated connection per channel (a pooled one would be handed to
// other queries), reconnected in the background when it drops. Notifications sent while it is down are
// lost, so the listener says so with one empty payload once it is back; callers poll anyway.
import pg from 'pg';

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;
const firstRetryMs = 500;
const maxRetryMs = 30_000;

export async function listenPostgres(
  url: string,
  channel: string,
  onNotify: (payload: string) => void,
): Promise<() => Promise<void>> {
  if (!CHANNEL.test(channel)) throw new Error(`listen: invalid channel name ${channel}`);
  let client: pg.Client | null = null;
  let isClosed = false;
  let retryMs = firstRetryMs;
  let retryTimer: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    c.on('notification', (n) => {
      if (n.channel === channel) onNotify(n.payload ?? '');
    });
    c.on('error', () => {}); // 'end' follows, which reconnects
    c.on('end', () => {
      if (client !== c) return;
      client = null;
      scheduleReconnect();
    });
    try {
      await c.connect();
      await c.query(`listen ${channel}`);
    } catch (e) {
      await c.end().catch(() => {});
      throw e;
    }
    if (isClosed) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
    retryMs = firstRetryMs;
  }

  function scheduleReconnect(): void {
    if (isClosed) return;
    retryTimer = setTimeout(() => {
      connect().then(
        () => {
          if (!isClosed) onNotify('');
        },
        () => {
          retryMs = Math.min(retryMs * 2, maxRetryMs);
          scheduleReconnect();
        },
      );
    }, retryMs);
    retryTimer.unref();
  }

  await connect();
  return async () => {
    isClosed = true;
    clearTimeout(retryTimer);
    const c = client;
    client = null;
    await c?.end().catch(() => {});
  };
}
