// One error type with a stable code; one table maps every code to an HTTP status and a French message.

export const ERRORS = {
  CONFIG_INVALID: { status: 500, message: 'La configuration est invalide.' },
  DATA_DIR_LOCKED: {
    status: 500,
    message: 'Le répertoire de données est déjà utilisé par un autre processus Relais.',
  },
  DATABASE_UNAVAILABLE: { status: 503, message: 'La base de données ne répond pas.' },
  VALIDATION_FAILED: { status: 422, message: 'Certaines informations sont à corriger.' },
  NOT_FOUND: { status: 404, message: 'Élément introuvable.' },
  CONFLICT: { status: 409, message: 'Cet élément existe déjà.' },
  FORBIDDEN: { status: 403, message: "Vous n'avez pas le droit de faire cette opération." },
  UNAUTHENTICATED: { status: 401, message: 'Vous devez vous identifier.' },
  DOCUMENT_CORRUPTED: {
    status: 500,
    message: 'Un document stocké est endommagé : son contenu ne correspond plus à son empreinte.',
  },
  DOCUMENT_NOT_FOUND: { status: 404, message: 'Document introuvable dans le stockage.' },
  JOB_NOT_FOUND: { status: 404, message: 'Tâche introuvable.' },
  JOB_NOT_RETRYABLE: { status: 409, message: 'Seule une tâche abandonnée peut être relancée.' },
  DOCUMENT_TOO_LARGE: { status: 413, message: 'Le document dépasse la taille maximale autorisée.' },
  MAIL_SEND_FAILED: {
    status: 502,
    message: 'Le courriel n’a pas pu être envoyé pour le moment ; un nouvel essai sera fait.',
  },
  MAIL_REJECTED: {
    status: 422,
    message: 'Le serveur de messagerie a refusé ce courriel (adresse inconnue ou message refusé).',
  },
  CERT_REQUEST_STATE: {
    status: 409,
    message: 'Cette demande de certificat n’est pas à une étape qui permet cette action.',
  },
  CA_UNAVAILABLE: {
    status: 503,
    message: 'L’autorité de certification n’est pas joignable pour le moment ; réessayez plus tard.',
  },
  SHUTTING_DOWN: { status: 503, message: 'Relais est en cours d’arrêt ; réessayez dans un instant.' },
  INTERNAL: { status: 500, message: 'Erreur interne. L’équipe du syndicat a été prévenue.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** A problem attached to one field, phrased for the person who must fix it. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly problems: readonly FieldProblem[];

  constructor(code: ErrorCode, detail?: string, problems: readonly FieldProblem[] = []) {
    super(detail ?? ERRORS[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERRORS[code].status;
    this.problems = problems;
  }
}

export function validationError(problems: readonly FieldProblem[]): AppError {
  const summary = problems.map((p) => p.message).join(' ');
  return new AppError('VALIDATION_FAILED', summary || undefined, problems);
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Compile-time exhaustiveness check for tagged unions. */
export function assertNever(x: never): never {
  throw new Error(`Unexpected variant: ${JSON.stringify(x)}`);
}
