// The attachments of the reply mails, under {dataDir}/outbox/{mail id}/{name}: written before the mail
// is journaled as scheduled (a restart sends them from disk, the console serves them), and kept in
// memory until the mail has left, so that the outbox does not read back bytes it has just written.
// The writes stay synchronous on purpose: a reply is a few kilobytes, and a thread-pool round trip
// costs more CPU than the write itself (an act's rename, mkdir and writeFile through fs/promises:
// ~0.2 ms of CPU, against ~0.02 ms synchronously, measured on tmpfs on the 2-core bench machine).
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const OUTBOX_DIR = 'outbox';

/** Beyond this many bytes waiting in memory (replies held for days), the others are read from disk. */
const MAX_KEPT_BYTES = 32 * 1024 * 1024;

export class OutboxFiles {
  private readonly kept = new Map<string, Buffer>();
  private keptBytes = 0;

  constructor(
    private readonly dataDir: string,
    private readonly maxKeptBytes = MAX_KEPT_BYTES,
  ) {}

  /** Writes the attachment of `mailId`; returns its path relative to the data directory. */
  write(mailId: string, name: string, bytes: Uint8Array): string {
    const relative = path.posix.join(OUTBOX_DIR, mailId, name);
    // Recursive: a mail id prepared but never journaled (a crash in between) is used again after a
    // restart, and its folder may exist. The outbox folder itself is made when the simulator starts.
    mkdirSync(path.join(this.dataDir, OUTBOX_DIR, mailId), { recursive: true });
    writeFileSync(path.join(this.dataDir, relative), bytes);
    this.keep(relative, bytes);
    return relative;
  }

  /** Copies an attachment already written for another mail; returns the copy's relative path. */
  copy(fromRelative: string, mailId: string, name: string): string {
    const relative = path.posix.join(OUTBOX_DIR, mailId, name);
    mkdirSync(path.join(this.dataDir, OUTBOX_DIR, mailId), { recursive: true });
    copyFileSync(path.join(this.dataDir, fromRelative), path.join(this.dataDir, relative));
    return relative;
  }

  /** The attachment's bytes: from memory while kept, otherwise from disk (after a restart). */
  async read(relative: string): Promise<Buffer> {
    return this.kept.get(relative) ?? (await readFile(path.join(this.dataDir, relative)));
  }

  /** The mail has left, or is lost for good: its attachment is no longer kept in memory. */
  forget(relative: string): void {
    const bytes = this.kept.get(relative);
    if (!bytes) return;
    this.kept.delete(relative);
    this.keptBytes -= bytes.byteLength;
  }

  private keep(relative: string, bytes: Uint8Array): void {
    this.forget(relative);
    if (this.keptBytes + bytes.byteLength > this.maxKeptBytes) return;
    this.kept.set(relative, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    this.keptBytes += bytes.byteLength;
  }
}
