// The ACTES transmission service: use cases, the act's state machine, workers' use cases, deadlines.
export * from './act.ts';
export {
  type Download,
  downloadAcknowledgement,
  downloadArchive,
  downloadDocument,
  downloadPrefectureDocument,
  downloadReceiptSlip,
  downloadStampedPdf,
} from './act-downloads.ts';
export * from './act-input.ts';
export * from './act-state.ts';
export { actNotFound, getAct, getActOrFail, listActEvents } from './act-store.ts';
export { ANSWERS, answerPrefectureMessage } from './answer-prefecture-message.ts';
export { buildActArchive, SEND_JOB } from './build-act-archive.ts';
export { cancelAct } from './cancel-act.ts';
export {
  type CurrentClassification,
  getClassificationVersion,
  getCurrentClassification,
} from './classification-store.ts';
export { createAct } from './create-act.ts';
export { deferralDeadline } from './deferral-deadline.ts';
export type {
  Actor,
  DocumentChecker,
  MinistryGateway,
  SendOutcome,
  TransmissionDeps,
  TransmissionSettings,
} from './deps.ts';
export { type InboxMail, unsafeListUnmatchedMails } from './inbound-inbox.ts';
export { type ActFilters, type ActPage, listActs } from './list-acts.ts';
export * from './notify-act.ts';
export { pdfDocumentChecker } from './pdf-document-checker.ts';
export * from './prefecture-message-store.ts';
export { buildOutboundArchive, OUTBOUND_JOB } from './queue-outbound.ts';
export {
  processInboundMail,
  RECEIVE_JOB,
  receiveInboundMail,
  reprocessInboundMail,
  storeInboundMail,
} from './receive-mail.ts';
export {
  CLASSIFY_ALL_JOB,
  CLASSIFY_JOB,
  enqueueClassificationRefresh,
  requestAllClassifications,
  requestClassification,
} from './refresh-classification.ts';
export { type OverdueSettings, resendOverdueArchives } from './resend-overdue.ts';
export { type NotifyDeps, queueDeadlineReminders, sendActNotification } from './send-notification.ts';
export { sendTransmission } from './send-transmission.ts';
export { parseWindow } from './send-window.ts';
export type { UploadedDocument } from './store-documents.ts';
export { BUILD_JOB, confirmAct, reopenRefusedAct, sendBackAct, submitAct } from './submit-act.ts';
export { updateDraft } from './update-draft.ts';
export { CLASSIFICATION_MISSING, checkActForSending } from './validate-act.ts';
