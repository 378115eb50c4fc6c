// PKCS#12 (.p12) files in pure JavaScript (pkijs), so that a fresh machine with only Node.js can make
// the demo certificates that browsers import: PBES2 with AES-256-CBC and PBKDF2-SHA-256, a SHA-256 MAC.
import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const KEY_BAG = '1.2.840.113549.1.12.10.1.2'; // pkcs8ShroudedKeyBag
const CERT_BAG = '1.2.840.113549.1.12.10.1.3';
const FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const LOCAL_KEY_ID = '1.2.840.113549.1.9.21';
const ITERATIONS = 10_000; // what browsers and OpenSSL 3 import without complaint, and quick to make

const view = (b: Buffer): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

export interface Pkcs12Input {
  certDer: Buffer;
  keyPkcs8Der: Buffer;
  /** CA certificates to include after the holder's (its issuer, for the browser to show the chain). */
  chainDer?: Buffer[];
  friendlyName: string;
  /** ASCII only: every tool agrees on how to encode it. */
  password: string;
}

export async function buildPkcs12(input: Pkcs12Input): Promise<Buffer> {
  if (!/^[\x20-\x7e]+$/.test(input.password))
    throw new Error('Le mot de passe du fichier .p12 doit être en caractères ASCII.');
  const password = view(Buffer.from(input.password, 'utf8'));
  const keyId = view(randomBytes(8));
  const attributes = () => [
    new pkijs.Attribute({
      type: FRIENDLY_NAME,
      values: [new asn1js.BmpString({ value: input.friendlyName })],
    }),
    new pkijs.Attribute({ type: LOCAL_KEY_ID, values: [new asn1js.OctetString({ valueHex: keyId })] }),
  ];
  const keyBag = new pkijs.PKCS8ShroudedKeyBag({
    parsedValue: pkijs.PrivateKeyInfo.fromBER(view(input.keyPkcs8Der)),
  });
  const certBags = [
    new pkijs.SafeBag({
      bagId: CERT_BAG,
      bagValue: new pkijs.CertBag({ parsedValue: pkijs.Certificate.fromBER(view(input.certDer)) }),
      bagAttributes: attributes(),
    }),
    ...(input.chainDer ?? []).map(
      (der) =>
        new pkijs.SafeBag({
          bagId: CERT_BAG,
          bagValue: new pkijs.CertBag({ parsedValue: pkijs.Certificate.fromBER(view(der)) }),
        }),
    ),
  ];
  const pfx = new pkijs.PFX({
    parsedValue: {
      integrityMode: 0, // password-based integrity
      authenticatedSafe: new pkijs.AuthenticatedSafe({
        parsedValue: {
          safeContents: [
            {
              privacyMode: 0, // the key bag is encrypted on its own
              value: new pkijs.SafeContents({
                safeBags: [
                  new pkijs.SafeBag({ bagId: KEY_BAG, bagValue: keyBag, bagAttributes: attributes() }),
                ],
              }),
            },
            { privacyMode: 1, value: new pkijs.SafeContents({ safeBags: certBags }) },
          ],
        },
      }),
    },
  });
  const encryption = {
    password,
    contentEncryptionAlgorithm: { name: 'AES-CBC', length: 256 },
    hmacHashAlgorithm: 'SHA-256',
    iterationCount: ITERATIONS,
  };
  await keyBag.makeInternalValues(encryption as never);
  await pfx.parsedValue!.authenticatedSafe!.makeInternalValues({ safeContents: [{}, encryption] });
  await pfx.makeInternalValues({
    password,
    iterations: ITERATIONS,
    pbkdf2HashAlgorithm: 'SHA-256',
    hmacHashAlgorithm: 'SHA-256',
  } as never);
  return Buffer.from(pfx.toSchema().toBER(false));
}
