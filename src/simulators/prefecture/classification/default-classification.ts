// The classification the simulated préfecture of Lozère (048) publishes by default, in the ACTES 2.2
// shape: the nine matières to level 3 and the document types of each nature, after the real 2017
// classification (exemple_codes_matieres.xml) with its labels tidied and written in ISO-8859-1 characters.
import type {
  MatiereNode,
  NatureActeClassification,
  RetourClassificationData,
} from '../../../actes/protocol/index.ts';

/** Date of the default classification: acts must be coded with it until a new version is published. */
export const DEFAULT_CLASSIFICATION_DATE = '2025-01-06';

// One matière a line: its dotted code, a space, its label (parents come before their children).
const MATIERES = `
1 Commande publique
1.1 Marchés publics
1.1.1 Marchés sur appel d'offres
1.1.2 Prestations de service (article 30)
1.1.3 Marchés négociés
1.1.4 Marchés conception-réalisation
1.1.5 Marchés dialogue compétitif
1.1.6 Accord-cadre
1.1.7 Avenants
1.1.8 Décisions de poursuivre
1.1.9 Marchés passés selon une procédure adaptée (MAPA)
1.1.10 Autres
1.2 Délégation de service public
1.2.1 Contrats assainissement, eau, déchets, énergie (gaz, électricité, éolien)
1.2.2 Autres contrats
1.2.3 Avenants assainissement, eau, déchets, énergie (gaz, électricité, éolien)
1.2.4 Autres avenants
1.2.5 Autres actes (rapports annuels, commission de DSP...)
1.3 Conventions de mandat
1.3.1 Délibérations autorisant la signature
1.3.2 Conventions signées
1.3.3 Avenants signés
1.3.4 Autres actes
1.4 Autres types de contrats
1.4.1 Partenariat public privé (PPP)
1.4.2 Autres (contrats in house)
1.5 Transactions, protocoles d'accord transactionnel
1.5.1 Délibérations autorisant la signature
1.5.2 Protocoles signés
1.6 Actes relatifs à la maîtrise d'oeuvre
1.6.1 Marchés de maîtrise d'oeuvre MAPA (procédure adaptée)
1.6.2 Marchés de maîtrise d'oeuvre concours
1.6.3 Marchés de maîtrise d'oeuvre procédure formalisée (appel d'offres, marché négocié)
1.6.4 Marchés de maîtrise d'oeuvre faisant suite à marché de définition
1.7 Actes spéciaux et divers
1.7.1 Commission d'appel d'offre CAO / JURY
1.7.2 Groupement de commandes
1.7.3 Diagnostics, études
2 Urbanisme
2.1 Documents d'urbanisme
2.1.1 SCOT
2.1.2 Schéma de secteur
2.1.3 POS/PLU
2.1.4 Cartes communales
2.1.5 ZAC Concessions d'aménagement
2.1.6 ZAC Autres
2.1.7 ZAD
2.1.8 ZPPAUP
2.1.9 Autres
2.2 Actes relatifs au droit d'occupation ou d'utilisation des sols
2.2.1 Certificat d'urbanisme
2.2.2 Déclaration préalable
2.2.3 Permis de construire
2.2.4 Permis de démolir
2.2.5 Permis d'aménager
2.2.6 Autres
2.3 Droit de préemption urbain
2.3.1 Institution de zone
2.3.2 Exercice du droit de préemption (DIA)
3 Domaine et patrimoine
3.1 Acquisitions
3.1.1 Biens immobiliers (acquisition onéreuse ou gratuite)
3.1.2 Biens mobiliers (acquisition onéreuse ou gratuite)
3.1.3 Abandon manifeste
3.1.4 Biens vacants, sans maître
3.2 Aliénations
3.2.1 Biens immobiliers
3.2.2 Biens mobiliers
3.3 Locations
3.4 Limites territoriales
3.5 Autres actes de gestion du domaine public
3.5.1 Classements et déclassements
3.5.2 Affectation et désaffectation / transfert de gestion
3.5.3 Autorisation d'occupation temporaire créatrice de droits réels (AOT) (autorisation de terrasse...)
3.5.4 Bail emphytéotique administratif (BEA)
3.5.5 Crédit bail
3.5.6 Concession de logement
3.5.7 Gestion des cimetières
3.5.8 Édifices affectés au culte
3.5.9 Dénomination d'équipements
3.5.10 Autres
3.6 Autres actes de gestion du domaine privé
3.6.1 Contrat de vente en l'état futur d'achèvement (VEFA)
3.6.2 Convention de portage foncier (EPFL)
4 Fonction publique
4.1 Personnels titulaires et stagiaires de la F.P.T.
4.1.1 Création, transformation de postes / tableau des effectifs
4.1.2 Suppression de postes
4.1.3 Emplois de direction de catégorie A : tous actes individuels
4.1.4 Collaborateurs de cabinet, collaborateurs de groupe d'élus : tous actes individuels
4.1.5 Actes individuels de nomination (titularisation, avancement de grade, mutation, concours, détachement, mise à disposition)
4.1.6 Mesures disciplinaires (sanctions 4ème groupe, révocation, mise à la retraite d'office)
4.1.7 Logement de fonction
4.1.8 Autres délibérations générales (temps de travail, frais de déplacement, action sociale...)
4.1.9 Emplois de direction de catégorie A : tous actes individuels
4.2 Personnel contractuel
4.2.1 Création transformation suppression de poste
4.2.2 Emplois de direction de catégorie A : tous actes individuels
4.2.3 Collaborateurs de cabinet, collaborateurs de groupe d'élus : tous actes individuels
4.2.4 Recrutement pour remplacement d'un titulaire momentanément indisponible
4.2.5 Recrutement sur un emploi permanent
4.2.6 Avenants
4.2.7 Licenciements
4.2.8 Transaction (décision, protocole)
4.2.9 Autres (basculement en CDI, logement de fonction...)
4.3 Fonction publique hospitalière
4.4 Autres catégories de personnels
4.5 Régime indemnitaire
5 Institutions et vie politique
5.1 Élection de l'exécutif
5.1.1 Élection maires, adjoints, présidents et vice-présidents d'établissements publics et d'E.P.C.I.
5.1.2 Fixation du nombre des adjoints, des vices-présidents, membres du bureau
5.2 Fonctionnement des assemblées
5.2.1 Règlement intérieur
5.2.2 Tableau du conseil municipal
5.2.3 Création et modification des statuts d'établissements publics (CCAS, CIAS, OPH, EPCC...)
5.2.4 Composition conseils d'administration
5.2.5 Fonctionnement des groupes politiques
5.2.6 Autres
5.3 Désignation de représentants
5.3.1 Délégués au sein des intercommunalités (EPCI, syndicats mixtes)
5.3.2 Administrateurs CCAS
5.3.3 Administrateurs société d'économie mixte (SEM)
5.3.4 Administrateurs Office Public de l'Habitat (OPH)
5.3.5 Composition conseils d'administration
5.3.6 Autres
5.4 Délégation de fonctions
5.4.1 Permanente
5.4.2 Temporaire
5.5 Délégation de signature
5.5.1 Adjoints, vice-présidents et conseillers délégués (délégation permanente)
5.5.2 Adjoints, vice-présidents et conseillers délégués (délégation temporaire)
5.5.3 Personnels administratifs
5.6 Exercice des mandats locaux
5.6.1 Indemnités aux élus
5.6.2 Formation des élus
5.6.3 Moyens des groupes politiques
5.6.4 Mandats spéciaux et frais de déplacement des élus
5.6.5 Autres
5.7 Intercommunalité
5.7.1 Création
5.7.2 Adhésion fusion
5.7.3 Retrait
5.7.4 Dissolution / liquidation
5.7.5 Modification statutaire
5.7.6 Intérêt communautaire
5.7.7 Mises à disposition de biens meubles et immeubles
5.7.8 Autres
5.8 Décision d'ester en justice
6 Libertés publiques et pouvoirs de police
6.1 Police municipale
6.1.1 Arrêtés de péril, insalubrité (mesures d'urgence)
6.1.2 Établissements recevant du public (ERP)
6.1.3 Pollutions et autres accidents naturels ou technologiques
6.1.4 Sécurité routière, circulation
6.1.5 Prévention de la délinquance, vidéosurveillance
6.1.6 Divagation animale, chiens dangereux
6.1.7 Spectacles, jeux, débits de boissons
6.1.8 Foires et marchés
6.1.9 Autres
6.2 Pouvoir du président du conseil départemental
6.3 Pouvoir du président du conseil régional
6.4 Autres actes réglementaires
6.5 Actes pris au nom de l'État et soumis au contrôle hiérarchique
7 Finances locales
7.1 Décisions budgétaires
7.1.1 Débat d'orientation budgétaire (DOB)
7.1.2 Délibérations afférentes aux actes budgétaires (budget primitif, budget supplémentaire,compte administratif)
7.1.3 Décisions modificatives (DM) et délibérations ayant une DM en annexe
7.1.4 Actes relatifs aux régies
7.1.5 Budgets et comptes des services publics industriels et commerciaux (SPIC)
7.1.6 Tarifs des services publics
7.1.7 SEM SPL SPLA comptes annuels rapports d'activité
7.1.8 Autres
7.2 Fiscalité
7.2.1 Vote des taux des 4 taxes locales (TH, TP, TFB, TFNB)
7.2.2 Taxe pour enlèvement des ordures ménagères (TEOM) Redevance pour enlèvement des ordures ménagères (REOM)
7.2.3 Autres taxes et redevances (taxe d'aménagement, taxe sur l'électricité...)
7.3 Emprunts
7.3.1 Emprunts (souscription, renégociation)
7.3.2 Ligne de trésorerie
7.3.3 Garantie d'emprunt accordée SEM SPL SPLA
7.3.4 Garantie d'emprunt accordée aux bailleurs sociaux
7.3.5 Autres garanties d'emprunt accordées
7.3.6 Autres
7.4 Interventions économiques
7.4.1 Aides au développement économique de droit commun (art. L1511-2 du CGCT - création ou extension d'activités économiques)
7.4.2 Aide à l'immobilier d'entreprise (art. L1511-3 du CGCT)
7.4.3 Aide à la création ou au maintien de service en milieu rural
7.4.4 Autres
7.5 Subventions
7.5.1 Demandes de subventions
7.5.2 Subventions accordées aux collectivités
7.5.3 Subventions accordées aux établissements et organismes publics (OPH, CCAS, CIAS, EPCC...)
7.5.4 Subventions accordées aux SEM SPL SPLA
7.5.5 Subventions accordées aux autres personnes morales de droit privé (associations...)
7.5.6 Autres
7.6 Contributions budgétaires
7.6.1 Contributions budgétaires des communes aux EPCI
7.6.2 Contributions budgétaires des EPCI aux communes membres
7.6.3 Autres
7.7 Avances
7.7.1 Avances de trésorerie accordées à une SEM SPL SPLA
7.7.2 Autres
7.8 Fonds de concours
7.9 Prise de participation (SEM, etc...)
7.9.1 Apports en compte courant à une SEM SPL SPLA
7.9.2 Modification capital d'une SEM SPL SPLA
7.9.3 Autres
7.10 Divers
7.10.1 Dons et legs (hors domanialité)
7.10.2 Admissions en non valeur
7.10.3 Autres
7.10.4 Contrat de projets État-Région
8 Domaines de compétences par thèmes
8.1 Enseignement
8.1.1 Frais de scolarité
8.1.2 Bourses d'études
8.1.3 Droit d'accueil en cas de grève des enseignants
8.1.4 Dispositifs contractuels (réussite éducative, contrat éducatif local, école de la 2ème chance...)
8.1.5 Autres
8.2 Aide sociale
8.2.1 Insertion
8.2.2 Personnes âgées
8.2.3 Personnes handicapées
8.2.4 Enfance famille
8.2.5 Secours exceptionnels
8.2.6 Santé
8.2.7 Autres
8.3 Voirie
8.3.1 Dénomination voies
8.3.2 Permission de voirie
8.3.3 Autres
8.4 Aménagement du territoire
8.4.1 Aménagement foncier (aménagement foncier, remembrement rural)
8.4.2 Tous actes à caractère non financier relatifs aux projets de territoire (pays, contrats de territoire)
8.4.3 Tous actes relatifs à l'organisation des services publics
8.4.4 Autres
8.5 Politique de la ville-habitat-logement
8.5.1 Contrat urbain de cohésion sociale
8.5.2 Rénovation urbaine
8.5.3 Résorption de l'habitat insalubre / Immeubles menaçant ruine (restauration immobilière / politiques locales)
8.5.4 Programmes locaux de l'habitat
8.5.5 Programmation, construction de logements sociaux
8.5.6 Démolitions, ventes ou changements d'affectation de logements appartenant à des organismes HLM
8.5.7 Aires d'accueil des gens du voyage (création, gestion...)
8.5.8 Accès au droit (Maison de la justice et du droit...)
8.5.9 Lutte contre les discriminations
8.6 Emploi-formation professionnelle
8.6.1 Délibérations relatives aux contrats aidés (dont adultes relais)
8.6.2 Délibérations relatives aux maisons de l'emploi
8.6.3 Délibérations relatives aux structures d'insertion par l'activité économique
8.6.4 Délibérations relatives aux missions locales, PLIE, CAIO
8.6.5 Délibérations relatives à la formation professionnelle
8.6.6 Autres
8.7 Transports
8.7.1 Accessibilité des transports en commun : tous actes
8.7.2 Transports scolaires modification des trajets
8.7.3 Plans de déplacement urbains : tous actes
8.7.4 Autres
8.8 Environnement
8.8.1 Eau, assainissement
8.8.2 Déchets
8.8.3 Bruit
8.8.4 Éolien
8.8.5 Installations classées pour la protection de l'environnement (ICPE)
8.8.6 Divers
8.9 Culture
8.9.1 Délibérations de classement d'objets mobiliers
8.9.2 Délibérations relatives aux monuments historiques
8.9.3 Autres
9 Autres domaines de compétences
9.1 Autres domaines de compétences des communes
9.1.1 Demande de DUP
9.1.2 Coopération décentralisée
9.1.3 Actes au titre de la législation funéraire
9.1.4 Opérations de recensement
9.1.5 Autres
9.1.6 Matières locales
9.2 Autres domaines de compétences des départements
9.2.1 Demande de DUP
9.2.2 Coopération décentralisée
9.2.3 Autres
9.3 Autres domaines de compétences des régions
9.3.1 Recherche
9.3.2 Santé, social et solidarités
9.3.3 Sport, jeunesse et équipements structurants
9.3.4 International et Europe
9.3.5 Démocratie et outils de politique publique
9.4 Voeux et motions
`;

