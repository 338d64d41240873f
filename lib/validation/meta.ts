import { defineOperation } from "@/lib/validation/operation";

// The API's own endpoints: its document, liveness and readiness.

// ---- operations ----------------------------------------------------------------------

export const metaOperations = {
  openapi: defineOperation({
    method: "get",
    path: "/api/openapi.json",
    operationId: "openapi",
    tag: "meta",
    auth: "public",
    summary: "This document",
    responses: { 200: { description: "OpenAPI 3.1 document" } },
  }),
  health: defineOperation({
    method: "get",
    path: "/api/health",
    operationId: "health",
    tag: "meta",
    auth: "public",
    summary: "Liveness",
    responses: { 200: { description: "The process is up" } },
  }),
  ready: defineOperation({
    method: "get",
    path: "/api/ready",
    operationId: "ready",
    tag: "meta",
    auth: "public",
    summary: "Readiness: the database answers",
    responses: { 200: { description: "Ready" }, 503: { description: "The database is unavailable" } },
  }),
};
