// Outbound envelopes: reserve an envelope name (daily counter per SIREN), build the flat tar.gz of an
// envelope, its message and documents, and store it once. The same stored archive is what every retry
// resends: a new envelope only ever comes from a new message.
import type { Sql } from '../../db/types.ts';
import type { Collectivite } from '../../tenants/collectivite.ts';
import {
  type ArchiveMember,
  archiveFileName,
  buildEnveloppeCLMISILL,
  createArchiveStream,
  envelopeFileName,
} from '../protocol/index.ts';
import type { TransmissionDeps } from './deps.ts';

export interface OutboundMessage {
  messageFile: string;
  xml: Buffer;
  documents: readonly { name: string; sha256: string; size: number }[];
}

export async function reserveEnvelopeName(
  tx: Sql,
  settings: TransmissionDeps['settings'],
  siren: string,
  day: string,
): Promise<string> {
  const r = await tx.query<{ last_value: number }>(
    `insert into envelope_counters (siren, day, last_value) values ($1, $2, 1)
     on conflict (siren, day) do update set last_value = envelope_counters.last_value + 1
     returning last_value`,
    [siren, day],
  );
  return envelopeFileName({
    quadrigramme: settings.quadrigramme,
    siren,
    date: day,
    counter: r.rows[0]!.last_value,
  });
}

/** Return addresses: the operator's mailbox first (it is what Relais reads), then the collectivité's. */
export function returnAddresses(settings: TransmissionDeps['settings'], c: Collectivite): string[] {
  return [...new Set([settings.replyAddress, ...(c.returnEmail ? [c.returnEmail] : [])])];
}

export async function buildAndStoreArchive(
  deps: Pick<TransmissionDeps, 'documents' | 'settings'>,
  collectivite: Collectivite,
  envelopeName: string,
  message: OutboundMessage,
): Promise<{ archiveName: string; sha256: string; size: number }> {
  const envelope = buildEnveloppeCLMISILL({
    emetteur: {
      siren: collectivite.siren,
      departement: collectivite.departement,
      arrondissement: String(collectivite.arrondissement),
      nature: collectivite.natureCode,
    },
    ...(collectivite.referentName || collectivite.referentEmail || collectivite.referentPhone
      ? {
          referent: {
            ...(collectivite.referentName ? { nom: collectivite.referentName } : {}),
            ...(collectivite.referentPhone ? { telephone: collectivite.referentPhone } : {}),
            ...(collectivite.referentEmail ? { email: collectivite.referentEmail } : {}),
          },
        }
      : {}),
    adressesRetour: returnAddresses(deps.settings, collectivite),
    formulaires: [{ nomFichier: message.messageFile }],
  });
  const members: ArchiveMember[] = [
    { name: envelopeName, size: envelope.length, content: envelope },
    { name: message.messageFile, size: message.xml.length, content: message.xml },
  ];
  for (const d of message.documents) {
    // Opened only when the writer reaches this member, so a failure never leaves files open.
    const content = (async function* () {
      yield* await deps.documents.get(d.sha256);
    })();
    members.push({ name: d.name, size: d.size, content });
  }
  const stored = await deps.documents.put(
    createArchiveStream(members, { maxBytes: deps.settings.maxArchiveBytes }),
  );
  return { archiveName: archiveFileName(deps.settings.trigramme, envelopeName), ...stored };
}
