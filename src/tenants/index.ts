// Tenants: the operator (syndicat mixte), its member collectivités, their services, people and roles.
export { addCollectivite } from './add-collectivite.ts';
export { type AddUserInput, addUser, addUserWithin } from './add-user.ts';
export * from './collectivite.ts';
export * from './collectivite-store.ts';
export { DEMO_DEPARTEMENT, DEMO_OPERATOR } from './demo-data.ts';
export { CSV_COLUMNS, type ImportReport, importCollectivites } from './import-collectivites.ts';
export { getOperator, type Operator, setOperator } from './operator.ts';
export { seedDemo } from './seed-demo.ts';
export * from './user.ts';
export * from './user-store.ts';
