// The request form's fields, checked: holder, legal representative, purposes, product. Pure: the
// catalogue and the collectivité's people come in as arguments; every problem is phrased in French
// for a secrétaire de mairie and names the field it is about.
import { type FieldProblem, validationError } from '../../kernel/errors.ts';
import { emailProblem, phoneProblem } from '../../tenants/fields.ts';
import { ROLES, type Role } from '../../tenants/user.ts';
import type { Product } from '../catalogue.ts';
import { PURPOSES, type Purpose } from '../workflow.ts';

/** The form as typed (strings and lists, as a browser sends them). */
export interface RequestForm {
  holderName: string;
  holderFunction: string;
  holderEmail: string;
  holderPhone: string;
  holderIsElected: boolean;
  holderRoles: readonly string[];
  /** A person of the collectivité chosen from the list, or '' (matched later by e-mail). */
  holderUserId: string;
  legalRepName: string;
  legalRepFunction: string;
  purposes: readonly string[];
  productId: string;
}

export interface ValidRequest {
  holderName: string;
  holderFunction: string;
  holderEmail: string;
  holderPhone: string | null;
  holderIsElected: boolean;
  holderRoles: Role[];
  holderUserId: string | null;
  legalRepName: string;
  legalRepFunction: string;
  purposes: Purpose[];
  productId: string;
}

export const EMPTY_FORM: RequestForm = {
  holderName: '',
  holderFunction: '',
  holderEmail: '',
  holderPhone: '',
  holderIsElected: false,
  holderRoles: ['transmitter'],
  holderUserId: '',
  legalRepName: '',
  legalRepFunction: '',
  purposes: ['actes'],
  productId: '',
};

const required = (problems: FieldProblem[], field: string, value: string, message: string) => {
  if (!value) problems.push({ field, message });
  else if (value.length > 200)
    problems.push({
      field,
      message: `${message.replace(/ est obligatoire\.$/, '')} : 200 caractères au plus.`,
    });
};

/**
 * Checks the form against the active products and the people of the collectivité (id → e-mail).
 * Throws VALIDATION_FAILED with every problem at once.
 */
export function checkRequestForm(
  form: RequestForm,
  ctx: { products: readonly Product[]; people: ReadonlyMap<string, string> },
): ValidRequest {
  const problems: FieldProblem[] = [];
  const t = (s: string) => s.trim();
  required(problems, 'holderName', t(form.holderName), 'Le nom et le prénom du titulaire est obligatoire.');
  required(problems, 'holderFunction', t(form.holderFunction), 'La fonction du titulaire est obligatoire.');
  const email = t(form.holderEmail).toLowerCase();
  if (!email)
    problems.push({
      field: 'holderEmail',
      message:
        'Le courriel du titulaire est obligatoire : l’autorité de certification l’écrit dans le certificat.',
    });
  else {
    const p = emailProblem(email);
    if (p) problems.push({ field: 'holderEmail', message: p });
  }
  const phone = t(form.holderPhone);
  if (phone) {
    const p = phoneProblem(phone);
    if (p) problems.push({ field: 'holderPhone', message: p });
  }
  const roles = [...new Set(form.holderRoles)];
  if (roles.length === 0)
    problems.push({
      field: 'holderRoles',
      message:
        'Cochez au moins un rôle à donner au titulaire dans Relais (par exemple « Agent télétransmetteur »).',
    });
  else if (roles.some((r) => !Object.hasOwn(ROLES, r)))
    problems.push({ field: 'holderRoles', message: 'Un des rôles cochés n’existe pas : rechargez la page.' });
  let holderUserId: string | null = null;
  if (form.holderUserId) {
    const known = ctx.people.get(form.holderUserId);
    if (known === undefined)
      problems.push({
        field: 'holderUserId',
        message:
          'La personne choisie ne fait pas partie de votre collectivité : choisissez-la dans la liste.',
      });
    else {
      holderUserId = form.holderUserId;
      if (email && !emailProblem(email) && known.toLowerCase() !== email)
        problems.push({
          field: 'holderEmail',
          message: `La personne choisie a le courriel « ${known} » dans Relais : écrivez le même courriel, ou ne choisissez personne dans la liste.`,
        });
    }
  }
  required(
    problems,
    'legalRepName',
    t(form.legalRepName),
    'Le nom du représentant légal (le maire ou le président) est obligatoire.',
  );
  required(
    problems,
    'legalRepFunction',
    t(form.legalRepFunction),
    'La fonction du représentant légal (par exemple « Maire ») est obligatoire.',
  );
  const purposes = [...new Set(form.purposes)];
  const product = ctx.products.find((p) => p.id === form.productId && p.active);
  if (purposes.length === 0)
    problems.push({
      field: 'purposes',
      message: 'Cochez au moins un usage : télétransmission des actes, ou signature des flux Hélios.',
    });
  else if (purposes.some((p) => !Object.hasOwn(PURPOSES, p)))
    problems.push({ field: 'purposes', message: 'Un des usages cochés n’existe pas : rechargez la page.' });
  if (!product)
    problems.push({
      field: 'productId',
      message: 'Choisissez le certificat à commander dans la liste proposée par le syndicat.',
    });
  else {
    const missing = purposes.filter(
      (p) => Object.hasOwn(PURPOSES, p) && !product.purposes.includes(p as Purpose),
    );
    if (missing.length)
      problems.push({
        field: 'purposes',
        message: `Le certificat « ${product.label} » ne permet pas : ${missing.map((p) => PURPOSES[p as Purpose].toLowerCase()).join(', ')}. Choisissez un autre certificat ou décochez cet usage.`,
      });
  }
  if (problems.length) throw validationError(problems);
  return {
    holderName: t(form.holderName),
    holderFunction: t(form.holderFunction),
    holderEmail: email,
    holderPhone: phone || null,
    holderIsElected: form.holderIsElected,
    holderRoles: roles as Role[],
    holderUserId,
    legalRepName: t(form.legalRepName),
    legalRepFunction: t(form.legalRepFunction),
    purposes: purposes as Purpose[],
    productId: product!.id,
  };
}
