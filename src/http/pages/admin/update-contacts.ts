// Use case: a collectivité's admin changes its return e-mail and its referent (the person the syndicat
// calls). Checked with the tenants' field rules; scoped to the one collectivité.
import type { ScopedCollectiviteId } from '../../../auth/index.ts';
import type { Db } from '../../../db/types.ts';
import { type FieldProblem, validationError } from '../../../kernel/errors.ts';
import { emailProblem, phoneProblem } from '../../../tenants/fields.ts';

export interface ContactsInput {
  returnEmail: string;
  referentName: string;
  referentPhone: string;
  referentEmail: string;
}

export async function updateContacts(
  db: Db,
  collectiviteId: ScopedCollectiviteId,
  input: ContactsInput,
): Promise<void> {
  const v = {
    returnEmail: input.returnEmail.trim(),
    referentName: input.referentName.trim(),
    referentPhone: input.referentPhone.trim(),
    referentEmail: input.referentEmail.trim(),
  };
  const problems: FieldProblem[] = [];
  const check = (field: keyof ContactsInput, p: string | null) => {
    if (p) problems.push({ field, message: p });
  };
  if (!v.returnEmail)
    problems.push({
      field: 'returnEmail',
      message: 'Indiquez l’adresse qui reçoit les retours de la préfecture.',
    });
  else check('returnEmail', emailProblem(v.returnEmail));
  if (v.referentEmail) check('referentEmail', emailProblem(v.referentEmail));
  if (v.referentPhone) check('referentPhone', phoneProblem(v.referentPhone));
  if (v.referentName.length > 200)
    problems.push({
      field: 'referentName',
      message: 'Le nom du référent est trop long (200 caractères au plus).',
    });
  if (problems.length) throw validationError(problems);
  await db.query(
    `update collectivites set return_email = $2, referent_name = $3, referent_phone = $4, referent_email = $5,
       updated_at = now() where id = $1`,
    [collectiviteId, v.returnEmail, v.referentName || null, v.referentPhone || null, v.referentEmail || null],
  );
}
