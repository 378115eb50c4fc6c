// A certificate's later life: the daily job (renewal due, expiry, renewed, reminders, evidence purge),
// revocation and its confirmation, the elections campaign.
export { RENEWAL_NOTICE_DAYS, type StateMoves } from './advance-states.ts';
export {
  type AwaitingConfirmation,
  confirmRevocation,
  listRevocationsAwaitingConfirmation,
} from './confirm-revocation.ts';
export {
  type BulkOutcome,
  type MemberToEquip,
  type OfficeHolderCertificate,
  revokeForEndOfMandate,
  unsafeListElectedCertificates,
  unsafeListMembersToEquip,
} from './elections.ts';
export { isContentReferenced, type PurgeOutcome, purgeExpiredEvidence } from './purge-evidence.ts';
export { isRevocationReason, type RevocationResult, requestRevocation } from './request-revocation.ts';
export { type LifecycleRun, runLifecycle } from './run-lifecycle.ts';
export { listRequestReminders, requestLinks, sendRequestReminders } from './send-reminders.ts';
