// Readers of the shapes shared by several messages: FichierSigne, DonneesActe (1.x and 2.2 shapes),
// DonneesCourrierPref, Referent and the collectivité's envelope data.
import type {
  ActeData,
  CourrierPref,
  EnveloppeCLMISILLData,
  FichierSigne,
  Referent,
} from './message-types.ts';
import { INSEE_NAMESPACE } from './message-types.ts';
import type { Reader } from './read-helpers.ts';
import type { XmlNode } from './xml-reader.ts';

export function readFichier(r: Reader, node: XmlNode | undefined, where: string): FichierSigne {
  const nomFichier = r.text(node, 'NomFichier', where).trim();
  const signatureNode = r.child(node, 'Signature');
  const signature = signatureNode?.text.replace(/\s+/g, '');
  return signature ? { nomFichier, signature } : { nomFichier };
}

/** DocumentPapier: "O" means paper documents follow; "N", "0", empty or nil mean they do not. */
function readDocumentPapier(r: Reader, node: XmlNode | undefined): boolean | undefined {
  const c = r.child(node, 'DocumentPapier');
  if (c === undefined) return undefined;
  return /^(o|oui|1|true)$/i.test(c.text.trim());
}

export function readActe(r: Reader, node: XmlNode | undefined, where: string): ActeData {
  if (node === undefined) r.warn(`L'élément ${where} manque.`);
  const codes: (number | null)[] = [];
  for (let level = 1; level <= 5; level++) {
    const c = r.child(node, `CodeMatiere${level}`);
    codes.push(c ? r.integer(r.attr(c, 'CodeMatiere'), `CodeMatiere${level} de ${where}`) : null);
  }
  while (codes.length > 0 && codes[codes.length - 1] === null) codes.pop();
  const precedent = r.attr(r.child(node, 'PrecedentIdentifiantActe'), 'IDActe');
  const annexesNode = r.child(node, 'Annexes');
  const annexes = r
    .children(annexesNode, 'Annexe')
    .map((a, i) => readFichier(r, a, `Annexe ${i + 1} de ${where}`));
  const nombre = r.attr(annexesNode, 'Nombre');
  if (nombre !== undefined && Number(nombre) !== annexes.length) {
    r.warn(`${where} annonce ${nombre} annexe(s) mais en cite ${annexes.length}.`);
  }
  const documentPapier = readDocumentPapier(r, node);
  return {
    date: r.date(r.attr(node, 'Date'), `de décision de ${where}`),
    numeroInterne: r.attr(node, 'NumeroInterne') ?? r.missing(`Le NumeroInterne de ${where} manque.`),
    codeNatureActe: r.integer(r.attr(node, 'CodeNatureActe'), `CodeNatureActe de ${where}`),
    codesMatiere: codes,
    objet: r.text(node, 'Objet', where),
    classificationDateVersion: r.date(
      r.optionalText(node, 'ClassificationDateVersion'),
      `de classification de ${where}`,
    ),
    ...(precedent !== undefined ? { precedentIdentifiantActe: precedent } : {}),
    document: readFichier(r, r.child(node, 'Document'), `Document de ${where}`),
    annexes,
    ...(documentPapier !== undefined ? { documentPapier } : {}),
  };
}

export function readCourrierPref(r: Reader, node: XmlNode, where: string): CourrierPref {
  return {
    idActe: r.requiredAttr(node, 'IDActe', where),
    dateCourrierPref: r.date(r.attr(node, 'DateCourrierPref'), `du courrier de ${where}`),
  };
}

export function readReferent(r: Reader, node: XmlNode | undefined): Referent | undefined {
  const ref = r.child(node, 'Referent');
  if (ref === undefined) return undefined;
  const nom = r.optionalText(ref, 'Nom');
  const telephone = r.optionalText(ref, 'Telephone');
  const email = r.optionalText(ref, 'Email')?.trim();
  return {
    ...(nom !== undefined ? { nom } : {}),
    ...(telephone !== undefined ? { telephone } : {}),
    ...(email !== undefined ? { email } : {}),
  };
}

export function readFormulaires(r: Reader, node: XmlNode | undefined, where: string): FichierSigne[] {
  const list = r.children(r.child(node, 'FormulairesEnvoyes'), 'Formulaire');
  if (list.length === 0) r.warn(`${where} ne cite aucun fichier de message.`);
  return list.map((f, i) => readFichier(r, f, `Formulaire ${i + 1} de ${where}`));
}

export function readEnveloppeCL(r: Reader, node: XmlNode | undefined, where: string): EnveloppeCLMISILLData {
  if (node === undefined) r.warn(`L'élément ${where} manque.`);
  const emetteur = r.child(node, 'Emetteur');
  const idcl = r.child(emetteur, 'IDCL');
  if (idcl === undefined) r.warn(`L'identification de la collectivité (IDCL) manque dans ${where}.`);
  const referent = readReferent(r, emetteur);
  return {
    emetteur: {
      siren: r.attr(idcl, 'SIREN', INSEE_NAMESPACE) ?? '',
      departement: r.attr(idcl, 'Departement') ?? '',
      arrondissement: r.attr(idcl, 'Arrondissement') ?? '',
      nature: r.attr(idcl, 'Nature') ?? '',
    },
    ...(referent !== undefined ? { referent } : {}),
    adressesRetour: r.children(r.child(node, 'AdressesRetour'), 'Email').map((e) => e.text.trim()),
    formulaires: readFormulaires(r, node, where),
  };
}
