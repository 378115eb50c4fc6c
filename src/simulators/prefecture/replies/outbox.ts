// Sends the scheduled reply mails when they are due, started in due order and up to `concurrency` at
// once (a mail server delivers over several connections: the bench's replies queued behind one
// connection, each waiting for the platform to store and apply the previous one), with the mail faults
// (dropped, duplicated, held back so that a later mail overtakes it) and retries with back-off when SMTP
// fails. With a concurrency of 1 the mails leave strictly in due order.
// Time comes from the injected clock: tests move it forward and call flush() instead of waiting.
import type { Clock } from '../../../kernel/clock.ts';
import type { FaultInjector } from '../faults/fault-injector.ts';
import type { JournalEvent, OutgoingMail } from '../journal/journal-entry.ts';
import type { SimulatorState } from '../journal/simulator-state.ts';
import type { MailTransport } from './mailer.ts';
import type { OutboxFiles } from './outbox-files.ts';

export interface OutboxDeps {
  state: SimulatorState;
  record: (event: JournalEvent) => void;
  clock: Clock;
  faults: FaultInjector;
  transport: MailTransport | undefined;
  files: OutboxFiles;
  mailFrom: string;
  /** Mails delivered at once (default 1). */
  concurrency?: number;
}

/** Longest sleep of the timer: the clock may be moved by tests, so the due list is looked at again. */
const MAX_SLEEP_MS = 30_000;
const MAX_RETRY_MS = 60_000;

export class Outbox {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** Mails already submitted to the fault draw (a held mail is not drawn again). */
  private readonly drawn = new Set<string>();
  private readonly held = new Set<string>();
  private readonly attempts = new Map<string, number>();
  /** Mails being delivered: not due again meanwhile. */
  private readonly inFlight = new Set<string>();

  constructor(private readonly deps: OutboxDeps) {}

  /** Journals the mail as scheduled and wakes the sender. */
  schedule(mail: OutgoingMail): void {
    this.deps.record({
      type: 'mail-scheduled',
      siren: mail.siren,
      ...(mail.idActe !== undefined ? { idActe: mail.idActe } : {}),
      mail,
    });
    this.wake();
  }

