// The request and its file: create (or renew), edit, list, documents, submit / check / return / cancel.

export { collectiviteAdminEmails, raOfficerEmails } from '../recipients.ts';
export { createRequest, peopleOf, renewalForm, validateForm } from './create-request.ts';
export { canEdit, EDITABLE_STATES, editRequest } from './edit-request.ts';
export { isMemberAdmin, requireFileAccess } from './file-access.ts';
export { cancelRequest, checkRequest, returnRequest, submitRequest } from './file-actions.ts';
export {
  listRequestsOfCollectivite,
  unsafeCountRequestsByState,
  unsafeListRequestsInStates,
} from './list-requests.ts';
export {
  type ChecklistItem,
  detectMediaType,
  FILE_OPEN_STATES,
  fileChecklist,
  listDocuments,
  MAX_DOCUMENT_BYTES,
  openDocument,
  type RequestDocument,
  reviewDocument,
  sniffed,
  UPLOADABLE_KINDS,
  uploadDocument,
  uploadRefusal,
} from './request-documents.ts';
export { checkRequestForm, EMPTY_FORM, type RequestForm, type ValidRequest } from './request-input.ts';
export { fileStepMail } from './request-mails.ts';
