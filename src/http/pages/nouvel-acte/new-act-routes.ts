// « Nouvel acte »: the form (GET, also the classification search without JavaScript), the search as
// JSON for the script, and the multipart POST streamed into the document store, which saves a draft
// and, on « Envoyer », submits it — or shows every problem at once with the typed values kept.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type Classification,
  searchMatieres,
  validateActAgainstClassification,
} from '../../../actes/classification/index.ts';
import { findActNature, validateClassificationCodes } from '../../../actes/protocol/index.ts';
import type { UploadedDocument } from '../../../actes/transmission/index.ts';
import {
  type ActDraftInput,
  checkDraftInput,
  createAct,
  getCurrentClassification,
  submitAct,
  type TransmissionDeps,
} from '../../../actes/transmission/index.ts';
import { csrfToken } from '../../../auth/http/cookies.ts';
import type { PageDeps } from '../../../auth/http/pages.ts';
import { can, principalOf, scopedCollectivite } from '../../../auth/index.ts';
import { parisDate } from '../../../kernel/clock.ts';
import { AppError, type FieldProblem, isAppError } from '../../../kernel/errors.ts';
import { getCollectivite } from '../../../tenants/index.ts';
import { readMultipart } from '../../api/read-multipart.ts';
import { sendAppPage } from '../../ui/app-frame.ts';
import type { Problem } from './form-kit.ts';
import { createKeptDocumentSigner, type KeptDocumentSigner } from './kept-documents.ts';
import { renderNewActDone } from './new-act-done.ts';
import {
  EMPTY_VALUES,
  type Kept,
  type NewActValues,
  type NewActView,
  renderNewActForm,
} from './new-act-form.ts';

export type NewActDeps = PageDeps & { transmission: TransmissionDeps; signer?: KeptDocumentSigner };

const PAGE = '/collectivites/:cid/actes/nouveau';
const prepare = { access: { permission: 'act.prepare', collectiviteParam: 'cid' } } as const;

/** Where each problem of the use cases is shown in the form. */
export function anchorOf(field: string): string {
  if (field === 'mainDocument.typologie') return 'typologie';
  if (/^annexes\[\d+\]\.typologie$/.test(field)) return 'typologieAnnexes';
  if (field.startsWith('annexes')) return 'annexes';
  if (field === 'documents' || field === 'mainDocument') return 'mainDocument';
  if (field === 'classificationDate') return 'classification';
  return ['nature', 'classification', 'numeroInterne', 'decisionDate', 'objet'].includes(field) ? field : '';
}

const toProblems = (ps: readonly FieldProblem[]): Problem[] =>
  ps.map((p) => ({ anchor: anchorOf(p.field), message: p.message }));

/** Default document types when the préfecture's classification says nothing (protocol §6). */
const DEFAULT_TYPOLOGY: Record<string, string> = {
  DE: '99_DE',
  AR: '99_AR',
  AI: '99_AI',
  CC: '99_DC',
  BF: '99_BU',
  AU: '99_AU',
};

function suggestedTypology(c: Classification | null, nature: string, forAnnex: boolean): string {
  const abbrev = findActNature(nature)?.abbrev ?? '';
  const allowed = c?.natures.find((n) => n.abbrev === abbrev)?.typologies ?? [];
  if (forAnnex)
    return allowed.some((t) => t.codeTypePJ === '99_AU') || !allowed.length
      ? '99_AU'
      : allowed[0]!.codeTypePJ;
  return allowed[0]?.codeTypePJ ?? DEFAULT_TYPOLOGY[abbrev] ?? '';
}

function valuesFrom(f: Record<string, unknown>): NewActValues {
  const s = (k: string) => (typeof f[k] === 'string' ? (f[k] as string) : '');
  return {
    nature: s('nature').trim(),
    classification: s('classification').trim(),
    numeroInterne: s('numeroInterne').trim().toUpperCase(),
    decisionDate: s('decisionDate').trim(),
    objet: s('objet').replace(/\r?\n/g, ' ').trim(),
    typologie: s('typologie').trim(),
    typologieAnnexes: s('typologieAnnexes').trim(),
    documentPapier: s('documentPapier') === 'true',
  };
}

