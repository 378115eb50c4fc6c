// Element shapes shared by several messages: DonneesActe, FichierSigne, DonneesCourrierPref, the
// collectivité's envelope data and the Referent — each with the checks that keep it schema-valid.
import type { BuildChecker } from './build-checks.ts';
import type {
  ActeData,
  CourrierPref,
  EnveloppeCLMISILLData,
  FichierSigne,
  Referent,
} from './message-types.ts';
import { el, type XmlElement } from './xml-writer.ts';

export function fichierSigne(name: string, f: FichierSigne, check: BuildChecker, field: string): XmlElement {
  check.fichier(f, field);
  return el(name, {}, [
    el('actes:NomFichier', {}, f.nomFichier),
    f.signature !== undefined ? el('actes:Signature', {}, f.signature) : undefined,
  ]);
}

export function courrierPrefAttrs(c: CourrierPref, check: BuildChecker, field = ''): Record<string, string> {
  check.idActe(c.idActe, `${field}idActe`);
  check.date(c.dateCourrierPref, `${field}dateCourrierPref`);
  return { 'actes:IDActe': c.idActe, 'actes:DateCourrierPref': c.dateCourrierPref };
}

/** DonneesActe under the element `name` (Acte or ActeRecu). */
export function donneesActe(name: string, a: ActeData, check: BuildChecker, field: string): XmlElement {
  check.date(a.date, `${field}date`);
  check.numeroInterne(a.numeroInterne, `${field}numeroInterne`);
  check.natureActe(a.codeNatureActe, `${field}codeNatureActe`);
  check.codesMatiere(a.codesMatiere, `${field}codesMatiere`);
  check.objet(a.objet, `${field}objet`);
  check.date(a.classificationDateVersion, `${field}classificationDateVersion`);
  if (a.precedentIdentifiantActe !== undefined) {
    check.idActe(a.precedentIdentifiantActe, `${field}precedentIdentifiantActe`);
  }
  return el(
    name,
    {
      'actes:Date': a.date,
      'actes:NumeroInterne': a.numeroInterne,
      'actes:CodeNatureActe': a.codeNatureActe,
    },
    [
      ...a.codesMatiere.map((code, i) =>
        el(`actes:CodeMatiere${i + 1}`, { 'actes:CodeMatiere': code ?? '' }),
      ),
      el('actes:Objet', {}, a.objet),
      a.precedentIdentifiantActe !== undefined
        ? el('actes:PrecedentIdentifiantActe', { 'actes:IDActe': a.precedentIdentifiantActe })
        : undefined,
      el('actes:ClassificationDateVersion', {}, a.classificationDateVersion),
      fichierSigne('actes:Document', a.document, check, `${field}document`),
      el(
        'actes:Annexes',
        { 'actes:Nombre': a.annexes.length },
        a.annexes.map((f, i) => fichierSigne('actes:Annexe', f, check, `${field}annexes[${i}]`)),
      ),
      el('actes:DocumentPapier', {}, a.documentPapier ? 'O' : 'N'),
    ],
  );
}

export function referent(
  r: Referent | undefined,
  check: BuildChecker,
  field: string,
): XmlElement | undefined {
  if (r === undefined) return undefined;
  if (r.email !== undefined) check.email(r.email, `${field}email`);
  return el('actes:Referent', {}, [
    r.nom !== undefined ? el('actes:Nom', {}, r.nom) : undefined,
    r.telephone !== undefined ? el('actes:Telephone', {}, r.telephone) : undefined,
    r.email !== undefined ? el('actes:Email', {}, r.email) : undefined,
  ]);
}

export function formulairesEnvoyes(
  list: readonly FichierSigne[],
  check: BuildChecker,
  field = '',
): XmlElement {
  check.atLeastOne(list, `${field}formulaires`, "L'enveloppe ne cite aucun fichier de message");
  return el(
    'actes:FormulairesEnvoyes',
    {},
    list.map((f, i) => fichierSigne('actes:Formulaire', f, check, `${field}formulaires[${i}]`)),
  );
}

/** The content of DonneesEnveloppeCLMISILL under `name` (EnveloppeCLMISILL or EnveloppeRecue). */
export function donneesEnveloppeCL(
  name: string,
  e: EnveloppeCLMISILLData,
  check: BuildChecker,
  field = '',
): XmlElement {
  const id = e.emetteur;
  check.siren(id.siren, `${field}emetteur.siren`);
  check.departement(id.departement, `${field}emetteur.departement`);
  check.digits(id.arrondissement, 1, `${field}emetteur.arrondissement`, "L'arrondissement");
  check.digits(id.nature, 2, `${field}emetteur.nature`, 'La nature de la collectivité');
  check.atLeastOne(e.adressesRetour, `${field}adressesRetour`, "L'enveloppe n'a aucune adresse de retour");
  for (const [i, a] of e.adressesRetour.entries()) check.email(a, `${field}adressesRetour[${i}]`);
  return el(name, {}, [
    el('actes:Emetteur', {}, [
      el('actes:IDCL', {
        'insee:SIREN': id.siren,
        'actes:Departement': id.departement,
        'actes:Arrondissement': id.arrondissement,
        'actes:Nature': id.nature,
      }),
      referent(e.referent, check, `${field}referent.`),
    ]),
    el(
      'actes:AdressesRetour',
      {},
      e.adressesRetour.map((a) => el('actes:Email', {}, a)),
    ),
    formulairesEnvoyes(e.formulaires, check, field),
  ]);
}
