// A real IMAP server for the tests: Debian's dovecot started in the foreground from a generated minimal
// config in a temporary directory (plaintext on 127.0.0.1, any user name with the test password, one
// maildir per user). Suites that need it skip with a notice when dovecot is absent, unless
// RELAIS_REQUIRE_DOVECOT=1 (CI) turns the absence into a failure.
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, chmodSync, chownSync, constants, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { describe, it } from 'vitest';

export const TEST_IMAP_PASSWORD = 'secret-imap';

const CANDIDATES = [
  ...(process.env.PATH ?? '').split(path.delimiter).map((d) => path.join(d, 'dovecot')),
  '/usr/sbin/dovecot',
  '/usr/local/sbin/dovecot',
];

/** The dovecot binary: RELAIS_DOVECOT_BIN when set (also to check the skip and fail paths), else the PATH. */
export function findDovecot(): string | null {
  const override = process.env.RELAIS_DOVECOT_BIN;
  for (const file of override ? [override] : CANDIDATES) {
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // try the next one
    }
  }
  return null;
}

let warned = false;

/** describe() for suites that need dovecot: skipped with a visible notice when it is absent. */
export function describeWithDovecot(name: string, body: () => void): void {
  if (findDovecot()) {
    describe(name, body);
    return;
  }
  if (process.env.RELAIS_REQUIRE_DOVECOT === '1') {
    describe(name, () => {
      it('finds dovecot (RELAIS_REQUIRE_DOVECOT=1)', () => {
        throw new Error(
          'dovecot is required when RELAIS_REQUIRE_DOVECOT=1: apt-get install -y dovecot-imapd',
        );
      });
    });
    return;
  }
  if (!warned) {
    warned = true;
    console.warn('[imap] dovecot is absent: IMAP suites are skipped (apt-get install -y dovecot-imapd).');
  }
  describe.skip(name, body);
}

export interface TestImapServer {
  host: string;
  port: number;
  /** imap://127.0.0.1:port */
  url: string;
  password: string;
  /** A client logged in as `user`, for the test's own appends and counts; log it out after use. */
  connect(user: string): Promise<ImapFlow>;
  stop(): Promise<void>;
}

export async function startImapServer(): Promise<TestImapServer> {
  const binary = findDovecot();
  if (!binary) throw new Error('dovecot is not installed');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'relais-dovecot-'));
  const port = await freePort();
  const users = processUsers();
  for (const sub of ['run', 'state', 'mail']) mkdirSync(path.join(dir, sub));
  chmodSync(dir, 0o755);
  chownSync(path.join(dir, 'mail'), users.uid, users.gid);
  const conf = path.join(dir, 'dovecot.conf');
  writeFileSync(conf, config(dir, port, users));

  const child = spawn(binary, ['-F', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForGreeting(port, child);
  } catch (e) {
    child.kill('SIGKILL');
    const log = await readFile(path.join(dir, 'dovecot.log'), 'utf8').catch(() => '');
    await rm(dir, { recursive: true, force: true, maxRetries: 10 });
    throw new Error(`dovecot did not start: ${(e as Error).message}\n${stderr}\n${log}`);
  }

  const host = '127.0.0.1';
  return {
    host,
    port,
    url: `imap://${host}:${port}`,
    password: TEST_IMAP_PASSWORD,
    async connect(user) {
      const client = new ImapFlow({
        host,
        port,
        secure: false,
        auth: { user, pass: TEST_IMAP_PASSWORD },
        logger: false,
        disableAutoIdle: true,
      });
      await client.connect();
      return client;
    },
    async stop() {
      await stopChild(child, exited);
      await rm(dir, { recursive: true, force: true, maxRetries: 10 });
    },
  };
}

interface ProcessUsers {
  internal: string;
  internalGroup: string;
  login: string;
  uid: number;
  gid: number;
}

/** As root, dovecot drops to its own accounts; as anyone else, everything runs as that user. */
function processUsers(): ProcessUsers {
  if (process.getuid?.() === 0) {
    const line = readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('dovecot:'));
    const [, , uid, gid] = (line ?? '').split(':');
    if (!uid || !gid)
      throw new Error('the dovecot system account is missing (apt-get install -y dovecot-imapd)');
    return {
      internal: 'dovecot',
      internalGroup: 'dovecot',
      login: 'dovenull',
      uid: Number(uid),
      gid: Number(gid),
    };
  }
  const me = os.userInfo();
  const group =
    readFileSync('/etc/group', 'utf8')
      .split('\n')
      .find((l) => l.split(':')[2] === String(me.gid))
      ?.split(':')[0] ?? String(me.gid);
  return { internal: me.username, internalGroup: group, login: me.username, uid: me.uid, gid: me.gid };
}

function config(dir: string, port: number, u: ProcessUsers): string {
  return `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${u.internal}
default_internal_group = ${u.internalGroup}
default_login_user = ${u.login}
first_valid_uid = 1
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = static
  args = password=${TEST_IMAP_PASSWORD}
}
userdb {
  driver = static
  args = uid=${u.uid} gid=${u.gid} home=${dir}/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function waitForGreeting(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.setTimeout(1000);
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d.toString().startsWith('* OK'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no greeting within 10 s');
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