const TYPES_PJ: Record<string, string> = {
  '10_AV': 'Avenant au contrat',
  '10_DE': 'Délibération autorisant à passer le contrat',
  '11_AC': "Avis d'appel public à concurrence",
  '11_AE': "Acte d'engagement",
  '11_AP': 'Cahier des clauses administratives particulières',
  '11_AT': "Renseignements, attestations et déclarations fournies par l'attributaire",
  '11_AV': 'Avis du jury de concours',
  '11_IN': 'Invitation des candidats à soumissionner',
  '11_JU': 'Rapport justifiant le choix du marché, les modalités et la procédure de passation',
  '11_PV': "Procès verbal de la commission d'appel d'offre",
  '11_RA': "Rapport de la commission d'appel d'offre",
  '11_RC': 'Règlement de consultation',
  '11_RP': "Rapport de présentation de l'acheteur",
  '11_TP': 'Cahier des clauses techniques particulières',
  '12_AD': 'Avis de délégation',
  '12_CC': 'Cahier des charges',
  '12_CD': 'Contrat de délégation',
  '12_CR': 'Courriers de rejet des offres incomplètes ou irrecevables',
  '12_DA': "Déclarations et documents justificatifs de l'attributaire",
  '12_DC': 'Documents de consultation',
  '12_IP': 'Invitation à présenter une offre',
  '12_NR': 'Notification du rejet des offres',
  '12_RS': 'Rapport de sélection du délégataire',
  '12_ST': 'Spécifications techniques et fonctionnelles',
  '16_AA': "Avis d'appel public à concurrence",
  '16_AE': "Acte d'engagement",
  '16_CA': 'Cahier des clauses administratives particulières',
  '16_CT': 'Cahier des clauses techniques particulières',
  '17_RC': 'Règlement de concours',
  '21_DA': 'Décision arrêtant le projet',
  '21_DB': "Débat d'orientation du plan d'aménagement et de développement durable",
  '21_DE': 'Délibération de prescription',
  '21_DO': "Document d'orientation et d'objectif",
  '21_EP': 'Enquête publique',
  '21_PA': "Projet d'aménagement et de développement durable",
  '21_RP': 'Rapport de présentation',
  '22_AC': "Accord d'une autorité administrative",
  '22_AG': 'Agrément ou certificat',
  '22_AR': 'Accusé de réception',
  '22_AT': 'Attestation',
  '22_AV': 'Avis',
  '22_CO': 'Convention',
  '22_DD': 'Demande',
  '22_DN': 'Décision',
  '22_DP': 'Document photographique',
  '22_LE': 'Lettre',
  '22_NE': 'Notice explicative',
  '22_PE': 'Présentation des états initiaux et futurs',
  '22_PN': 'Plans',
  '22_RE': "Rapport d'étude",
  '22_TA': 'Tableau',
  '23_DE': 'Délibération autorisant la mise en oeuvre du droit de préemption',
  '23_IA': "Déclaration d'intention d'aliéner",
  '23_PR': 'Décision de préempter',
  '31_AA': "Avis de l'autorité compétente de l'État",
  '31_CO': 'Contrat',
  '31_DE': "Délibération autorisant l'acquisition",
  '31_DP': 'Documents pré-contractuels',
  '32_AA': "Avis de l'autorité compétente de l'État",
  '32_CV': 'Contrat de vente',
  '32_DC': 'Délibération constatant la désaffectation',
  '32_DE': 'Délibération de déclassement',
  '32_DP': 'Documents pré-contractuels',
  '33_AC': "Avis de l'autorité compétente de l'État",
  '33_AO': "Autorisation d'occupation du domaine public",
  '33_CC': 'Contrat de concession',
  '41_AT': 'Attestation',
  '41_AV': "Avis de vacance d'emploi",
  '41_CA': 'Avis de commission administrative paritaire',
  '41_CM': 'Avis de la commission mixte paritaire',
  '41_DA': "Demande de l'agent",
  '41_DE': 'Délibération établissant la liste de postes à pourvoir',
  '41_IC': 'Information du centre de gestion',
  '41_IN': "Inscription sur liste d'aptitude",
  '41_NC': 'Notification de création ou de vacance de poste',
  '41_RA': "Rapport biennal des avancements d'échelons",
  '42_AC': 'Avenant au contrat',
  '42_AT': 'Attestation',
  '42_AV': "Avis de vacance d'emploi",
  '42_DE': 'Délibération',
  '43_AC': 'Avenant au contrat',
  '43_AT': 'Attestation',
  '43_AV': "Avis de vacance d'emploi",
  '43_CA': 'Avis de commission administrative paritaire',
  '43_CM': 'Avis de la commission mixte paritaire',
  '43_DA': "Demande de l'agent",
  '43_IN': "Inscription sur liste d'aptitude",
  '43_LI': 'Liste de postes à pourvoir',
  '43_NC': 'Notification de création ou de vacance de poste',
  '70_DE': 'Délibération',
  '99_AI': 'Acte individuel',
  '99_AR': 'Acte réglementaire',
  '99_AU': 'Autre document',
  '99_BU': 'Document budgétaire',
  '99_DC': 'Document contractuel',
  '99_DE': 'Délibération',
  '99_SE': 'Fichier de signature électronique',
};

