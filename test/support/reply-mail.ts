// Builds the raw e-mail the préfecture sends back (tar.gz of an EnveloppeMISILLCL, messages and
// documents), with the codec's own builders and nodemailer's composer.
import nodemailer from 'nodemailer';
import {
  buildEnveloppeMISILLCL,
  createArchiveStream,
  prefectureEnvelopeFileName,
} from '../../src/actes/protocol/index.ts';

export interface ReplyFile {
  name: string;
  bytes: Buffer;
}

export async function replyArchive(
  siren: string,
  files: ReplyFile[],
  counter = 1,
): Promise<{ name: string; bytes: Buffer }> {
  const envelopeName = prefectureEnvelopeFileName({
    quadrigramme: 'TACT',
    departement: '048',
    arrondissement: '1',
    siren,
    date: '2026-11-27',
    counter,
  });
  const envelope = buildEnveloppeMISILLCL({
    emetteur: { type: 'Pref', departement: '048' },
    destinataire: siren,
    formulaires: files.filter((f) => f.name.endsWith('.xml')).map((f) => ({ nomFichier: f.name })),
  });
  const members = [{ name: envelopeName, bytes: envelope }, ...files].map((f) => ({
    name: f.name,
    size: f.bytes.length,
    content: f.bytes,
  }));
  const bytes = Buffer.concat(await createArchiveStream(members).toArray());
  return { name: `${envelopeName.replace(/\.xml$/, '')}.tar.gz`, bytes };
}

export async function replyMail(
  attachment: { name: string; bytes: Buffer },
  messageId?: string,
): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail({
    from: 'actes@prefecture.example.gouv.fr',
    to: 'retours@relais.test',
    subject: 'Message @CTES',
    text: 'Message automatique.',
    ...(messageId ? { messageId } : {}),
    attachments: [
      { filename: attachment.name, content: attachment.bytes, contentType: 'application/x-gzip' },
    ],
  });
  return info.message as Buffer;
}
