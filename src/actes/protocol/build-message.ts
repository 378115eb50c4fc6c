// One entry point that builds any message of the union: the transmission service and the simulator
// can hand over a typed message and get its bytes.
import { assertNever } from '../../kernel/errors.ts';
import {
  buildActe,
  buildAnnulation,
  buildARDemandePieceComplementaire,
  buildARLettreObservations,
  buildDemandeClassification,
  buildEnveloppeCLMISILL,
  buildPieceComplementaire,
  buildRefusPieceComplementaire,
  buildRejetLettreObservations,
  buildReponseCourrierSimple,
  buildReponseLettreObservations,
} from './build-collectivite.ts';
import {
  buildAnomalieActe,
  buildAnomalieEnveloppe,
  buildARActe,
  buildARAnnulation,
  buildARPieceComplementaire,
  buildARReponseRejetLettreObservations,
  buildCourrierSimple,
  buildDefereTA,
  buildDemandePieceComplementaire,
  buildEnveloppeMISILLCL,
  buildLettreObservations,
  buildReponseClassificationSansChangement,
  buildRetourClassification,
} from './build-prefecture.ts';
import type { ActesMessage } from './message-types.ts';

/** The ISO-8859-1 bytes of `m`; throws VALIDATION_FAILED (with French problems) if it cannot be sent as is. */
export function buildMessage(m: ActesMessage): Buffer {
  switch (m.kind) {
    case 'Acte':
      return buildActe(m);
    case 'ReponseCourrierSimple':
      return buildReponseCourrierSimple(m);
    case 'ARDemandePieceComplementaire':
      return buildARDemandePieceComplementaire(m);
    case 'RefusPieceComplementaire':
      return buildRefusPieceComplementaire(m);
    case 'PieceComplementaire':
      return buildPieceComplementaire(m);
    case 'ARLettreObservations':
      return buildARLettreObservations(m);
    case 'RejetLettreObservations':
      return buildRejetLettreObservations(m);
    case 'ReponseLettreObservations':
      return buildReponseLettreObservations(m);
    case 'Annulation':
      return buildAnnulation(m);
    case 'DemandeClassification':
      return buildDemandeClassification(m);
    case 'EnveloppeCLMISILL':
      return buildEnveloppeCLMISILL(m);
    case 'ARActe':
      return buildARActe(m);
    case 'AnomalieActe':
      return buildAnomalieActe(m);
    case 'AnomalieEnveloppe':
      return buildAnomalieEnveloppe(m);
    case 'CourrierSimple':
      return buildCourrierSimple(m);
    case 'DemandePieceComplementaire':
      return buildDemandePieceComplementaire(m);
    case 'ARPieceComplementaire':
      return buildARPieceComplementaire(m);
    case 'LettreObservations':
      return buildLettreObservations(m);
    case 'ARReponseRejetLettreObservations':
      return buildARReponseRejetLettreObservations(m);
    case 'DefereTA':
      return buildDefereTA(m);
    case 'ARAnnulation':
      return buildARAnnulation(m);
    case 'RetourClassification':
      return buildRetourClassification(m);
    case 'ReponseClassificationSansChangement':
      return buildReponseClassificationSansChangement(m);
    case 'EnveloppeMISILLCL':
      return buildEnveloppeMISILLCL(m);
    default:
      return assertNever(m);
  }
}
