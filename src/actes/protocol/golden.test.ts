// Every message and envelope the builders produce, compared byte for byte with its golden file.
// Regenerate after an intended change with: RELAIS_UPDATE_GOLDEN=1 npx vitest run src/actes/protocol/golden.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMessage } from './build-message.ts';
import { GOLDEN_MESSAGES } from './golden/golden-messages.ts';
import { parseMessage } from './parse-message.ts';

const dir = path.join(import.meta.dirname, 'golden');
const update = process.env.RELAIS_UPDATE_GOLDEN === '1';

describe('golden files', () => {
  for (const [name, message] of Object.entries(GOLDEN_MESSAGES)) {
    it(`builds ${name} exactly as its golden file`, () => {
      const file = path.join(dir, `${name}.xml`);
      const bytes = buildMessage(message);
      if (update) writeFileSync(file, bytes);
      expect(Buffer.compare(bytes, readFileSync(file))).toBe(0);
    });

    it(`reads ${name} back to the same value`, () => {
      const r = parseMessage(readFileSync(path.join(dir, `${name}.xml`)));
      expect(r.ok && r.warnings).toEqual([]);
      expect(r.ok && r.message).toEqual(message);
    });
  }

  it('covers every kind of message', () => {
    const kinds = new Set(Object.values(GOLDEN_MESSAGES).map((m) => m.kind));
    expect(kinds.size).toBe(24);
  });
});