export function registerNewActPages(app: FastifyInstance, deps: NewActDeps): void {
  const frame = { ...deps, db: deps.transmission.db };
  const t = deps.transmission;
  const signer = deps.signer ?? createKeptDocumentSigner();

  async function load(req: FastifyRequest) {
    const cid = scopedCollectivite(req);
    const c = await getCollectivite(t.db, cid);
    if (!c) throw new AppError('NOT_FOUND', 'Collectivité introuvable.');
    const current = await getCurrentClassification(t.db, t.classifications, cid);
    return { cid, c, classification: current?.classification ?? null };
  }

  const personOf = (req: FastifyRequest) => {
    const p = principalOf(req);
    return p.user?.id ?? `jeton:${p.token?.id ?? ''}`;
  };

  function keptFrom(req: FastifyRequest, cid: string, f: Record<string, unknown>) {
    const who = personOf(req);
    const open = (raw: unknown): Kept | null => {
      if (typeof raw !== 'string' || raw === '') return null;
      const doc = signer.open(raw, who, cid);
      return doc ? { token: raw, doc } : null;
    };
    const annexKeys = Object.keys(f)
      .filter((k) => /^garde_annexe_\d+$/.test(k))
      .sort((a, b) => Number(a.slice(13)) - Number(b.slice(13)));
    const lost =
      (typeof f.garde_document === 'string' && f.garde_document !== '' && !open(f.garde_document)) ||
      annexKeys.some((k) => !open(f[k]));
    return {
      main: open(f.garde_document),
      annexes: annexKeys.map((k) => open(f[k])).filter((k): k is Kept => k !== null),
      lost,
    };
  }

  function render(
    req: FastifyRequest,
    reply: FastifyReply,
    base: Awaited<ReturnType<typeof load>>,
    view: Partial<NewActView>,
    status = 200,
  ) {
    const p = principalOf(req);
    const full: NewActView = {
      cid: base.cid,
      collectiviteName: base.c.name,
      csrf: csrfToken(req, reply, deps.secureCookies),
      canTransmit: can(p, 'act.transmit', base.cid),
      values: EMPTY_VALUES,
      problems: [],
      classification: base.classification,
      search: null,
      kept: { main: null, annexes: [] },
      filesToChooseAgain: false,
      maxBytes: t.settings.maxArchiveBytes,
      ...view,
    };
    const title = full.problems.length
      ? `Nouvel acte (${full.problems.length} point(s) à corriger)`
      : 'Nouvel acte';
    reply.header('cache-control', 'no-store');
    return sendAppPage(req, reply, frame, {
      title,
      cid: full.cid,
      current: 'nouvel-acte',
      body: renderNewActForm(full),
      status,
    });
  }

  app.get(PAGE, { config: prepare }, async (req, reply) => {
    const base = await load(req);
    const q = req.query as Record<string, unknown>;
    const words = typeof q.q === 'string' ? q.q.trim().slice(0, 100) : '';
    const kept = keptFrom(req, base.cid, q);
    return render(req, reply, base, {
      values: valuesFrom(q),
      search:
        words && base.classification
          ? { q: words, results: searchMatieres(base.classification, words, 50) }
          : null,
      kept: { main: kept.main, annexes: kept.annexes },
    });
  });

  app.get(`${PAGE}/classification`, { config: prepare }, async (req) => {
    const base = await load(req);
    const q = (req.query as Record<string, unknown>).q;
    const words = typeof q === 'string' ? q.trim().slice(0, 100) : '';
    const found = base.classification ? searchMatieres(base.classification, words, 50) : [];
    return {
      items: found
        .filter((e) => e.levels.length >= 2)
        .map((e) => ({ code: e.code, label: `${e.code} — ${e.path.join(' › ')}` })),
    };
  });

  app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: t.settings.maxArchiveBytes, files: 201, fields: 260, fieldSize: 64 * 1024 },
    });

    scope.post(PAGE, { config: prepare }, async (req, reply) => {
      const base = await load(req);
      const { cid, classification } = base;
      const p = principalOf(req);
      const canTransmit = can(p, 'act.transmit', cid);
      if (!req.isMultipart())
        throw new AppError('VALIDATION_FAILED', 'Le formulaire doit être envoyé avec ses fichiers.');
      // Every file is streamed into the store as it arrives (never held in memory).
      const read = await readMultipart(req, t.documents, t.settings.maxArchiveBytes);
      const f = read.fields;
      const values = valuesFrom(f);
      const sending = f.action === 'envoyer';
      const kept = keptFrom(req, cid, f);
      const problems: FieldProblem[] = [...read.problems];
      if (kept.lost)
        problems.push({
          field: 'mainDocument',
          message:
            'Un fichier envoyé tout à l’heure n’est plus disponible (le service a redémarré) : choisissez-le à nouveau.',
        });

      const fresh = read.uploads.filter((u) => u.originalName !== '');
      const sha = (u: UploadedDocument) => ('stored' in u.content ? u.content.stored : null);
      const newMain = fresh.find((u) => u.typology === 'mainDocument');
      const mainTypology = values.typologie || suggestedTypology(classification, values.nature, false);
      const annexTypology = values.typologieAnnexes || suggestedTypology(classification, values.nature, true);
      const main: UploadedDocument | null = newMain
        ? { ...newMain, typology: mainTypology }
        : kept.main
          ? { typology: mainTypology, originalName: kept.main.doc.name, content: { stored: kept.main.doc } }
          : null;
      const annexes: UploadedDocument[] = [
        ...kept.annexes.map((k) => ({
          typology: annexTypology,
          originalName: k.doc.name,
          content: { stored: k.doc },
        })),
        ...fresh.filter((u) => u.typology === 'annexes').map((u) => ({ ...u, typology: annexTypology })),
      ];
      const documents = main ? [main, ...annexes] : [];

      const input: ActDraftInput = {
        numeroInterne: values.numeroInterne,
        nature: values.nature,
        decisionDate: values.decisionDate,
        objet: values.objet,
        classification: values.classification,
        documentPapier: values.documentPapier,
      };
      const checked = checkDraftInput(input, parisDate(t.clock.now()));
      if (!checked.ok) problems.push(...checked.problems);
      if (!main && !problems.some((x) => x.field === 'mainDocument'))
        problems.push({
          field: 'mainDocument',
          message: 'Joignez l’acte lui-même : choisissez son fichier PDF.',
        });
      if (sending) problems.push(...classificationProblems(classification, values, documents));

      // What to show again if something must be corrected: the files that arrived, minus faulty ones.
      const retry = async (all: readonly FieldProblem[], status = 422) => {
        const faulty = (i: number) =>
          all.some((x) =>
            i === 0 ? /^mainDocument$|^documents$/.test(x.field) : x.field === `annexes[${i - 1}]`,
          );
        const keep = (u: UploadedDocument | undefined, i: number): Kept | null => {
          const s = u && sha(u);
          if (!u || !s || faulty(i)) return null;
          const doc = { sha256: s.sha256, size: s.size, name: u.originalName, typology: u.typology };
          return { token: signer.sign(doc, personOf(req), cid), doc };
        };
        const keptMain = main ? keep(main, 0) : null;
        const keptAnnexes = annexes
          .map((a, i) => keep(a, main ? i + 1 : -1))
          .filter((k): k is Kept => k !== null);
        return render(
          req,
          reply,
          base,
          {
            values,
            problems: toProblems(all),
            kept: { main: keptMain, annexes: keptAnnexes },
            filesToChooseAgain: documents.length > 0 || read.problems.length > 0,
          },
          status,
        );
      };

      if (problems.length) {
        // Say everything at once: the document checks too, not only on the next round.
        for (const [i, d] of documents.entries()) {
          const s = sha(d);
          const ext = /\.([A-Za-z0-9]{1,8})$/.exec(d.originalName)?.[1]?.toLowerCase() ?? '';
          if (!s || !['pdf', 'xml', 'jpg', 'jpeg', 'png'].includes(ext)) continue;
          const field = i === 0 ? 'mainDocument' : `annexes[${i - 1}]`;
          if (problems.some((x) => x.field === field)) continue;
          const reason = await t.checkDocument({
            sha256: s.sha256,
            extension: ext,
            originalName: d.originalName,
          });
          if (reason) problems.push({ field, message: `« ${d.originalName} » : ${reason}` });
        }
        return retry(problems);
      }

      const actor = { userId: p.user?.id ?? null, canTransmit };
      let act: Awaited<ReturnType<typeof createAct>>;
      try {
        act = await createAct(t, cid, actor, input, documents);
      } catch (e) {
        if (isAppError(e) && e.code === 'VALIDATION_FAILED') return retry(e.problems ?? []);
        throw e;
      }
      if (!sending)
        return sendAppPage(req, reply, frame, {
          cid,
          current: 'nouvel-acte',
          title: 'Brouillon enregistré',
          body: renderNewActDone({ cid, act, outcome: 'draft', problems: [] }),
          status: 201,
        });
      try {
        const sent = await submitAct(t, cid, actor, act.id);
        return sendAppPage(req, reply, frame, {
          cid,
          current: 'nouvel-acte',
          title: canTransmit ? 'Acte envoyé' : 'Envoi demandé',
          body: renderNewActDone({ cid, act: sent, outcome: canTransmit ? 'queued' : 'asked', problems: [] }),
          status: 201,
        });
      } catch (e) {
        if (!isAppError(e)) throw e;
        // Saved, but not sent: say so plainly, with the reasons, and where to go on.
        const reasons = e.problems?.length ? e.problems : [{ field: '', message: e.message }];
        return sendAppPage(req, reply, frame, {
          cid,
          current: 'nouvel-acte',
          title: 'Brouillon enregistré, non envoyé',
          body: renderNewActDone({ cid, act, outcome: 'not-sent', problems: reasons }),
          status: 201,
        });
      }
    });
  });
}

/** Before sending: the nature, classification and document types against the préfecture's lists. */
function classificationProblems(
  c: Classification | null,
  values: NewActValues,
  documents: readonly UploadedDocument[],
): FieldProblem[] {
  if (!c)
    return [
      {
        field: 'classification',
        message:
          'La classification de votre préfecture n’a pas encore été reçue : l’envoi n’est pas encore possible. Enregistrez le brouillon ; vous l’enverrez dans quelques minutes.',
      },
    ];
  const nature = findActNature(values.nature);
  const codes = validateClassificationCodes(values.classification);
  if (!nature || !codes.ok) return [];
  const [main, ...annexes] = documents;
  const checked = validateActAgainstClassification(c, {
    codeNatureActe: nature.code,
    codesMatiere: codes.value,
    ...(main ? { typologies: { main: main.typology, annexes: annexes.map((a) => a.typology) } } : {}),
  });
  return checked.ok ? [] : checked.problems;
}
