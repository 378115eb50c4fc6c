// The handover: the report's content for a request (to print before the meeting), and the use case that
// records the face-to-face handover — the signed report, scanned, stored in the request's file, and the
// move to "handed over", in one transaction. The officer states the identity document seen.
import type { Principal } from '../../auth/policy.ts';
import type { StoredDocument } from '../../documents/index.ts';
import { AppError, validationError } from '../../kernel/errors.ts';
import { getOperator } from '../../tenants/operator.ts';
import type { CertificationDeps } from '../deps.ts';
import { holdContentForInsert } from '../evidence-content.ts';
import { actorForAction, type CertificateRequest, getRequestFor, transition } from '../request-store.ts';
import type { HandoverReportContent } from './handover-report.ts';

export const IDENTITY_DOCUMENTS = {
  cni: 'Carte nationale d’identité',
  passeport: 'Passeport',
  'titre-sejour': 'Titre de séjour',
} as const;

export type IdentityDocument = keyof typeof IDENTITY_DOCUMENTS;

/** The report's content, for anyone related to the request (RA officer, holder, collectivité admin). */
export async function handoverReportContent(
  deps: Pick<CertificationDeps, 'db' | 'clock'>,
  principal: Principal,
  requestId: string,
): Promise<{ request: CertificateRequest; content: HandoverReportContent }> {
  const { request } = await getRequestFor(deps.db, principal, requestId);
  if (!request.certificate)
    throw new AppError(
      'CERT_REQUEST_STATE',
      'Le procès-verbal de remise s’établit quand le certificat a été délivré par l’autorité : il ne l’est pas encore.',
    );
  const [operator, collectivite, officer] = await Promise.all([
    getOperator(deps.db),
    deps.db.query<{ siren: string }>('select siren from collectivites where id = $1', [
      request.collectiviteId,
    ]),
    request.handedOverBy
      ? deps.db.query<{ name: string }>('select name from users where id = $1', [request.handedOverBy])
      : Promise.resolve({ rows: [] as { name: string }[] }),
  ]);
  const officerName =
    officer.rows[0]?.name ??
    (principal.isRaOfficer && principal.user
      ? principal.user.name
      : '........................................');
  return {
    request,
    content: {
      syndicat: {
        name: operator?.name ?? 'Syndicat',
        siren: operator?.siren ?? '',
        address: operator?.address ?? null,
      },
      officerName,
      requestNumber: request.number,
      holder: {
        name: request.holder.name,
        function: request.holder.function,
        email: request.holder.email,
        phone: request.holder.phone,
      },
      collectivite: { name: request.collectiviteName, siren: collectivite.rows[0]?.siren ?? '' },
      legalRep: request.legalRep,
      authorityName: request.authorityName,
      productLabel: request.productLabel,
      certificate: request.certificate,
      appointment: {
        at: request.handedOverAt ?? request.appointmentAt,
        place: request.appointmentPlace,
      },
      generatedAt: deps.clock.now(),
    },
  };
}

export interface HandOverInput {
  principal: Principal;
  requestId: string;
  /** The signed report, already in the document store (a PDF: the caller checked its first bytes). */
  report: { stored: StoredDocument; fileName: string };
  identityDocument: string;
  identityChecked: boolean;
}

export async function handOver(
  deps: Pick<CertificationDeps, 'db' | 'clock' | 'documents'>,
  input: HandOverInput,
): Promise<{ documentId: string }> {
  const { request, actors } = await getRequestFor(deps.db, input.principal, input.requestId);
  const actor = actorForAction(actors, 'hand-over');
  const problems = [];
  if (!(input.identityDocument in IDENTITY_DOCUMENTS))
    problems.push({ field: 'piece', message: 'Indiquez la pièce d’identité présentée par le titulaire.' });
  if (!input.identityChecked)
    problems.push({
      field: 'identite',
      message:
        'Cochez « Identité vérifiée en face à face » : la remise ne s’enregistre qu’après avoir vu le titulaire et sa pièce d’identité originale.',
    });
  if (problems.length) throw validationError(problems);
  const now = deps.clock.now();
  const officerId = input.principal.user?.id ?? null;
  return deps.db.transaction(async (tx) => {
    await holdContentForInsert(tx, deps.documents, input.report.stored.sha256);
    const doc = await tx.query<{ id: string }>(
      `insert into certificate_request_documents (request_id, kind, file_name, media_type, size_bytes, sha256,
         uploaded_by, uploaded_at, review, reviewed_by, reviewed_at)
       values ($1, 'handover-report', $2, 'application/pdf', $3, $4, $5, $6, 'accepted', $5, $6) returning id`,
      [
        request.id,
        input.report.fileName.slice(0, 255) || 'proces-verbal.pdf',
        input.report.stored.size,
        input.report.stored.sha256,
        officerId,
        now,
      ],
    );
    await transition(tx, {
      request,
      action: 'hand-over',
      actor,
      actorUserId: officerId,
      at: now,
      note: `Remis en face à face ; identité vérifiée sur ${IDENTITY_DOCUMENTS[input.identityDocument as IdentityDocument].toLowerCase()} ; procès-verbal signé versé au dossier.`,
      set: { handed_over_at: now, handed_over_by: officerId },
    });
    return { documentId: doc.rows[0]!.id };
  });
}
