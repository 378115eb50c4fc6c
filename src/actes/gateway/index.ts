// The platform's two channels with the préfecture: the ministry HTTPS client (out) and the reply mailbox
// (in: IMAP reader or SMTP receiver).

export * from './gateway-from-config.ts';
export * from './imap-mailbox.ts';
export * from './ministry-client.ts';
export * from './reply-mailbox.ts';
export * from './send-outcome.ts';
export * from './server-pin.ts';
export * from './smtp-mailbox.ts';