  /** Sends every mail due now and resolves when done (also what the timer does). */
  flush(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.sendDue();
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
      this.arm();
    });
    return this.running;
  }

  wake(): void {
    if (this.stopped) return;
    const next = this.nextDue();
    if (next && Date.parse(next.dueAt) <= this.deps.clock.now().getTime()) void this.flush();
    else this.arm();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** The mail due first, ties broken by id: a scan rather than a sort, asked again after every mail. */
  private nextDue(): OutgoingMail | undefined {
    let first: OutgoingMail | undefined;
    let firstAt = 0;
    for (const mail of this.deps.state.outbox.values()) {
      if (this.inFlight.has(mail.id)) continue;
      const at = Date.parse(mail.dueAt);
      if (!first || at < firstAt || (at === firstAt && mail.id.localeCompare(first.id) < 0)) {
        first = mail;
        firstAt = at;
      }
    }
    return first;
  }

  private arm(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const next = this.nextDue();
    if (!next) return;
    const wait = Math.min(
      MAX_SLEEP_MS,
      Math.max(0, Date.parse(next.dueAt) - this.deps.clock.now().getTime()),
    );
    this.timer = setTimeout(() => void this.flush(), wait);
    this.timer.unref();
  }

  private async sendDue(): Promise<void> {
    const most = Math.max(1, this.deps.concurrency ?? 1);
    const running = new Set<Promise<void>>();
    let failure: { error: unknown } | undefined;
    for (;;) {
      const now = this.deps.clock.now();
      const mail = this.stopped ? undefined : this.nextDue();
      if (failure || !mail || Date.parse(mail.dueAt) > now.getTime()) {
        // Nothing more due now: wait for a delivery to end (it may release a held mail), or stop.
        if (running.size === 0) break;
        await Promise.race(running);
        continue;
      }
      this.inFlight.add(mail.id);
      // A delivery that throws (the journal cannot be written) ends this round only once the others have.
      const delivery: Promise<void> = this.deliver(mail, now)
        .catch((e: unknown) => {
          failure ??= { error: e };
        })
        .finally(() => {
          this.inFlight.delete(mail.id);
          running.delete(delivery);
        });
      running.add(delivery);
      if (running.size >= most) await Promise.race(running);
    }
    if (failure) throw failure.error;
  }

  private ids(mail: OutgoingMail) {
    return { siren: mail.siren, ...(mail.idActe !== undefined ? { idActe: mail.idActe } : {}) };
  }

  private async deliver(mail: OutgoingMail, now: Date): Promise<void> {
    const { faults, record } = this.deps;
    let copies = 1;
    if (!this.drawn.has(mail.id)) {
      this.drawn.add(mail.id);
      if (faults.shouldInject('dropMail')) {
        record({ type: 'fault', fault: 'dropMail', detail: 'Courriel de réponse perdu.', mailId: mail.id });
        record({ type: 'mail-dropped', ...this.ids(mail), mailId: mail.id });
        this.forgetFiles(mail);
        return;
      }
      if (faults.shouldInject('reorderMail')) {
        const until = new Date(now.getTime() + faults.reorderHoldMs()).toISOString();
        record({
          type: 'fault',
          fault: 'reorderMail',
          detail: 'Courriel retenu : le suivant passera avant lui.',
          mailId: mail.id,
        });
        record({ type: 'mail-held', ...this.ids(mail), mailId: mail.id, until });
        this.held.add(mail.id);
        return;
      }
      if (faults.shouldInject('duplicateMail')) {
        record({
          type: 'fault',
          fault: 'duplicateMail',
          detail: 'Courriel envoyé deux fois.',
          mailId: mail.id,
        });
        copies = 2;
      }
    }
    try {
      for (let copy = 0; copy < copies; copy++) {
        await this.send(mail);
        record({
          type: 'mail-sent',
          ...this.ids(mail),
          mailId: mail.id,
          to: mail.to,
          attachments: mail.attachments.map((a) => a.name),
          delivered: this.deps.transport !== undefined,
          ...(copy > 0 ? { copy: true } : {}),
        });
      }
    } catch (e) {
      const attempt = (this.attempts.get(mail.id) ?? 0) + 1;
      this.attempts.set(mail.id, attempt);
      const retryAt = new Date(now.getTime() + Math.min(MAX_RETRY_MS, 1000 * 2 ** (attempt - 1)));
      const error = e instanceof Error ? e.message : String(e);
      record({
        type: 'mail-failed',
        ...this.ids(mail),
        mailId: mail.id,
        error,
        retryAt: retryAt.toISOString(),
      });
      return;
    }
    this.forgetFiles(mail);
    this.held.delete(mail.id);
    this.releaseHeld(now);
  }

  private forgetFiles(mail: OutgoingMail): void {
    for (const a of mail.attachments) this.deps.files.forget(a.path);
  }

  /** A held mail goes right after the next mail that leaves: that is the reordering. */
  private releaseHeld(now: Date): void {
    for (const id of this.held) {
      // Its hold has run out and it is being delivered: nothing to release.
      if (this.inFlight.has(id)) continue;
      const mail = this.deps.state.outbox.get(id);
      this.held.delete(id);
      if (mail) {
        this.deps.record({ type: 'mail-held', ...this.ids(mail), mailId: id, until: now.toISOString() });
      }
    }
  }

  private async send(mail: OutgoingMail): Promise<void> {
    const transport = this.deps.transport;
    if (!transport) return;
    const contents = await Promise.all(mail.attachments.map((a) => this.deps.files.read(a.path)));
    await transport.send({
      from: this.deps.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: `<${mail.id}@simulateur-prefecture.relais>`,
      attachments: mail.attachments.map((a, i) => ({
        filename: a.name,
        contentType: a.contentType,
        content: contents[i]!,
      })),
    });
  }
}
