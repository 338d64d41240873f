import "@testing-library/jest-dom";

// Close whatever the test file opened (its database, its cache connection), so the
// worker can exit and, on PostgreSQL, the file's schema is dropped. Counts still waiting to be
// written (deprecated-endpoint calls are batched) are written first, while the database is open.
afterAll(async () => {
  const [{ closeDatabase }, { closeCache }, { flushLegacyCalls }] = await Promise.all([
    import("@/lib/db"),
    import("@/lib/cache"),
    import("@/lib/services/legacy-usage"),
  ]);
  await flushLegacyCalls();
  await closeDatabase();
  await closeCache();
});
