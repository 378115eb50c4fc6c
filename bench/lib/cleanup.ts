// The bench's temporary folders are removed at the end of the run, not between measurements: deleting
// thousands of files makes the next file creations on the same ext4 filesystem slower for about 30 s
// (the inode allocator steps over recently deleted inodes one at a time: `recently_deleted` and
// `find_inode_bit` under `perf record -a`), a cost the next measurement would pay for the previous one.
import { rmSync } from 'node:fs';

const pending: string[] = [];

export function removeLater(dir: string): void {
  pending.push(dir);
}

export function removeNow(): void {
  for (const dir of pending.splice(0)) rmSync(dir, { recursive: true, force: true });
}

process.once('exit', removeNow);
// An interrupted run (Ctrl+C, a CI timeout) leaves nothing behind either.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    removeNow();
    process.exit(130);
  });
