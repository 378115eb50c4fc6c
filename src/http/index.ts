// Delivery over HTTP: the server, its routes, and the server-rendered pages.
export { createHttpServer, type HttpDeps } from './server.ts';