const NATURES: [number, string, string, string][] = [
  [
    1,
    'DE',
    'Délibérations',
    '21_DA 21_DB 21_DE 21_DO 21_EP 21_PA 21_RP 23_DE 23_IA 31_DE 31_DP 41_RA 42_AC 42_DE 43_AC 70_DE 99_AR 99_DE 99_AU 99_SE',
  ],
  [2, 'AR', 'Actes réglementaires', '21_DA 21_DB 21_DE 21_DO 21_EP 21_PA 21_RP 99_AR 99_AU 99_SE'],
  [
    3,
    'AI',
    'Actes individuels',
    '22_AC 22_AG 22_AR 22_AT 22_AV 22_CO 22_DD 22_DN 22_DP 22_LE 22_NE 22_PE 22_PN 22_RE 22_TA 23_PR 33_AO 41_AT 41_AV 41_CA 41_CM 41_DA 41_DE 41_IC 41_IN 41_NC 43_AC 43_AT 43_AV 43_CA 43_CM 43_DA 43_IN 43_LI 43_NC 99_AI 99_AU 99_SE',
  ],
  [
    4,
    'CC',
    'Contrats, conventions et avenants',
    '10_AV 10_DE 11_AC 11_AE 11_AP 11_AT 11_AV 11_IN 11_JU 11_PV 11_RA 11_RC 11_RP 11_TP 12_AD 12_CC 12_CD 12_CR 12_DA 12_DC 12_IP 12_NR 12_RS 12_ST 16_AA 16_AE 16_CA 16_CT 17_RC 31_AA 31_CO 31_DE 31_DP 32_AA 32_CV 32_DC 32_DE 32_DP 33_AC 33_AO 33_CC 42_AC 42_AT 42_AV 42_DE 43_AC 99_DC 99_AU 99_SE',
  ],
  [5, 'BF', 'Documents budgétaires et financiers', '70_DE 99_BU 99_AU 99_SE'],
  [6, 'AU', 'Autres', '99_AU 99_SE'],
];

