// Outgoing e-mail: the Mailer port (SMTP, demo outbox) and the French notification mails.

export * from './certificate-mails.ts';
export * from './mail-format.ts';
export * from './mailer.ts';
export * from './mailer-from-config.ts';
export * from './notification-mails.ts';
export * from './outbox-mailer.ts';
export * from './outbox-store.ts';
export * from './smtp-mailer.ts';
