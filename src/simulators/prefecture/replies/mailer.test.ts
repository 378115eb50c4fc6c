// The SMTP server of the replies can be given as an address: smtp://host:port, smtps://user:pass@host.
import { describe, expect, it } from 'vitest';
import { smtpOptionsFromUrl } from './mailer.ts';

describe('smtpOptionsFromUrl', () => {
  it('reads host, port, TLS and credentials, with the usual default ports', () => {
    expect(smtpOptionsFromUrl('smtp://127.0.0.1:2525')).toEqual({
      host: '127.0.0.1',
      port: 2525,
      secure: false,
    });
    expect(smtpOptionsFromUrl('smtps://pref%40test:mot%20de%20passe@mail.example.fr')).toEqual({
      host: 'mail.example.fr',
      port: 465,
      secure: true,
      user: 'pref@test',
      password: 'mot de passe',
    });
    expect(smtpOptionsFromUrl('smtp://localhost').port).toBe(25);
  });
});
