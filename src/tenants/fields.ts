// Small field checks shared by the tenant forms, CLI options and CSV import.

// Same shape the @CTES schema accepts for addresses (top-level domain of 2 to 6 letters).
const EMAIL = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,6}$/;

export function emailProblem(value: string): string | null {
  return EMAIL.test(value)
    ? null
    : `L'adresse électronique « ${value} » n'est pas valide : vérifiez-la (forme nom@domaine.fr).`;
}

/** Accepts JJ/MM/AAAA (what people type) and AAAA-MM-JJ; returns AAAA-MM-JJ or null. */
export function parseFrenchDate(value: string): string | null {
  let y: number;
  let m: number;
  let d: number;
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (fr) [d, m, y] = [Number(fr[1]), Number(fr[2]), Number(fr[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function phoneProblem(value: string): string | null {
  return /^[+0-9 .()-]{6,25}$/.test(value)
    ? null
    : `Le numéro de téléphone « ${value} » n'est pas valide : écrivez par exemple 04 66 12 34 56.`;
}
