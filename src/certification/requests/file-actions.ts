// The file's steps, each through `transition`: the collectivité submits (its file complete against the
// CA's checklist), the syndicat checks (every required document accepted) or returns it with reasons,
// either side cancels. After the commit, a short mail tells the other side it has something to do.
import type { Principal } from '../../auth/policy.ts';
import type { Sql } from '../../db/types.ts';
import { AppError, validationError } from '../../kernel/errors.ts';
import type { CertificationDeps } from '../deps.ts';
import { collectiviteAdminEmails, raOfficerEmails } from '../recipients.ts';
import {
  actorForAction,
  type CertificateRequest,
  getRequestFor,
  transition,
  unsafeGetRequest,
} from '../request-store.ts';
import { DOCUMENT_KINDS, type DocumentKind, type RequestAction } from '../workflow.ts';
import { fileChecklist } from './request-documents.ts';
import { type FileStep, fileStepMail } from './request-mails.ts';

type Deps = Pick<CertificationDeps, 'db' | 'clock' | 'mailer' | 'publicUrl' | 'logger'>;

const list = (kinds: readonly DocumentKind[]) => kinds.map((k) => `« ${DOCUMENT_KINDS[k]} »`).join(', ');

async function step(
  deps: Deps,
  principal: Principal,
  requestId: string,
  expectedVersion: number,
  action: RequestAction,
  opts: {
    before?: (tx: Sql, request: CertificateRequest) => Promise<void>;
    note?: string | null;
    set?: Record<string, unknown>;
  } = {},
): Promise<CertificateRequest> {
  const { request, actors } = await getRequestFor(deps.db, principal, requestId);
  const actor = actorForAction(actors, action);
  await deps.db.transaction(async (tx) => {
    await opts.before?.(tx, request);
    await transition(tx, {
      // The version the person saw: a change since then makes the step fail instead of overwriting it.
      request: { id: request.id, state: request.state, version: expectedVersion },
      action,
      actor,
      actorUserId: principal.user?.id ?? null,
      at: deps.clock.now(),
      note: opts.note ?? null,
      set: opts.set,
    });
  });
  return unsafeGetRequest(deps.db, request.id);
}

/** Best effort, after the commit: a mail that cannot leave is logged, the step stays done. */
async function tell(deps: Deps, to: string[], stepName: FileStep, r: CertificateRequest): Promise<void> {
  if (!deps.mailer || to.length === 0) return;
  const url = `${(deps.publicUrl ?? '').replace(/\/$/, '')}/certificats/demandes/${r.id}`;
  try {
    await deps.mailer.send({ to, ...fileStepMail(stepName, r, { url, reasons: r.returnReasons }) });
  } catch (e) {
    deps.logger?.warn({ err: e, request: r.id, step: stepName }, 'certificate request mail not sent');
  }
}

/** The collectivité submits its request to the syndicat: refused while a required document is missing. */
export async function submitRequest(
  deps: Deps,
  principal: Principal,
  requestId: string,
  expectedVersion: number,
): Promise<CertificateRequest> {
  const done = await step(deps, principal, requestId, expectedVersion, 'submit', {
    before: async (tx, request) => {
      const { missing } = await fileChecklist(tx, request);
      if (missing.length)
        throw new AppError(
          'CERT_REQUEST_STATE',
          `La demande ne peut pas encore être déposée : il manque ${missing.length > 1 ? 'les pièces' : 'la pièce'} ${list(missing)}. Ajoutez-${missing.length > 1 ? 'les' : 'la'} dans « Pièces du dossier », puis déposez la demande.`,
        );
    },
    set: { return_reasons: null },
  });
  await tell(deps, await raOfficerEmails(deps.db), 'submitted', done);
  return done;
}

/** An RA officer validates the file: every document of the CA's checklist must have been accepted. */
export async function checkRequest(
  deps: Deps,
  principal: Principal,
  requestId: string,
  expectedVersion: number,
): Promise<CertificateRequest> {
  const done = await step(deps, principal, requestId, expectedVersion, 'check', {
    before: async (tx, request) => {
      const { unaccepted } = await fileChecklist(tx, request);
      if (unaccepted.length)
        throw new AppError(
          'CERT_REQUEST_STATE',
          `Le dossier ne peut pas être validé : ${unaccepted.length > 1 ? 'les pièces' : 'la pièce'} ${list(unaccepted)} ${unaccepted.length > 1 ? 'ne sont pas acceptées' : 'n’est pas acceptée'}. Examinez chaque pièce, ou renvoyez le dossier à la collectivité.`,
        );
    },
  });
  await tell(deps, await collectiviteAdminEmails(deps.db, done.collectiviteId), 'checked', done);
  return done;
}

/** An RA officer returns the file to the collectivité, saying what to correct (mandatory). */
export async function returnRequest(
  deps: Deps,
  principal: Principal,
  requestId: string,
  expectedVersion: number,
  reasons: string,
): Promise<CertificateRequest> {
  const text = reasons.trim().slice(0, 2000);
  if (!text)
    throw validationError([
      {
        field: 'motifs',
        message:
          'Écrivez ce que la collectivité doit corriger ou ajouter : sans motif, elle ne saura pas quoi faire.',
      },
    ]);
  // Returned after being ordered (the CA refused the file): it leaves that order and its price, so the
  // order's lines and totals match what is billed; its history keeps the order it was in.
  const done = await step(deps, principal, requestId, expectedVersion, 'return', {
    note: text,
    set: { return_reasons: text, order_id: null, price_cents: null },
  });
  await tell(deps, await collectiviteAdminEmails(deps.db, done.collectiviteId), 'returned', done);
  return done;
}

/** The collectivité or an RA officer abandons a request that has not been ordered. */
export async function cancelRequest(
  deps: Deps,
  principal: Principal,
  requestId: string,
  expectedVersion: number,
  note = '',
): Promise<CertificateRequest> {
  return step(deps, principal, requestId, expectedVersion, 'cancel', {
    note: note.trim().slice(0, 1000) || null,
  });
}
