// The first checks of a received archive, as the real service makes them: find and read the envelope
// (without it nobody can be answered), then check the archive as a whole — size, readability, schema,
// naming, SIREN registered with this préfecture — before looking at the messages (check-forms.ts).
import {
  type EnveloppeCLMISILLData,
  parseArchiveFileName,
  parseEnvelopeFileName,
  parseMessage,
} from '../../../actes/protocol/index.ts';
import type { SimulatorContext } from '../simulator-context.ts';
import { type EnvelopeAnomaly, envelopeAnomalies } from './anomaly-details.ts';
import { checkForms, type ParsedForm } from './check-forms.ts';
import { firstSchemaIssue } from './schema-issue.ts';

export interface ReceivedArchive {
  archiveName: string;
  files: Map<string, Buffer>;
  readError?: Error;
  /** More bytes came than the limit allows: only the beginning was kept. */
  truncated: boolean;
}

export type EnvelopeCheck =
  | { kind: 'reject'; reason: string }
  | { kind: 'anomaly'; envelopeName: string; envelope: EnveloppeCLMISILLData; anomaly: EnvelopeAnomaly }
  | {
      kind: 'ok';
      envelopeName: string;
      quadrigramme: string;
      envelope: EnveloppeCLMISILLData;
      forms: ParsedForm[];
      /** Files of the archive no message cites, by the act base name they carry (for the annex count). */
      strayFiles: string[];
    };

function findEnvelopeName(archive: ReceivedArchive): string | undefined {
  const expected = parseArchiveFileName(archive.archiveName)?.envelopeName;
  if (expected && archive.files.has(expected)) return expected;
  return [...archive.files.keys()].find((name) => parseEnvelopeFileName(name) !== undefined);
}

export function checkEnvelope(ctx: SimulatorContext, archive: ReceivedArchive): EnvelopeCheck {
  const envelopeName = findEnvelopeName(archive);
  if (!envelopeName) {
    const why = archive.readError ? ` (${archive.readError.message})` : '';
    return {
      kind: 'reject',
      reason: `L'archive ${archive.archiveName} ne contient pas d'enveloppe lisible${why} : aucune réponse ne peut être adressée.`,
    };
  }
  const bytes = archive.files.get(envelopeName)!;
  const parsed = parseMessage(bytes);
  if (!parsed.ok || parsed.message.kind !== 'EnveloppeCLMISILL') {
    const why = parsed.ok ? `c'est un message ${parsed.message.kind}` : parsed.error;
    return {
      kind: 'reject',
      reason: `L'enveloppe ${envelopeName} n'a pas pu être lue (${why}) : aucune réponse ne peut être adressée.`,
    };
  }
  const { kind: _kind, ...envelope } = parsed.message;
  const anomaly = (a: EnvelopeAnomaly): EnvelopeCheck => ({
    kind: 'anomaly',
    envelopeName,
    envelope,
    anomaly: a,
  });
  const o = ctx.options;

  if (archive.truncated) return anomaly(envelopeAnomalies.tooLarge(o.maxArchiveBytes));
  if (archive.readError) return anomaly(envelopeAnomalies.unreadable(archive.readError.message));
  const invalid = firstSchemaIssue(ctx.schema, bytes);
  if (invalid) return anomaly(envelopeAnomalies.schema(envelopeName, invalid));

  const archiveParts = parseArchiveFileName(archive.archiveName);
  if (!archiveParts || archiveParts.envelopeName !== envelopeName) {
    return anomaly(
      envelopeAnomalies.naming(
        `l'archive ${archive.archiveName} devrait s'appeler {TRIGRAMME}-${envelopeName.replace(/\.xml$/, '')}.tar.gz, du nom de son enveloppe.`,
      ),
    );
  }
  const nameParts = parseEnvelopeFileName(envelopeName)!;
  const siren = envelope.emetteur.siren;
  if (nameParts.siren !== siren) {
    return anomaly(
      envelopeAnomalies.naming(
        `le SIREN du nom de l'enveloppe (${nameParts.siren}) n'est pas celui de la collectivité émettrice (${siren}).`,
      ),
    );
  }
  if (!ctx.state.sirens.has(siren)) return anomaly(envelopeAnomalies.sirenUnknown());
  if (envelope.emetteur.departement !== o.departement) {
    return anomaly(envelopeAnomalies.departement(envelope.emetteur.departement, o.departement));
  }
  const forms = checkForms(ctx, { envelope, envelopeName, files: archive.files });
  if (!forms.ok) return anomaly(forms.anomaly);
  return {
    kind: 'ok',
    envelopeName,
    quadrigramme: nameParts.quadrigramme,
    envelope,
    forms: forms.forms,
    strayFiles: forms.strayFiles,
  };
}
