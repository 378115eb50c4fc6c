// The acts of a collectivité as a CSV file for French spreadsheets (UTF-8 with BOM, `;` separator,
// CRLF), with the list's filters, streamed page by page through the keyset cursor.
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { ACT_STATES, type Act, listActs } from '../../../actes/transmission/index.ts';
import { scopedCollectivite } from '../../../auth/index.ts';
import { csvCell } from '../../../kernel/csv.ts';
import { AppError, isAppError } from '../../../kernel/errors.ts';
import type { CidReq, PagesDeps } from '../page-deps.ts';
import { NATURES } from './act-page.ts';
import { filtersOf } from './list-page.ts';

const HEADER = [
  'Numéro interne',
  'Objet',
  'Nature',
  'Matière',
  'Date de décision',
  'État',
  'Transmis le',
  'Identifiant préfecture',
  'Reçu en préfecture le',
  'Déféré possible jusqu’au',
  'Créé le',
];

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : '');

export function csvLine(a: Act): string {
  return [
    a.numeroInterne,
    a.objet,
    NATURES[a.nature] ?? a.nature,
    a.matiereCodes.join('.'),
    a.decisionDate,
    ACT_STATES[a.state],
    day(a.sentAt),
    a.idActe ?? '',
    a.receivedDate ?? '',
    a.deferralDeadline ?? '',
    day(a.createdAt),
  ]
    .map(csvCell)
    .join(';');
}

export function registerActsCsv(app: FastifyInstance, deps: PagesDeps): void {
  app.get(
    '/collectivites/:cid/actes.csv',
    { config: { access: { permission: 'act.read', collectiviteParam: 'cid' } } },
    async (req: CidReq, reply) => {
      const cid = scopedCollectivite(req);
      const filters = { ...filtersOf(req.query), cursor: undefined };
      // Validate before the first byte goes out: afterwards an error could only cut the file short.
      let first: Awaited<ReturnType<typeof listActs>>;
      try {
        first = await listActs(deps.db, [cid], { ...filters, limit: 200 });
      } catch (e) {
        if (isAppError(e) && e.code === 'VALIDATION_FAILED')
          throw new AppError('VALIDATION_FAILED', 'Les filtres de l’export sont mal écrits.', e.problems);
        throw e;
      }
      async function* lines() {
        yield `\uFEFF${HEADER.map(csvCell).join(';')}\r\n`;
        let page = first;
        for (;;) {
          yield page.items.map((a) => `${csvLine(a)}\r\n`).join('');
          if (!page.nextCursor) return;
          page = await listActs(deps.db, [cid], { ...filters, cursor: page.nextCursor, limit: 200 });
        }
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="actes-${deps.transmission.clock.now().toISOString().slice(0, 10)}.csv"`,
        )
        .header('cache-control', 'private, no-store')
        .send(Readable.from(lines()));
    },
  );
}