interface MutableNode {
  codeMatiere: number;
  libelle: string;
  children: MutableNode[];
}

function parseMatieres(text: string): MatiereNode[] {
  const roots: MutableNode[] = [];
  const byCode = new Map<string, MutableNode>();
  for (const line of text.split('\n')) {
    const m = /^(\d+(?:\.\d+)*) (.+)$/.exec(line.trim());
    if (!m) continue;
    const code = m[1]!;
    const levels = code.split('.');
    const node: MutableNode = { codeMatiere: Number(levels.at(-1)), libelle: m[2]!, children: [] };
    byCode.set(code, node);
    const parent = levels.length > 1 ? byCode.get(levels.slice(0, -1).join('.')) : undefined;
    if (levels.length > 1 && !parent) throw new Error(`default classification: ${code} has no parent`);
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

function natures(): NatureActeClassification[] {
  return NATURES.map(([codeNatureActe, typeAbrege, libelle, codes]) => ({
    codeNatureActe,
    typeAbrege,
    libelle,
    typesPJ: codes
      .split(' ')
      .map((codeTypePJ) => ({ codeTypePJ, libelle: TYPES_PJ[codeTypePJ] ?? codeTypePJ })),
  }));
}

/** The default classification, dated `date` (a new object at each call: callers may keep it). */
export function defaultClassification(date = DEFAULT_CLASSIFICATION_DATE): RetourClassificationData {
  return { dateClassification: date, naturesActes: natures(), matieres: parseMatieres(MATIERES) };
}
